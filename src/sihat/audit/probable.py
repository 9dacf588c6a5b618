"""Probable duplicate accounts: document-aware probabilistic record linkage with Splink.

Accounts under *different* identity keys that look like one person (another document, a
mistyped number) are compared on what their identity documents say, their name (with its
written variants), date of birth, sex, phone and email. Two verified MyKad numbers that differ
by more than a typo are two people unless the phone or email says otherwise; a MyKad's own
date of birth and sex must agree with the other account's document. The model's parameters
are fixed, documented weights (no training step, see docs/audit.md): the same extract always
gives the same pairs. Results go under ``duplicate_accounts.probable``, never into the certain
counts.

Two names for the other backends (Spark, #18 part 4), which reuse them unchanged:

- ``INPUT_SQL``: the SQL (DuckDB dialect, ``{table}`` = the loaded accounts table) that makes
  the table ``probable_input`` with every column the model reads; ``INPUT_SELECT`` is its
  query alone, which ``sqlglot.transpile(..., read="duckdb", write="spark")`` translates;
- ``splink_settings(n)``: the Splink settings (comparisons with their m/u, blocking rules,
  prior) for ``n`` input accounts, independent of the backend. Custom SQL in it is written in
  DuckDB's dialect and marked so, for Splink to translate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

CARD_TYPES = ("MYKAD", "MYPR", "MYKAS", "MYTENTERA")  # 12 digits: YYMMDD-PB-###G
_CARDS = ", ".join(f"'{t}'" for t in CARD_TYPES)
# Words that are not part of a person's own name: patronymic links, titles, single letters.
_PARTICLES = r"\b(BIN|BINTI|BINTE|BTE|BT|BN|ANAK|AK|AL|AP|SO|DO|HJ|HJH|HAJI|HAJJAH|DR|[A-Z])\b"
_MUHAMMAD = r"\b(MOHD|MOHAMAD|MOHAMMAD|MOHAMED|MOHAMMED|MUHAMAD|MUHAMMED|MUHD|MHD|MD)\b"

INPUT_SELECT = f"""
WITH base AS (
    SELECT
        mysj_id AS unique_id,
        coalesce(id_type, '') || ':' || coalesce(id_key_number, '#' || mysj_id) AS id_key,
        CASE WHEN id_type IN ({_CARDS}) AND length(id_key_number) = 12
             THEN id_key_number END AS card,
        coalesce(id_type IN ('MYKAD', 'MYTENTERA'), false) AS citizen_card,
        coalesce(identity_verified, false) AS verified,
        nullif(trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            name_norm, '{_MUHAMMAD}', 'MUHAMMAD', 'g'), '\\bABD\\b', 'ABDUL', 'g'),
            '{_PARTICLES}', ' ', 'g'), ' +', ' ', 'g')), '') AS name_core,
        strftime(date_of_birth, '%Y-%m-%d') AS dob,
        strftime(date_of_birth, '%y%m%d') AS dob6,
        sex,
        nullif(ltrim(CASE WHEN regexp_replace(phone, '[^0-9]', '', 'g') LIKE '60%'
                               AND length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 11
                          THEN substr(regexp_replace(phone, '[^0-9]', '', 'g'), 3)
                          ELSE regexp_replace(phone, '[^0-9]', '', 'g') END, '0'), '') AS phone,
        nullif(lower(trim(email)), '') AS email,
        nationality
    FROM {{table}}
    WHERE name_norm IS NOT NULL
)
SELECT
    *,
    array_to_string(list_sort(string_split(name_core, ' ')), ' ') AS name_sorted,
    split_part(name_core, ' ', 1) AS name_first,
    regexp_extract(name_core, '[^ ]+$') AS name_last,
    substr(dob, 6, 5) AS birth_md,
    substr(dob, 1, 7) AS birth_ym,
    substr(dob, 1, 4) || substr(dob, 9, 2) AS birth_yd,
    substr(card, 1, 6) AS card_dob6,
    CASE WHEN card IS NULL THEN NULL
         WHEN substr(card, 12, 1) IN ('1', '3', '5', '7', '9') THEN 'M' ELSE 'F' END AS card_sex,
    substr(card, 1, 8) AS card_ab,
    substr(card, 1, 4) || substr(card, 9, 4) AS card_ac,
    substr(card, 5, 8) AS card_bc
FROM base
"""
INPUT_SQL = "CREATE OR REPLACE TABLE probable_input AS" + INPUT_SELECT

# Blocking: only pairs that share one of these keys are compared. Each key is close to unique
# (a phone, an email, eight of a card's twelve digits) or small even for common names (a
# birthday with a name word; a whole name with two of the three parts of its birthday), so
# comparisons grow about linearly with the accounts, however common a name. A one-digit typo
# in a card leaves two of its three four-digit thirds intact, so one of the three card keys
# still joins the pair; a typo in one part of a birthday leaves the other two.
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("phone",),
    ("email",),
    ("card_ab",),
    ("card_ac",),
    ("card_bc",),
    ("dob", "name_first"),
    ("dob", "name_last"),
    ("name_sorted", "birth_md"),
    ("name_sorted", "birth_ym"),
    ("name_sorted", "birth_yd"),
)

# The document comparison: the first level whose condition holds. (m, u) are the chances of
# the level among true duplicates and among other pairs; log2(m/u) is its weight.
_BOTH_CARDS = "card_l IS NOT NULL AND card_r IS NOT NULL"
_ONE_CARD = "(card_l IS NULL) <> (card_r IS NULL)"
# The same name as written (variants folded), or within two letters when at least one card
# is unverified: a register-verified number with another spelling is somebody else's.
_SAME_NAME = (
    "(name_core_l = name_core_r OR name_sorted_l = name_sorted_r"
    " OR (levenshtein(name_core_l, name_core_r) <= 2 AND NOT (verified_l AND verified_r)))"
)
_NATIONALITY_DIFFERS = "(nationality_l <> nationality_r)"
_CARD_DISAGREES = (
    f"{_ONE_CARD} AND ("
    "(card_l IS NOT NULL AND (card_dob6_l <> dob6_r OR card_sex_l <> sex_r"
    " OR (citizen_card_l AND nationality_r <> 'MY')))"
    " OR (card_r IS NOT NULL AND (card_dob6_r <> dob6_l OR card_sex_r <> sex_l"
    f" OR (citizen_card_r AND nationality_l <> 'MY'))) OR {_NATIONALITY_DIFFERS})"
)
# A typo is one edit: a digit changed, added or dropped, or two neighbouring digits swapped
# (Damerau-Levenshtein 1, most typing errors). Two separate digits apart is no typo: two
# people born on one day hold cards that close once in about 700 pairs (once in 18,000 for
# one edit), so at 400,000 accounts namesakes were reported through it (docs/audit.md).
_TYPO = "damerau_levenshtein(card_l, card_r) <= 1"
# Each card agrees with its own account's birthday and sex, and these differ: the numbers
# are those of two people born on neighbouring days (or a man and a woman), not one typo.
_EACH_CARD_ITS_OWN = (
    "coalesce(card_dob6_l = dob6_l AND card_dob6_r = dob6_r AND card_sex_l = sex_l"
    " AND card_sex_r = sex_r AND (dob6_l <> dob6_r OR sex_l <> sex_r), false)"
)
DOCUMENT_LEVELS: list[tuple[str, str, float, float]] = [
    ("card typo, same name",
     f"{_BOTH_CARDS} AND {_TYPO} AND {_SAME_NAME} AND NOT {_EACH_CARD_ITS_OWN}", 0.30, 1e-5),
    ("cards one or two digits apart, not one person's typo (siblings, twins, neighbours)",
     f"{_BOTH_CARDS} AND levenshtein(card_l, card_r) <= 2"
     f" AND (NOT coalesce({_SAME_NAME}, false) OR {_EACH_CARD_ITS_OWN})", 1e-5, 1e-2),
    ("two verified cards, different numbers", f"{_BOTH_CARDS} AND verified_l AND verified_r",
     1e-5, 0.72),
    ("two cards, different numbers, one unverified", _BOTH_CARDS, 1e-5, 0.13),
    ("card and another document that disagree", _CARD_DISAGREES, 1e-4, 0.13),
    ("card and another document that agree", _ONE_CARD, 0.60, 0.14),
    ("two other documents, nationalities differ", _NATIONALITY_DIFFERS, 1e-4, 4e-3),
]  # fmt: skip
DOCUMENT_ELSE = (0.08, 0.04)  # two other documents (passport, OTHER) that do not disagree

# The other comparisons: (level, m, u) after the null level, best first, then the else level.
# u is measured on random pairs of a simulated extract (names.py's frequencies), m from how
# a second account of one person is written (docs/audit.md).
LEVELS: dict[str, list[tuple[str, float, float]]] = {
    "name_core": [("exact", 0.78, 1.5e-4), ("sorted", 0.05, 5e-5), ("lev2", 0.12, 2e-4),
                  ("jw0.92", 0.03, 1.2e-3)],
    "dob": [("exact", 0.88, 3.5e-5), ("dl1", 0.08, 1e-3)],
    "sex": [("exact", 0.98, 0.5)],
    "phone": [("exact", 0.60, 1e-6), ("dl1", 0.10, 1e-5)],
    "email": [("exact", 0.60, 1e-6), ("dl1", 0.10, 1e-5)],
}  # fmt: skip
ELSE_M = {"name_core": 0.02, "dob": 0.04, "sex": 0.02, "phone": 0.30, "email": 0.30}
# The prior: about one account in a hundred has a second account under another identity key,
# so c * n true pairs among n * (n - 1) / 2 (never above one in ten thousand).
DUPLICATE_SHARE = 0.01


def prior(n: int) -> float:
    return min(1e-4, 2 * DUPLICATE_SHARE / max(n - 1, 1))


@dataclass
class ProbableResult:
    threshold: float
    accounts_compared: int
    comparisons_bound: int = 0
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    clusters: list[list[str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": "splink (fixed parameters, document-aware)",
            "threshold": self.threshold,
            "accounts_compared": self.accounts_compared,
            "comparisons_bound": self.comparisons_bound,
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
        "sorted": lambda: cll.ExactMatchLevel("name_sorted"),
        "lev2": lambda: cll.LevenshteinLevel(column, 2),
        "jw0.92": lambda: cll.JaroWinklerLevel(column, 0.92),
        "dl1": lambda: cll.DamerauLevenshteinLevel(column, 1),
    }
    levels: list[Any] = [cll.NullLevel(column)]
    for name, m, u in LEVELS[column]:
        levels.append(makers[name]().configure(m_probability=m, u_probability=u))
    u_rest = 1.0 - sum(u for _, _, u in LEVELS[column])
    levels.append(cll.ElseLevel().configure(m_probability=ELSE_M[column], u_probability=u_rest))
    return cl.CustomComparison(comparison_levels=levels, output_column_name=column)


def _document_comparison() -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    silent = (
        "(card_l IS NULL AND nationality_l IS NULL) OR (card_r IS NULL AND nationality_r IS NULL)"
    )
    levels: list[Any] = [
        # An account whose document says nothing (no card, no nationality): no evidence.
        cll.CustomLevel(
            silent, "a document that says nothing", base_dialect_str="duckdb"
        ).configure(is_null_level=True)
    ]
    levels += [
        cll.CustomLevel(sql, label, base_dialect_str="duckdb").configure(
            m_probability=m, u_probability=u
        )
        for label, sql, m, u in DOCUMENT_LEVELS
    ]
    m, u = DOCUMENT_ELSE
    levels.append(cll.ElseLevel().configure(m_probability=m, u_probability=u))
    return cl.CustomComparison(comparison_levels=levels, output_column_name="document")


def blocking_rules() -> list[Any]:
    from splink.blocking_rule_library import CustomRule

    rules = []
    for keys in BLOCKING_KEYS:
        same = " AND ".join(f"l.{k} = r.{k}" for k in keys)
        rules.append(CustomRule(f"{same} AND l.id_key <> r.id_key", sql_dialect="duckdb"))
    return rules


def splink_settings(n: int) -> Any:
    """Splink settings for ``n`` input accounts, for any backend (DuckDB here, Spark later)."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior(n),
        comparisons=[*(_comparison(c) for c in LEVELS), _document_comparison()],
        blocking_rules_to_generate_predictions=blocking_rules(),
        additional_columns_to_retain=["id_key"],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def comparisons_bound(con: duckdb.DuckDBPyConnection, table: str = "probable_input") -> int:
    """An upper bound of the pairs the blocking rules let through (sum over each key of its
    block sizes choose two): the figure that shows comparisons stay near-linear."""
    total = 0
    for keys in BLOCKING_KEYS:
        cols = ", ".join(keys)
        present = " AND ".join(f"{k} IS NOT NULL" for k in keys)
        total += int(
            con.execute(
                f"SELECT coalesce(sum(c * (c - 1) // 2), 0) FROM (SELECT count(*) AS c "
                f"FROM {table} WHERE {present} GROUP BY {cols})"
            ).fetchall()[0][0]
        )
    return total


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
    bound = comparisons_bound(con)
    db_api = DuckDBAPI(con)
    linker = Linker(db_api.register("probable_input"), splink_settings(n), log_level=None)
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
    return ProbableResult(threshold, n, bound, pairs, _clusters(pairs))
