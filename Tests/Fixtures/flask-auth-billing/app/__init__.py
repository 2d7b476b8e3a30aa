import os

from flask import Flask
from flask_jwt_extended import JWTManager

from .extensions import limiter


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]
    JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]
    STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
    JWT_TOKEN_LOCATION = ["headers", "cookies"]
    # ok: auth/insecure-cookie
    JWT_COOKIE_SECURE = os.environ.get("JWT_COOKIE_SECURE", "1") == "1"
    # expect: auth/insecure-cookie
    JWT_COOKIE_CSRF_PROTECT = False
    SESSION_COOKIE_HTTPONLY = True


def create_app(config_object=Config):
    app = Flask(__name__)
    app.config.from_object(config_object)
    app.config.update(
        # expect: auth/insecure-cookie
        SESSION_COOKIE_SECURE=False,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    # expect: auth/insecure-cookie
    app.config["JWT_COOKIE_SAMESITE"] = "None"

    # ok: auth/insecure-cookie
    JWTManager(app)
    limiter.init_app(app)

    from .auth.routes import bp as auth_bp
    from .billing.webhooks import bp as billing_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(billing_bp)
    return app
