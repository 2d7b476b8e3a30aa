from .extensions import db


# ok: migrations/missing-table
class User(db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), nullable=False, unique=True)
    # ok: migrations/missing-column
    plan = db.Column(db.String(20), nullable=True)


# ok: migrations/missing-table
class Order(db.Model):
    __tablename__ = "orders"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    total = db.Column(db.Numeric(10, 2), nullable=False)
    # ok: migrations/missing-column
    status = db.Column(db.String(20), nullable=False, default="new")
    # added by a batch operation, then dropped again by 8b9c0d1e2f3a
    # expect: migrations/missing-column
    notes = db.Column(db.Text)


# ok: migrations/missing-table
class Invoice(db.Model):
    __tablename__ = "invoices"

    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey("orders.id"), nullable=False)
    amount = db.Column(db.Numeric(10, 2), nullable=False)
    # ok: migrations/missing-column
    due_date = db.Column(db.Date)
    # added to the model, never migrated
    # expect: migrations/missing-column
    paid_at = db.Column(db.DateTime)


# ok: migrations/missing-table
class Coupon(db.Model):
    __tablename__ = "coupons"

    id = db.Column(db.Integer, primary_key=True)
    percent = db.Column(db.Integer, nullable=False)
    # ok: migrations/missing-column
    code = db.Column(db.String(32), unique=True)


# No revision creates "refund" (the name Flask-SQLAlchemy derives); its columns are not reported.
# expect: migrations/missing-table
class Refund(db.Model):
    # ok: migrations/missing-column
    id = db.Column(db.Integer, primary_key=True)
    # ok: migrations/missing-column
    invoice_id = db.Column(db.Integer, db.ForeignKey("invoices.id"), nullable=False)
