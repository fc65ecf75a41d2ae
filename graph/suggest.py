"""Nearest-slug suggestions for error messages ("did you mean ...?")."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def nearest(
    word: str, candidates: Iterable[str], *, limit: int = 3, cutoff: float = 60
) -> list[str]:
    """The candidates most similar to ``word``, best first, above ``cutoff`` (0..100).

    Only the first 100 characters of ``word`` are compared: no slug is longer,
    and the work stays bounded whatever the input.
    """
    matches = process.extract(word[:100], list(candidates), scorer=fuzz.ratio, limit=limit)
    return [match for match, score, _ in matches if score >= cutoff]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    options = nearest(word, candidates)
    return f" (did you mean {', '.join(repr(o) for o in options)}?)" if options else ""
