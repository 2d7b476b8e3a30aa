from sqlmodel import Session, select

from .models import Project, Task
from .scoping import in_org


def project_tasks(session: Session, org_id: int, project_id: int):
    statement = in_org(Task, org_id).where(Task.project_id == project_id)
    return session.exec(statement).all()


def load_project(session: Session, project_id: int):
    # expect: tenancy/unscoped-query
    return session.get(Project, project_id)


def search_projects(session: Session, org_id: int, term: str):
    # ok: tenancy/unscoped-query
    statement = select(Project)
    statement = statement.where(Project.org_id == org_id, Project.name.contains(term))
    return session.exec(statement).all()


def count_open(session: Session):
    # expect: tenancy/unscoped-query
    statement = select(Task).where(Task.done == False)  # noqa: E712
    return len(session.exec(statement).all())
