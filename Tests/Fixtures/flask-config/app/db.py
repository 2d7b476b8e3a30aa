from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from .settings import WorkerSettings

settings = WorkerSettings()
# ok: config/sqlite-fallback
engine = create_engine(settings.database_url, pool_pre_ping=True)
# expect: config/sqlite-fallback
reporting_engine = create_engine("sqlite:///reports.db")
Session = sessionmaker(bind=engine)
