"""The audit log as people read it: who (by name), did what (in words), to what, when (Malaysia
time). The stored events are untouched; this only shapes them for the page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.trail import AuditEvent
from sihat.staff.names import names

# Each part of an event tag ("staff:account:created") in Malay and English.
WORDS: dict[str, tuple[str, str]] = {
    "account": ("akaun", "account"),
    "activated": ("diaktifkan", "activated"),
    "added": ("ditambah", "added"),
    "aefi": ("KIK (AEFI)", "adverse event"),
    "alerts": ("amaran", "alerts"),
    "amendment": ("pindaan", "amendment"),
    "approved": ("diluluskan", "approved"),
    "assignment": ("tugasan", "assignment"),
    "audit": ("audit", "audit"),
    "batch": ("kelompok", "batch"),
    "blocked": ("disekat", "blocked"),
    "bootstrapped": ("dicipta semasa pemasangan", "created at installation"),
    "cancelled": ("dibatalkan", "cancelled"),
    "capacity": ("kapasiti", "capacity"),
    "case": ("kes", "case"),
    "cases": ("kes", "cases"),
    "centre": ("pusat vaksinasi", "vaccination centre"),
    "certificate": ("sijil", "certificate"),
    "certificates": ("sijil", "certificates"),
    "changed": ("diubah", "changed"),
    "checkins": ("daftar masuk", "check-ins"),
    "closed": ("ditutup", "closed"),
    "confirmed": ("disahkan", "confirmed"),
    "created": ("dicipta", "created"),
    "day": ("hari", "day"),
    "dependent": ("tanggungan", "dependent"),
    "discarded": ("dibuang", "discarded"),
    "dose": ("dos", "dose"),
    "downloaded": ("dimuat turun", "downloaded"),
    "ended": ("ditamatkan", "ended"),
    "executed": ("dilaksanakan", "carried out"),
    "expired": ("tamat tempoh", "expired"),
    "exports": ("eksport", "exports"),
    "export": ("eksport", "export"),
    "exposures": ("pendedahan", "exposures"),
    "file": ("fail", "file"),
    "finished": ("selesai", "finished"),
    "flagged": ("ditanda", "flagged"),
    "given": ("diberi", "given"),
    "governance": ("tadbir urus", "governance"),
    "hso": ("perintah pengawasan di rumah", "home surveillance order"),
    "identity": ("identiti", "identity"),
    "imported": ("diimport", "imported"),
    "issued": ("dikeluarkan", "issued"),
    "late_entry": ("kemasukan lewat", "late entry"),
    "made": ("dibuat", "made"),
    "opened": ("dibuka", "opened"),
    "orders": ("perintah", "orders"),
    "person": ("individu", "person"),
    "ppv_user": ("pengguna PPV", "centre user"),
    "premise": ("premis", "premises"),
    "printed": ("dicetak", "printed"),
    "purged": ("dihapus", "purged"),
    "qr_rotated": ("QR ditukar", "QR replaced"),
    "raised": ("dibangkitkan", "raised"),
    "reactivated": ("diaktifkan semula", "reactivated"),
    "received": ("diterima", "received"),
    "recorded": ("direkod", "recorded"),
    "register": ("daftar", "register"),
    "registered": ("didaftar", "registered"),
    "registration": ("pendaftaran", "registration"),
    "rejected": ("ditolak", "rejected"),
    "removed": ("dibuang", "removed"),
    "reopened": ("dibuka semula", "reopened"),
    "repeated": ("diulang", "repeated"),
    "reported": ("dilaporkan", "reported"),
    "request": ("permohonan", "request"),
    "requested": ("dipohon", "requested"),
    "retracted": ("ditarik balik", "retracted"),
    "retraction": ("penarikan balik", "retraction"),
    "revoked": ("dibatalkan", "revoked"),
    "revoked_all": ("semua dibatalkan", "all revoked"),
    "risk": ("MyRisk", "MyRisk"),
    "roles": ("peranan", "roles"),
    "run": ("larian", "run"),
    "scan": ("imbasan", "scan"),
    "security": ("keselamatan", "security"),
    "session": ("sesi", "session"),
    "set": ("ditetapkan", "set"),
    "source": ("sumber", "source"),
    "staff": ("kakitangan", "staff"),
    "staff_added": ("kakitangan ditambah", "staff added"),
    "started": ("dimulakan", "started"),
    "status": ("status", "status"),
    "statuses": ("status", "statuses"),
    "stock": ("stok", "stock"),
    "terminated": ("ditamatkan", "terminated"),
    "took_over": ("diambil alih", "taken over"),
    "traced": ("dikesan", "traced"),
    "transferred": ("dipindahkan", "transferred"),
    "unblocked": ("sekatan ditarik balik", "unblocked"),
    "upload": ("muat naik", "upload"),
    "vaccination": ("vaksinasi", "vaccination"),
    "verification": ("pengesahan", "verification"),
    "visits_read": ("lawatan dibaca", "visits read"),
}

ACTORS: dict[str, tuple[str, str]] = {
    "account": ("Akaun awam", "Public account"),
    "public": ("Orang awam", "Member of the public"),
    "system": ("Sistem", "System"),
    "bootstrap": ("Pemasangan awal", "Installation"),
    "request": ("Permohonan diluluskan", "Approved request"),
    "staff": ("Kakitangan", "Staff"),
}


def words(tag: str, lang: str) -> str:
    """``staff:account:created`` as "staff · account · created" in the reader's language."""
    parts = [WORDS.get(p, (p.replace("_", " "),) * 2) for p in tag.split(":")]
    return " · ".join(en if lang == "en" else ms for ms, en in parts)


def malaysia_time(moment: datetime | str | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M:%S")


def rows(session: Session, events: list[AuditEvent]) -> list[dict[str, Any]]:
    """One row per event: names for staff actors and staff targets, Malaysia time."""
    staff_ids = [e.actor_id for e in events if e.actor_type == "staff"]
    staff_ids += [e.target_id for e in events if e.target_type == "staff"]
    who = names(session, staff_ids)
    out = []
    for e in events:
        actor = who.get(e.actor_id or "") if e.actor_type == "staff" else None
        target = who.get(e.target_id or "") if e.target_type == "staff" else None
        out.append(
            {
                "seq": e.seq,
                "when": malaysia_time(e.occurred_at),
                "action": e.action,
                "label": {lang: words(e.action, lang) for lang in ("ms", "en")},
                "actor_type": e.actor_type,
                "actor_kind": dict(
                    zip(("ms", "en"), ACTORS.get(e.actor_type, (e.actor_type,) * 2), strict=True)
                ),
                "actor_name": actor,
                "target_type": e.target_type,
                "target_name": target,
                "target_id": e.target_id,
                "ip": e.ip,
            }
        )
    return out
