from flask import Blueprint, jsonify, make_response, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
)

from ..extensions import limiter
from .service import authenticate, issue_tokens

bp = Blueprint("auth", __name__, url_prefix="/api/auth")


@bp.post("/login")
@limiter.limit("5 per minute")
def login():
    data = request.get_json()
    user = authenticate(data["email"], data["password"])
    access = create_access_token(identity=str(user.id))
    response = make_response(jsonify(user={"id": user.id, "email": user.email}))
    set_access_cookies(response, access)
    # expect: auth/insecure-cookie
    response.set_cookie("remember_token", user.remember_token, max_age=30 * 24 * 3600)
    # ok: auth/insecure-cookie
    response.set_cookie("locale", data.get("locale", "en"))
    # ok: auth/token-in-response-body
    return response


@bp.post("/refresh")
@jwt_required(refresh=True)
def refresh():
    token = create_access_token(identity=get_jwt_identity())
    # expect: auth/token-in-response-body
    return jsonify(access_token=token), 200


@bp.post("/token")
@limiter.limit("5 per minute")
def token():
    data = request.get_json()
    user = authenticate(data["username"], data["password"])
    # expect: auth/token-in-response-body
    return issue_tokens(user)


@bp.post("/session")
@limiter.limit("5 per minute")
def session():
    data = request.get_json()
    user = authenticate(data["email"], data["password"])
    refresh_token = create_refresh_token(identity=str(user.id))
    response = jsonify(user={"id": user.id})
    # ok: auth/insecure-cookie
    response.set_cookie(
        "refresh_token", refresh_token, httponly=True, secure=True, samesite="Strict", path="/api/auth/refresh"
    )
    # expect: auth/insecure-cookie
    response.set_cookie("device", create_access_token(identity=str(user.id), fresh=False), httponly=True)
    return response


@bp.get("/me")
@jwt_required()
def me():
    # ok: auth/token-in-response-body
    return {"id": get_jwt_identity(), "token_type": "cookie", "expires_in": 900}
