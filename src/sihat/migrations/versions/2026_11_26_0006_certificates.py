"""certificates: issued vaccination certificates and the revocation list

Revision ID: 0006_certificates
Revises: 0001_foundation
Create Date: 2026-11-26 23:40:00

``certificates`` references ``dose_records``, so this revision depends on the vaccination
revision as well as branching from the foundation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_certificates"
down_revision = "0001_foundation"
branch_labels = None
depends_on = "0002_vaccination"


def upgrade() -> None:
    op.create_table(
        "certificate_revocations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ci_hash", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_revocations")),
        sa.UniqueConstraint("ci_hash", name=op.f("uq_certificate_revocations_ci_hash")),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ci", sa.String(length=80), nullable=False),
        sa.Column("dose_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("kid", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("replaced_by", sa.String(length=36), nullable=True),
        sa.Column("code", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["dose_records.id"], name=op.f("fk_certificates_dose_id_dose_records")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_certificates_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by"],
            ["certificates.id"],
            name=op.f("fk_certificates_replaced_by_certificates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("ci", name=op.f("uq_certificates_ci")),
    )
    op.create_index(op.f("ix_certificates_dose_id"), "certificates", ["dose_id"], unique=False)
    op.create_index(op.f("ix_certificates_person_id"), "certificates", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_certificates_person_id"), table_name="certificates")
    op.drop_index(op.f("ix_certificates_dose_id"), table_name="certificates")
    op.drop_table("certificates")
    op.drop_table("certificate_revocations")
