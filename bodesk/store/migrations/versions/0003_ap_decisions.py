"""AP decisions: vendor aliases, default approver and category; invoices matched to POs and routed;
invoice lines linked to the PO lines they bill; exceptions assigned and resolved with an action.

Columns are added with ALTER TABLE ADD COLUMN, not a batch copy: copying `invoices` drops the old
table, and with foreign keys on, SQLite's implicit DELETE of a dropped table cascades to its lines
and exceptions.

Revision ID: 0003
Revises: 0002

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "vendor_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_vendor_aliases_vendor_id", "vendor_aliases", ["vendor_id"])

    op.add_column("vendors", sa.Column("default_approver", sa.String(length=128), nullable=True))
    op.add_column("vendors", sa.Column("category", sa.String(length=64), nullable=True))
    # Alembic adds a column's foreign key as a separate constraint, which SQLite cannot ALTER in;
    # SQLite itself accepts REFERENCES on ADD COLUMN when the default is NULL.
    op.execute("ALTER TABLE invoices ADD COLUMN po_id INTEGER REFERENCES purchase_orders (id) ON DELETE SET NULL")
    op.add_column("invoices", sa.Column("approver", sa.String(length=128), nullable=True))
    op.create_index("ix_invoices_po_id", "invoices", ["po_id"])
    op.execute("ALTER TABLE invoice_lines ADD COLUMN po_line_id INTEGER REFERENCES po_lines (id) ON DELETE SET NULL")
    op.create_index("ix_invoice_lines_po_line_id", "invoice_lines", ["po_line_id"])
    op.add_column("exceptions", sa.Column("assigned_to", sa.String(length=128), nullable=True))
    op.add_column("exceptions", sa.Column("action", sa.String(length=32), nullable=True))
    op.add_column("exceptions", sa.Column("confirmed_by", sa.String(length=128), nullable=True))


def downgrade() -> None:
    for table, column in (("exceptions", "confirmed_by"), ("exceptions", "action"), ("exceptions", "assigned_to")):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    op.drop_index("ix_invoice_lines_po_line_id", "invoice_lines")
    op.drop_index("ix_invoices_po_id", "invoices")
    op.drop_index("ix_vendor_aliases_vendor_id", "vendor_aliases")
    op.drop_table("vendor_aliases")
    # Dropping the FK columns of invoices / invoice_lines and the vendor columns needs a table copy;
    # SQLite ignores unknown columns, so an older bodesk works with them left in place.
