"""Where the reference data lives: ``SIHAT_REFERENCE_DATA``, else the repository's ``data/``
folder (beside ``src/``), else the workspace's shared copy."""

from __future__ import annotations

import os
from pathlib import Path

_CANDIDATES = (
    Path(__file__).resolve().parents[3] / "data",
    Path.cwd() / "data",
    Path("/work/shared/data"),
)


def root() -> Path:
    env = os.environ.get("SIHAT_REFERENCE_DATA")
    if env:
        return Path(env)
    for candidate in _CANDIDATES:
        if (candidate / "open").is_dir():
            return candidate
    raise FileNotFoundError("reference data not found: set SIHAT_REFERENCE_DATA")


def path(*parts: str) -> Path:
    return root().joinpath(*parts)
