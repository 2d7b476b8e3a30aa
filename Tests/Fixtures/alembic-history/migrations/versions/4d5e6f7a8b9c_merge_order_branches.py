"""merge order branches

Revision ID: 4d5e6f7a8b9c
Revises: 3c4d5e6f7a8b, 3c4d5e6f7a8c
"""

# ok: migrations/broken-chain
revision = "4d5e6f7a8b9c"
# ok: migrations/broken-chain
down_revision = ("3c4d5e6f7a8b", "3c4d5e6f7a8c")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
