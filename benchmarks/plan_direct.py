"""Study-plan latency straight on the graph: no database, no GraphQL.

For synthetic graphs of 1k, 10k and 100k concepts it times ``study_plan``
(resolution, closure, order, explanations, materials and packing) for a
target set whose closure is about 50 concepts, and on 100k also about 5,000,
and prints p50/p99 over many runs. The 50-concept plan must cost the same on
every graph size (ratio 100k/1k at most 2): the algorithms walk only the
closure, never the graph.

Run ``python benchmarks/plan_direct.py`` (``--quick`` for fewer runs).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable

import networkx as nx
from synthetic import concepts_by_layer, synthetic_graph

from graph.algorithms import prerequisite_closure, study_plan

SIZES = (1_000, 10_000, 100_000)


def pick_targets(G: nx.MultiDiGraph, wanted: int) -> list[str]:
    """Neighbouring deep concepts whose closure is within 10% of `wanted`.

    Deterministic: tries layers from the deepest up, each from its middle,
    adding neighbouring concepts as targets until the closure is big enough.
    """
    best: list[str] = []
    best_gap = float("inf")
    for layer in reversed(concepts_by_layer(G)):
        for start in range(len(layer) // 2, len(layer), max(1, len(layer) // 20)):
            targets: list[str] = []
            size = 0
            for slug in layer[start:]:
                targets.append(slug)
                size = len(prerequisite_closure(G, targets))
                if size >= 0.9 * wanted:
                    break
            if abs(size - wanted) <= 0.1 * wanted:
                return targets
            if abs(size - wanted) < best_gap:
                best, best_gap = list(targets), abs(size - wanted)
    return best


def percentiles(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p99 in milliseconds of `runs` calls, after a short warm-up."""
    for _ in range(min(20, runs)):
        run()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    rows = []
    small: dict[int, float] = {}
    for size in SIZES:
        start = time.perf_counter()
        G = synthetic_graph(size)
        built = time.perf_counter() - start
        # A long-lived snapshot belongs in the permanent generation: without
        # this, full collections walk the whole graph and show up as p99.
        gc.collect()
        gc.freeze()
        cases = [(50, 300 if quick else 2000)]
        if size == SIZES[-1]:
            cases.append((5_000, 20 if quick else 100))
        for wanted, runs in cases:
            targets = pick_targets(G, wanted)
            closure = len(prerequisite_closure(G, targets))
            plan = study_plan(G, targets)
            p50, p99 = percentiles(lambda G=G, t=targets: study_plan(G, t), runs)
            if wanted == 50:
                small[size] = p50
            rows.append(
                (size, len(G), built, len(targets), closure, len(plan.days), runs, p50, p99)
            )
        del G
        gc.unfreeze()
        gc.collect()

    header = (
        "concepts",
        "nodes",
        "build s",
        "targets",
        "closure",
        "days",
        "runs",
        "plan p50 ms",
        "plan p99 ms",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size, nodes, built, targets, closure, days, runs, p50, p99 in rows:
        print(
            f"| {size:,} | {nodes:,} | {built:.1f} | {targets} | {closure:,} | {days} | {runs} "
            f"| {p50:.3f} | {p99:.3f} |"
        )
    ratio = small[SIZES[-1]] / small[SIZES[0]]
    print(f"\n50-concept plan, p50 100k / p50 1k: {ratio:.2f} (must be <= 2)")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
