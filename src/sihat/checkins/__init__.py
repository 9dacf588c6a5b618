"""Check-ins: premises, signed QR codes, visits, the group-commit writer, retention, open data."""
