"""Pack an ordered list of study tasks into full days under a daily budget.

This module knows nothing about the graph: it takes tasks already in a valid
study order (concepts, articles, practice prompts, a mock interview) and
fills days one after the other:

- Each day starts with the reviews due on it: spaced-repetition cards given
  by the caller first, then (with ``spacing``) short spaced reviews of the
  concepts studied on earlier days, within a share of the budget.
- New work fills the rest in order. A task that does not fit the room left
  is split at the day's end (its parts are explicit slots) unless a piece
  would be shorter than the smallest part; so every day but the last is at
  least two-thirds full while work remains.
- Practice tasks are never split when they can be moved instead: one that
  does not fit waits for the next day while the following tasks fill the
  room. Practice therefore only ever moves later, after the study it needs.
  A mock interview is never split: it starts on a fresh day when it does
  not fit the room left (so the day before it may be shorter), and its
  questions stay on one day when one day can hold them all.

Nothing is ever placed before a task that precedes it (practice aside, which
only moves later), which is what keeps prerequisites first.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_SPACING",
    "Day",
    "Placement",
    "Review",
    "Schedule",
    "Slot",
    "Task",
    "fits_in_days",
    "minutes_per_day_needed",
    "normalise_reviews",
    "pack_days",
    "smallest_part",
    "smallest_passing",
]

ReviewsInput = Mapping[int, Iterable["Review | tuple[str, int]"]]

DEFAULT_SPACING = (1, 3, 7)
"""Days after a concept's study on which it is reviewed: expanding intervals."""

REVIEW_MINUTES = 5
"""Minutes of one spaced review of a concept (recall it, then check the summary)."""

GRANULARITY = 5
"""Minutes to which a needed daily budget above 20 minutes is rounded up."""

REVIEW_SHARE = 0.15
"""Share of the daily budget that spaced reviews may take."""


@dataclass(frozen=True)
class Task:
    """One piece of work in study order.

    Attributes
    ----------
    slug : str
        The node studied, read or practised.
    minutes : int
        Its minutes.
    activity : str
        ``"study"``, ``"skim"``, ``"read"``, ``"practice"`` or ``"mock"``.
    review : bool
        Whether the concept gets spaced reviews once studied.
    """

    slug: str
    minutes: int
    activity: str = "study"
    review: bool = False

    @property
    def deferrable(self) -> bool:
        return self.activity == "practice"

    @property
    def whole(self) -> bool:
        return self.activity in ("practice", "mock")


@dataclass(frozen=True)
class Review:
    """A review on a given day: a due card (a prompt) or a studied concept."""

    slug: str
    minutes: int
    reason: str = "review"
    kind: str = "card"  # "card" (spaced-repetition prompt) | "concept"


@dataclass(frozen=True)
class Slot:
    """A task's share of one day: ``part`` of ``parts`` when it spans days."""

    slug: str
    minutes: int
    part: int = 1
    parts: int = 1
    activity: str = "study"
    task: int = 0  # index of the task in the packed list


@dataclass(frozen=True)
class Day:
    """One study day: reviews first, then new work.

    ``minutes`` is the total of both; it stays within the budget unless the
    cards due that day alone exceed it (due cards are never moved).
    """

    day: int
    reviews: tuple[Review, ...]
    steps: tuple[Slot, ...]
    minutes: int


@dataclass(frozen=True)
class Placement:
    """The first and last day of a scheduled task (equal unless it spans)."""

    slug: str
    first_day: int
    last_day: int


@dataclass(frozen=True)
class Schedule:
    """The result of :func:`pack_days`.

    ``placements`` is aligned with the tasks: ``None`` for a task that did
    not finish by the deadline (its slug is then in ``unscheduled``).
    """

    days: tuple[Day, ...]
    placements: tuple[Placement | None, ...]
    unscheduled: tuple[str, ...] = field(default=())

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


def smallest_part(minutes_per_day: int) -> int:
    """The shortest piece a task is split into: 10 minutes, less on small budgets.

    A day closes with free room only when the room is under two smallest
    parts, so with this size every day but the last is two-thirds full.
    """
    return max(1, min(10, minutes_per_day // 6))


def _as_task(item: Task | tuple[str, int]) -> Task:
    return item if isinstance(item, Task) else Task(item[0], int(item[1]))


def _pack(
    tasks: Sequence[Task],
    budget: int,
    max_days: int | None,
    cards: Mapping[int, tuple[Review, ...]],
    spacing: Sequence[int],
    *,
    days_wanted: bool = True,
) -> tuple[list[Day], list[Placement | None]]:
    """Fill days in order; stop after `max_days`. See the module docstring.

    Without `days_wanted` only the placements are returned (``[]`` for days):
    enough to tell whether everything fits.
    """
    small = smallest_part(budget)
    allowance = round(budget * REVIEW_SHARE) if spacing else 0
    if allowance < REVIEW_MINUTES:
        allowance = 0
    placements: list[Placement | None] = [None] * len(tasks)
    parts: list[list[int]] = [[] for _ in tasks]  # days each task occupies
    raw_days: list[tuple[int, list[Review], list[tuple[int, int]]]] = []
    due: list[tuple[int, int, str, int]] = []  # heap of (due day, studied on, concept, index)
    held: list[int] = []  # practice waiting for a day with room, in order
    left = [t.minutes for t in tasks]
    # Minutes of the mock session from each of its tasks on: it starts on a day
    # where it all fits, when one day can hold it.
    session = [0] * (len(tasks) + 1)
    for k in range(len(tasks) - 1, -1, -1):
        session[k] = tasks[k].minutes + session[k + 1] if tasks[k].activity == "mock" else 0
    i = 0  # next task in order
    day = 0
    while i < len(tasks) or held:
        day += 1
        if max_days is not None and day > max_days:
            break
        reviews = list(cards.get(day, ()))
        used = sum(r.minutes for r in reviews)
        if allowance:
            room = allowance - used
            while due and due[0][0] <= day and room >= REVIEW_MINUTES:
                _, studied, slug, step = heapq.heappop(due)
                reviews.append(Review(slug, REVIEW_MINUTES, f"studied on day {studied}", "concept"))
                used += REVIEW_MINUTES
                room -= REVIEW_MINUTES
                if step + 1 < len(spacing):
                    heapq.heappush(due, (studied + spacing[step + 1], studied, slug, step + 1))
        slots: list[tuple[int, int]] = []  # (task index, minutes)

        def put(index: int, minutes: int) -> None:
            nonlocal used
            parts[index].append(day)
            task = tasks[index]
            slots.append((index, minutes))
            used += minutes
            left[index] -= minutes
            if not left[index]:
                placements[index] = Placement(task.slug, parts[index][0], day)
                if task.review and spacing:
                    heapq.heappush(due, (day + spacing[0], day, task.slug, 0))

        def split(index: int) -> bool:
            """Put as much of the task as leaves both pieces at least `small`."""
            room = budget - used
            take = min(room, left[index] - small)
            if room >= small and take >= small:
                put(index, take)
                return True
            return False

        def full() -> bool:
            return used * 3 >= budget * 2

        waiting, held = held, []
        for index in waiting:  # practice moved from an earlier day comes first
            if left[index] <= budget - used:
                put(index, left[index])
            else:
                if not slots and not split(index) and budget - used > 0 and not used:
                    put(index, min(left[index], budget))
                held.append(index) if left[index] else None
        while i < len(tasks):
            task = tasks[i]
            if task.activity == "mock" and used and budget - used < session[i] <= budget:
                break  # the mock interview starts on a fresh day
            if left[i] <= budget - used:
                put(i, left[i])
                i += 1
                continue
            if task.deferrable and i + 1 < len(tasks) and left[i] <= budget:
                held.append(i)  # practise later; keep filling with what follows
                i += 1
                continue
            if task.whole and left[i] <= budget and (full() or task.activity == "mock"):
                break  # not split when it can start on a fresh day
            if not split(i) and not slots and used < budget and not reviews:
                put(i, min(left[i], budget))  # a budget below two parts: never stall
                if not left[i]:
                    i += 1
            break
        while held and not full() and i >= len(tasks):
            if not split(held[0]):
                break
        raw_days.append((day, reviews, slots))
    if not days_wanted:
        return [], placements
    last_work = day if raw_days else 0
    for extra in sorted(d for d in cards if d > last_work):
        raw_days.extend((d, [], []) for d in range(len(raw_days) + 1, extra))
        raw_days.append((extra, list(cards[extra]), []))
    # Number each task's parts, and leave out tasks the deadline cut.
    count = [len(p) for p in parts]
    seen = [0] * len(tasks)
    days = []
    for number, reviews, slots in raw_days:
        kept = []
        for index, minutes in slots:
            if placements[index] is None:
                continue
            seen[index] += 1
            task = tasks[index]
            kept.append(Slot(task.slug, minutes, seen[index], count[index], task.activity, index))
        minutes = sum(r.minutes for r in reviews) + sum(s.minutes for s in kept)
        days.append(Day(number, tuple(reviews), tuple(kept), minutes))
    while days and not days[-1].steps and not days[-1].reviews:
        days.pop()
    return days, placements


def pack_days(
    items: Iterable[Task | tuple[str, int]],
    *,
    minutes_per_day: int,
    max_days: int | None = None,
    reviews: ReviewsInput | None = None,
    spacing: Sequence[int] = (),
) -> Schedule:
    """Pack ordered tasks into numbered, full days.

    Parameters
    ----------
    items : iterable of Task or (str, int)
        Work in study order; a pair is a study task of that many minutes.
    minutes_per_day : int
        The daily budget, at least 1.
    max_days : int, optional
        The deadline. Tasks that would end after it are ``unscheduled``.
        Reviews due after the deadline are outside the plan and left out.
    reviews : mapping of int to iterable of Review or (slug, minutes)
        Cards due by day number (days start at 1); they come first.
    spacing : sequence of int, optional
        Days after its study on which a task marked ``review`` is reviewed
        (e.g. :data:`DEFAULT_SPACING`); empty for no spaced reviews.

    Returns
    -------
    Schedule
        Days numbered contiguously from 1 to the last day with any work.

    Examples
    --------
    >>> s = pack_days([("a", 40), ("b", 30), ("c", 150)], minutes_per_day=60)
    >>> for d in s.days:
    ...     print(d.day, [(x.slug, x.minutes, f"part {x.part} of {x.parts}") for x in d.steps])
    1 [('a', 40, 'part 1 of 1'), ('b', 20, 'part 1 of 2')]
    2 [('b', 10, 'part 2 of 2'), ('c', 50, 'part 1 of 3')]
    3 [('c', 60, 'part 2 of 3')]
    4 [('c', 40, 'part 3 of 3')]
    """
    _check(minutes_per_day, max_days)
    tasks = [_as_task(i) for i in items]
    due = normalise_reviews(reviews)
    if max_days is not None:
        due = {d: r for d, r in due.items() if d <= max_days}
    days, placements = _pack(tasks, minutes_per_day, max_days, due, tuple(spacing))
    unscheduled = tuple(t.slug for t, p in zip(tasks, placements, strict=True) if p is None)
    return Schedule(days=tuple(days), placements=tuple(placements), unscheduled=unscheduled)


def fits_in_days(
    items: Iterable[Task | tuple[str, int]],
    *,
    minutes_per_day: int,
    max_days: int,
    reviews: ReviewsInput | None = None,
    spacing: Sequence[int] = (),
) -> bool:
    """Whether :func:`pack_days` places every task by `max_days` (without building the days).

    Examples
    --------
    >>> fits_in_days([("a", 40), ("b", 30)], minutes_per_day=60, max_days=2)
    True
    >>> fits_in_days([("a", 40), ("b", 30)], minutes_per_day=30, max_days=2)
    False
    """
    _check(minutes_per_day, max_days)
    tasks = [_as_task(i) for i in items]
    due = {d: r for d, r in normalise_reviews(reviews).items() if d <= max_days}
    _, placements = _pack(tasks, minutes_per_day, max_days, due, tuple(spacing), days_wanted=False)
    return all(p is not None for p in placements)


def minutes_per_day_needed(
    items: Iterable[Task | tuple[str, int]],
    *,
    max_days: int,
    reviews: ReviewsInput | None = None,
    spacing: Sequence[int] = (),
) -> int:
    """The smallest daily budget with which :func:`pack_days` fits `max_days`.

    Found by bisection over the packing itself: more room a day never makes
    the work end later, up to the rounding of parts, and the answer is
    checked to fit. Above 20 minutes a day it is rounded up to a multiple of
    :data:`GRANULARITY` (a budget a person sets, found with fewer packings).

    Examples
    --------
    >>> minutes_per_day_needed([("a", 40), ("b", 30), ("c", 50)], max_days=2)
    60
    """
    _check(1, max_days)
    tasks = [_as_task(i) for i in items]
    due = {d: r for d, r in normalise_reviews(reviews).items() if d <= max_days}
    if not tasks:
        return 1
    total = sum(t.minutes for t in tasks)

    def fits(budget: int) -> bool:
        _, placements = _pack(tasks, budget, max_days, due, tuple(spacing), days_wanted=False)
        return all(p is not None for p in placements)

    # The answer is rarely far above the even share: gallop up from it, then
    # bisect, in steps of GRANULARITY minutes once the share is that large.
    share = max(1, -(-total // max_days))
    unit = GRANULARITY if share > 4 * GRANULARITY else 1
    lo = hi = -(-share // unit)

    def fits_units(k: int) -> bool:
        return fits(k * unit)

    while not fits_units(hi):  # reviews or parts can need more than the total
        lo, hi = hi + 1, hi + max(1, hi // 4) * (2 if hi * unit > total else 1)
    return smallest_passing(lo, hi, fits_units) * unit


def smallest_passing(lo: int, hi: int, ok: Callable[[int], bool]) -> int:
    """The smallest k in ``lo..hi`` with ``ok(k)``, for a monotone `ok` with ``ok(hi)``.

    Examples
    --------
    >>> smallest_passing(1, 100, lambda k: k * k >= 50)
    8
    """
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
