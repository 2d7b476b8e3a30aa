"""add person email

Revision ID: 9e8d7c6b5a4f
Revises: 0f1e2d3c4b5a
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "9e8d7c6b5a4f"
# ok: migrations/broken-chain
down_revision = "0f1e2d3c4b5a"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("person", sa.Column("email", sa.String(length=255), nullable=True))


def downgrade():
    op.drop_column("person", "email")
