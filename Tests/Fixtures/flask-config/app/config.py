"""Configuration classes, chosen by the FLASK_CONFIG environment variable."""
import os
from enum import Enum
from os import environ, getenv

basedir = os.path.abspath(os.path.dirname(__file__))


class SecretName(Enum):
    # ok: config/hardcoded-secret
    STRIPE_API_KEY = "stripe_api_key"
    # ok: config/sqlite-fallback
    DATABASE_URL = "sqlite://"


class Config:
    # expect: config/unguarded-env
    SECRET_KEY = os.environ.get("SECRET_KEY") or "you-will-never-guess"
    # ok: config/unguarded-env
    JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]
    # expect: config/hardcoded-secret
    SECURITY_PASSWORD_SALT = "146585145368132386173505678016728509634"
    # ok: config/hardcoded-secret
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    # expect: config/hardcoded-secret
    SENDGRID_API_KEY = getenv("SENDGRID_API_KEY", "SG.7f3a9c1d7e2b84b6a")
    # ok: config/hardcoded-secret
    STRIPE_WEBHOOK_SECRET = environ.get("STRIPE_WEBHOOK_SECRET", "change-me")
    # expect: config/unguarded-env
    REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    PASSWORD_MIN_LENGTH = 12


class DevelopmentConfig(Config):
    DEBUG = True
    # expect: config/sqlite-fallback
    SQLALCHEMY_DATABASE_URI = os.environ.get("DEV_DATABASE_URL") or "sqlite:///" + os.path.join(
        basedir, "dev.db"
    )


class TestingConfig(Config):
    TESTING = True
    # expect: config/sqlite-fallback
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # expect: config/hardcoded-secret
    SECRET_KEY = "testing-secret"


class ProductionConfig(Config):
    # ok: config/unguarded-env
    SQLALCHEMY_DATABASE_URI = os.getenv("DATABASE_URL")
    SQLALCHEMY_BINDS = {
        # expect: config/sqlite-fallback
        "audit": "sqlite:///audit.db",
        # ok: config/sqlite-fallback
        "analytics": os.environ["ANALYTICS_DATABASE_URL"],
    }

    @classmethod
    def init_app(cls, app):
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("DATABASE_URL must be set in production")


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
