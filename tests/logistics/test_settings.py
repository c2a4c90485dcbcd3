"""Settings from ``LOGISTICS_*``: a bad value is an error naming its variable."""

from __future__ import annotations

import pytest

from logistics.cli.store_url import settings_or_error
from logistics.errors import InvalidValueError


def test_a_stale_time_under_two_heartbeats_names_its_variable(monkeypatch):
    # it read: LOGISTICS_*={'job_stale_s': '1'}: Value error, job_stale_s (1.0) must be
    # at least twice job_heartbeat_s (5.0)
    monkeypatch.setenv("LOGISTICS_JOB_STALE_S", "1")
    with pytest.raises(InvalidValueError) as err:
        settings_or_error()
    assert str(err.value) == (
        "LOGISTICS_JOB_STALE_S='1': must be at least twice LOGISTICS_JOB_HEARTBEAT_S (5.0 s)"
    )


def test_a_bad_heartbeat_is_named_once(monkeypatch):
    monkeypatch.setenv("LOGISTICS_JOB_HEARTBEAT_S", "abc")
    with pytest.raises(InvalidValueError) as err:
        settings_or_error()
    assert err.value.field == "LOGISTICS_JOB_HEARTBEAT_S"


def test_stale_time_at_twice_the_heartbeat_is_fine(monkeypatch):
    monkeypatch.setenv("LOGISTICS_JOB_HEARTBEAT_S", "2")
    monkeypatch.setenv("LOGISTICS_JOB_STALE_S", "4")
    assert settings_or_error().job_stale_s == 4.0


@pytest.mark.parametrize("name", ["LOGISTICS_JOB_HEARTBEAT_S", "LOGISTICS_JOB_STALE_S"])
@pytest.mark.parametrize("value", ["inf", "nan"])
def test_an_endless_time_is_refused_naming_its_own_variable(monkeypatch, name, value):
    # LOGISTICS_JOB_HEARTBEAT_S=inf read: LOGISTICS_JOB_STALE_S=30.0: must be at least twice...
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidValueError) as err:
        settings_or_error()
    assert str(err.value) == f"{name}='{value}': Input should be a finite number"


@pytest.mark.parametrize(
    ("name", "field", "default"),
    [
        ("LOGISTICS_JOB_WORKERS", "job_workers", 2),
        ("LOGISTICS_DB_URL", "db_url", "sqlite:///./logistics.db"),
    ],
)
def test_an_empty_variable_is_not_set(monkeypatch, name, field, default):
    # LOGISTICS_JOB_WORKERS= was "Input should be a valid integer", LOGISTICS_DB_URL= "not a
    # database URL", while an empty LOGISTICS_DATASETS or LOGISTICS_RESULTS meant not set
    monkeypatch.setenv(name, "")
    assert getattr(settings_or_error(), field) == default
