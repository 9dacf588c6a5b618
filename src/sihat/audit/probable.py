"""Probable duplicate accounts: probabilistic record linkage with Splink on DuckDB.

Accounts under *different* identity keys that look like one person (another document, a
mistyped number) are compared on name, date of birth, sex, phone, email and nationality.
The model's parameters are fixed, documented priors (no training step): the same extract
always gives the same pairs. Blocking (same date of birth, same phone, same email, or same
name and sex) keeps the comparisons near-linear in the number of accounts. Results are reported
under ``duplicate_accounts.probable`` and never mixed into the certain counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

INPUT_SQL = """
CREATE OR REPLACE TABLE probable_input AS
SELECT
    mysj_id AS unique_id,
    coalesce(id_type, '') || ':' || coalesce(id_key_number, '#' || mysj_id) AS id_key,
    name_norm AS full_name,
    strftime(date_of_birth, '%Y-%m-%d') AS dob,
    sex,
    nullif(ltrim(CASE WHEN regexp_replace(phone, '[^0-9]', '', 'g') LIKE '60%'
                           AND length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 11
                      THEN substr(regexp_replace(phone, '[^0-9]', '', 'g'), 3)
                      ELSE regexp_replace(phone, '[^0-9]', '', 'g') END, '0'), '') AS phone,
    nullif(lower(trim(email)), '') AS email,
    nationality
FROM {table}
WHERE name_norm IS NOT NULL
"""

# Fixed m (agreement among true matches) and u (agreement among random pairs) probabilities,
# one per level after the null level, best level first. See docs/audit.md.
LEVELS: dict[str, list[tuple[str, float, float]]] = {
    "full_name": [("exact", 0.70, 1e-5), ("jw0.92", 0.20, 1e-3), ("jw0.80", 0.07, 2e-2)],
    "dob": [("exact", 0.85, 3.5e-5), ("dl1", 0.12, 1e-3)],
    "sex": [("exact", 0.98, 0.5)],
    "phone": [("exact", 0.60, 1e-6), ("dl1", 0.15, 1e-5)],
    "email": [("exact", 0.60, 1e-6), ("dl1", 0.15, 1e-5)],
    "nationality": [("exact", 0.95, 0.8)],
}
ELSE_M = {"full_name": 0.03, "dob": 0.03, "sex": 0.02, "phone": 0.05, "email": 0.10}


@dataclass
class ProbableResult:
    threshold: float
    accounts_compared: int
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    clusters: list[list[str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": "splink (fixed parameters)",
            "threshold": self.threshold,
            "accounts_compared": self.accounts_compared,
            "pair_count": len(self.pairs),
            "cluster_count": len(self.clusters),
            "pairs": [[a, b, p] for a, b, p in self.pairs],
            "clusters": self.clusters,
        }


def _comparison(column: str) -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    makers = {
        "exact": lambda: cll.ExactMatchLevel(column),
        "jw0.92": lambda: cll.JaroWinklerLevel(column, 0.92),
        "jw0.80": lambda: cll.JaroWinklerLevel(column, 0.80),
        "dl1": lambda: cll.DamerauLevenshteinLevel(column, 1),
    }
    levels: list[Any] = [cll.NullLevel(column)]
    for name, m, u in LEVELS[column]:
        levels.append(makers[name]().configure(m_probability=m, u_probability=u))
    m_rest = ELSE_M.get(column, 1.0 - sum(m for _, m, _ in LEVELS[column]))
    u_rest = 1.0 - sum(u for _, _, u in LEVELS[column])
    levels.append(cll.ElseLevel().configure(m_probability=m_rest, u_probability=u_rest))
    return cl.CustomComparison(comparison_levels=levels, output_column_name=column)


def _clusters(pairs: list[tuple[str, str, float]]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    return sorted(sorted(g) for g in groups.values())


def splink_settings(n: int) -> Any:
    """The model for ``n`` accounts, for every engine (DuckDB here, Spark in ``spark/``)."""
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        # Prior: one random pair in n is a match (about one duplicate per account at most),
        # never more than one in ten thousand, so tiny extracts do not inflate it.
        probability_two_random_records_match=min(1e-4, 1.0 / n),
        comparisons=[_comparison(c) for c in LEVELS],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("phone"),
            block_on("email"),
            block_on("full_name", "sex"),
        ],
        additional_columns_to_retain=["id_key"],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def find_probable(
    con: duckdb.DuckDBPyConnection, threshold: float = 0.9, table: str = "accounts"
) -> ProbableResult:
    """Pairs of accounts under different identity keys with match probability >= threshold."""
    from splink import DuckDBAPI, Linker

    con.execute(INPUT_SQL.format(table=table))
    n = int(con.execute("SELECT count(*) FROM probable_input").fetchall()[0][0])
    if n < 2:
        con.execute("DROP TABLE probable_input")
        return ProbableResult(threshold, n)
    settings = splink_settings(n)
    db_api = DuckDBAPI(con)
    linker = Linker(db_api.register("probable_input"), settings, log_level=None)
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    rows = con.execute(
        f"SELECT least(unique_id_l, unique_id_r), greatest(unique_id_l, unique_id_r), "
        f"round(match_probability, 6) FROM {predictions.physical_name} "
        "WHERE id_key_l <> id_key_r ORDER BY 1, 2"
    ).fetchall()
    pairs = [(str(a), str(b), float(p)) for a, b, p in rows]
    linker.table_management.delete_tables_created_by_splink_from_db()
    con.execute("DROP TABLE probable_input")
    return ProbableResult(threshold, n, pairs, _clusters(pairs))
