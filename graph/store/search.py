"""Full-text search index: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

The index holds one row per node, keyed by node id, rewritten by
:meth:`SearchRepository.reindex` in the same transaction as every content
write. Queries are built from word tokens only, so quotes, ``*``, ``:``,
``AND`` or a lone ``-`` in user input are plain text, never query syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
MARK_START, MARK_END = "<mark>", "</mark>"


# PostgreSQL's `english` configuration drops these words (the Snowball list);
# the query builder drops them on both backends so that both match alike.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)


def tokenize(query: str) -> list[str]:
    return [token.lower() for token in TOKEN_RE.findall(query)]


def query_terms(query: str) -> list[str]:
    """The words a search runs on: stop words dropped unless nothing else is left."""
    words = tokenize(query)
    content = [w for w in words if w not in STOP_WORDS]
    return content or words


def document_fields(record: dict[str, Any]) -> dict[str, str]:
    """The searchable text of a node record: title (with aliases), tags, summary and body."""
    parts: list[str] = []
    for name in ("body", "text", "theme", "answer_outline"):
        if record.get(name):
            parts.append(str(record[name]))
    for name in ("learning_objectives", "follow_ups"):
        parts.extend(record.get(name) or ())
    return {
        "title": "\n".join([record["title"], *(record.get("aliases") or ())]),
        "tags": " ".join(tag.replace("-", " ") for tag in record.get("tags") or ()),
        "summary": record.get("summary") or "",
        "body": "\n".join(parts),
    }


@dataclass(frozen=True)
class SearchRow:
    node_id: int
    score: float
    snippet: str | None


class SearchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"

    async def remove(self, node_ids: Sequence[int]) -> None:
        if not node_ids:
            return
        if self.sqlite:
            statement = "DELETE FROM search_fts WHERE rowid = :id"
        else:
            statement = "DELETE FROM search_documents WHERE node_id = :id"
        await self.session.execute(text(statement), [{"id": i} for i in node_ids])

    async def reindex(self, records: Iterable[dict[str, Any]]) -> None:
        """Replace the index rows of these nodes (records as from ContentRepository)."""
        rows = [{"id": r["id"], **document_fields(r)} for r in records]
        if not rows:
            return
        await self.remove([row["id"] for row in rows])
        if self.sqlite:
            statement = (
                "INSERT INTO search_fts (rowid, title, tags, summary, body) "
                "VALUES (:id, :title, :tags, :summary, :body)"
            )
        else:
            statement = (
                "INSERT INTO search_documents (node_id, document, content) VALUES (:id, "
                "setweight(to_tsvector('english', :title), 'A') || "
                "setweight(to_tsvector('english', :tags), 'B') || "
                "setweight(to_tsvector('english', :summary), 'B') || "
                "setweight(to_tsvector('english', :body), 'C'), "
                ":summary || E'\\n' || :body)"
            )
        await self.session.execute(text(statement), rows)

    async def search(
        self,
        tokens: Sequence[str],
        *,
        match_all: bool = True,
        kinds: Sequence[str] | None = None,
        domain_id: int | None = None,
        exact_ids: Sequence[int] = (),
        limit: int = 10,
        offset: int = 0,
    ) -> list[SearchRow]:
        """Ranked hits: the nodes of ``exact_ids`` (the query is their name) first,
        then by relevance.

        The last token also matches as a prefix, so partial words find results.
        """
        if not tokens:
            return []
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        filters = ""
        if kinds:
            names = []
            for i, kind in enumerate(kinds):
                params[f"kind{i}"] = kind
                names.append(f":kind{i}")
            filters += f" AND n.kind IN ({', '.join(names)})"
        if domain_id is not None:
            params["domain_id"] = domain_id
            filters += " AND (n.domain_id = :domain_id OR n.id = :domain_id)"
        exact = "(1 = 0)"
        if exact_ids:
            for i, node_id in enumerate(exact_ids):
                params[f"exact{i}"] = node_id
            exact = f"(n.id IN ({', '.join(f':exact{i}' for i in range(len(exact_ids)))}))"
        if self.sqlite:
            joiner = " AND " if match_all else " OR "
            params["match"] = joiner.join([*(f'"{t}"' for t in tokens[:-1]), f'"{tokens[-1]}"*'])
            statement = f"""
                SELECT n.id AS node_id,
                       -bm25(search_fts, 10.0, 4.0, 3.0, 1.0) AS rank,
                       {exact} AS exact,
                       snippet(search_fts, -1, '{MARK_START}', '{MARK_END}', '…', 16) AS snippet
                FROM search_fts JOIN nodes n ON n.id = search_fts.rowid
                WHERE search_fts MATCH :match {filters}
                ORDER BY exact DESC, rank DESC, n.title
                LIMIT :limit OFFSET :offset
            """
        else:
            joiner = " & " if match_all else " | "
            params["match"] = joiner.join([*tokens[:-1], f"{tokens[-1]}:*"])
            statement = f"""
                WITH q AS (SELECT to_tsquery('english', :match) AS query),
                hits AS (
                    SELECT n.id AS node_id, n.title, d.content, q.query,
                           ts_rank_cd('{{0.2, 0.4, 0.8, 1.0}}', d.document, q.query, 32) AS rank,
                           {exact} AS exact
                    FROM search_documents d JOIN nodes n ON n.id = d.node_id, q
                    WHERE d.document @@ q.query {filters}
                    ORDER BY exact DESC, rank DESC, n.title
                    LIMIT :limit OFFSET :offset
                )
                SELECT node_id, rank, exact,
                       ts_headline('english', content, query,
                                   'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, '
                                   'MinWords=8, MaxFragments=1, FragmentDelimiter=…') AS snippet
                FROM hits ORDER BY exact DESC, rank DESC, title
            """
        rows = await self.session.execute(text(statement), params)
        return [
            SearchRow(
                row.node_id,
                _score(float(row.rank), bool(row.exact), sqlite=self.sqlite),
                row.snippet or None,
            )
            for row in rows
        ]


def _score(rank: float, exact: bool, *, sqlite: bool) -> float:
    # Both backends report a relevance in [0, 1); an exact name match adds 1.
    relevance = rank / (1.0 + rank) if sqlite else rank
    return round(relevance + (1.0 if exact else 0.0), 6)
