"""Spaced repetition of interview prompts with FSRS (the ``fsrs`` library).

Fuzzing is off so that the same history always gives the same schedule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

_scheduler = Scheduler(enable_fuzzing=False)


def review(card: dict[str, Any] | None, rating: str, at: datetime | None = None) -> dict[str, Any]:
    """The card after one review with ``rating``; a new card when ``card`` is None."""
    current = Card.from_dict(card) if card else Card()  # type: ignore[arg-type]
    updated, _log = _scheduler.review_card(current, RATINGS[rating], at or datetime.now(UTC))
    return dict(updated.to_dict())


def due_of(card: dict[str, Any]) -> datetime:
    due = datetime.fromisoformat(card["due"])
    return due if due.tzinfo else due.replace(tzinfo=UTC)


def reviews_by_day(
    due: list[tuple[str, datetime]], start: date, minutes: dict[str, int]
) -> dict[int, list[tuple[str, int]]]:
    """Map due prompts onto plan days (day 1 = ``start``; overdue ones go to day 1)."""
    days: dict[int, list[tuple[str, int]]] = {}
    for slug, moment in due:
        day = max(1, (moment.date() - start).days + 1)
        days.setdefault(day, []).append((slug, minutes.get(slug, 20)))
    return days
