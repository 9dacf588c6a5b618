"""Vaccination registration by channel (app, web, hotline, walk-in, outreach) and priority."""
