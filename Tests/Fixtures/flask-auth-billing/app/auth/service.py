from flask import abort, current_app
from flask_jwt_extended import create_access_token, create_refresh_token
from werkzeug.security import check_password_hash


def authenticate(email, password):
    user = current_app.extensions["user_directory"].find_by_email(email)
    if user is None or not check_password_hash(user.password_hash, password):
        abort(401)
    return user


def issue_tokens(user):
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity),
        "refresh_token": create_refresh_token(identity=identity),
        "token_type": "bearer",
    }
