"""Settings of the background worker, read by pydantic-settings."""
from typing import Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    # ok: config/unguarded-env
    secret_key: str
    # expect: config/sqlite-fallback
    # expect: config/unguarded-env
    database_url: str = "sqlite:///./worker.db"
    # expect: config/unguarded-env
    jwt_secret_key: Optional[str] = None
    # expect: config/hardcoded-secret
    stripe_webhook_secret: str = Field(default="whsec_3f9a8b7c6d5e")
    # ok: config/hardcoded-secret
    sendgrid_api_key: str = ""
    # ok: config/sqlite-fallback
    result_cache_url: str = "sqlite:///cache.db"
    log_level: str = "info"
