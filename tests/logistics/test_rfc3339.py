"""RFC 3339 date-times at the edges: what is read, what is refused (naming the field)."""

from datetime import timedelta

import pytest

from logistics.errors import InvalidValueError
from logistics.rfc3339 import parse_rfc3339


@pytest.mark.parametrize(
    ("text", "offset_min"),
    [
        ("2026-11-23T08:00:00-03:00", -180),
        ("2026-11-23 08:00:00z", 0),
        ("2026-11-23t08:00:00.5Z", 0),
        ("2026-11-23T08:00:00+05:45", 345),
        ("2026-11-23T08:00:00-00:00", 0),
    ],
)
def test_reads_rfc3339_times_with_their_offset(text, offset_min):
    assert parse_rfc3339(text, "at").utcoffset() == timedelta(minutes=offset_min)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23T08:00:00+05:75",  # read as +06:15 before
        "2026-11-23T08:00:00+24:00",
        "2026-11-23T08:00:00-0300",
        "20261123T080000Z",
        "2026-02-29T08:00:00Z",
        "2026-11-23T08:00Z",
    ],
)
def test_refuses_what_rfc3339_does_not_allow(text):
    with pytest.raises(InvalidValueError) as info:
        parse_rfc3339(text, "at")
    assert (info.value.field, info.value.value) == ("at", text)


def test_a_time_without_offset_is_told_so():
    with pytest.raises(InvalidValueError, match="needs an offset"):
        parse_rfc3339("2026-11-23T08:00:00", "at")
