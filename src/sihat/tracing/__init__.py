"""The casual-contact engine (shared/spec/tracing.md section 1) on DuckDB.

Like ``sihat.audit``, an engine that runs on files alone: it imports nothing of sihat but
``sihat.core``. ``engine.casual_contacts`` is the Python API (rows or DuckDB relations in,
exposures and summary out), ``files.run`` the contract's file interface, ``cli`` the command.
The rules are SQL in ``sql/casual_contacts.sql``; the policy is ``policies/*.toml``. ``spark/``
runs the same SQL on Apache Spark (``--engine spark``) and writes the same files.
"""
