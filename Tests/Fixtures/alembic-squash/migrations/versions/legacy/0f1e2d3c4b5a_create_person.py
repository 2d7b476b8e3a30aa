"""create person (pre-squash history, kept for reference)

Revision ID: 0f1e2d3c4b5a
Revises:
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "0f1e2d3c4b5a"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("person", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("person")
