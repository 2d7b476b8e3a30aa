/// Small projects the end-to-end tests audit. They trigger only `migrations/create-all` and
/// archverify's own notes, so their reports do not change when other rules are added.
enum Projects {
  /// Two `create_all()` calls in application code (one tab-indented, after a multi-byte
  /// character) and one in test code, which is not checked. Score 88: passes the default gate.
  static let createAll: [String: String] = [
    "app/__init__.py": """
    from flask import Flask
    from flask_migrate import Migrate

    from .extensions import db


    def create_app():
        app = Flask(__name__)
        db.init_app(app)
        Migrate(app, db)
        with app.app_context():
            db.create_all()
        return app

    """,
    "app/extensions.py": """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()

    """,
    "scripts/seed.py": """
    \"\"\"Fills a throwaway database for demos.\"\"\"
    from app.extensions import db
    from app.models import Base


    def seed():
    \tlabel = "café"; Base.metadata.create_all(bind=db.engine)
    \treturn label

    """,
    "tests/test_app.py": """
    from app.extensions import db


    def test_tables():
        db.create_all()

    """,
  ]

  /// A project with nothing to report.
  static let clean: [String: String] = [
    "app/__init__.py": """
    from flask import Flask


    def create_app():
        return Flask(__name__)

    """
  ]

  /// Every form of suppression comment: a used one with a reason, a blanket one, an unused one.
  static let suppressions: [String: String] = [
    "app/__init__.py": """
    from .extensions import db


    def create_app(app):
        with app.app_context():
            # archverify: ignore[migrations/create-all] the demo database is rebuilt on every start
            db.create_all()
        return app


    def reset():
        db.create_all()  # archverify: ignore


    # archverify: ignore[migrations/create-all]
    VERSION = 1

    """
  ]

  /// `count` modules, each with one `create_all()` call, for determinism across workers.
  static func many(_ count: Int) -> [String: String] {
    var files: [String: String] = [:]
    for index in 0..<count {
      files["app/module_\(index).py"] =
        "from .extensions import db\n\n\ndef setup_\(index)():\n    db.create_all()\n"
    }
    return files
  }
}
