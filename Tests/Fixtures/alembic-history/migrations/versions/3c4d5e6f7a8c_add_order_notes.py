"""add order notes (the other branch merged by 4d5e6f7a8b9c)

Revision ID: 3c4d5e6f7a8c
Revises: 2b3c4d5e6f7a
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "3c4d5e6f7a8c"
down_revision = "2b3c4d5e6f7a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("notes")
