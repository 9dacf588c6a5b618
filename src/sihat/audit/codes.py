"""The refusal codes this domain owns (HTTP status, English, Malay): none yet; it answers with
core's codes. Registered by ``sihat.bootstrap`` like every domain's."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {}
