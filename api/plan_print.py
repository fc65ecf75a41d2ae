"""A study plan printed day by day in the terminal, for editors reading plans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graph.algorithms.plan import Material, Step, StudyPlan

ACTIVITY_STYLE = {
    "review": "dim",
    "study": "bold",
    "skim": "italic",
    "read": "cyan",
    "practice": "green",
    "mock": "bold magenta",
}

CUT_HEADINGS = {
    "practice": "Practice",
    "article": "Reading",
    "review": "Spaced reviews",
    "skim": "Skimmed",
    "mock": "Mock interview",
    "target": "Targets left out",
    "prerequisite": "Prerequisites left out",
}


def _title(nodes: Mapping[str, Mapping[str, Any]], slug: str) -> str:
    return str(nodes[slug].get("title") or slug)


def summary_line(plan: StudyPlan, seniority: str) -> str:
    """One line: level, budget, deadline and its outcome, size, rehearsal."""
    parts = [seniority.capitalize(), f"{plan.minutes_per_day} min a day"]
    if plan.max_days is not None:
        parts.append(f"{plan.max_days} days")
        parts.append("fits the deadline" if plan.fits_deadline else "does NOT fit the deadline")
    scheduled = sum(1 for s in plan.steps if s.first_day is not None)
    parts.append(f"{scheduled} of {len(plan.steps)} steps over {len(plan.days)} days")
    parts.append(f"{plan.total_minutes} min in all")
    if plan.reviews:
        parts.append("spaced reviews")
    if plan.mock_interview is not None:
        parts.append(f"mock interview on day {plan.mock_interview.day}")
    return " · ".join(parts)


def plan_table(G: nx.MultiDiGraph, plan: StudyPlan) -> Table:
    """Each day's reviews and work, in order, with the step number and why it is there."""
    nodes = G.nodes
    steps: dict[str, Step] = {s.slug: s for s in plan.steps}
    materials: dict[tuple[str, str], Material] = {}
    for step in plan.steps:
        for m in (*step.articles, *step.prompts):
            materials[(m.slug, "read" if m.kind == "article" else "practice")] = m
    if plan.mock_interview is not None:
        for m in plan.mock_interview.prompts:
            materials[(m.slug, "mock")] = m

    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    table.add_column("Day", justify="right", no_wrap=True)
    table.add_column("Activity", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)  # step number
    table.add_column("Work", overflow="fold")
    table.add_column("Min", justify="right", no_wrap=True)
    table.add_column("Why", overflow="fold", style="dim")

    for day in plan.days:
        rows: list[tuple[str, str, str, str, str]] = []
        for review in day.reviews:
            why = f"Review: {review.reason}" if review.kind == "concept" else "Due practice card"
            rows.append(("review", "", _title(nodes, review.slug), str(review.minutes), why))
        for slot in day.steps:
            name = _title(nodes, slot.slug)
            if slot.parts > 1:
                name += f" (part {slot.part} of {slot.parts})"
            number, why = "", ""
            if slot.activity in ("study", "skim"):
                step = steps[slot.slug]
                number = f"{step.position}."
                if step.is_target:
                    name = f"★ {name}"
                if slot.part == 1:
                    why = step.reason
            else:
                material = materials.get((slot.slug, slot.activity))
                why = material.reason if material is not None else ""
            rows.append((slot.activity, number, name, str(slot.minutes), why))
        for index, (activity, number, name, minutes, why) in enumerate(rows):
            label = f"{day.day}" if index == 0 else ""
            table.add_row(
                Text(label, style="bold"),
                Text(activity, style=ACTIVITY_STYLE.get(activity, "")),
                number,
                Text(name, style=ACTIVITY_STYLE.get(activity, "") if activity == "mock" else ""),
                minutes,
                why,
            )
        total = f"{day.minutes}/{plan.minutes_per_day}"
        table.add_row("", "", "", Text("day total", "dim"), total, "")
        if day is not plan.days[-1]:
            table.add_section()
    return table


def cut_lines(G: nx.MultiDiGraph, plan: StudyPlan) -> list[str]:
    """What the deadline cut, grouped by kind in the order it cuts, with minutes saved."""
    lines: list[str] = []
    groups: dict[str, list[str]] = {}
    saved: dict[str, int] = {}
    for cut in plan.cuts:
        groups.setdefault(cut.kind, [])
        saved[cut.kind] = saved.get(cut.kind, 0) + cut.minutes
        if cut.slug is not None:
            groups[cut.kind].append(_title(G.nodes, cut.slug))
        else:  # the reviews or the mock interview as a whole: say what happened
            groups[cut.kind].append(cut.reason[0].lower() + cut.reason[1:])
    for kind, names in groups.items():
        heading = CUT_HEADINGS.get(kind, kind)
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        lines.append(f"{heading} ({saved[kind]} min saved){': ' + shown if shown else ''}")
    return lines


def print_plan(
    console: Console,
    G: nx.MultiDiGraph,
    plan: StudyPlan,
    *,
    seniority: str,
    requested: Sequence[str],
) -> None:
    """The plan as an editor reads it: a summary, the days, and what the deadline cut."""
    names = ", ".join(_title(G.nodes, slug) for slug in requested)
    console.print(Text(f"Study plan: {names}", style="bold"))
    console.print(summary_line(plan, seniority), highlight=False)
    for target in plan.known_targets:
        console.print(f"Already known: {_title(G.nodes, target.concept)}", highlight=False)
    if not plan.steps:
        console.print("Nothing to study: every target is known.")
        return
    console.print(plan_table(G, plan))
    if plan.cuts:
        heading = "Cut to fit the deadline, in the order the plan gives things up:"
        console.print(Text(heading, "bold"))
        for line in cut_lines(G, plan):
            console.print(f"  - {line}", highlight=False, soft_wrap=True)
    if not plan.fits_deadline and plan.minutes_per_day_needed is not None:
        needed = f"Everything fits with {plan.minutes_per_day_needed} min a day"
        if plan.minutes_per_day_for_targets is not None:
            needed += f"; every target (without extras) with {plan.minutes_per_day_for_targets}"
        console.print(needed + ".", highlight=False)
