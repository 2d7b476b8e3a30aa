"""add user plan (written on another branch from the same parent: a second head)

Revision ID: 6f7b8c9d0e1f
Revises: 5e6f7a8b9c0d
"""
from alembic import op
import sqlalchemy as sa

# expect: migrations/broken-chain
revision = "6f7b8c9d0e1f"
down_revision = "5e6f7a8b9c0d"
branch_labels = None
depends_on = "2b3c4d5e6f7a"


def upgrade():
    op.add_column("users", sa.Column("plan", sa.String(length=20), nullable=True))


def downgrade():
    op.drop_column("users", "plan")
