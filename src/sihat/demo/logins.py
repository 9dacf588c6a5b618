"""What ``sihat demo logins`` and ``make run`` print: the URL, then every persona with its
login and what to try, in Malay and English. Read from the database, so it is true of the
demo that was seeded."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.demo import personas
from sihat.staff.models import StaffAccount


def text(session: Session, base_url: str) -> str:
    named = personas.accounts(session)
    staff = session.scalars(select(StaffAccount).order_by(StaffAccount.created_at)).all()
    lines = [
        f"sihat is at {base_url}   (API docs: {base_url}/docs)",
        f"Every demo password / Kata laluan demo: {personas.DEMO_PASSWORD}",
        "",
        f"Public app / Aplikasi awam: {base_url}/login   (phone / telefon)",
    ]
    for c in personas.CITIZENS:
        account = named.get(c.key)
        if account is None:
            continue
        lines.append(f"  {c.phone}  {c.full_name}  (MySJ ID {account.mysj_id})")
        lines.append(f"      try: {c.try_en}")
        lines.append(f"      cuba: {c.try_ms}")
    lines += [
        "",
        f"Staff portal / Portal kakitangan: {base_url}/staff/login",
        "  authenticator code / kod pengesah: .venv/bin/sihat staff totp USERNAME",
    ]
    for st in staff:
        ms, en = personas.STAFF_TRY.get(st.username, ("", ""))
        lines.append(f"  {st.username:<13} {st.full_name}")
        if en:
            lines.append(f"      try: {en}")
            lines.append(f"      cuba: {ms}")
    return "\n".join(lines) + "\n"
