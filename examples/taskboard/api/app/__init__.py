from flask import Flask
from flask_jwt_extended import JWTManager

from .config import Config
from .extensions import db, limiter


def create_app(config_class=Config):
    app = Flask(__name__)
    app.config.from_object(config_class)

    db.init_app(app)
    limiter.init_app(app)
    JWTManager(app)

    from .auth.routes import bp as auth_bp
    from .billing.routes import bp as billing_bp
    from .tasks.routes import bp as tasks_bp

    app.register_blueprint(auth_bp, url_prefix="/api/auth")
    app.register_blueprint(tasks_bp, url_prefix="/api/tasks")
    app.register_blueprint(billing_bp, url_prefix="/api/billing")

    with app.app_context():
        db.create_all()

    return app
