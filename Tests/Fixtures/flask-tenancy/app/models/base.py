from datetime import datetime

from sqlalchemy.orm import declared_attr

from ..extensions import db


# ok: tenancy/missing-tenant-column
class BaseModel(db.Model):
    __abstract__ = True

    id = db.Column(db.Integer, primary_key=True)


# ok: tenancy/missing-tenant-column
class TimestampMixin:
    created_at = db.Column(db.DateTime, default=datetime.utcnow, nullable=False)
    updated_at = db.Column(db.DateTime, default=datetime.utcnow, onupdate=datetime.utcnow)


# ok: tenancy/missing-tenant-column
class WorkspaceScoped:
    """Rows that belong to one workspace."""

    @declared_attr
    def workspace_id(cls):
        return db.Column(db.Integer, db.ForeignKey("workspace.id"), nullable=False, index=True)
