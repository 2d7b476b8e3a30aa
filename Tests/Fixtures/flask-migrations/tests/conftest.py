import pytest

from app import create_app
from app.extensions import db


@pytest.fixture
def app():
    app = create_app()
    with app.app_context():
        # ok: migrations/create-all
        db.create_all()
        yield app
        db.drop_all()
