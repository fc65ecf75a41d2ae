"""Pydantic models of the seeds/ files (see seeds/README.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from graph.content.model import SLUG_MAX, SLUG_PATTERN
from graph.models.enums import Difficulty, Frequency, Seniority, Stage


def _no_nul(value: str) -> str:
    """PostgreSQL text cannot hold U+0000; refuse it on every backend alike."""
    if "\x00" in value:
        raise ValueError("must not contain the NUL character (U+0000)")
    return value


NoNul = AfterValidator(_no_nul)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), NoNul
]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), NoNul]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100_000), NoNul]
Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), NoNul]
"""Another name a concept goes by: an acronym (GBDT) or a common name (postmortem)."""
MAX_ALIASES = 8
Sentence = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NoNul
]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Slug
    title: Title
    summary: Text = ""
    tags: list[Tag] = Field(default_factory=list, max_length=20)

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))


class DomainFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class Item(_Spec):
        pass

    domains: list[Item]


class ConceptItem(_Spec):
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), NoNul]
    difficulty: Difficulty
    minutes: int = Field(gt=0, le=24 * 60)
    stage: Stage = Stage.CORE
    seniority: Seniority = Seniority.MID
    frequency: Frequency = Frequency.MEDIUM
    aliases: list[Alias] = Field(default_factory=list, max_length=MAX_ALIASES)
    prerequisites: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    parts: list[Slug] = Field(default_factory=list)
    body: Text = ""

    @field_validator("aliases")
    @classmethod
    def _unique_aliases(cls, aliases: list[str]) -> list[str]:
        unique: dict[str, str] = {}
        for alias in aliases:
            unique.setdefault(" ".join(alias.lower().split()), " ".join(alias.split()))
        return list(unique.values())


class PromptItem(_Spec):
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), NoNul
    ]
    seniority: Seniority
    minutes: int = Field(20, gt=0, le=24 * 60)
    follow_ups: list[Sentence] = Field(default_factory=list, max_length=10)
    answer_outline: Text | None = None
    assesses: list[Slug] = Field(min_length=1)


class DomainContentFile(BaseModel):
    """A YAML file inside a domain folder."""

    model_config = ConfigDict(extra="forbid")

    concepts: list[ConceptItem] = Field(default_factory=list)
    prompts: list[PromptItem] = Field(default_factory=list)


class ArticleFrontMatter(_Spec):
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), NoNul]
    difficulty: Difficulty
    read_minutes: int = Field(gt=0, le=24 * 60)
    learning_objectives: list[Sentence] = Field(default_factory=list, max_length=20)
    covers: list[Slug] = Field(default_factory=list)


class RoadmapDayItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: int = Field(ge=1, le=366)
    slug: Slug | None = None
    title: Title
    theme: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), NoNul] = ""
    summary: Text = ""
    domain: Slug | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    schedules: list[Slug] = Field(default_factory=list)


class RoadmapFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: list[RoadmapDayItem]
