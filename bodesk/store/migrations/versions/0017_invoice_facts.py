"""Each invoice's contribution to the metrics, kept, with the database itself marking the invoices
whose facts change (triggers on every table the facts are read from, see `bodesk.store.facts_marks`).

The kept contributions start empty: the first metrics computed after this migration work them all out.

Revision ID: 0017
Revises: 0016

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bodesk.store.facts_marks import create_statements, drop_statements

revision: str = "0017"
down_revision: Union[str, Sequence[str], None] = "0016"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COUNTS = ("received", "read", "touchless", "with_exceptions", "manual", "reworked", "retyped", "paid", "paid_on_time")


def upgrade() -> None:
    op.create_table(
        "invoice_facts",
        sa.Column("invoice_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("kinds", sa.Text(), nullable=True),
        sa.Column("fields", sa.Text(), nullable=True),
        *(sa.Column(name, sa.SmallInteger(), nullable=False) for name in COUNTS),
        sa.Column("overrides", sa.Integer(), nullable=False),
        sa.Column("late_days", sa.Integer(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("cycle_us", sa.BigInteger(), nullable=True),
        sa.Column("to_paid_us", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("invoice_id"),
    )
    op.create_index("ix_invoice_facts_day_source", "invoice_facts", ["day", "source"], unique=False)
    op.create_table(
        "invoice_facts_dirty",
        sa.Column("invoice_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("invoice_id"),
    )
    op.create_table(
        "invoice_facts_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("definition", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for statement in create_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("invoice_facts_state")
    op.drop_table("invoice_facts_dirty")
    op.drop_index("ix_invoice_facts_day_source", table_name="invoice_facts")
    op.drop_table("invoice_facts")
