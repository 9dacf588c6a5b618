"""MySJ Trace policy files (TOML), read by :mod:`sihat.bluetrace.policy`."""
