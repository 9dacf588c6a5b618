"""Vaccination (MyVAS): centres, vaccines, stock, appointments, dose records, AEFI, open data."""
