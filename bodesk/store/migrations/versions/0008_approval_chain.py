"""Approval chains and a sealed audit trail: the approval_steps table; audit entries get a hash-chain
seal (set once, just before commit; the no-update trigger now allows only that), and the entries
already there are sealed.

Revision ID: 0008
Revises: 0007

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "field", "old_value", "new_value", "note")


def upgrade() -> None:
    op.create_table(
        "approval_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("approver", sa.String(length=128), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=128), nullable=True),
        sa.Column("amount_office", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_approval_steps_invoice_id", "approval_steps", ["invoice_id"])
    op.add_column("audit_entries", sa.Column("seal", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # Only a seal may be added, once, to an entry that has none; anything else is refused.
        unchanged_pg = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _COLUMNS)
        op.execute(
            "CREATE FUNCTION audit_entries_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF OLD.seal IS NULL AND {unchanged_pg} THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update ON audit_entries")
        op.execute(
            "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_seal_only()"
        )
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    from bodesk.store.audit_chain import seal_pending

    seal_pending(op.get_bind())
    unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _COLUMNS)
    op.execute(
        "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
        f"WHEN NOT (OLD.seal IS NULL AND {unchanged}) "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )


def downgrade() -> None:
    op.drop_index("ix_approval_steps_invoice_id", "approval_steps")
    op.drop_table("approval_steps")
