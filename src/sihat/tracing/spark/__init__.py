"""The casual-contact engine on Apache Spark (``--engine spark``): the same SQL, the same files.

``loader`` reads and refuses the contract's CSV files as the DuckDB loader does, ``macros`` gives
the SQL's functions as Spark SQL functions and the SQL in Spark's dialect, ``engine.run`` is the
file interface (``files.run``'s twin). Needs ``sihat[spark]`` (PySpark 4, Java 17+).
"""
