"""Controlled exports of personal data: requested, approved, capped, pseudonymised, logged."""
