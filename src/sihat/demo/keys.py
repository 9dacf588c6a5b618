"""Certificate keys for a demo whose doses lie in the past.

A certificate verifies only if its document signer was valid when it signed
(``certificates.verify.check_expiry``). The demo records doses given months ago with the clock
set to each dose's time, so the signer must be valid from the campaign's first day: keys are
created on that day when there are none, and when the key directory already holds a signer
made later (an earlier demo, a test worker's keys) a new one is rotated in on that day. The
retired signer stays trusted, so certificates it signed keep verifying.
"""

from __future__ import annotations

from datetime import datetime

from sihat.certificates import signing
from sihat.certificates.settings import get_settings
from sihat.core import clock


def signers_valid_from(moment: datetime) -> str:
    """The active signer's kid (hex) after making sure it was valid at ``moment``."""
    settings = get_settings()
    with clock.frozen(moment):
        store = signing.signing_store(settings)  # demo mode: creates the keys when missing
        signer = store.active_signer()
        if signer.certificate.not_valid_before_utc > moment:
            store.rotate()
            store = signing.signing_store(settings)
            signer = store.active_signer()
        return signer.kid.hex()
