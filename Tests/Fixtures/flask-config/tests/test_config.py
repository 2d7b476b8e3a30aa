import os

from app import create_app

# ok: config/hardcoded-secret
SECRET_KEY = "test-secret"
# ok: config/sqlite-fallback
SQLALCHEMY_DATABASE_URI = "sqlite://"
# ok: config/unguarded-env
DATABASE_URL = os.getenv("DATABASE_URL", "sqlite://")


def test_testing_config_uses_memory_database():
    app = create_app("testing")
    # ok: config/hardcoded-secret
    app.config.update(SECRET_KEY="another-test-secret", STRIPE_SECRET_KEY="sk_test_123")
    assert app.config["TESTING"] is True
