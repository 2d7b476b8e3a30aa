from .activity import ActivityLog, LoginEvent
from .base import BaseModel, TimestampMixin, WorkspaceScoped
from .billing import Invoice, InvoiceLine, Plan
from .projects import Comment, Project, Task
from .workspace import User, Workspace, memberships

__all__ = [
    "ActivityLog",
    "BaseModel",
    "Comment",
    "Invoice",
    "InvoiceLine",
    "LoginEvent",
    "Plan",
    "Project",
    "Task",
    "TimestampMixin",
    "User",
    "Workspace",
    "WorkspaceScoped",
    "memberships",
]
