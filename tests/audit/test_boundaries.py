"""The audit engine (``sihat.audit``) imports nothing from sihat but ``sihat.core``: it audits
any extract, its own system's or a legacy one (the live audit, ``sihat.audit_live``, sits on
top of every domain and the engine)."""

from __future__ import annotations

import ast
from pathlib import Path

import sihat.audit

ENGINE = Path(sihat.audit.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_engine_imports_only_itself_and_core() -> None:
    wrong = {
        f"{path.relative_to(ENGINE)}: {name}"
        for path in ENGINE.rglob("*.py")
        for name in _imports(path)
        if (name == "sihat" or name.startswith("sihat."))
        and not name.startswith(("sihat.audit.", "sihat.core"))
        and name != "sihat.audit"
    }
    assert not wrong, sorted(wrong)
