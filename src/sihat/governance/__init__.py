"""Governance: maker-checker staff changes, access review, audit-log checkpoints, row scan."""
