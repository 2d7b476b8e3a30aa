from flask import Blueprint, jsonify, request
from flask_jwt_extended import jwt_required as login_needed
from flask_jwt_extended import verify_jwt_in_request
from sqlalchemy import select, text

from ..extensions import db
from ..models import Comment, Invoice, Project, Task, Workspace
from ..tenancy import current_workspace_id, in_workspace

bp = Blueprint("tasks", __name__, url_prefix="/api/tasks")
reports = Blueprint("reports", __name__, url_prefix="/api/reports")


@reports.before_request
def require_login():
    verify_jwt_in_request()


# expect: openapi/undocumented-route
@reports.get("/open")
def open_tasks():
    # expect: tenancy/unscoped-query
    count = db.session.execute(text("SELECT count(*) FROM task WHERE done = false")).scalar()
    return jsonify(open=count)


# expect: openapi/undocumented-route
@reports.get("/archived")
def archived_projects():
    # ok: tenancy/unscoped-query
    statement = select(Project).where(Project.archived.is_(True))
    # ok: tenancy/unscoped-query
    statement = statement.where(Project.workspace_id == current_workspace_id())
    return jsonify([project.id for project in db.session.scalars(statement)])


# expect: auth/unprotected-route
# expect: openapi/undocumented-route
@bp.get("/<int:task_id>")
def show_task(task_id):
    # expect: tenancy/unscoped-query
    task = Task.query.get_or_404(task_id)
    return jsonify(id=task.id, title=task.title)


# expect: openapi/undocumented-route
@bp.patch("/<int:task_id>")
@login_needed()
def update_task(task_id):
    # ok: tenancy/unscoped-query
    task = in_workspace(Task, current_workspace_id()).filter_by(id=task_id).first_or_404()
    task.done = bool(request.get_json().get("done"))
    # expect: tenancy/unscoped-query
    project = db.session.get(Project, task.project_id)
    db.session.commit()
    return jsonify(id=task.id, project=project.name)


# expect: openapi/undocumented-route
@bp.get("/workspaces")
@login_needed()
def my_workspaces():
    # ok: tenancy/unscoped-query
    return jsonify([workspace.id for workspace in Workspace.query.all()])


# expect: openapi/undocumented-route
@bp.get("/<int:task_id>/comments")
@login_needed()
def comments(task_id):
    # ok: tenancy/unscoped-query
    rows = Comment.query.filter_by(task_id=task_id).all()
    return jsonify([row.body for row in rows])


# expect: openapi/undocumented-route
@bp.get("/mine")
@login_needed()
def my_tasks():
    # ok: tenancy/unscoped-query
    project = Project.query.filter(Project.workspace_id.in_([current_workspace_id()])).first_or_404()
    # ok: tenancy/unscoped-query
    return jsonify([task.id for task in project.tasks])


# A public webhook that looks a row up by the provider's id reads across tenants: still reported,
# and suppressed where that is the intent.
# ok: auth/unprotected-route
# expect: openapi/undocumented-route
@bp.post("/billing/webhook")
def billing_webhook():
    number = request.get_json()["invoice_number"]
    # archverify: ignore[tenancy/unscoped-query] the provider only knows the invoice number
    invoice = Invoice.query.filter_by(number=number).first()
    # expect: tenancy/unscoped-query
    again = Invoice.query.filter_by(number=number).count()
    return jsonify(id=invoice.id, seen=again)
