"""How good the probable pairs are: precision and recall against known true pairs, on the
FEBRL test vectors and on a simulated extract (``expected.json``). Used by the tests and by
``bench/audit.py``, so both report the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


@dataclass
class Quality:
    found: int
    true_pairs: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true_pairs if self.true_pairs else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"found": self.found, "true_pairs": self.true_pairs, "hits": self.hits,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4)}  # fmt: skip


def simulated_quality(expected: dict[str, Any], pairs: list[Any]) -> Quality:
    """Found ``pairs`` ([a, b, probability]) against the simulator's planted pairs."""
    planted = {(a, b) for a, b in expected["probable_planted_pairs"]}
    found = {(p[0], p[1]) for p in pairs}
    return Quality(len(found), len(planted), len(found & planted))


def load_febrl(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """FEBRL records as the ``accounts`` table: name, date of birth; the social-security number
    stands in for the phone (a personal number with typos). Every record gets its own identity
    key (type OTHER, no nationality: the document comparison has nothing to say)."""
    con.execute(
        f"""CREATE TABLE accounts AS SELECT
            trim(rec_id) AS mysj_id, 'OTHER' AS id_type, trim(rec_id) AS id_key_number,
            norm_name(coalesce(trim(given_name), '') || ' ' || coalesce(trim(surname), ''))
                AS name_norm,
            try_strptime(trim(date_of_birth), '%Y%m%d')::DATE AS date_of_birth,
            NULL::VARCHAR AS sex, nullif(trim(soc_sec_id), '') AS phone,
            NULL::VARCHAR AS email, NULL::VARCHAR AS nationality, false AS identity_verified,
            regexp_extract(trim(rec_id), 'rec-(\\d+)', 1) AS entity
        FROM read_csv('{path}', all_varchar = true, normalize_names = true)"""
    )


def febrl_quality(con: duckdb.DuckDBPyConnection, pairs: list[Any]) -> Quality:
    """Found ``pairs`` against FEBRL's true pairs (records of one entity) in ``accounts``."""
    entity = dict(con.execute("SELECT mysj_id, entity FROM accounts").fetchall())
    true_pairs = con.execute(
        "SELECT sum(n * (n - 1) // 2) FROM (SELECT count(*) AS n FROM accounts GROUP BY entity)"
    ).fetchall()[0][0]
    hits = sum(entity[p[0]] == entity[p[1]] for p in pairs)
    return Quality(len(pairs), int(true_pairs), hits)
