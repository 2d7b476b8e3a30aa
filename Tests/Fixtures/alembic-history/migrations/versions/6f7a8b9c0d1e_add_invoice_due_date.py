"""add invoice due date

Revision ID: 6f7a8b9c0d1e
Revises: 5e6f7a8b9c0d
"""
from alembic import op
import sqlalchemy as sa

# expect: migrations/broken-chain
revision = "6f7a8b9c0d1e"
# ok: migrations/broken-chain
down_revision = "5e6f7a8b9c0d"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("invoices", sa.Column("due_date", sa.Date(), nullable=True))


def downgrade():
    op.drop_column("invoices", "due_date")
