"""The export file: CSV, pseudonymised, with a marker row that names the export.

- The first column, ``ref``, is a pseudonym of the row: a keyed hash of the export id and the
  row id, stable within one file and unlinkable across exports.
- Identity numbers are always masked (last four characters); names and phones are written
  only when the approver allowed them, otherwise their columns are left out.
- One marker (canary) row is slipped in at a position derived from the export: a real-looking
  row built from a real row's plain values with made-up identity, name and phone, whose ``ref``
  is the export's ``marker``. A leaked file names its export (``sihat exports trace FILE``).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import csvsafe
from sihat.core.crypto import blind_index
from sihat.exports.datasets import Dataset
from sihat.exports.models import ExportRequest
from sihat.identity.documents import mask

_FAKE_NAMES = ("AHMAD FAIZAL BIN OMAR", "LIM SIEW LING", "KAVITHA A/P SUBRAMANIAM", "WONG KAH HO")


def new_marker() -> str:
    return "R" + secrets.token_hex(8)[:15]


def pseudonym(export_id: str, row_id: str) -> str:
    return "R" + blind_index(f"export:{export_id}", row_id)[:15]


def output_fields(dataset: Dataset, fields: list[str], names: bool, phones: bool) -> list[str]:
    allowed = {"name": names, "phone": phones}
    return [f for f in fields if allowed.get(dataset.fields[f], True)]


def _text(sensitivity: str, value: Any) -> str:
    if value is None:
        return ""
    if sensitivity == "identity":
        return mask(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _marker_row(
    dataset: Dataset, marker: str, fields: list[str], like: dict[str, Any] | None
) -> list[str]:
    seed = int(marker[1:], 16)
    out = [marker]
    for n, field in enumerate(fields):
        sensitivity = dataset.fields[field]
        pick = (seed >> (n * 3)) & 0xFFFF
        if sensitivity == "identity":
            out.append(mask(f"{pick % 10**4:04d}{seed % 10**8:08d}"))
        elif sensitivity == "name":
            names = dataset.samples.get(field, _FAKE_NAMES)
            out.append(names[pick % len(names)])
        elif sensitivity == "phone":
            out.append(f"+6012{seed % 10**7:07d}")
        elif like is not None:
            out.append(str(like.get(field, "")))
        else:
            choices = dataset.samples.get(field, ("",))
            out.append(choices[pick % len(choices)])
    return out


def write_csv(
    dataset: Dataset,
    export: ExportRequest,
    fields: list[str],
    rows: Iterable[tuple[str, dict[str, Any]]],
) -> tuple[str, int]:
    """The file's text and the number of real rows in it (the marker row not counted)."""
    body = [
        [pseudonym(export.id, row_id)] + [_text(dataset.fields[f], v[f]) for f in fields]
        for row_id, v in rows
    ]
    like = None
    if body:  # plain values copied (as text) from a real row in the middle of the file
        like = dict(zip(fields, body[len(body) // 2][1:], strict=True))
    marker = _marker_row(dataset, export.marker, fields, like)
    position = int(export.marker[1:], 16) % (len(body) + 1)
    body.insert(position, marker)
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\n")
    writer.writerow(["ref", *fields])
    writer.writerows(body)
    return buffer.getvalue(), len(body) - 1


def trace(session: Session, text: str) -> list[ExportRequest]:
    """The exports whose marker row appears in a (leaked) file."""
    refs = {row[0] for row in csv.reader(io.StringIO(text)) if row}
    if not refs:
        return []
    return list(session.scalars(select(ExportRequest).where(ExportRequest.marker.in_(refs))))
