"""Fingerprints of the reference pages, so content can be checked for copied phrases.

The pages that show what the field covers are not part of the repository;
only hashes of their 10-word runs are (``tests/fixtures/reference-shingles.txt``).
Regenerate after the pages change:

    python -m tests.content.shingles ../shared/reference
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 10
"""Words in a run that may not be copied."""

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fixtures" / "reference-shingles.txt"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(text: str) -> Iterator[str]:
    """Hashes of every run of :data:`RUN` consecutive words (case and punctuation ignored)."""
    found = words(text)
    for start in range(len(found) - RUN + 1):
        run = " ".join(found[start : start + RUN])
        yield hashlib.blake2b(run.encode(), digest_size=8).hexdigest()


# A line giving a guide's reading time or a roadmap day; the next non-empty
# line of the page is a guide or topic title, which may coincide with ours.
TITLE_MARKER = re.compile(r"(\d+\s*min(Day\s*\d+)?|^Day\s*\d+.*)\s*$")


def without_titles(page: str) -> str:
    """A reference page without its guide and topic titles (short names we may share)."""
    titles: set[str] = set()
    title_next = False
    for raw in page.splitlines():
        line = raw.strip()
        if not line:
            continue
        if title_next:
            titles.add(line)
            title_next = False
        elif TITLE_MARKER.search(line):
            title_next = True
    return "\n".join(line for line in page.splitlines() if line.strip() not in titles)


def write(pages: Iterable[Path], into: Path = FINGERPRINTS) -> int:
    fingerprints = sorted(
        {s for page in pages for s in shingles(without_titles(page.read_text(encoding="utf-8")))}
    )
    into.write_text("".join(f"{f}\n" for f in fingerprints))
    return len(fingerprints)


def load(path: Path = FINGERPRINTS) -> frozenset[str]:
    return frozenset(path.read_text().split())


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    count = write(sorted(folder.glob("*.txt")))
    print(f"{count} fingerprints of {RUN}-word runs written to {FINGERPRINTS}")
