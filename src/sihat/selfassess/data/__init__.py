"""Data files of the self-assessment domain: the questionnaire (``hat.toml``) and the self-test
value sets and policy (``selftest.toml``)."""
