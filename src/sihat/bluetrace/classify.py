"""Each uploaded record in one of five classes: ``valid``, ``no_msg`` (no TempID), ``foreign_org``
(another country's BlueTrace, which we cannot read), ``failed_decryption`` (no key of ours
authenticates it, or it is not a TempID) and ``expired_id`` (seen outside the TempID's own
start–expiry). A valid record carries the UID and the estimated distance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sihat.bluetrace import tempid
from sihat.bluetrace.policy import Policy
from sihat.bluetrace.schemas import RecordIn


@dataclass(frozen=True)
class Seen:
    uid: str
    at: int  # Unix seconds
    metres: float


@dataclass
class Classified:
    seen: list[Seen] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def classify(
    records: Iterable[RecordIn], aeads: list[AESGCM], org: str, policy: Policy
) -> Classified:
    out = Classified()
    opened: dict[str, tempid.Decoded | None] = {}  # a phone sees one TempID many times
    for record in records:
        if not record.msg:
            out.counts["no_msg"] += 1
            continue
        if record.org is not None and record.org != org:
            out.counts["foreign_org"] += 1
            continue
        if record.msg not in opened:
            try:
                opened[record.msg] = tempid.open_with(aeads, record.msg)
            except tempid.TempIdError:
                opened[record.msg] = None
        found = opened[record.msg]
        if found is None:
            out.counts["failed_decryption"] += 1
            continue
        at = record.seconds
        if not found.start <= at < found.expiry:
            out.counts["expired_id"] += 1
            continue
        out.counts["valid"] += 1
        out.seen.append(
            Seen(found.uid, at, policy.distance(record.rssi, record.modelC, record.modelP))
        )
    return out
