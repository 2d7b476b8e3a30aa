"""add coupon code (its parent revision file was deleted)

Revision ID: 7a8b9c0d1e2f
Revises: 0f0e0d0c0b0a
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "7a8b9c0d1e2f"
# expect: migrations/broken-chain
down_revision = "0f0e0d0c0b0a"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("coupons", sa.Column("code", sa.String(32), nullable=True))
    op.create_unique_constraint("uq_coupons_code", "coupons", ["code"])


def downgrade():
    op.drop_constraint("uq_coupons_code", "coupons")
    op.drop_column("coupons", "code")
