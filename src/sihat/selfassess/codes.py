"""The refusal codes of this domain: data in ``codes.toml`` beside this file."""

from __future__ import annotations

from sihat.core.codes import load

CODES = load("sihat.selfassess")
