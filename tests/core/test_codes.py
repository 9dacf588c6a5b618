"""Refusal codes are data (``<domain>/codes.toml``), checked when they are loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from sihat.core.codes import load


def _package(root: Path, name: str, text: str) -> str:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "codes.toml").write_text(text)
    return name


def test_a_domains_codes_load_with_both_languages(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _package(
        tmp_path,
        "fine_codes",
        '[ppv_shut]\nstatus = 409\nen = "Closed on {day}."\nms = "Ditutup pada {day}."\n',
    )
    assert load(name) == {"ppv_shut": (409, "Closed on {day}.", "Ditutup pada {day}.")}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[a]\nstatus = 409\nen = "Closed."\n', "exactly status, en and ms"),
        ('[a]\nstatus = 200\nen = "Closed."\nms = "Ditutup."\n', "HTTP error status"),
        ('[a]\nstatus = 409\nen = "Closed."\nms = " "\n', "English and a Malay"),
        ('[a]\nstatus = "409"\nen = "Closed."\nms = "Ditutup."\n', "HTTP error status"),
    ],
)
def test_a_malformed_code_is_refused_naming_file_and_code(
    tmp_path: Path, monkeypatch, text: str, says: str
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _package(tmp_path, f"bad_codes_{abs(hash(text))}", text)
    with pytest.raises(ValueError, match=says) as caught:
        load(name)
    assert f"{name}/codes.toml: [a]" in str(caught.value)
