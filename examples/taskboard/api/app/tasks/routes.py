from flask import Blueprint, jsonify, request
from flask_jwt_extended import get_jwt, jwt_required

from ..extensions import db
from ..models import Task

bp = Blueprint("tasks", __name__)


@bp.get("/")
@jwt_required()
def list_tasks():
    workspace_id = get_jwt()["workspace_id"]
    tasks = Task.query.filter_by(workspace_id=workspace_id).order_by(Task.created_at).all()
    return jsonify([{"id": t.id, "title": t.title, "done": t.done} for t in tasks])


@bp.post("/")
@jwt_required()
def create_task():
    workspace_id = get_jwt()["workspace_id"]
    task = Task(workspace_id=workspace_id, title=request.get_json(force=True)["title"])
    db.session.add(task)
    db.session.commit()
    return jsonify(id=task.id), 201


@bp.patch("/<int:task_id>")
@jwt_required()
def complete_task(task_id):
    task = Task.query.get_or_404(task_id)
    task.done = True
    db.session.commit()
    return jsonify(id=task.id, done=task.done)
