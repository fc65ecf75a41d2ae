"""The coverage report of ``prepgraph validate --report``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from graph.content.model import ContentSet
from graph.content.stats import coverage


def print_report(console: Console, content: ContentSet) -> None:
    report = coverage(content)
    table = Table("domain", *report.kinds, title="nodes per domain and kind")
    for domain, counts in report.per_domain.items():
        table.add_row(domain, *(str(counts.get(kind, 0)) for kind in report.kinds))
    console.print(table)
    edges = Table("edge kind", "count", title="edges")
    for kind, count in report.edges.items():
        edges.add_row(kind, str(count))
    console.print(edges)
    console.print(
        f"isolated nodes ({len(report.isolated)}): {', '.join(report.isolated) or 'none'}"
    )
    console.print(
        f"concepts no prompt assesses ({len(report.unassessed)}): "
        f"{', '.join(report.unassessed) or 'none'}"
    )
    console.print(
        f"transitive (redundant) prerequisite edges ({len(report.redundant)}): "
        + (", ".join(f"{a} -> {b}" for a, b in report.redundant) or "none")
    )
    console.print("longest prerequisite chains:")
    for chain in report.longest_chains:
        console.print(f"  {len(chain)}: {' -> '.join(chain)}", highlight=False)
