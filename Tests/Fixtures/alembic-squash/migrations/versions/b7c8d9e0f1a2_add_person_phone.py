"""add person phone

Revision ID: b7c8d9e0f1a2
Revises: a1b2c3d4e5f6
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "b7c8d9e0f1a2"
# ok: migrations/broken-chain
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("person", sa.Column("phone", sa.String(length=30), nullable=True))


def downgrade():
    op.drop_column("person", "phone")
