"""What the case register announces (``core.hooks``); listeners are wired in ``sihat.bootstrap``.

- :data:`CASE_CONFIRMED`: ``person_id``, ``case_ref`` (the case id), ``sample_at``, ``onset_at``.
- :data:`CASE_RETRACTED`: ``person_id``, ``case_ref``.
"""

from __future__ import annotations

CASE_CONFIRMED = "cases:case:confirmed"
CASE_RETRACTED = "cases:case:retracted"
