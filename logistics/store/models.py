"""SQLAlchemy 2 typed models of the store (design.md §5).

Stock is kept as two non-negative counters per warehouse and SKU:
``available`` (units on the shelf that nobody holds) and ``reserved`` (units
held for open orders). Units physically on hand are ``available + reserved``.
Reserving moves units from ``available`` to ``reserved`` with one conditional
``UPDATE``; the ``CHECK (available >= 0)`` constraint is the last line of
defence against overselling. Releasing moves them back, shipping removes them
from ``reserved``.

Times are stored as timezone-aware UTC datetimes; quantities in units, money in
cents, like the rest of the project.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "Base",
    "Warehouse",
    "CarrierRow",
    "Sku",
    "Stock",
    "Order",
    "OrderState",
    "Reservation",
    "ReservationState",
    "Shipment",
    "DecisionLog",
    "WarehouseDay",
    "IdempotencyKey",
    "IdempotencyState",
    "ApiKey",
    "Role",
    "Job",
    "JobState",
    "utcnow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator):
    """A timezone-aware DateTime that always comes back in UTC (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetime: store timezone-aware UTC times only")
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, dt.datetime):
            value = (
                value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
            )
        return value


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention (for Alembic)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UtcDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Role(enum.StrEnum):
    """What an API key may do (design.md §7)."""

    SHOP = "shop"
    DISPATCHER = "dispatcher"
    PLANNER = "planner"
    ADMIN = "admin"


class OrderState(enum.StrEnum):
    RESERVED = "reserved"
    CANCELLED = "cancelled"
    SHIPPED = "shipped"


class ReservationState(enum.StrEnum):
    HELD = "held"
    RELEASED = "released"
    SHIPPED = "shipped"


class IdempotencyState(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


# Counts and money the API takes up to 10**12: BIGINT on PostgreSQL (migration 0006);
# SQLite's INTEGER already holds 64 bits and keeps its declared type there.
WideInt = BigInteger().with_variant(Integer(), "sqlite")


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32), default="fulfillment_center")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    capacity_per_day: Mapped[int] = mapped_column(WideInt, default=1_000_000)
    handling_cost_per_order: Mapped[int] = mapped_column(WideInt, default=0)
    handling_cost_per_unit: Mapped[int] = mapped_column(WideInt, default=0)
    cutoffs_s: Mapped[list[Any]] = mapped_column(JSON, default=lambda: [16 * 3600])
    utc_offset_s: Mapped[int] = mapped_column(Integer, default=0)
    # IANA zone name ("America/Chicago"); NULL: the fixed utc_offset_s (migration 0005)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)

    __table_args__ = (
        CheckConstraint("lat >= -90 AND lat <= 90", name="lat_range"),
        CheckConstraint("lon >= -180 AND lon <= 180", name="lon_range"),
        CheckConstraint("capacity_per_day >= 0", name="capacity_nonneg"),
    )


class CarrierRow(Base):
    """A carrier: its full specification as JSON (rate card, reach, times)."""

    __tablename__ = "carriers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Sku(Base):
    __tablename__ = "skus"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    weight_g: Mapped[int] = mapped_column(WideInt, default=0)
    volume_cm3: Mapped[int] = mapped_column(WideInt, default=0)
    item_class: Mapped[str] = mapped_column(String(32), default="general")
    kit_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Stock(Base):
    """Units of one SKU in one warehouse: ``available`` to promise and ``reserved``."""

    __tablename__ = "stock"

    warehouse_id: Mapped[str] = mapped_column(
        ForeignKey("warehouses.id", ondelete="CASCADE"), primary_key=True
    )
    sku_id: Mapped[str] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), primary_key=True)
    available: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved: Mapped[int] = mapped_column(BigInteger, default=0)
    safety_stock: Mapped[int] = mapped_column(BigInteger, default=0)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("available >= 0", name="available_nonneg"),
        CheckConstraint("reserved >= 0", name="reserved_nonneg"),
        CheckConstraint("safety_stock >= 0", name="safety_nonneg"),
        Index("ix_stock_sku", "sku_id"),
    )

    @property
    def on_hand(self) -> int:
        """Units physically in the warehouse (held or not)."""
        return self.available + self.reserved


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_key_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(16), default=OrderState.RESERVED)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    total_cost: Mapped[int] = mapped_column(BigInteger, default=0)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    shipments: Mapped[list[Shipment]] = relationship(
        back_populates="order", order_by="Shipment.seq", lazy="selectin"
    )
    reservations: Mapped[list[Reservation]] = relationship(
        back_populates="order", order_by="Reservation.id", lazy="selectin"
    )


class Reservation(Base):
    """Units held for one order line at one warehouse; released or shipped once."""

    __tablename__ = "reservations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    sku_id: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16), default=ReservationState.HELD)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    order: Mapped[Order] = relationship(back_populates="reservations")

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_pos"),)


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    carrier_id: Mapped[str] = mapped_column(String(64), default="")
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    promised_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    lines: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # the warehouse's local day whose pick-and-pack capacity this shipment took: the day
    # it ships (``YYYY-MM-DD``; None for orders placed before capacity was counted)
    day: Mapped[str | None] = mapped_column(String(10), nullable=True)

    order: Mapped[Order] = relationship(back_populates="shipments")


class WarehouseDay(Base):
    """Shipments a warehouse has taken on for one local day (its daily capacity's counter).

    Counted up with a conditional update in the order's reserving transaction
    (never past ``capacity_per_day``), counted down once when an order is cancelled.
    """

    __tablename__ = "warehouse_days"

    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    shipments: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (CheckConstraint("shipments >= 0", name="shipments_nonneg"),)


class DecisionLog(Base):
    """Every decision and re-decision, with the options weighed, for audits."""

    __tablename__ = "decision_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(String(64), index=True)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IdempotencyKey(Base):
    """One request key per API key: its body hash, state and the response given."""

    __tablename__ = "idempotency_keys"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=IdempotencyState.IN_PROGRESS)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    locked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """An API key: only its SHA-256 is stored, never the key itself."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    __table_args__ = (
        CheckConstraint("role IN ('shop', 'dispatcher', 'planner', 'admin')", name="role_known"),
    )


class Job(Base):
    """A long solve: its request, state, progress and the best result so far."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: Looked up by ix_jobs_kind_created_at_id below (kind is its leading column).
    kind: Mapped[str] = mapped_column(String(32))
    owner_key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED, index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress_seq: Mapped[int] = mapped_column(Integer, default=0)
    best_result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: The parts of the best result served at their own URLs (a route plan's GeoJSON
    #: and map: megabytes), apart so that a poll of the job does not read them.
    best_attachments: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: The job runner (one per API server process) whose worker started the job.
    runner_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    #: Last sign of life of a running job (its worker or its runner); a running job
    #: whose heartbeat is stale was left behind by a server that is gone.
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')", name="state_known"
        ),
        # a job list: one kind, newest first (keyset paging on created_at, id)
        Index("ix_jobs_kind_created_at_id", "kind", "created_at", "id"),
    )
