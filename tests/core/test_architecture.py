"""The architecture's contracts (pyproject's ``[tool.importlinter]``, run by ``make lint``)
hold, and they fail when a module breaks a layer or makes a cycle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sihat

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(project: Path, src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package and its contracts, copied where a test may break them."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        Path(sihat.__file__).parent,
        tmp_path / "src" / "sihat",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "data"),
    )
    return tmp_path


def test_the_contracts_hold() -> None:
    result = _lint(ROOT, Path(sihat.__file__).parents[1])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("core/clock.py", "from sihat.vaccination import models", "core imports no domain"),
        ("identity/service.py", "from sihat.vaccination import doses", "Domains depend downward"),
        ("audit/engine.py", "from sihat.identity import models", "The audit engine"),
        ("exports/service.py", "from sihat.vendors import payments", "stand beside each other"),
        ("staff/models.py", "from sihat.staff import service", "No import cycles"),
    ],
)
def test_a_wrong_import_breaks_a_contract(copy: Path, module: str, line: str, broken: str) -> None:
    target = copy / "src" / "sihat" / module
    target.write_text(target.read_text() + f"\n{line}  # planted by the test\n")
    result = _lint(copy, copy / "src")
    assert result.returncode == 1, result.stdout + result.stderr
    header = result.stdout.split("Broken contracts")[-1]
    assert broken in header, result.stdout
