from fastapi import APIRouter
from sqlmodel import select

from ..deps import CurrentUser, SessionDep
from ..models import Project, Task
from ..services import count_open, load_project, project_tasks, search_projects

router = APIRouter(prefix="/projects", tags=["projects"])


# ok: auth/unprotected-route
@router.get("/{project_id}/tasks")
def list_tasks(project_id: int, user: CurrentUser, session: SessionDep):
    return project_tasks(session, user.org_id, project_id)


# ok: auth/unprotected-route
@router.get("/search")
def search(term: str, user: CurrentUser, session: SessionDep):
    return search_projects(session, user.org_id, term)


# expect: auth/unprotected-route
@router.get("/{project_id}")
def read_project(project_id: int, session: SessionDep):
    return load_project(session, project_id)


# expect: auth/unprotected-route
@router.get("/stats/open")
def open_tasks(session: SessionDep):
    return {"open": count_open(session)}


# ok: auth/unprotected-route
@router.get("/healthz")
def healthz(session: SessionDep):
    # ok: tenancy/unscoped-query
    return {"tasks": session.exec(select(Task).where(Task.org_id == 0)).first() is None}
