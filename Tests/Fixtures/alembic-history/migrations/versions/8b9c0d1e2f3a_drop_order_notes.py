"""drop order notes (follows the revision whose parent file was deleted)

Revision ID: 8b9c0d1e2f3a
Revises: 7a8b9c0d1e2f
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "8b9c0d1e2f3a"
# ok: migrations/broken-chain
down_revision = "7a8b9c0d1e2f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("notes")


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))
