from datetime import date
from decimal import Decimal
from typing import Optional

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


# ok: tenancy/missing-tenant-column
class Plan(db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    monthly_cents: Mapped[int]


# ok: tenancy/missing-tenant-column
class Invoice(db.Model):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[date]
    lines: Mapped[list["InvoiceLine"]] = relationship(back_populates="invoice")


# expect: tenancy/missing-tenant-column
class InvoiceLine(db.Model):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    note: Mapped[Optional[str]]
    invoice: Mapped["Invoice"] = relationship(back_populates="lines")
