"""A study plan keeps its shape in every drawing: numbered steps, day spans, targets and
known concepts marked, clusters titled by name. Checked with Graphviz's own `dot` and
Mermaid's own parser and renderer, over the shipped seeds."""

from __future__ import annotations

import json
import struct
import subprocess
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph.content.service import DEFAULT_SEEDS, content_graph, load_content
from graph.exporting import ExportError, ExportRequest, prepare

from .test_export_browser import render_in_chromium
from .test_export_dot import SVG, groups, render_svg, text_lines

TARGETS = ("two-tower-model", "hnsw")
KNOWN = ("embeddings",)
MERMAID_PARSE = Path(__file__).resolve().parents[1] / "js" / "mermaid_parse.mjs"


@cache
def shipped() -> nx.MultiDiGraph:
    G = content_graph(load_content(DEFAULT_SEEDS))
    nx.freeze(G)
    return G


def plan_request(format: str) -> ExportRequest:
    return ExportRequest(
        format=format, plan_targets=TARGETS, plan_known=KNOWN, plan_minutes_per_day=90
    )


def test_plan_scope_carries_steps_days_roles_and_titles() -> None:
    H = prepare(shipped(), plan_request("dot")).graph
    roles = nx.get_node_attributes(H, "plan_role")
    assert {n for n, role in roles.items() if role == "target"} == set(TARGETS)
    assert roles["embeddings"] == "known" and "step" not in H.nodes["embeddings"]
    steps = sorted((a["step"], n) for n, a in H.nodes(data=True) if "step" in a)
    assert [number for number, _ in steps] == list(range(1, len(steps) + 1))
    firsts = [H.nodes[n]["first_day"] for _, n in steps]
    assert firsts == sorted(firsts) and firsts[0] == 1  # study order follows the days
    assert all(H.nodes[n]["first_day"] <= H.nodes[n]["last_day"] for _, n in steps)
    # every prerequisite of a step is a step before it, or known
    for u, v, kind in H.edges(keys=True):
        assert kind in ("prerequisite", "part_of")
        if kind == "prerequisite":
            assert roles[u] == "known" or H.nodes[u]["step"] < H.nodes[v]["step"]
    assert H.graph["domain_titles"] == {"ml-system-design": "ML System Design"}
    assert H.graph["plan_title"].startswith(
        "Study plan for Two-tower (dual encoder) retrieval model, HNSW"
    )
    assert "90 minutes a day" in H.graph["plan_title"]


def test_a_known_concept_the_plan_does_not_build_on_is_left_out() -> None:
    H = prepare(
        shipped(), ExportRequest(format="dot", plan_targets=("hnsw",), plan_known=("sql-joins",))
    ).graph
    assert "sql-joins" not in H


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ExportRequest(format="dot", plan_known=("embeddings",)), "give its targets"),
        (ExportRequest(format="dot", plan_minutes_per_day=90), "give its targets"),
        (
            ExportRequest(format="dot", plan_targets=("hnsw",), plan_minutes_per_day=5),
            "between 15 and 720",
        ),
    ],
    ids=["known alone", "minutes alone", "minutes out of range"],
)
def test_plan_options_without_a_plan_are_refused(request_: ExportRequest, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        prepare(shipped(), request_)


def test_dot_draws_numbers_days_and_marks(dot_bin: str) -> None:
    prepared = prepare(shipped(), plan_request("dot"))
    H = prepared.graph
    svg = render_svg(dot_bin, prepared.text())
    nodes = {g.findtext(f"{SVG}title"): g for g in groups(svg, "node")}
    assert set(nodes) == set(H)
    for n, attrs in H.nodes(data=True):
        lines = text_lines(nodes[n])
        classes = nodes[n].get("class").split()
        assert classes == ["node", "concept", attrs["plan_role"]]
        if attrs["plan_role"] == "known":
            assert lines[-1] == "(known)"
            continue
        assert lines[0].startswith(f"{attrs['step']}. ")
        first, last = attrs["first_day"], attrs["last_day"]
        assert lines[-1] == (f"day {first}" if first == last else f"days {first}-{last}")
    # targets have a double outline (two ellipses), known ones a dashed one
    for n in TARGETS:
        assert len(list(nodes[n].iter(f"{SVG}ellipse"))) == 2
    (outline,) = nodes["embeddings"].iter(f"{SVG}ellipse")
    assert outline.get("stroke-dasharray")
    (cluster,) = groups(svg, "cluster")
    assert text_lines(cluster)[0] == "ML System Design"
    graph_title = [t.text for t in svg.find(f"{SVG}g").findall(f"{SVG}text")]
    assert graph_title[0].startswith("Study plan for Two-tower")
    assert "double outline: target" in graph_title[1]


def test_mermaid_marks_parse_with_mermaid(node_bin: str) -> None:
    prepared = prepare(shipped(), plan_request("mermaid"))
    text = prepared.text()
    assert text.startswith('---\ntitle: "Study plan for Two-tower')
    done = subprocess.run(
        [node_bin, str(MERMAID_PARSE)], input=text, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    by_id = {v["id"]: v for v in parsed["vertices"]}
    H = prepared.graph
    for n, attrs in H.nodes(data=True):
        vertex = by_id["n_" + n.replace("-", "_")]
        assert vertex["classes"] == ["concept"] + (
            [attrs["plan_role"]] if attrs["plan_role"] != "step" else []
        )
        label = vertex["text"].split("<br>")
        if attrs["plan_role"] == "known":
            assert label[1] == "(known)"
        else:
            assert label[0] == f"{attrs['step']}. {attrs['title']}"
            assert label[1].startswith("day")
    assert {"target", "known"} <= set(parsed["classes"])


@pytest.mark.browser
def test_mermaid_plan_renders_with_its_title(chromium_bin: str, tmp_path: Path) -> None:
    prepared = prepare(shipped(), plan_request("mermaid"))
    result = render_in_chromium(chromium_bin, prepared.text(), tmp_path)
    assert len(result["texts"]) == prepared.graph.number_of_nodes()
    assert any(text.startswith("1. ") for text in result["texts"])
    assert result["edges"] == prepared.graph.number_of_edges()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_png_exports_are_scaled_down_to_the_bound(
    dot_bin: str, seeded_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from api import cli
    from api.settings import get_settings

    monkeypatch.setenv("PREPGRAPH_DATABASE_URL", seeded_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        natural = tmp_path / "natural.svg"
        ok = runner.invoke(
            cli.app, ["export", "-f", "svg", "--domain", "ml-system-design", "-o", natural]
        )
        assert ok.exit_code == 0, ok.output
        monkeypatch.setattr(cli, "PNG_MAX_PIXELS", 300)
        png = tmp_path / "coding.png"
        ok = runner.invoke(
            cli.app, ["export", "-f", "PNG", "--domain", "ml-system-design", "-o", png]
        )
        assert ok.exit_code == 0, ok.output
        width, height = png_size(png)
        assert max(width, height) <= 300
        # the drawing was larger than the bound: it was scaled down, not cut
        svg_width = float(natural.read_text().split('width="', 1)[1].split("pt", 1)[0])
        assert svg_width * 96 / 72 > 300
        assert min(width, height) > 10
    finally:
        get_settings.cache_clear()
