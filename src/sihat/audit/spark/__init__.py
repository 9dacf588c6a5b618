"""The audit engine on Apache Spark (``sihat audit run --engine spark``): the same SQL tests."""
