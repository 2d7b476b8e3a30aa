from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "0002"
# ok: migrations/broken-chain
down_revision = "0001"


def upgrade():
    op.add_column("daily_totals", sa.Column("orders", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    op.drop_column("daily_totals", "orders")
