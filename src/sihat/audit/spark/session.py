"""The Spark session for the audit: ``core.spark``'s, with the jar of Splink's similarity
functions (Jaro-Winkler and Damerau-Levenshtein for the probable duplicates).

``local[*]`` (every core of this machine) by default; ``SIHAT_SPARK_MASTER`` (or
``--spark-master``) names a cluster. A session that already exists in this process is reused
(``core.spark.get_session``).
"""

from __future__ import annotations

from typing import Any

from sihat.core import spark as core_spark


def get_session(master: str = "local[*]", **conf: str) -> Any:
    """The active Spark session, or a new one on ``master``; ``conf`` only applies to a new one."""
    from splink.backends.spark import similarity_jar_location

    jars = {"spark.jars": similarity_jar_location()}
    return core_spark.get_session(master, "sihat-audit", **{**jars, **conf})
