"""Payments: document type, credited invoice, payment terms, discount and paid date on invoices; payment
batches, their transfers and items; imported bank statements and their lines.

Columns are added with ALTER TABLE ADD COLUMN (see 0003: a batch copy of `invoices` would cascade deletes).

Revision ID: 0009
Revises: 0008

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from bodesk.store.types import Amount

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("invoices", sa.Column("document_type", sa.String(length=16), nullable=False, server_default="invoice"))
    op.execute("ALTER TABLE invoices ADD COLUMN credited_invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL")
    op.add_column("invoices", sa.Column("payment_terms", sa.JSON(), nullable=True))
    op.add_column("invoices", sa.Column("discount_until", sa.Date(), nullable=True))
    op.add_column("invoices", sa.Column("discount_amount", Amount(), nullable=True))
    op.add_column("invoices", sa.Column("paid_on", sa.Date(), nullable=True))
    # Credit notes already stored (negative totals) are credit notes.
    op.execute("UPDATE invoices SET document_type = 'credit_note' WHERE total < 0")

    op.create_table(
        "payment_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("horizon", sa.Date(), nullable=False),
        sa.Column("file_format", sa.String(length=16), nullable=False),
        sa.Column("sepa_version", sa.String(length=32), nullable=True),
        sa.Column("file_name", sa.String(length=512), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=True),
        sa.Column("write_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "payment_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("vendor_name", sa.String(length=256), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", Amount(), nullable=False),
        sa.Column("pay_on", sa.Date(), nullable=False),
        sa.Column("end_to_end_id", sa.String(length=35), nullable=False),
        sa.Column("remittance", sa.String(length=140), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("paid_amount", Amount(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["payment_batches.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("end_to_end_id"),
    )
    op.create_index("ix_payment_transfers_batch_id", "payment_transfers", ["batch_id"])
    op.create_index("ix_payment_transfers_iban", "payment_transfers", ["iban"])
    op.create_index("ix_payment_transfers_status", "payment_transfers", ["status"])
    op.create_table(
        "payment_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount", Amount(), nullable=False),
        sa.Column("discount", Amount(), nullable=False),
        sa.ForeignKeyConstraint(["transfer_id"], ["payment_transfers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_payment_items_transfer_id", "payment_items", ["transfer_id"])
    op.create_index("ix_payment_items_invoice_id", "payment_items", ["invoice_id"])
    op.create_table(
        "bank_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=512), nullable=False),
        sa.Column("file_format", sa.String(length=16), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=128), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bank_statements_sha256", "bank_statements", ["sha256"])
    op.create_table(
        "bank_statement_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("line_key", sa.String(length=64), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("amount", Amount(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("end_to_end_id", sa.String(length=64), nullable=True),
        sa.Column("counterparty_iban", sa.String(length=34), nullable=True),
        sa.Column("counterparty_name", sa.String(length=256), nullable=True),
        sa.Column("remittance", sa.Text(), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=True),
        sa.Column("matched_by", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["bank_statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["transfer_id"], ["payment_transfers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("line_key"),
    )
    op.create_index("ix_bank_statement_lines_statement_id", "bank_statement_lines", ["statement_id"])
    op.create_index("ix_bank_statement_lines_transfer_id", "bank_statement_lines", ["transfer_id"])
    op.create_index("ix_bank_statement_lines_outcome", "bank_statement_lines", ["outcome"])


def downgrade() -> None:
    for table in ("bank_statement_lines", "bank_statements", "payment_items", "payment_transfers", "payment_batches"):
        op.drop_table(table)
    # The new invoice columns stay: dropping them needs a table copy, and an older bodesk ignores them.
