from ..extensions import db
from ..search import searchable
from .base import BaseModel, TimestampMixin, WorkspaceScoped


# ok: tenancy/missing-tenant-column
@searchable("name")
class Project(WorkspaceScoped, TimestampMixin, BaseModel):
    name = db.Column(db.String(120), nullable=False)
    archived = db.Column(db.Boolean, nullable=False, default=False)
    tasks = db.relationship("Task", backref="project", lazy="dynamic")


# ok: tenancy/missing-tenant-column
class Task(WorkspaceScoped, TimestampMixin, BaseModel):
    project_id = db.Column(db.Integer, db.ForeignKey("project.id"), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    done = db.Column(db.Boolean, nullable=False, default=False)


# expect: tenancy/missing-tenant-column
@searchable("body")
class Comment(TimestampMixin, BaseModel):
    """Scoped only through its task: a query that skips the join reads every workspace's comments."""

    task_id = db.Column(db.Integer, db.ForeignKey("task.id"), nullable=False)
    body = db.Column(db.Text, nullable=False)
