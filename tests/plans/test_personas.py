"""Plan quality: personas on the shipped graph, through the real API.

Every plan is checked against what its persona's coach expects (see
``personas.py``) and against the rules any plan must keep:

- practice never comes before the study of a concept it assesses, and an
  article never before the first concept it covers;
- no day but the last is under two-thirds of the budget while work remains
  (the day before a mock interview may be shorter: the mock is not split);
- nothing after the deadline, no day over the budget;
- when a target is left out, no reading, practice or mock is scheduled;
- reasons are words and titles, never slugs;
- practice is on topic: at most one assessed concept outside the plan.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.plans.personas import PERSONAS, Persona

START = date(2027, 1, 4)

PLAN = """query($input: StudyPlanInput!) {
  studyPlan(input: $input) {
    totalMinutes minutesPerDay fitsDeadline minutesPerDayNeeded minutesPerDayForTargets
    spacedReviews
    steps {
      position day lastDay reason role mode isTarget
      node { slug title domain { slug } ... on Concept { stage seniority difficulty } }
      materials { node { slug } day lastDay }
    }
    unscheduled { node { slug } }
    days {
      day minutes
      slots { activity minutes part parts node { slug ... on Prompt { concepts { slug } }
                                                   ... on Article { concepts { slug } } } }
      reviewedConcepts { slug }
    }
    cuts { kind node { slug } minutes reason }
    mockInterview { day lastDay minutes prompts { slug } }
  }
}"""


def _input(persona: Persona) -> dict[str, Any]:
    data = {k: v for k, v in persona.input.items() if k != "days"}
    data["startDate"] = START.isoformat()
    if "days" in persona.input:
        data["deadline"] = (START + timedelta(days=persona.input["days"] - 1)).isoformat()
    return data


def coach_rules(plan: dict[str, Any], persona: Persona) -> list[str]:
    """Every rule a plan must keep, as a list of violations (empty when all hold)."""
    problems: list[str] = []
    budget = plan["minutesPerDay"]
    steps = {s["node"]["slug"]: s for s in plan["steps"]}
    studied = {slug: s for slug, s in steps.items() if s["day"] is not None}
    known = set(persona.input.get("known", ()))
    days = plan["days"]
    deadline = persona.input.get("days")
    mock_day = (plan["mockInterview"] or {}).get("day")
    target_cut = any(c["kind"] == "TARGET" for c in plan["cuts"])
    for index, day in enumerate(days):
        for slot in day["slots"]:
            node = slot["node"]
            if slot["activity"] in ("PRACTICE", "MOCK_INTERVIEW"):
                assessed = [c["slug"] for c in node["concepts"]]
                for concept in assessed:
                    if concept in studied and studied[concept]["lastDay"] > day["day"]:
                        problems.append(f"day {day['day']}: {node['slug']} before {concept}")
                outside = [c for c in assessed if c not in steps and c not in known]
                if len(outside) > 1:
                    problems.append(f"{node['slug']} off topic: {outside}")
                if target_cut:
                    problems.append(f"practice {node['slug']} while a target is left out")
            if slot["activity"] == "READ":
                covered = [studied[c]["day"] for c in (x["slug"] for x in node["concepts"])
                           if c in studied]  # fmt: skip
                if covered and min(covered) > day["day"]:
                    problems.append(f"day {day['day']}: article {node['slug']} too early")
                if target_cut:
                    problems.append(f"article {node['slug']} while a target is left out")
        last = index == len(days) - 1
        before_mock = mock_day is not None and day["day"] == mock_day - 1
        if not last and not before_mock and day["minutes"] * 3 < budget * 2:
            problems.append(f"day {day['day']} only {day['minutes']} of {budget} minutes")
        if day["minutes"] > budget:
            problems.append(f"day {day['day']} over budget: {day['minutes']}")
        if deadline is not None and day["day"] > deadline:
            problems.append(f"day {day['day']} after the deadline")
    slugs = [s for s in steps if "-" in s]
    for step in plan["steps"]:
        for slug in slugs:
            if slug in step["reason"]:
                problems.append(f"reason of {step['node']['slug']} names a slug: {step['reason']}")
                break
    return problems


def coach_expectations(plan: dict[str, Any], persona: Persona) -> list[str]:
    """What this persona's coach expects, as a list of misses."""
    misses: list[str] = []
    steps = {s["node"]["slug"]: s for s in plan["steps"]}
    studied = {slug: s for slug, s in steps.items() if s["day"] is not None}
    order = [s["node"]["slug"] for s in plan["steps"] if s["day"] is not None]
    everything = set(steps)
    for day in plan["days"]:
        everything.update(slot["node"]["slug"] for slot in day["slots"])
    for slug in persona.scheduled:
        if slug not in studied:
            misses.append(f"{slug} not studied")
    for slug in persona.absent:
        if slug in everything:
            misses.append(f"{slug} should not be in the plan")
    for a, b in persona.before:
        if a in studied and b in studied and order.index(a) > order.index(b):
            misses.append(f"{a} after {b}")
    for slug, n in persona.early:
        if slug not in order[:n]:
            misses.append(f"{slug} not among the first {n} steps: {order[:n]}")
    if persona.fits is not None and plan["fitsDeadline"] is not persona.fits:
        misses.append(f"fitsDeadline is {plan['fitsDeadline']}")
    if persona.mock is not None and (plan["mockInterview"] is not None) is not persona.mock:
        misses.append(f"mock interview: {plan['mockInterview']}")
    mock = plan["mockInterview"]
    if persona.mock and mock and mock["day"] != plan["days"][-1]["day"]:
        misses.append("the mock interview is not on the last day")
    if persona.reviews is not None:
        reviewed = any(d["reviewedConcepts"] for d in plan["days"])
        if reviewed is not persona.reviews or plan["spacedReviews"] is not persona.reviews:
            misses.append(f"spaced reviews: {reviewed}")
    for domain in persona.interleaved:
        first = plan["days"][: max(2, len(plan["days"]) // 5)]
        if not any(
            steps.get(slot["node"]["slug"], {}).get("node", {}).get("domain", {}).get("slug")
            == domain
            for d in first
            for slot in d["slots"]
        ):
            misses.append(f"no {domain} in the first {len(first)} days")
    for domain, n in persona.min_scheduled_in:
        count = sum(1 for s in studied.values() if s["node"]["domain"]["slug"] == domain)
        if count < n:
            misses.append(f"only {count} {domain} concepts studied")
    if persona.extra.get("stretch_cut_first"):
        left_out = [c["node"]["slug"] for c in plan["cuts"] if c["kind"] == "TARGET"]
        kept_stretch = [
            s["node"]["slug"]
            for s in studied.values()
            if s["isTarget"]
            and (s["node"]["seniority"] != "MID" or s["node"]["difficulty"] == "ADVANCED")
        ]
        plain_cut = [
            slug
            for slug in left_out
            if steps[slug]["node"]["seniority"] == "MID"
            and steps[slug]["node"]["difficulty"] != "ADVANCED"
        ]
        if plain_cut and kept_stretch:
            misses.append(f"kept stretch {kept_stretch[:3]} but cut {plain_cut[:3]}")
    if persona.extra.get("arc"):
        rank = {"FRAMING": 0, "FOUNDATION": 1, "CORE": 2, "CASE": 3}
        targets = [s for s in plan["steps"] if s["isTarget"]]
        first_case = min(i for i, s in enumerate(targets) if s["node"]["stage"] == "CASE")
        last_foundation = max(
            i for i, s in enumerate(targets) if s["node"]["stage"] == "FOUNDATION"
        )
        if last_foundation > first_case:
            misses.append("a foundation target comes after a case")
        if rank[targets[0]["node"]["stage"]] != 0:
            misses.append(f"opens with {targets[0]['node']['slug']}, not framing")
    if persona.extra.get("practice_on"):
        target = persona.extra["practice_on"]
        practised = [
            slot["node"]["slug"]
            for d in plan["days"]
            for slot in d["slots"]
            if slot["activity"] == "PRACTICE"
            and target in [c["slug"] for c in slot["node"]["concepts"]]
        ]
        if not practised:
            misses.append(f"no practice on {target}")
    for kind in persona.extra.get("cut", ()):
        if not any(c["kind"] == kind.upper() for c in plan["cuts"]):
            misses.append(f"no {kind} cut reported")
    if persona.extra.get("needs_more_time"):
        if not plan["minutesPerDayForTargets"] or plan["minutesPerDayForTargets"] <= 60:
            misses.append("does not say how much time the targets need")
        if not plan["cuts"]:
            misses.append("no cuts reported")
    return misses


@pytest.mark.parametrize(
    "persona",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=p.gap, strict=True)) if p.gap else p
        for p in PERSONAS
    ],
    ids=[p.name for p in PERSONAS],
)
async def test_persona_plan(gql_default: GraphQLClient, persona: Persona) -> None:
    plan = (await gql_default.data(PLAN, {"input": _input(persona)}))["studyPlan"]
    assert coach_rules(plan, persona) == []
    assert coach_expectations(plan, persona) == []


def test_there_are_at_least_twelve_personas() -> None:
    assert len(PERSONAS) >= 12
    assert len({p.name for p in PERSONAS}) == len(PERSONAS)
