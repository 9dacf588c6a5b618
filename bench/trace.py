"""Benchmark of the MySJ Trace server's two hot paths, each against bare AES-256-GCM doing the
same cryptographic work in the same run:

- TempID batches issued per second (``devices.batch_for``: 100 TempIDs laid out as
  ``tracing.md`` §2) against 100 bare ``AESGCM.encrypt`` calls of 29 bytes per batch;
- upload records processed per second: the whole upload (``uploads.receive`` on a scratch SQLite
  database: token check, sealed archive, classification, the close-contact rule, contacts
  recorded) and the records' part alone (``classify`` + ``rule``), against one bare
  ``AESGCM.decrypt`` per record.

Then a national-peak estimate: 7.41 million devices refreshing every 12 hours, and a day of
uploads at the peak of new cases (33,406 on the busiest day of ``cases_malaysia.csv``) with
the records per upload given. Prints a table, then one JSON object on the last line.

    .venv/bin/python bench/trace.py [--batches 2000] [--records 50000] [--contacts 200]
    .venv/bin/python bench/trace.py --batches 20 --records 500 --contacts 5   # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DEVICES = 7_410_000
PEAK_CASES = 33_406


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=2000)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=200, help="distinct phones seen")
    parser.add_argument(
        "--records-per-upload",
        type=int,
        default=20_000,
        help="for the estimate: 14 days of a phone's encounters",
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="sihat-bench-trace-"))
    os.environ.setdefault("SIHAT_VAR_DIR", str(scratch))
    os.environ.setdefault("SIHAT_ARGON2_PROFILE", "fast")
    os.environ["SIHAT_DATABASE_URL"] = f"sqlite:///{scratch / 'bench.db'}"

    from sihat import bootstrap
    from sihat.bluetrace import authz, classify, devices, keys, rule, tempid, uploads
    from sihat.bluetrace.policy import load
    from sihat.bluetrace.schemas import RecordIn, UploadIn
    from sihat.bluetrace.settings import TraceSettings
    from sihat.cases.models import Case
    from sihat.core import clock, migrate
    from sihat.core.crypto import blind_index
    from sihat.core.db import Database
    from sihat.identity.accounts import new_mysj_id
    from sihat.identity.models import Account, Person

    bootstrap.boot()
    settings = TraceSettings(demo=True, key_dir=scratch / "keys")
    key = keys.active_key(settings)
    aead = AESGCM(key.secret)
    now = clock.now()
    uid = tempid.new_uid()

    started = time.perf_counter()
    for _ in range(args.batches):
        devices.batch_for(uid, now, settings)
    batch_s = time.perf_counter() - started
    plain = os.urandom(29)
    started = time.perf_counter()
    for _ in range(args.batches * devices.BATCH):
        aead.encrypt(os.urandom(16), plain, None)
    bare_enc_s = time.perf_counter() - started

    # Records: each contact seen once a minute, each minute's TempID its own.
    uids = [tempid.new_uid() for _ in range(args.contacts)]
    t0 = int((now - timedelta(hours=20)).timestamp())
    rows = []
    for i in range(args.records):
        at = t0 + (i // args.contacts) * 60
        rows.append(
            {
                "timestamp": at,
                "msg": tempid.encode(key.secret, uids[i % args.contacts], at - 60, at + 840),
                "modelC": "Pixel 4",
                "modelP": "SM-G975F",
                "rssi": -62 - i % 9,
                "txPower": None,
                "org": "MY_MOH",
                "v": 2,
            }
        )
    records = [RecordIn.model_validate(r) for r in rows]
    policy = load()
    aeads = [k.aead() for k in keys.decrypting_keys(settings)]
    started = time.perf_counter()
    done = classify.classify(records, aeads, settings.org, policy)
    rule.minutes_by_uid(done.seen, (now - timedelta(days=3), now), policy)
    records_s = time.perf_counter() - started
    sealed = [tempid.split(str(r["msg"])) for r in rows]
    started = time.perf_counter()
    for iv, body in sealed:
        aead.decrypt(iv, body, None)
    bare_dec_s = time.perf_counter() - started

    migrate.upgrade(os.environ["SIHAT_DATABASE_URL"])
    database = Database.from_url(os.environ["SIHAT_DATABASE_URL"])
    with database.unit_of_work() as s:
        person = Person(
            id=str(uuid.uuid4()),
            id_type="SIMULATED",
            id_number="x",
            id_hash=blind_index("simulated", "x"),
            full_name="Bench",
            created_at=now,
        )
        s.add(person)
        s.flush()
        account = Account(
            id=str(uuid.uuid4()),
            mysj_id=new_mysj_id(),
            person_id=person.id,
            phone="+60190000000",
            phone_hash=blind_index("phone", "+60190000000"),
            password_hash="!",
            status="ACTIVE",
            created_at=now,
        )
        s.add(account)
        s.flush()
        device = devices.register(s, account)
        case = Case(
            case_no="BENCH-1",
            person_id=person.id,
            source="LAB_RTPCR",
            specimen_id="B1",
            sample_at=now,
            category=2,
            state="Selangor",
            district="Petaling",
            status="CONFIRMED",
            channel="CSV",
            recorded_at=now,
            confirmed_at=now,
        )
        s.add(case)
        s.flush()
        code = authz.issue_for_case(s, case, "bench", settings).code
        from sihat.core.ratelimit import Limiter

        token, _ = authz.exchange(s, device, code, Limiter(), "bench", settings)
    body = UploadIn(token=token, records=records)
    started = time.perf_counter()
    with database.unit_of_work() as s:
        uploads.receive(s, body, settings.model_copy(update={"max_records": len(records)}), policy)
    upload_s = time.perf_counter() - started
    database.engine.dispose()

    batches_per_s = args.batches / batch_s
    upload_records_per_s = args.records / upload_s
    per_day_batches = DEVICES * 2
    per_day_records = PEAK_CASES * args.records_per_upload
    out = {
        "batches": args.batches,
        "tempid_batches_per_s": round(batches_per_s, 1),
        "bare_aes_gcm_batches_per_s": round(args.batches / bare_enc_s, 1),
        "records": args.records,
        "upload_records_per_s": round(upload_records_per_s, 1),
        "classify_rule_records_per_s": round(args.records / records_s, 1),
        "bare_aes_gcm_decrypts_per_s": round(args.records / bare_dec_s, 1),
        "peak_batches_per_s_needed": round(per_day_batches / 86_400, 1),
        "peak_core_seconds_batches_per_day": round(per_day_batches / batches_per_s),
        "peak_records_per_day": per_day_records,
        "peak_core_seconds_uploads_per_day": round(per_day_records / upload_records_per_s),
    }
    for name, value in out.items():
        print(f"{name:38} {value}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
