from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


# ok: migrations/missing-table
class Person(db.Model):
    # ok: migrations/missing-column
    id = db.Column(db.Integer, primary_key=True)
    # ok: migrations/missing-column
    email = db.Column(db.String(255), nullable=False)
    # ok: migrations/missing-column
    phone = db.Column(db.String(30))


# ok: migrations/missing-table
class Project(db.Model):
    # ok: migrations/missing-column
    id = db.Column(db.Integer, primary_key=True)
    # ok: migrations/missing-column
    name = db.Column(db.String(80), nullable=False)
