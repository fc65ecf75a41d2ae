"""The Mermaid export rendered to SVG by Mermaid in headless Chromium, as a Markdown
viewer would, and the displayed node texts compared with the titles."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from graph.export import scope_subgraph
from graph.export.mermaid import to_mermaid

MERMAID_JS = (
    Path(__file__).resolve().parents[2] / "tests/js/node_modules/mermaid/dist/mermaid.min.js"
)

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="{script}"></script></head><body><pre id="out">pending</pre>
<script>
mermaid.initialize({{ startOnLoad: false, securityLevel: "strict" }});
mermaid.render("diagram", {diagram}).then(({{ svg }}) => {{
  const box = document.createElement("div");
  box.innerHTML = svg;
  document.body.appendChild(box);
  const texts = [...box.querySelectorAll("g.node")].map((g) => g.textContent);
  const edges = box.querySelectorAll("path.flowchart-link").length;
  document.getElementById("out").textContent = JSON.stringify({{ texts, edges }});
}}, (err) => {{ document.getElementById("out").textContent = "ERROR " + err; }});
</script></body></html>
"""


def render_in_chromium(chromium: str, diagram: str, tmp_path: Path) -> dict:
    if not MERMAID_JS.exists():
        pytest.fail("Mermaid is not installed; run `npm ci --prefix tests/js`", pytrace=False)
    # "</" would end the inline script early; JSON allows "<\/" for it.
    page = PAGE.format(
        script=MERMAID_JS.as_uri(), diagram=json.dumps(diagram).replace("</", "<\\/")
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert match, f"no output from Chromium (exit {done.returncode}): {done.stderr[-2000:]}"
    out = html.unescape(match.group(1))
    assert not out.startswith(("ERROR", "pending")), out
    return json.loads(out)


@pytest.mark.browser
def test_mermaid_renders_titles_as_written(
    chromium_bin: str, content: nx.MultiDiGraph, tmp_path: Path
) -> None:
    result = render_in_chromium(chromium_bin, to_mermaid(content), tmp_path)
    assert result["edges"] == content.number_of_edges()
    # A newline is a <br>, which has no text of its own.
    titles = sorted(attrs["title"].replace("\n", "") for _, attrs in content.nodes(data=True))
    assert sorted(result["texts"]) == titles


@pytest.mark.browser
def test_mermaid_renders_a_plan(
    chromium_bin: str, content: nx.MultiDiGraph, tmp_path: Path
) -> None:
    H = scope_subgraph(content, plan_steps=["big-o", "arrays", "two-pointers", "binary-search"])
    result = render_in_chromium(chromium_bin, to_mermaid(H, direction="TD"), tmp_path)
    assert len(result["texts"]) == 4
    assert result["edges"] == 3
