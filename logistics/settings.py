"""Runtime settings read from the environment (pydantic-settings).

Every setting has a ``LOGISTICS_`` environment variable (set to the empty string: not
set, as ``LOGISTICS_DATASETS`` and ``LOGISTICS_RESULTS``); the defaults run the whole
product on one machine with an embedded SQLite file.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Settings of the store, the job workers and the HTTP service.

    Parameters
    ----------
    db_url
        SQLAlchemy URL of the store (``LOGISTICS_DB_URL``); a SQLite file by
        default, ``postgresql+psycopg://user@host/db`` for PostgreSQL.
    sqlite_busy_timeout_ms
        How long a SQLite writer waits for the write lock, in milliseconds.
    max_body_bytes
        Largest accepted HTTP request body, in bytes.
    job_workers
        Worker processes that run long solves (route plans, waves, scenarios).
    job_standby
        Worker processes started ahead with the solvers imported, so a job
        starts at once instead of after a process spawn (0: spawn per job).
    job_heartbeat_s
        Seconds between heartbeats of a running job (its worker's and its server's).
    job_stale_s
        A running job not heard of for this long (its heartbeat) is marked
        interrupted by any server on the database: its own server is gone. At least
        twice ``job_heartbeat_s``; servers' clocks must agree well within it.
    reserve_attempts
        How many times an order is re-decided when its stock changed underneath.
    order_threads
        Orders routed at once by one server process (worker threads); the default
        is 2 on SQLite (one writer at a time) and 4 on PostgreSQL.
    db_pre_ping
        PostgreSQL: test every pooled connection with a round trip before use.
        Off by default (two round trips per order): a connection found broken
        in use is dropped with the whole pool, the request answers 503 with
        ``Retry-After`` and order routing retries it once (its idempotency key
        makes that safe).
    """

    # an empty variable (``LOGISTICS_JOB_WORKERS=``) is not set: its default holds
    model_config = SettingsConfigDict(
        env_prefix="LOGISTICS_", extra="ignore", env_ignore_empty=True
    )

    db_url: str = "sqlite:///./logistics.db"
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    job_workers: int = Field(default=2, ge=1)
    job_standby: int = Field(default=1, ge=0)
    # finite: an infinite heartbeat passed its own check and was blamed on LOGISTICS_JOB_STALE_S
    job_heartbeat_s: float = Field(default=5.0, gt=0, allow_inf_nan=False)
    job_stale_s: float = Field(default=30.0, gt=0, allow_inf_nan=False)
    reserve_attempts: int = Field(default=3, ge=1)
    idempotency_stale_s: int = Field(default=120, ge=1)
    db_pre_ping: bool = False
    order_threads: int | None = Field(default=None, ge=1)

    @field_validator("job_stale_s")
    @classmethod
    def _stale_after_heartbeats(cls, stale_s: float, info: ValidationInfo) -> float:
        # a field's error, so that the error names LOGISTICS_JOB_STALE_S and its value
        heartbeat_s = info.data.get("job_heartbeat_s")  # absent: it failed its own check
        if heartbeat_s is not None and stale_s < 2 * heartbeat_s:
            raise PydanticCustomError(
                "stale_before_two_heartbeats",
                "must be at least twice LOGISTICS_JOB_HEARTBEAT_S ({heartbeat_s} s)",
                {"heartbeat_s": heartbeat_s},
            )
        return stale_s


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()
