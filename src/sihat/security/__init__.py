"""Attack defences: the security-event log, blocking abusive sources, the report."""
