"""The content gate for concept bodies: the same sections everywhere and a readable length.

No phrase may be copied from the reference pages either; that check covers every
seed file, bodies included (``test_default_graph.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from graph.content.service import DEFAULT_SEEDS, load_content
from graph.models.enums import NodeKind

SECTIONS = ("How it works", "Trade-offs", "Failure modes", "In the interview")
OPTIONAL_LAST = "Numbers worth knowing"
WORDS = (300, 700)

# Domains whose every concept has a body (all of them now; a new domain starts outside).
COMPLETE = frozenset(
    {
        "behavioral",
        "coding",
        "frontend-system-design",
        "low-level-design",
        "ml-system-design",
        "sql-databases",
        "system-design",
    }
)

CONTENT = load_content(DEFAULT_SEEDS)
CONCEPTS = [n for n in CONTENT.nodes if n.kind is NodeKind.CONCEPT]
WITH_BODY = [n for n in CONCEPTS if n.fields.get("body", "").strip()]


def _headings(body: str) -> list[str]:
    return re.findall(r"^## (.+?)\s*$", body, flags=re.MULTILINE)


@pytest.mark.parametrize("node", WITH_BODY, ids=lambda n: n.slug)
def test_a_body_has_the_sections_in_order(node) -> None:
    headings = _headings(node.fields["body"])
    expected = list(SECTIONS)
    if headings[len(SECTIONS) :] == [OPTIONAL_LAST]:
        expected.append(OPTIONAL_LAST)
    assert headings == expected, f"{node.origin}: {node.slug}: sections {headings}"


@pytest.mark.parametrize("node", WITH_BODY, ids=lambda n: n.slug)
def test_a_body_is_long_enough_and_not_too_long(node) -> None:
    count = len(node.fields["body"].split())
    assert WORDS[0] <= count <= WORDS[1], f"{node.origin}: {node.slug}: {count} words"


def test_complete_domains_have_a_body_for_every_concept() -> None:
    missing: dict[str, list[str]] = defaultdict(list)
    for node in CONCEPTS:
        if node.domain in COMPLETE and not node.fields.get("body", "").strip():
            missing[node.domain].append(node.slug)
    assert dict(missing) == {}
    assert WITH_BODY, "no concept has a body"


def test_bodies_hold_no_raw_html() -> None:
    """Markup belongs in code (`<dialog>` is fine); a bare tag would be content HTML."""

    def prose(body: str) -> str:
        body = re.sub(r"```.*?```", "", body, flags=re.DOTALL)
        return re.sub(r"`[^`]*`", "", body)

    tagged = [n.slug for n in WITH_BODY if re.search(r"<[a-zA-Z/!][^>]*>", prose(n.fields["body"]))]
    assert tagged == []
