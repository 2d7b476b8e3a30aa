"""Models of the reporting database, whose tables the second Alembic environment creates."""
from .extensions import db


# ok: migrations/missing-table
class DailyTotal(db.Model):
    __tablename__ = "daily_totals"

    # ok: migrations/missing-column
    day = db.Column(db.Date, primary_key=True)
    # ok: migrations/missing-column
    revenue = db.Column(db.Numeric(12, 2), nullable=False)
    # ok: migrations/missing-column
    order_count = db.Column("orders", db.Integer, nullable=False, server_default="0")
