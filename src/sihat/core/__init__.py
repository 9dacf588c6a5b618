"""Shared plumbing that imports no domain: settings, clock, db, errors, trail, crypto, web."""
