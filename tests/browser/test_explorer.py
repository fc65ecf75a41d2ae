"""The explorer page (GET /explore) driven in headless Chromium against the real app.

uvicorn serves the app over a copy of the shipped seeds from a background thread; Python
Playwright drives Debian's Chromium (never a downloaded browser) through search, details
and a study plan, and saves a screenshot to test-artifacts/explorer.png.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from api.app import create_app
from api.http.explore import mount_explorer
from api.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PLAN_QUERY = """query ($targets: [String!]!) {
  studyPlan(input: {targets: $targets, minutesPerDay: 90}) { steps { node { slug } } }
}"""


@pytest.fixture(scope="module")
def playwright_api() -> Any:
    """The sync Playwright module, or a failure (never a skip) with install hints."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing; install it: apt-get update && apt-get install -y chromium",
            pytrace=False,
        )
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("Python Playwright is missing: pip install -e '.[test]'", pytrace=False)
    return sync_api


@contextmanager
def serve(database_url: str) -> Iterator[str]:
    """Run the real app with uvicorn in a thread on a free port; yield its base URL."""
    app = create_app(Settings(database_url=database_url, snapshot_check_interval=0))
    if not any(getattr(route, "path", None) == "/explore" for route in app.routes):
        mount_explorer(app)  # until api/app.py mounts the explorer itself
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start", pytrace=False)
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def own_request(base: str, url: str) -> bool:
    """The page may fetch its own files and POST /graphql, nothing else."""
    if url.startswith("data:"):
        return True
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == base and (
        parts.path in ("/explore", "/graphql") or parts.path.startswith("/static/")
    )


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_search_details_and_study_plan(playwright_api: Any, default_url: str) -> None:
    expect = playwright_api.expect
    with serve(default_url) as base, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(15_000)
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on(
                "console",
                lambda msg: (
                    problems.append(f"console {msg.type}: {msg.text}")
                    if msg.type in ("error", "warning")
                    else None
                ),
            )
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))

            page.goto(f"{base}/explore")
            page.wait_for_selector("html[data-graph=ready]")
            expect(page.locator("#status")).to_contain_text("nodes")

            page.get_by_label("Search the knowledge graph").fill("hnsw")
            page.get_by_role("button", name="Search", exact=True).click()
            page.locator('#search-results button[data-slug="hnsw"]').click()
            expect(page.locator("#details-title")).to_have_text(
                "HNSW (hierarchical navigable small-world graphs)"
            )
            expect(page.locator("#details-body")).to_contain_text("Prerequisites")
            cy = "window.prepgraphExplorer.cy"
            assert page.evaluate(f"() => {cy}.nodes(':selected').map((n) => n.id())") == ["hnsw"]

            # An acronym finds its concept first, and the details name its aliases.
            page.get_by_label("Search the knowledge graph").fill("GBDT")
            page.get_by_role("button", name="Search", exact=True).click()
            first = page.locator("#search-results button[data-slug]").first
            expect(first).to_have_attribute("data-slug", "gradient-boosted-trees")
            first.click()
            expect(page.locator("#details-body .aliases")).to_contain_text("Also called: GBDT")

            # A concept's body is rendered from markdown, sections as headings; HTML in
            # content is shown as text and never becomes an element.
            page.get_by_label("Search the knowledge graph").fill("two pointers")
            page.get_by_role("button", name="Search", exact=True).click()
            page.locator('#search-results button[data-slug="two-pointers"]').click()
            body = page.locator("#details-body .body-text")
            expect(body.locator("h4").first).to_have_text("How it works")
            expect(body.locator("h4", has_text="In the interview")).to_have_count(1)
            rendered = page.evaluate(
                """() => {
                    const host = document.createElement("div");
                    const source = "## Title\\n\\nA **bold** <img src=x onerror=alert(1)> "
                        + "`<b>`\\n\\n- one\\n- two";
                    host.append(...window.prepgraphExplorer.renderMarkdown(source));
                    return {
                        html: host.innerHTML,
                        images: host.querySelectorAll("img, b").length,
                        items: host.querySelectorAll("li").length,
                    };
                }"""
            )
            assert rendered["images"] == 0 and rendered["items"] == 2
            assert "&lt;img src=x onerror=alert(1)&gt;" in rendered["html"]
            assert (
                "<strong>bold</strong>" in rendered["html"] and "<h4>Title</h4>" in rendered["html"]
            )
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "explore-concept-body.png"))
            page.get_by_label("Search the knowledge graph").fill("hnsw")
            page.get_by_role("button", name="Search", exact=True).click()
            page.locator('#search-results button[data-slug="hnsw"]').click()

            page.locator("#details-body button", has_text="Add as target").click()
            expect(page.locator('#plan-targets li[data-slug="hnsw"]')).to_have_count(1)
            page.get_by_role("button", name="Build plan").click()
            page.wait_for_selector("html[data-graph=ready][data-view=plan]")

            items = page.locator("#plan-steps li")
            positions = items.evaluate_all("(lis) => lis.map((li) => Number(li.dataset.position))")
            shown = items.evaluate_all("(lis) => lis.map((li) => li.dataset.slug)")
            assert positions == list(range(1, len(shown) + 1))
            assert len(shown) >= 2
            assert shown[-1] == "hnsw"
            expect(items.last).to_contain_text("HNSW")
            answer = page.request.post(
                f"{base}/graphql", data={"query": PLAN_QUERY, "variables": {"targets": ["hnsw"]}}
            ).json()
            assert shown == [step["node"]["slug"] for step in answer["data"]["studyPlan"]["steps"]]

            highlighted = page.evaluate(
                f"() => {cy}.nodes('.plan').map((n) => [n.id(), n.data('planLabel')])"
            )
            assert {slug for slug, _ in highlighted} == set(shown)
            labels = dict(highlighted)
            assert labels["hnsw"].startswith(f"{len(shown)}. ")
            assert page.evaluate(f"() => {cy}.getElementById('hnsw').hasClass('plan-target')")
            assert page.evaluate(f"() => {cy}.edges('.plan-edge').length") >= len(shown) - 1

            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "explorer.png"))
            assert problems == []
            assert [url for url in requests if not own_request(base, url)] == []
        finally:
            browser.close()
