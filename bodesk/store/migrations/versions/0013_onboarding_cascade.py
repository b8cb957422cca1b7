"""Onboarding that runs itself: task categories, day-one blockers, meetings, documents and trainings
on templates and checklists; a hire's email and manager; notes and attachments on tasks; certificates.

Revision ID: 0013
Revises: 0012

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: Union[str, Sequence[str], None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TASK_COLUMNS = (
    ("category", sa.String(length=32)),
    ("blocks_day_one", sa.Boolean()),
    ("meeting_time", sa.String(length=5)),
    ("meeting_minutes", sa.Integer()),
    ("document", sa.String(length=256)),
    ("certificate", sa.String(length=256)),
    ("valid_months", sa.Integer()),
)


def upgrade() -> None:
    op.add_column("onboarding_template_tasks", sa.Column("position", sa.Integer(), nullable=True))
    for name, type_ in _TASK_COLUMNS:
        op.add_column("onboarding_template_tasks", sa.Column(name, type_, nullable=True))
        op.add_column("onboarding_tasks", sa.Column(name, type_, nullable=True))
    op.add_column("onboarding_tasks", sa.Column("owner_role", sa.String(length=128), nullable=True))
    op.add_column("onboarding_tasks", sa.Column("note", sa.Text(), nullable=True))
    op.add_column("hires", sa.Column("email", sa.String(length=256), nullable=True))
    op.add_column("hires", sa.Column("manager", sa.String(length=128), nullable=True))
    # The order tasks had (by offset, then as entered) becomes their position.
    op.execute(
        "UPDATE onboarding_template_tasks SET position = (SELECT count(*) FROM onboarding_template_tasks t2 "
        "WHERE t2.template_id = onboarding_template_tasks.template_id AND (t2.offset_days < onboarding_template_tasks.offset_days "
        "OR (t2.offset_days = onboarding_template_tasks.offset_days AND t2.id < onboarding_template_tasks.id)))"
    )
    op.create_table(
        "onboarding_task_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=512), nullable=False),
        sa.Column("stored_path", sa.String(length=512), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["onboarding_tasks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_onboarding_task_attachments_task_id", "onboarding_task_attachments", ["task_id"])
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("obtained", sa.Date(), nullable=True),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["onboarding_tasks.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_certificates_person", "certificates", ["person"])


def downgrade() -> None:
    op.drop_index("ix_certificates_person", "certificates")
    op.drop_table("certificates")
    op.drop_index("ix_onboarding_task_attachments_task_id", "onboarding_task_attachments")
    op.drop_table("onboarding_task_attachments")
    for table, columns in (
        ("hires", ["email", "manager"]),
        ("onboarding_tasks", [n for n, _ in _TASK_COLUMNS] + ["owner_role", "note"]),
        ("onboarding_template_tasks", [n for n, _ in _TASK_COLUMNS] + ["position"]),
    ):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
