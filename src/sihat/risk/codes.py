"""The refusal codes of MyRisk, in English and Malay.

MyRisk refuses only with core's codes so far (``invalid_input`` for an unknown status or
reason, ``not_found`` for a person the caller may not see, ``conflict`` when two writers
collide on one person). Registered with ``core.errors`` by ``sihat.bootstrap``, never by
importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {}
