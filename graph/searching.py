"""Full-text search with a typo-tolerant fallback, identical on both backends.

The database ranks (FTS5 bm25 or tsvector ts_rank_cd); when a query finds
nothing, each word that is not in the graph's vocabulary is replaced by the
nearest vocabulary word (optimal string alignment distance, so ``hnws`` finds
``hnsw`` and ``feture`` finds ``feature``) and the query runs again, first
requiring every word, then any word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract
from sqlalchemy.ext.asyncio import AsyncSession

from graph.content.model import name_key
from graph.store.search import SearchRepository, SearchRow, query_terms

__all__ = ["EmptyQuery", "Resume", "SearchResult", "correct", "search"]

MAX_QUERY_LENGTH = 500


class EmptyQuery(ValueError):
    """The query holds no searchable word."""


@dataclass(frozen=True)
class Resume:
    """How a search ran, so its next page runs the same way (typos already corrected)."""

    tokens: tuple[str, ...]
    match_all: bool
    name: str  # what an exact name match was judged against


@dataclass(frozen=True)
class SearchResult:
    rows: list[SearchRow]
    corrected: str | None  # the query actually run, when typos were corrected
    resume: Resume | None = None


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def correct(words: Sequence[str], vocabulary: Mapping[str, int]) -> list[str]:
    """Replace words missing from ``vocabulary`` by their nearest vocabulary word.

    Among equally near words the most frequent one wins (``feture`` is one edit
    from both ``feature`` and ``future``; the graph says ``feature`` far more).
    """
    fixed = []
    for word in words:
        if word in vocabulary or len(word) < 3:
            fixed.append(word)
            continue
        matches = extract(
            word, list(vocabulary), scorer=OSA.distance, score_cutoff=_max_edits(word), limit=None
        )
        if not matches:
            fixed.append(word)
            continue
        best = min(distance for _, distance, _ in matches)
        nearest = [match for match, distance, _ in matches if distance == best]
        fixed.append(max(nearest, key=lambda w: (vocabulary[w], w)))
    return fixed


async def search(
    session: AsyncSession,
    query: str,
    *,
    vocabulary: Mapping[str, int],
    names: Mapping[str, Sequence[int]] | None = None,
    kinds: Sequence[str] | None = None,
    domain_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
    resume: Resume | None = None,
) -> SearchResult:
    """Search for ``query``; ``names`` maps a name key (title, slug, alias) to node ids,
    which rank first when the query, or its typo-corrected form, is their name.

    A later page passes the first page's ``resume`` and its ``offset``: it runs
    exactly as the first did, whatever the correction found.
    """
    if len(query) > MAX_QUERY_LENGTH:
        raise EmptyQuery(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    words = query_terms(query)
    if not words:
        raise EmptyQuery("the query has no words to search for")
    repo = SearchRepository(session)
    names = names or {}

    async def run(tokens: Sequence[str], match_all: bool, name: str = query) -> SearchResult:
        rows = await repo.search(
            tokens,
            match_all=match_all,
            kinds=kinds,
            domain_id=domain_id,
            exact_ids=names.get(name_key(name), ()),
            limit=limit,
            offset=offset,
        )
        return SearchResult(rows, None, Resume(tuple(tokens), match_all, name))

    if resume is not None:
        return await run(resume.tokens, resume.match_all, resume.name)
    result = await run(words, True)
    if result.rows:
        return result
    fixed = correct(words, vocabulary)
    if fixed != words:
        # The corrected query is what an exact name match is judged against.
        corrected = _corrected_title(query, words, fixed)
        result = await run(fixed, True, corrected)
        if not result.rows:
            result = await run(fixed, False, corrected)
        if result.rows:
            return SearchResult(result.rows, " ".join(fixed), result.resume)
    if len(words) > 1:
        return await run(words, False)
    return SearchResult([], None, None)


def _corrected_title(query: str, words: Sequence[str], fixed: Sequence[str]) -> str:
    """The query with each corrected word replaced, for the exact-name comparison."""
    replacements = {w: f for w, f in zip(words, fixed, strict=True) if w != f}
    return " ".join(replacements.get(token.lower(), token.lower()) for token in query.split())
