import pytest

from graph.algorithms import Review, minutes_per_day_needed, pack_days


def layout(schedule):
    """Days as ``{day: [reviews..., "slug:minutes" or "slug:minutes:part/parts"]}``."""
    out = {}
    for day in schedule.days:
        cells = [f"review {r.slug}:{r.minutes}" for r in day.reviews]
        for s in day.steps:
            cells.append(f"{s.slug}:{s.minutes}" + (f":{s.part}/{s.parts}" if s.parts > 1 else ""))
        out[day.day] = cells
    return out


@pytest.mark.parametrize(
    ("items", "budget", "reviews", "expected"),
    [
        pytest.param(
            [("a", 30), ("b", 30), ("c", 10)],
            60,
            None,
            {1: ["a:30", "b:30"], 2: ["c:10"]},
            id="next-fit",
        ),
        pytest.param(
            [("a", 40), ("c", 150), ("d", 20)],
            60,
            None,
            {1: ["a:40", "c:20:1/4"], 2: ["c:60:2/4"], 3: ["c:60:3/4"], 4: ["c:10:4/4", "d:20"]},
            id="fills-the-day-then-spans",
        ),
        pytest.param(
            [("c", 120), ("d", 10)],
            60,
            None,
            {1: ["c:60:1/2"], 2: ["c:60:2/2"], 3: ["d:10"]},
            id="span-ending-on-a-full-day",
        ),
        pytest.param(
            [("a", 30), ("b", 30)],
            60,
            {1: [("r1", 20), ("r2", 10)]},
            {1: ["review r1:20", "review r2:10", "a:30"], 2: ["b:30"]},
            id="reviews-first-and-use-the-budget",
        ),
        pytest.param(
            [("a", 30)],
            60,
            {1: [("r1", 80)], 3: [Review("r2", 5)]},
            {1: ["review r1:80"], 2: ["a:30"], 3: ["review r2:5"]},
            id="reviews-alone-over-budget-keep-their-day",
        ),
        pytest.param(
            [("c", 90)],
            60,
            {2: [("r", 30)]},
            {1: ["c:60:1/2"], 2: ["review r:30", "c:30:2/2"]},
            id="span-uses-what-reviews-leave",
        ),
        pytest.param(
            [("a", 50), ("b", 10)],
            60,
            {1: [("r", 20)]},
            {1: ["review r:20", "a:40:1/2"], 2: ["a:10:2/2", "b:10"]},
            id="a-step-too-long-for-a-review-day-continues-next-day",
        ),
        pytest.param([], 60, None, {}, id="empty"),
    ],
)
def test_pack_days(items, budget, reviews, expected):
    schedule = pack_days(items, minutes_per_day=budget, reviews=reviews)
    assert layout(schedule) == expected
    assert schedule.fits


def test_placements_record_first_and_last_day():
    schedule = pack_days([("a", 40), ("c", 150)], minutes_per_day=60)
    assert [(p.slug, p.first_day, p.last_day) for p in schedule.placements] == [
        ("a", 1, 1),
        ("c", 1, 4),
    ]


def test_deadline_overflow_is_reported_not_dropped():
    items = [("a", 40), ("b", 40), ("c", 40), ("d", 40)]
    schedule = pack_days(items, minutes_per_day=60, max_days=2)
    assert layout(schedule) == {1: ["a:40", "b:20:1/2"], 2: ["b:20:2/2", "c:40"]}
    assert schedule.unscheduled == ("d",)
    assert not schedule.fits
    needed = minutes_per_day_needed(items, max_days=2)
    assert needed == 80
    assert pack_days(items, minutes_per_day=needed, max_days=2).fits
    assert not pack_days(items, minutes_per_day=needed - 1, max_days=2).fits


def test_a_span_cut_by_the_deadline_is_unscheduled_whole():
    schedule = pack_days([("a", 30), ("c", 150)], minutes_per_day=60, max_days=2)
    assert schedule.unscheduled == ("c",)
    assert layout(schedule) == {1: ["a:30"]}


@pytest.mark.parametrize(
    ("items", "max_days", "reviews", "expected"),
    [
        pytest.param([("a", 40), ("b", 30), ("c", 50)], 2, None, 60, id="full-days"),
        pytest.param([("a", 40), ("b", 30), ("c", 50)], 1, None, 120, id="one-day"),
        # Within the packing rules a step may span days at any budget.
        pytest.param([("a", 10)], 5, None, 2, id="plenty-of-days"),
        pytest.param([("a", 300)], 3, None, 100, id="one-long-step"),
        pytest.param([("a", 30)], 1, {1: [("r", 45)]}, 75, id="reviews-count"),
        pytest.param([], 3, None, 1, id="nothing"),
    ],
)
def test_minutes_per_day_needed(items, max_days, reviews, expected):
    assert minutes_per_day_needed(items, max_days=max_days, reviews=reviews) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes_per_day": 0}, "minutes_per_day"),
        ({"minutes_per_day": 60, "max_days": 0}, "max_days"),
        ({"minutes_per_day": 60, "reviews": {0: [("r", 5)]}}, "before day 1"),
        ({"minutes_per_day": 60, "reviews": {1: [("r", -5)]}}, "negative"),
    ],
)
def test_invalid_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pack_days([("a", 10)], **kwargs)
