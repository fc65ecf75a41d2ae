"""Pack an ordered list of study steps into days under a daily budget.

This module knows nothing about the graph: it takes ``(slug, minutes)``
pairs already in a valid study order. Packing is sequential (next-fit): a
step goes on the current day when it fits, otherwise on the next day, and
the packer never returns to an earlier day. So no step lands on a day before
any step that precedes it, which is what keeps prerequisites first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Day",
    "Placement",
    "Review",
    "Schedule",
    "Slot",
    "minutes_per_day_needed",
    "normalise_reviews",
    "pack_days",
]

ReviewsInput = Mapping[int, Iterable["Review | tuple[str, int]"]]


@dataclass(frozen=True)
class Review:
    """A due review (a prompt to practise again) on a given day."""

    slug: str
    minutes: int
    reason: str = "review"


@dataclass(frozen=True)
class Slot:
    """A step's share of one day: ``part`` of ``parts`` when it spans days."""

    slug: str
    minutes: int
    part: int = 1
    parts: int = 1


@dataclass(frozen=True)
class Day:
    """One study day: reviews first, then new material.

    ``minutes`` is the total of both; it stays within the budget unless the
    reviews due that day alone exceed it (due reviews are never moved).
    """

    day: int
    reviews: tuple[Review, ...]
    steps: tuple[Slot, ...]
    minutes: int


@dataclass(frozen=True)
class Placement:
    """The first and last day of a scheduled step (equal unless it spans)."""

    slug: str
    first_day: int
    last_day: int


@dataclass(frozen=True)
class Schedule:
    """The result of :func:`pack_days`.

    ``placements`` covers a prefix of the input; the rest, which did not fit
    before the deadline, is listed in ``unscheduled`` in order.
    """

    days: tuple[Day, ...]
    placements: tuple[Placement, ...]
    unscheduled: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.unscheduled


def normalise_reviews(reviews: ReviewsInput | None) -> dict[int, tuple[Review, ...]]:
    """Check due reviews and turn ``(slug, minutes)`` pairs into :class:`Review`."""
    out: dict[int, tuple[Review, ...]] = {}
    for day, items in (reviews or {}).items():
        if day < 1:
            raise ValueError(f"review day {day} is before day 1")
        normalised = tuple(r if isinstance(r, Review) else Review(r[0], int(r[1])) for r in items)
        if any(r.minutes < 0 for r in normalised):
            raise ValueError(f"negative review minutes on day {day}")
        if normalised:
            out[day] = normalised
    return out


def _check(minutes_per_day: int, max_days: int | None) -> None:
    if minutes_per_day < 1:
        raise ValueError("minutes_per_day must be at least 1")
    if max_days is not None and max_days < 1:
        raise ValueError("max_days must be at least 1")


def _pack(
    items: Sequence[tuple[str, int]],
    budget: int,
    max_days: int | None,
    review_minutes: Mapping[int, int],
    *,
    record: bool = True,
) -> tuple[int, list[list[tuple[int, int]]]]:
    """Next-fit packing; stops at the first step that ends after `max_days`.

    Returns how many steps fit and, when `record` is set, each fitted step's
    ``(day, minutes)`` shares (one per day it occupies).
    """
    last = max_days if max_days is not None else float("inf")
    shares: list[list[tuple[int, int]]] = []
    placed = 0
    day, used = 1, 0  # used: new-material minutes already on `day`

    def capacity(d: int) -> int:
        return max(0, budget - review_minutes.get(d, 0))

    for _, minutes in items:
        if used + minutes <= capacity(day):
            used += minutes
            if record:
                shares.append([(day, minutes)])
            placed += 1
            continue
        # Start on a day without new material and pour the step into each
        # day's room until done: one day when it fits, several when it is
        # longer. (Skipping a day that reviews leave too little room on would
        # make a bigger budget fit fewer steps, breaking the budget search.)
        if used:
            day += 1
        parts: list[tuple[int, int]] = []
        left = minutes
        while True:
            used = min(left, capacity(day))
            if used:
                parts.append((day, used))
                left -= used
            if not left:
                break
            day += 1
        if day > last:
            break
        if record:
            shares.append(parts)
        placed += 1
    return placed, shares


def pack_days(
    items: Iterable[tuple[str, int]],
    *,
    minutes_per_day: int,
    max_days: int | None = None,
    reviews: ReviewsInput | None = None,
) -> Schedule:
    """Pack ordered ``(slug, minutes)`` steps into numbered days.

    Each day first takes the reviews due on it, which use its budget; new
    steps fill what is left. A step that does not fit in what is left of
    the current day starts on the next day; when it is longer than that
    day's room (the budget less the day's reviews) it continues over the
    following days, one :class:`Slot` per day (``part`` of ``parts``). So a
    concept longer than `minutes_per_day` fills whole days, and the last one
    may be shared with the next steps.

    Parameters
    ----------
    items : iterable of (str, int)
        Steps in study order with their minutes.
    minutes_per_day : int
        The daily budget, at least 1.
    max_days : int, optional
        The deadline. Steps that would end after it are ``unscheduled``,
        and so is every step after them (the order is kept). Reviews due
        after the deadline are outside the plan and left out.
    reviews : mapping of int to iterable of Review or (slug, minutes)
        Reviews due by day number (days start at 1).

    Returns
    -------
    Schedule
        Days numbered contiguously from 1 to the last day with any work.

    Examples
    --------
    >>> s = pack_days([("a", 40), ("b", 30), ("c", 150)], minutes_per_day=60)
    >>> for d in s.days:
    ...     print(d.day, [(x.slug, x.minutes, f"part {x.part} of {x.parts}") for x in d.steps])
    1 [('a', 40, 'part 1 of 1')]
    2 [('b', 30, 'part 1 of 1')]
    3 [('c', 60, 'part 1 of 3')]
    4 [('c', 60, 'part 2 of 3')]
    5 [('c', 30, 'part 3 of 3')]
    """
    _check(minutes_per_day, max_days)
    items = list(items)
    due = normalise_reviews(reviews)
    if max_days is not None:
        due = {d: r for d, r in due.items() if d <= max_days}
    review_minutes = {d: sum(r.minutes for r in rs) for d, rs in due.items()}
    placed, shares = _pack(items, minutes_per_day, max_days, review_minutes)

    slots: dict[int, list[Slot]] = {}
    placements = []
    for (slug, _), parts in zip(items, shares, strict=False):
        for i, (d, take) in enumerate(parts, start=1):
            slots.setdefault(d, []).append(Slot(slug, take, i, len(parts)))
        placements.append(Placement(slug, parts[0][0], parts[-1][0]))

    last_day = max([*slots, *due], default=0)
    days = tuple(
        Day(
            day=d,
            reviews=due.get(d, ()),
            steps=tuple(slots.get(d, ())),
            minutes=review_minutes.get(d, 0) + sum(s.minutes for s in slots.get(d, ())),
        )
        for d in range(1, last_day + 1)
    )
    unscheduled = tuple(slug for slug, _ in items[placed:])
    return Schedule(days=days, placements=tuple(placements), unscheduled=unscheduled)


def minutes_per_day_needed(
    items: Iterable[tuple[str, int]],
    *,
    max_days: int,
    reviews: ReviewsInput | None = None,
) -> int:
    """The smallest daily budget with which :func:`pack_days` fits `max_days`.

    Found by binary search over the packing itself, which is valid because
    this packing never ends later with a larger budget: every day has at
    least as much room, and a step only ever starts on the next day or
    pours into the days after it, never skips a day with room.

    Examples
    --------
    >>> minutes_per_day_needed([("a", 40), ("b", 30), ("c", 50)], max_days=2)
    70
    """
    _check(1, max_days)
    items = list(items)
    due = {d: r for d, r in normalise_reviews(reviews).items() if d <= max_days}
    review_minutes = {d: sum(r.minutes for r in rs) for d, rs in due.items()}
    total = sum(m for _, m in items)
    if not items:
        return 1

    def fits(budget: int) -> bool:
        return _pack(items, budget, max_days, review_minutes, record=False)[0] == len(items)

    # Everything fits on day 1 with this budget, and nothing can fit in
    # fewer than total / max_days minutes a day.
    lo = max(1, -(-total // max_days))
    hi = total + review_minutes.get(1, 0)
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
