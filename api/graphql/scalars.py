"""Date and DateTime with the specification they follow (`@specifiedBy`), parsed as before."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition

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
    ),
}
