"""Who brought an invoice in (the person importing it), for the separation of duties: they may not
approve it.

Revision ID: 0016
Revises: 0015

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: Union[str, Sequence[str], None] = "0015"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("invoices", sa.Column("entered_by", sa.String(length=128), nullable=True))


def downgrade() -> None:
    # Dropping a column of `invoices` needs a table copy, whose implicit DELETE would cascade to its
    # lines and exceptions (see 0003); an older bodesk ignores the column, so it stays.
    pass
