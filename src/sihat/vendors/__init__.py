"""Vendor usage metering, contracts, invoice reconciliation and payment approval."""
