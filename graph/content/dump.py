"""Read a PrepGraph JSON dump (see graph.export.dump) into a ContentSet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from graph.content.model import ContentError, ContentIssue, ContentSet, EdgeSpec, NodeSpec
from graph.content.schema import MAX_ALIASES, Slug
from graph.models.enums import Difficulty, EdgeKind, Frequency, NodeKind, Seniority, Stage

# A dump is loaded exactly as written: no whitespace is stripped, unlike seeds.
Title = Annotated[str, Field(min_length=1, max_length=300)]
Tag = Annotated[str, Field(min_length=1, max_length=60)]
Text = Annotated[str, Field(max_length=100_000)]
Sentence = Annotated[str, Field(min_length=1, max_length=2000)]
Alias = Annotated[str, Field(min_length=1, max_length=60)]

DUMP_FORMAT = "prepgraph-dump"


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: Slug
    title: Title
    summary: Text = ""
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    domain: Slug | None = None


class _Domain(_Node):
    kind: Literal["domain"]
    position: int = 0


class _Concept(_Node):
    kind: Literal["concept"]
    difficulty: Difficulty
    minutes: int = Field(gt=0, le=24 * 60)
    stage: Stage = Stage.CORE
    seniority: Seniority = Seniority.MID
    frequency: Frequency = Frequency.MEDIUM
    aliases: list[Alias] = Field(default_factory=list, max_length=MAX_ALIASES)
    body: Text = ""


class _Article(_Node):
    kind: Literal["article"]
    difficulty: Difficulty
    minutes: int = Field(gt=0, le=24 * 60)
    learning_objectives: list[Sentence] = Field(default_factory=list, max_length=20)
    body: Text = ""


class _Prompt(_Node):
    kind: Literal["prompt"]
    text: Annotated[str, Field(min_length=1, max_length=5000)]
    seniority: Seniority
    follow_ups: list[Sentence] = Field(default_factory=list, max_length=10)
    answer_outline: Text | None = None
    minutes: int = Field(20, gt=0, le=24 * 60)


class _Day(_Node):
    kind: Literal["roadmap_day"]
    day: int = Field(ge=1, le=366)
    theme: Annotated[str, Field(max_length=300)] = ""


_NODE = TypeAdapter(
    Annotated[_Domain | _Concept | _Article | _Prompt | _Day, Field(discriminator="kind")]
)


class _Edge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: EdgeKind
    source: Slug
    target: Slug
    weight: float | None = None
    note: Text | None = None
    position: int | None = None


def parse_dump(document: str | bytes | dict[str, Any], origin: str = "<dump>") -> ContentSet:
    """Turn a dump into a ContentSet; raises ContentError naming every bad record."""
    issues: list[ContentIssue] = []
    try:
        data = json.loads(document) if isinstance(document, str | bytes) else document
    except json.JSONDecodeError as exc:
        raise ContentError([ContentIssue(origin, None, f"not valid JSON: {exc}")]) from None
    except RecursionError:
        raise ContentError([ContentIssue(origin, None, "JSON nested too deeply")]) from None
    if not isinstance(data, dict) or data.get("format") != DUMP_FORMAT:
        raise ContentError([ContentIssue(origin, None, f'not a "{DUMP_FORMAT}" document')])
    if data.get("version") != 1:
        raise ContentError([ContentIssue(origin, None, "unsupported dump version")])
    content = ContentSet()
    for index, raw in enumerate(data.get("nodes") or []):
        slug = raw.get("slug") if isinstance(raw, dict) else None
        try:
            node = _NODE.validate_python(raw)
        except ValidationError as exc:
            issues.append(ContentIssue(origin, slug or f"nodes[{index}]", _describe(exc)))
            continue
        values = node.model_dump(mode="json")
        common = {k: values.pop(k) for k in ("kind", "slug", "title", "summary", "tags", "domain")}
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in values.items()
        }
        content.nodes.append(
            NodeSpec(
                NodeKind(common["kind"]),
                common["slug"],
                common["title"],
                common["summary"],
                tuple(common["tags"]),
                common["domain"],
                fields,
                origin,
            )
        )
    for index, raw in enumerate(data.get("edges") or []):
        try:
            edge = _Edge.model_validate(raw)
        except ValidationError as exc:
            issues.append(ContentIssue(origin, f"edges[{index}]", _describe(exc)))
            continue
        content.edges.append(
            EdgeSpec(
                edge.source,
                edge.target,
                edge.kind,
                weight=edge.weight,
                note=edge.note,
                position=edge.position,
                origin=origin,
            )
        )
    if issues:
        raise ContentError(issues)
    return content


def read_dump(path: Path) -> ContentSet:
    return parse_dump(path.read_bytes(), str(path))


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'value'}: {item['msg']}"
        for item in error.errors()
    )
