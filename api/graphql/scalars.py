"""Date and DateTime with the specification they follow (`@specifiedBy`), parsed as before."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition


def serialize_datetime(value: dt.datetime) -> str:
    """RFC 3339 with its offset. PrepGraph stores UTC; SQLite hands datetimes back without
    a zone, so a naive value is UTC and is written with ``+00:00``.

    >>> serialize_datetime(dt.datetime(2026, 12, 3, 17, 16, 26))
    '2026-12-03T17:16:26+00:00'
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


SCALAR_OVERRIDES: dict[object, Any] = {
    dt.date: dataclasses.replace(
        DateDefinition,
        description="A calendar date, RFC 3339 full-date (2026-12-03)",
        specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    ),
    dt.datetime: dataclasses.replace(
        DateTimeDefinition,
        description="A moment, an RFC 3339 date-time (2026-12-03T14:15:00+00:00)",
        specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
        serialize=serialize_datetime,
    ),
}
