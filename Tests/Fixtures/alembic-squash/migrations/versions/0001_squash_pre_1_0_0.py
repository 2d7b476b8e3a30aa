"""squash of the pre-1.0 history (versions/legacy/), under the id of its last revision

Revision ID: a1b2c3d4e5f6
Revises:
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "a1b2c3d4e5f6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=255), nullable=False),
    )
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=80), nullable=False),
    )


def downgrade():
    op.drop_table("project")
    op.drop_table("person")
