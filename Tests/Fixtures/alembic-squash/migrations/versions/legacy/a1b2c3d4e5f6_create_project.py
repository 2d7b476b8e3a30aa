"""create project: the last pre-squash revision, whose id the squash revision took over

Revision ID: a1b2c3d4e5f6
Revises: 9e8d7c6b5a4f
"""
from alembic import op
import sqlalchemy as sa

# ok: migrations/broken-chain
revision = "a1b2c3d4e5f6"
# ok: migrations/broken-chain
down_revision = "9e8d7c6b5a4f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=80), nullable=False),
    )


def downgrade():
    op.drop_table("project")
