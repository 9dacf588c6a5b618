"""MySJ Trace: devices, upload codes and tokens (digests only), uploads (raw body sealed for
21 days) and the close contacts found in them; row-change triggers on devices and contacts

Revision ID: 0013_mysj_trace
Revises: 0012_protect_health_records
Create Date: 2026-12-05 21:30:00
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0013_mysj_trace"
down_revision = "0012_protect_health_records"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _run_frozen_sql(direction: str) -> None:
    """Run ``sql/0013_mysj_trace.<direction>.<dialect>.sql``: the row-change triggers on
    trace_devices and trace_contacts as ``governance/triggers.py`` wrote them when this
    migration was made, frozen so that it means the same thing forever."""
    dialect = op.get_context().dialect.name
    path = Path(__file__).parent / "sql" / f"{revision}.{direction}.{dialect}.sql"
    for block in path.read_text(encoding="utf-8").split(";\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("--")]
        statement = "\n".join(lines).strip().removesuffix(";")
        if statement:
            op.execute(sa.text(statement))


def upgrade() -> None:
    op.create_table(
        "trace_devices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("uid", sa.String(length=28), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("pin", sa.String(length=6), nullable=False),
        sa.Column("registered_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("first_fetch_at", TS, nullable=True),
        sa.Column("last_fetch_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_trace_devices_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_devices")),
        sa.UniqueConstraint("uid", name=op.f("uq_trace_devices_uid")),
    )
    with op.batch_alter_table("trace_devices", schema=None) as b:
        b.create_index(b.f("ix_trace_devices_account_id"), ["account_id"], unique=False)
        b.create_index(b.f("ix_trace_devices_registered_at"), ["registered_at"], unique=False)
        b.create_index(b.f("ix_trace_devices_last_fetch_at"), ["last_fetch_at"], unique=False)

    op.create_table(
        "trace_upload_codes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("issued_by", sa.String(length=36), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_trace_upload_codes_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_upload_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_trace_upload_codes_code_hash")),
    )
    with op.batch_alter_table("trace_upload_codes", schema=None) as b:
        b.create_index(b.f("ix_trace_upload_codes_case_id"), ["case_id"], unique=False)

    op.create_table(
        "trace_upload_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_trace_upload_tokens_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["trace_upload_codes.id"],
            name=op.f("fk_trace_upload_tokens_code_id_trace_upload_codes"),
        ),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["trace_devices.id"],
            name=op.f("fk_trace_upload_tokens_device_id_trace_devices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_upload_tokens")),
        sa.UniqueConstraint("code_id", name=op.f("uq_trace_upload_tokens_code_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_trace_upload_tokens_token_hash")),
    )

    op.create_table(
        "trace_uploads",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("archive", sa.String(), nullable=True),
        sa.Column("archive_until", TS, nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.Column("no_msg", sa.Integer(), nullable=False),
        sa.Column("expired_id", sa.Integer(), nullable=False),
        sa.Column("failed_decryption", sa.Integer(), nullable=False),
        sa.Column("foreign_org", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.String(length=30), nullable=False),
        sa.Column("processed_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_trace_uploads_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["trace_upload_tokens.id"],
            name=op.f("fk_trace_uploads_token_id_trace_upload_tokens"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_uploads")),
        sa.UniqueConstraint("token_id", name=op.f("uq_trace_uploads_token_id")),
    )
    with op.batch_alter_table("trace_uploads", schema=None) as b:
        b.create_index(b.f("ix_trace_uploads_case_id"), ["case_id"], unique=False)
        b.create_index(b.f("ix_trace_uploads_digest"), ["digest"], unique=False)
        b.create_index(b.f("ix_trace_uploads_archive_until"), ["archive_until"], unique=False)

    op.create_table(
        "trace_contacts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("exposed_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("found_at", TS, nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_trace_contacts_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_trace_contacts_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_contacts")),
        sa.UniqueConstraint("case_id", "person_id", name="uq_trace_contacts_case_person"),
    )
    with op.batch_alter_table("trace_contacts", schema=None) as b:
        b.create_index(b.f("ix_trace_contacts_person_id"), ["person_id"], unique=False)
        b.create_index("ix_trace_contacts_place", ["state", "district"], unique=False)
    _run_frozen_sql("upgrade")


def downgrade() -> None:
    _run_frozen_sql("downgrade")
    for name in (
        "trace_contacts",
        "trace_uploads",
        "trace_upload_tokens",
        "trace_upload_codes",
        "trace_devices",
    ):
        op.drop_table(name)
