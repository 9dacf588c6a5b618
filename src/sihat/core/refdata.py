"""Where the reference data lives: ``SIHAT_REFERENCE_DATA`` if set, else the repository's
``data/`` folder (beside ``src/``). Nothing else: no working directory, no machine's path.

A missing folder or file is an error that names what is missing and the variable to set,
never a silent fallback.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "SIHAT_REFERENCE_DATA"
REPOSITORY_DATA = Path(__file__).resolve().parents[3] / "data"  # src/sihat/core/refdata.py


class ReferenceDataMissing(FileNotFoundError):
    """The reference data (or one file of it) is not where sihat looks for it."""


def root() -> Path:
    env = os.environ.get(VARIABLE)
    if env:
        folder = Path(env)
        if not folder.is_dir():
            raise ReferenceDataMissing(
                f"reference data not found: {VARIABLE}={env} is not a folder "
                "(it should hold open/ and vectors/, as the repository's data/ does)"
            )
        return folder
    if REPOSITORY_DATA.is_dir():
        return REPOSITORY_DATA
    raise ReferenceDataMissing(
        f"reference data not found: no {REPOSITORY_DATA} (the repository's data/ folder); "
        f"set {VARIABLE} to a copy of it"
    )


def path(*parts: str) -> Path:
    return root().joinpath(*parts)


def require(*parts: str) -> Path:
    """The path of one reference file or folder, or an error naming it and ``VARIABLE``."""
    target = path(*parts)
    if not target.exists():
        raise ReferenceDataMissing(
            f"reference data file missing: {target} (set {VARIABLE} to a folder that has "
            f"{'/'.join(parts)})"
        )
    return target


def relative(target: Path) -> str:
    """``target`` as ``data/...`` when it is in the repository's data, else its full path."""
    try:
        return "data/" + target.resolve().relative_to(REPOSITORY_DATA).as_posix()
    except ValueError:
        return str(target)
