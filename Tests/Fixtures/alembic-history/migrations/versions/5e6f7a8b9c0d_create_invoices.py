"""create invoices

Revision ID: 5e6f7a8b9c0d
Revises: 4d5e6f7a8b9c
"""
from alembic import op
import sqlalchemy as sa

# expect: migrations/broken-chain
revision = "5e6f7a8b9c0d"
down_revision = "4d5e6f7a8b9c"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
    )


def downgrade():
    op.drop_table("invoices")
