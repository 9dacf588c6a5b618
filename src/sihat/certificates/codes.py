"""The refusal codes of certificates: the routes' and pages' own in ``codes.toml``, and the
offline verifier's reasons (``reasons.py``), which are refusals too."""

from __future__ import annotations

from sihat.certificates.reasons import REASONS
from sihat.core.codes import load

CODES = {**load("sihat.certificates"), **REASONS}
