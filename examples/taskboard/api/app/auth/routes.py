from flask import Blueprint, jsonify, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt_identity,
    jwt_required,
)
from werkzeug.security import check_password_hash

from ..extensions import limiter
from ..models import User

bp = Blueprint("auth", __name__)


@bp.post("/login")
@limiter.limit("5 per minute")
def login():
    payload = request.get_json(force=True)
    user = User.query.filter_by(email=payload.get("email", "")).first()
    if user is None or not check_password_hash(user.password_hash, payload.get("password", "")):
        return jsonify(error="invalid credentials"), 401
    token = create_access_token(identity=str(user.id))
    return jsonify(access_token=token, user_id=user.id)


@bp.post("/refresh")
@jwt_required(refresh=True)
def refresh():
    identity = get_jwt_identity()
    response = jsonify(ok=True)
    response.set_cookie(
        "refresh_token",
        create_refresh_token(identity=identity),
        httponly=True,
        samesite="Strict",
    )
    return response
