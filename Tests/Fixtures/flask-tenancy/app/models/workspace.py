from ..extensions import db
from .base import BaseModel, TimestampMixin

# ok: tenancy/missing-tenant-column
memberships = db.Table(
    "memberships",
    db.Column("user_id", db.Integer, db.ForeignKey("user.id"), primary_key=True),
    db.Column("workspace_id", db.Integer, db.ForeignKey("workspace.id"), primary_key=True),
    db.Column("role", db.String(20), nullable=False, server_default="member"),
)


# ok: tenancy/missing-tenant-column
class Workspace(TimestampMixin, BaseModel):
    name = db.Column(db.String(120), nullable=False)
    slug = db.Column(db.String(64), unique=True, nullable=False)


# ok: tenancy/missing-tenant-column
class User(TimestampMixin, BaseModel):
    email = db.Column(db.String(255), unique=True, nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    workspaces = db.relationship("Workspace", secondary=memberships, backref="members")
