"""The CSV header check both engines (audit extract, tracing contract) use."""

from __future__ import annotations

from pathlib import Path

import pytest

from sihat.core.csvheader import HeaderProblem, read_header


@pytest.mark.parametrize(
    ("content", "row", "column", "says"),
    [
        (b"", 1, None, "empty file"),
        (b"\n", 1, None, "empty file"),
        (b"a,\xff\n1,2\n", 1, None, "unreadable header"),
        (b"Visit_ID, visit_id\n", 1, "visit_id", "appears twice"),
    ],
)
def test_a_bad_header_is_refused(
    tmp_path: Path, content: bytes, row: int, column: str | None, says: str
) -> None:
    path = tmp_path / "visits.csv"
    path.write_bytes(content)
    with pytest.raises(HeaderProblem) as caught:
        read_header(path)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert says in caught.value.problem


def test_names_are_stripped_and_lowered_and_a_bom_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes("\ufeffCase_ID , Individual\nc1,\xff\n".encode() + b"\xff\n")
    assert read_header(path) == ["case_id", "individual"]
    with pytest.raises(HeaderProblem, match="file missing"):
        read_header(tmp_path / "absent.csv")
