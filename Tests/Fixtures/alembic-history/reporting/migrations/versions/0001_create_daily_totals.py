"""A second Alembic environment (the reporting database), with a history of its own."""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "daily_totals",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("revenue", sa.Numeric(12, 2), nullable=False),
    )


def downgrade():
    op.drop_table("daily_totals")
