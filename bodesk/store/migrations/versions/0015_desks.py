"""Several desks: documents' bytes in the database (for a shared server) and a version on
invoices for optimistic concurrency.

Revision ID: 0015
Revises: 0014

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: Union[str, Sequence[str], None] = "0014"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "document_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    # ADD COLUMN with a default, not a batch copy (a copy of `invoices` would cascade to its lines).
    op.add_column("invoices", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.drop_table("document_blobs")
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("version")
