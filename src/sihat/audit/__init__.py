"""The auditor's tests over an extract (see docs/audit.md)."""
