from flask import Blueprint, abort, jsonify, request
from flask_jwt_extended import get_jwt, jwt_required

from ..extensions import db
from ..models import Project, Task

bp = Blueprint("projects", __name__, url_prefix="/api/projects")


def current_workspace_id():
    return get_jwt()["workspace_id"]


@bp.get("")
@jwt_required()
def list_projects():
    projects = Project.query.filter_by(workspace_id=current_workspace_id()).order_by(Project.name).all()
    return jsonify([{"id": project.id, "name": project.name} for project in projects])


@bp.post("")
@jwt_required()
def create_project():
    data = request.get_json()
    project = Project(name=data["name"], workspace_id=current_workspace_id())
    db.session.add(project)
    db.session.commit()
    return jsonify(id=project.id), 201


@bp.get("/<int:project_id>/tasks")
@jwt_required()
def list_tasks(project_id):
    project = Project.query.filter_by(id=project_id, workspace_id=current_workspace_id()).first()
    if project is None:
        abort(404)
    tasks = Task.query.filter(Task.workspace_id == project.workspace_id, Task.project_id == project.id).all()
    return jsonify([{"id": task.id, "title": task.title, "done": task.done} for task in tasks])
