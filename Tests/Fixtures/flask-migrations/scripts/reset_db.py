"""Developer script that rebuilds a local database from the models."""
from sqlalchemy import create_engine

from app.models import Base

engine = create_engine("postgresql://localhost/dev")
Base.metadata.drop_all(engine)
# expect: migrations/create-all
Base.metadata.create_all(engine)
# ok: migrations/create-all
print("db.create_all() is not used here")
