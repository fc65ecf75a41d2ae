"""Read a seeds/ folder (YAML and markdown with front matter) into a ContentSet."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from graph.content.model import ContentError, ContentIssue, ContentSet, EdgeSpec, NodeSpec
from graph.content.schema import (
    ArticleFrontMatter,
    ConceptItem,
    DomainFile,
    PromptItem,
    RoadmapDayItem,
)
from graph.models.enums import EdgeKind, NodeKind
from graph.suggest import did_you_mean

M = TypeVar("M", bound=BaseModel)

DOMAINS_FILE = "domains.yaml"
ROADMAP_FILE = "roadmap.yaml"
FRONT_MATTER = "---"


def roadmap_slug(day: int) -> str:
    return f"roadmap-day-{day}"


def _describe(error: ValidationError, model: type[BaseModel] | None = None) -> str:
    parts = []
    for item in error.errors():
        location = ".".join(str(p) for p in item["loc"]) or "value"
        if item["type"] == "extra_forbidden" and model is not None and len(item["loc"]) == 1:
            known = list(model.model_fields)
            hint = did_you_mean(str(item["loc"][0]), known)
            parts.append(f"unknown key {location!r}{hint}")
            continue
        parts.append(f"{location}: {item['msg']}")
    return "; ".join(parts)


# libyaml's parser when PyYAML was built with it (its wheels are): ten times faster than the
# pure-Python one on the shipped seeds, with the same safe subset and the same line marks.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _lines(text: str, key: str) -> list[dict[str, int]]:
    """For each item of the list under `key`: the line of the item and of each of its keys.

    Read from PyYAML's node tree (1-based lines), so errors can say where to look.
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.SequenceNode):
            found = []
            for item in value_node.value:
                lines = {"": item.start_mark.line + 1}
                if isinstance(item, yaml.MappingNode):
                    for field, _ in item.value:
                        lines[str(field.value)] = field.start_mark.line + 1
                found.append(lines)
            return found
    return []


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = ContentSet()
        self.issues: list[ContentIssue] = []
        self.texts: dict[Path, str] = {}

    def origin(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def load_yaml(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.issues.append(ContentIssue(self.origin(path), None, f"not valid YAML: {exc}"))
            return None
        self.texts[path] = text
        return data

    def items(self, path: Path, raw: Any, key: str, model: type[M]) -> Iterable[M]:
        values = raw.get(key, []) if isinstance(raw, dict) else None
        if not isinstance(values, list):
            self.issues.append(ContentIssue(self.origin(path), None, f"`{key}` must be a list"))
            return
        lines: list[dict[str, int]] | None = None
        for index, item in enumerate(values):
            slug = item.get("slug") if isinstance(item, dict) else None
            try:
                yield model.model_validate(item)
            except ValidationError as exc:
                label = slug or f"{key}[{index}]"
                if lines is None:
                    lines = _lines(self.texts.get(path, ""), key)
                where = lines[index] if index < len(lines) else {}
                # The line of the first offending key that is in the file, else the item's.
                keys = [str(e["loc"][0]) for e in exc.errors() if e["loc"]]
                line = next((where[k] for k in keys if k in where), where.get(""))
                origin = f"{self.origin(path)}:{line}" if line else self.origin(path)
                self.issues.append(ContentIssue(origin, label, _describe(exc, model)))

    def check_keys(self, path: Path, raw: Any, allowed: set[str]) -> bool:
        if raw is None:
            return False
        if not isinstance(raw, dict):
            self.issues.append(ContentIssue(self.origin(path), None, "expected a mapping"))
            return False
        unknown = set(raw) - allowed
        if unknown:
            names = ", ".join(sorted(unknown))
            self.issues.append(ContentIssue(self.origin(path), None, f"unknown keys: {names}"))
        return True

    def node(self, spec: NodeSpec) -> None:
        self.content.nodes.append(spec)

    def edge(self, source: str, target: str, kind: EdgeKind, origin: str, **extra: Any) -> None:
        self.content.edges.append(EdgeSpec(source, target, kind, origin=origin, **extra))

    # -- files -------------------------------------------------------------------------------

    def read_domains(self, path: Path) -> list[str]:
        raw = self.load_yaml(path)
        if not self.check_keys(path, raw, {"domains"}):
            return []
        origin = self.origin(path)
        slugs = []
        for position, item in enumerate(self.items(path, raw, "domains", DomainFile.Item)):
            slugs.append(item.slug)
            self.node(
                NodeSpec(
                    NodeKind.DOMAIN,
                    item.slug,
                    item.title,
                    item.summary,
                    tuple(item.tags),
                    None,
                    {"position": position},
                    origin,
                )
            )
        return slugs

    def read_domain_file(self, path: Path, domain: str) -> None:
        raw = self.load_yaml(path)
        if not self.check_keys(path, raw, {"concepts", "prompts"}):
            return
        origin = self.origin(path)
        for concept in self.items(path, raw, "concepts", ConceptItem):
            fields: dict[str, Any] = {
                "difficulty": concept.difficulty.value,
                "minutes": concept.minutes,
                "stage": concept.stage.value,
                "seniority": concept.seniority.value,
                "frequency": concept.frequency.value,
                "aliases": tuple(concept.aliases),
                "body": concept.body,
            }
            self.node(
                NodeSpec(
                    NodeKind.CONCEPT,
                    concept.slug,
                    concept.title,
                    concept.summary,
                    tuple(concept.tags),
                    domain,
                    fields,
                    origin,
                )
            )
            for prerequisite in concept.prerequisites:
                self.edge(prerequisite, concept.slug, EdgeKind.PREREQUISITE, origin)
            for related in concept.related:
                self.edge(concept.slug, related, EdgeKind.RELATED_TO, origin)
            for position, part in enumerate(concept.parts, start=1):
                self.edge(part, concept.slug, EdgeKind.PART_OF, origin, position=position)
        for prompt in self.items(path, raw, "prompts", PromptItem):
            prompt_fields: dict[str, Any] = {
                "text": prompt.text,
                "seniority": prompt.seniority.value,
                "follow_ups": tuple(prompt.follow_ups),
                "answer_outline": prompt.answer_outline,
                "minutes": prompt.minutes,
            }
            summary = prompt.summary or prompt.text
            self.node(
                NodeSpec(
                    NodeKind.PROMPT,
                    prompt.slug,
                    prompt.title,
                    summary,
                    tuple(prompt.tags),
                    domain,
                    prompt_fields,
                    origin,
                )
            )
            for concept_slug in prompt.assesses:
                self.edge(prompt.slug, concept_slug, EdgeKind.ASSESSES, origin)

    def read_article(self, path: Path, domain: str) -> None:
        origin = self.origin(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.issues.append(ContentIssue(origin, path.stem, f"not UTF-8: {exc}"))
            return
        lines = text.splitlines()
        if (
            not lines
            or lines[0].strip() != FRONT_MATTER
            or FRONT_MATTER not in (line.strip() for line in lines[1:])
        ):
            self.issues.append(ContentIssue(origin, path.stem, "missing YAML front matter"))
            return
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == FRONT_MATTER)
        try:
            meta = yaml.safe_load("\n".join(lines[1:end]))
        except yaml.YAMLError as exc:
            self.issues.append(ContentIssue(origin, path.stem, f"front matter: {exc}"))
            return
        try:
            article = ArticleFrontMatter.model_validate(meta)
        except ValidationError as exc:
            slug = meta.get("slug") if isinstance(meta, dict) else None
            self.issues.append(ContentIssue(origin, slug or path.stem, _describe(exc)))
            return
        if article.slug != path.stem:
            self.issues.append(
                ContentIssue(origin, article.slug, f"file must be named {article.slug}.md")
            )
        body = "\n".join(lines[end + 1 :]).strip() + "\n"
        fields: dict[str, Any] = {
            "difficulty": article.difficulty.value,
            "minutes": article.read_minutes,
            "learning_objectives": tuple(article.learning_objectives),
            "body": body,
        }
        self.node(
            NodeSpec(
                NodeKind.ARTICLE,
                article.slug,
                article.title,
                article.summary,
                tuple(article.tags),
                domain,
                fields,
                origin,
            )
        )
        for concept in article.covers:
            self.edge(article.slug, concept, EdgeKind.COVERS, origin)

    def read_roadmap(self, path: Path) -> None:
        raw = self.load_yaml(path)
        if not self.check_keys(path, raw, {"days"}):
            return
        origin = self.origin(path)
        for item in self.items(path, raw, "days", RoadmapDayItem):
            slug = item.slug or roadmap_slug(item.day)
            self.node(
                NodeSpec(
                    NodeKind.ROADMAP_DAY,
                    slug,
                    item.title,
                    item.summary,
                    tuple(item.tags),
                    item.domain,
                    {"day": item.day, "theme": item.theme},
                    origin,
                )
            )
            for position, target in enumerate(item.schedules):
                self.edge(slug, target, EdgeKind.SCHEDULES, origin, position=position)


def read_seeds(root: Path | str) -> ContentSet:
    """Read a seeds folder; raise :class:`ContentError` listing every malformed item."""
    root = Path(root)
    reader = _Reader(root)
    if not root.is_dir():
        raise ContentError([ContentIssue(str(root), None, "not a directory")])
    domains_path = root / DOMAINS_FILE
    if not domains_path.is_file():
        raise ContentError([ContentIssue(reader.origin(domains_path), None, "file is missing")])
    domains = reader.read_domains(domains_path)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name not in domains:
            reader.issues.append(
                ContentIssue(
                    reader.origin(folder), None, f"folder is not a domain listed in {DOMAINS_FILE}"
                )
            )
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            reader.read_domain_file(path, folder.name)
        for path in sorted((folder / "articles").glob("*.md")):
            reader.read_article(path, folder.name)
    if (root / ROADMAP_FILE).is_file():
        reader.read_roadmap(root / ROADMAP_FILE)
    if reader.issues:
        raise ContentError(reader.issues)
    return reader.content
