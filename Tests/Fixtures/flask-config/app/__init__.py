import os
import sys

import stripe
from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from .config import config


def create_app(config_name=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config[config_name or os.getenv("FLASK_CONFIG", "default")])
    instance_database = os.path.join(app.instance_path, "app.db")
    # expect: config/sqlite-fallback
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", "sqlite:///" + instance_database)
    app.config.update(
        # expect: config/hardcoded-secret
        STRIPE_SECRET_KEY="sk_live_51HqLyjWDarjtT1zdp7dc",
        # ok: config/hardcoded-secret
        STRIPE_PUBLISHABLE_KEY="pk_live_51HqLyjWDarjtT1zdp7dc",
    )
    # expect: config/unguarded-env
    app.config["JWT_SECRET_KEY"] = os.getenv("JWT_SECRET")
    # ok: config/hardcoded-secret
    stripe.api_key = app.config["STRIPE_SECRET_KEY"]
    if not app.config.get("SECRET_KEY"):
        sys.exit("SECRET_KEY must be set")
    # expect: config/hardcoded-secret
    app.serializer = URLSafeTimedSerializer(secret_key="email-confirmation-key")
    return app
