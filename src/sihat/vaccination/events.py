"""What the vaccination domain announces (``core.hooks``); ``sihat.bootstrap`` says who listens.

- ``DOSE_RECORDED``: a dose was saved (``dose=``).
- ``AMENDMENT_DECIDED``: an amendment of a dose was approved or rejected (``amendment=``,
  ``original=``).
"""

from __future__ import annotations

DOSE_RECORDED = "vaccination:dose:recorded"
AMENDMENT_DECIDED = "vaccination:amendment:decided"
