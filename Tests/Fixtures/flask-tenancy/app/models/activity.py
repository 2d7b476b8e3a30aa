from ..extensions import db
from .base import BaseModel, TimestampMixin


# expect: tenancy/missing-tenant-column
class ActivityLog(TimestampMixin, BaseModel):
    kind = db.Column(db.String(40), nullable=False)
    actor_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    payload = db.Column(db.JSON)

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "activity"}


# ok: tenancy/missing-tenant-column
class LoginEvent(ActivityLog):
    """Stored in activity_log (single-table inheritance), so it is judged with ActivityLog."""

    ip_address = db.Column(db.String(45))

    __mapper_args__ = {"polymorphic_identity": "login"}
