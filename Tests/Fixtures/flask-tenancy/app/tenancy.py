from flask_jwt_extended import get_jwt


def current_workspace_id():
    return get_jwt()["workspace_id"]


def in_workspace(model, workspace_id):
    """The one way the task views query tenant data."""
    return model.query.filter_by(workspace_id=workspace_id)
