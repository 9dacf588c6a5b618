"""MyRisk policy files (TOML), read by :mod:`sihat.risk.policy`."""
