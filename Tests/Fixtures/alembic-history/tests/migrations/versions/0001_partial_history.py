"""A trimmed copy of a revision used by migration tests: test code is not checked."""
from alembic import op

# ok: migrations/broken-chain
revision = "9e9e9e9e9e9e"
# ok: migrations/broken-chain
down_revision = "0f0e0d0c0b0a"


def upgrade():
    op.drop_table("orders")
