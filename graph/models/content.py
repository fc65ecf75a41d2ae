"""The content graph: typed nodes sharing one identity, and one table of edges.

Joined-table inheritance: ``nodes`` holds what every node has (slug, title,
summary, tags, domain, timestamps, row version); one table per kind holds the
rest. A slug is unique across the whole graph, so every reference in seeds and
in the API is a slug whatever the kind.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from graph.models.base import Base, utcnow
from graph.models.enums import Difficulty, EdgeKind, Frequency, NodeKind, Seniority, Stage


def _in(column: str, values: Any) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Node(Base):
    __tablename__ = "nodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    domain_id: Mapped[int | None] = mapped_column(
        ForeignKey("nodes.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__: Any = (
        CheckConstraint(_in("kind", NodeKind), name="kind"),
        Index("ix_nodes_kind_title", "kind", "title"),
    )
    __mapper_args__: Any = {
        "polymorphic_on": "kind",
        "version_id_col": version,
    }


class Domain(Node):
    __tablename__ = "domains"
    id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    __mapper_args__: Any = {"polymorphic_identity": NodeKind.DOMAIN.value}


class Concept(Node):
    __tablename__ = "concepts"
    id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True)
    difficulty: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16), default=Stage.CORE.value)
    seniority: Mapped[str] = mapped_column(String(16), default=Seniority.MID.value)
    frequency: Mapped[str] = mapped_column(String(16), default=Frequency.MEDIUM.value)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint(_in("difficulty", Difficulty), name="difficulty"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
        CheckConstraint(_in("stage", Stage), name="stage"),
        CheckConstraint(_in("seniority", Seniority), name="seniority"),
        CheckConstraint(_in("frequency", Frequency), name="frequency"),
    )
    __mapper_args__: Any = {"polymorphic_identity": NodeKind.CONCEPT.value}


class Article(Node):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True)
    difficulty: Mapped[str] = mapped_column(String(16))
    read_minutes: Mapped[int] = mapped_column(Integer)
    learning_objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint(_in("difficulty", Difficulty), name="difficulty"),
        CheckConstraint("read_minutes > 0", name="read_minutes_positive"),
    )
    __mapper_args__: Any = {"polymorphic_identity": NodeKind.ARTICLE.value}


class Prompt(Node):
    __tablename__ = "prompts"
    id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    seniority: Mapped[str] = mapped_column(String(16))
    follow_ups: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer_outline: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[int] = mapped_column(Integer, default=20)
    __table_args__ = (
        CheckConstraint(_in("seniority", Seniority), name="seniority"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
    )
    __mapper_args__: Any = {"polymorphic_identity": NodeKind.PROMPT.value}


class RoadmapDay(Node):
    __tablename__ = "roadmap_days"
    id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, unique=True)
    theme: Mapped[str] = mapped_column(String(300), default="")
    __table_args__ = (CheckConstraint("day BETWEEN 1 AND 366", name="day_range"),)
    __mapper_args__: Any = {"polymorphic_identity": NodeKind.ROADMAP_DAY.value}


class Edge(Base):
    """A typed, directed edge. ``related_to`` is stored once and means both ways."""

    __tablename__ = "edges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    weight: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind"),
        CheckConstraint("source_id <> target_id", name="no_self_loop"),
        CheckConstraint(_in("kind", EdgeKind), name="kind"),
    )


class ContentVersion(Base):
    """A single-row counter bumped by every content write, in the same transaction."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
