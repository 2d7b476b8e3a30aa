import os

from flask import Flask

from .extensions import db, jwt, migrate


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
    app.config["JWT_TOKEN_LOCATION"] = ["cookies"]
    app.config["JWT_COOKIE_SECURE"] = True
    app.config["JWT_COOKIE_SAMESITE"] = "Lax"

    db.init_app(app)
    migrate.init_app(app, db)
    jwt.init_app(app)

    from .projects.routes import bp as projects_bp
    from .tasks import routes as tasks

    app.register_blueprint(projects_bp)
    app.register_blueprint(tasks.bp)
    app.register_blueprint(tasks.reports)
    return app
