"""The explorer page (GET /explore) driven in headless Chromium against the real app.

uvicorn serves the app over a copy of the shipped seeds from a background thread, one server
and one browser for the whole module; Python Playwright drives Debian's Chromium (never a
downloaded browser). Every test gets a fresh browser context (its own localStorage), aborts
any request that leaves the server, fails on page errors and console errors or warnings, and
saves a screenshot of what it checked under test-artifacts/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
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
VIEWPORT = {"width": 1440, "height": 900}
CY = "window.prepgraphExplorer.cy"
PLAN_QUERY = """query ($input: StudyPlanInput!) {
  studyPlan(input: $input) {
    steps {
      position node { slug title } minutes day lastDay reason
      materials { node { slug title } day }
    }
    fitsDeadline minutesPerDayNeeded minutesPerDayForTargets
    cuts { kind node { slug title } }
  }
}"""
HNSW = "HNSW (hierarchical navigable small-world graphs)"
TWO_TOWER = "Two-tower (dual encoder) retrieval model"


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


# ------------------------------------------------------------------ fixtures


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def explorer_database(databases: Any) -> str:
    """One SQLite copy of the shipped seeds for the module (learners are per test)."""
    return str(await databases.fresh("sqlite", "default"))


@pytest.fixture(scope="module")
def base_url(explorer_database: str) -> Iterator[str]:
    with serve(explorer_database) as base:
        yield base


@pytest.fixture(scope="module")
def chromium(playwright_api: Any, base_url: str) -> Iterator[Any]:
    """One browser for the module. Playwright's sync API runs an event loop of its own, so it
    starts after the (async) database fixture is done, hence the dependency on `base_url`."""
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Explorer:
    """A page of the explorer plus what it did wrong: page errors, console errors, and
    requests that tried to leave the server."""

    page: Any
    base: str
    expect: Any
    problems: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def open(self, hash_: str = "") -> None:
        self.page.goto(f"{self.base}/explore{hash_}")
        self.wait_drawn()

    def wait_drawn(self, view: str | None = None) -> None:
        selector = "html[data-graph=ready]" + (f"[data-view={view}]" if view else "")
        self.page.wait_for_selector(selector)

    def js(self, expression: str) -> Any:
        return self.page.evaluate(f"() => {expression}")

    def search(self, text: str) -> None:
        self.page.get_by_label("Search the knowledge graph").fill(text)
        self.page.get_by_role("button", name="Search", exact=True).click()
        self.page.wait_for_selector("#search-results li")

    def open_result(self, slug: str, title: str) -> None:
        self.page.locator(f'#search-results button[data-slug="{slug}"]').click()
        self.expect(self.page.locator("#details-title")).to_have_text(title)

    def add_concept(self, text: str, slug: str, which: str = "Target") -> None:
        self.page.get_by_label("Add a concept").fill(text)
        self.page.locator("#add-target" if which == "Target" else "#add-known").click()
        where = "#plan-targets" if which == "Target" else "#plan-known"
        self.page.wait_for_selector(f'{where} li[data-slug="{slug}"]')

    def mark_stale(self) -> None:
        """Forget that the graph is drawn, to wait for the next drawing."""
        self.page.locator("html").evaluate("(html) => { html.dataset.graph = 'stale'; }")

    def build_plan(self) -> None:
        self.mark_stale()
        self.page.get_by_role("button", name="Build plan").click()
        self.wait_drawn("plan")

    def graphql(self, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = self.page.request.post(
            f"{self.base}/graphql", data={"query": query, "variables": variables}, headers=headers
        ).json()
        assert "errors" not in answer, answer
        return answer["data"]

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def assert_clean(self) -> None:
        assert self.problems == []
        assert self.outside == []


@pytest.fixture
def explorer(chromium: Any, base_url: str, playwright_api: Any) -> Iterator[Explorer]:
    """A fresh context and page; every request outside the server is aborted and recorded."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    session = Explorer(page=page, base=base_url, expect=playwright_api.expect)
    page.on("pageerror", lambda exc: session.problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            session.problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning")
            else None
        ),
    )

    def offline(route: Any) -> None:
        request = route.request
        if own_request(base_url, request.url):
            if request.url.endswith("/graphql"):
                session.headers.append(request.headers)
            route.continue_()
        else:
            session.outside.append(request.url)
            route.abort("internetdisconnected")

    page.route("**/*", offline)
    try:
        yield session
    finally:
        context.close()
    session.assert_clean()


def backward_edges(ex: Explorer) -> list[list[Any]]:
    """Prerequisite edges whose prerequisite is not before its dependent in the flow of the
    picture (left of it, or above it in a top-to-bottom one): there should be none."""
    return list(
        ex.js(
            f"""(() => {{
                const axis = document.documentElement.dataset.rankDir === 'TB' ? 'y' : 'x';
                return {CY}.edges('[kind = "prerequisite"]').filter((e) =>
                    e.source().position(axis) >= e.target().position(axis)
                ).map((e) => [e.source().id(), e.target().id()]);
            }})()"""
        )
    )


def overlapping_labels(ex: Explorer) -> list[list[str]]:
    """Pairs of drawn nodes whose boxes, labels included, overlap."""
    return list(
        ex.js(
            f"""(() => {{
                const boxes = {CY}.nodes().map((n) => [n.id(), n.boundingBox({{
                    includeLabels: true, includeOverlays: false, includeUnderlays: false }})]);
                const pairs = [];
                for (let i = 0; i < boxes.length; i += 1) {{
                    for (let j = i + 1; j < boxes.length; j += 1) {{
                        const a = boxes[i][1], b = boxes[j][1];
                        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) {{
                            pairs.push([boxes[i][0], boxes[j][0]]);
                        }}
                    }}
                }}
                return pairs;
            }})()"""
        )
    )


def arrows_across_labels(ex: Explorer) -> list[list[str]]:
    """Routed edges that are not drawn at right angles, or that pass through the box (label
    included) of a node other than their two ends: [edge, what is wrong]."""
    return list(
        ex.js(
            f"""(() => {{
                const cy = {CY};
                const boxes = cy.nodes().map((n) => [n.id(), n.boundingBox({{
                    includeLabels: true, includeOverlays: false, includeUnderlays: false }})]);
                const wrong = [];
                cy.edges().filter((e) => e.style('curve-style') === 'segments').forEach((e) => {{
                    const ends = [e.source().id(), e.target().id()];
                    const pts = [e.source().position(), ...e.segmentPoints(),
                        e.target().position()];
                    for (let i = 1; i < pts.length; i += 1) {{
                        const a = pts[i - 1], b = pts[i];
                        if (Math.abs(a.x - b.x) > 0.5 && Math.abs(a.y - b.y) > 0.5) {{
                            wrong.push([e.id(), 'slanted']);
                        }}
                        const x1 = Math.min(a.x, b.x), x2 = Math.max(a.x, b.x);
                        const y1 = Math.min(a.y, b.y), y2 = Math.max(a.y, b.y);
                        for (const [id, box] of boxes) {{
                            if (!ends.includes(id) && x1 < box.x2 - 1 && x2 > box.x1 + 1
                                && y1 < box.y2 - 1 && y2 > box.y1 + 1) wrong.push([e.id(), id]);
                        }}
                    }}
                }});
                return wrong;
            }})()"""
        )
    )


def positions(ex: Explorer) -> dict[str, list[float]]:
    """Every drawn node's position, to the hundredth of a pixel."""
    return dict(
        ex.js(
            f"{CY}.nodes().map((n) => [n.id(), "
            "[Math.round(n.position('x') * 100) / 100, Math.round(n.position('y') * 100) / 100]])"
        )
    )


def clear_chips(ex: Explorer) -> None:
    """Remove every target and known concept from the plan form."""
    buttons = ex.page.locator(".chip-remove")
    while buttons.count():
        buttons.first.click()


def minutes_text(minutes: int) -> str:
    """Minutes as the page writes them: "45 min", "2 h", "1 h 12 min"."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


# ------------------------------------------------------------------ tests


@pytest.mark.browser
def test_search_details_and_study_plan(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()
    expect(page.locator("#status")).to_contain_text("nodes")

    ex.search("hnsw")
    ex.open_result("hnsw", HNSW)
    expect(page.locator("#details-body")).to_contain_text("Prerequisites")
    assert ex.js(f"{CY}.nodes(':selected').map((n) => n.id())") == ["hnsw"]

    # An acronym finds its concept first, and the details name its aliases.
    ex.search("GBDT")
    first = page.locator("#search-results button[data-slug]").first
    expect(first).to_have_attribute("data-slug", "gradient-boosted-trees")
    first.click()
    expect(page.locator("#details-body .aliases")).to_contain_text("Also called: GBDT")

    # A concept's body is rendered from markdown, sections as headings.
    ex.search("two pointers")
    ex.open_result("two-pointers", "Two pointers")
    body = page.locator("#details-body .body-text")
    expect(body.locator("h4").first).to_have_text("How it works")
    expect(body.locator("h4", has_text="In the interview")).to_have_count(1)

    ex.search("hnsw")
    ex.open_result("hnsw", HNSW)
    page.locator("#details-body button", has_text="Add as target").click()
    expect(page.locator('#plan-targets li[data-slug="hnsw"]')).to_have_count(1)
    ex.build_plan()

    items = page.locator("#plan-steps li.plan-step")
    positions_ = items.evaluate_all("(lis) => lis.map((li) => Number(li.dataset.position))")
    shown = items.evaluate_all("(lis) => lis.map((li) => li.dataset.slug)")
    assert positions_ == list(range(1, len(shown) + 1))
    assert len(shown) >= 2
    assert shown[-1] == "hnsw"
    expect(items.last).to_contain_text("HNSW")
    answer = ex.graphql(PLAN_QUERY, {"input": {"targets": ["hnsw"], "minutesPerDay": 90}})
    assert shown == [step["node"]["slug"] for step in answer["studyPlan"]["steps"]]

    highlighted = ex.js(f"{CY}.nodes('.plan').map((n) => [n.id(), n.data('planLabel')])")
    assert {slug for slug, _ in highlighted} == set(shown)
    labels = dict(highlighted)
    assert labels["hnsw"].startswith(f"{len(shown)}. ")
    assert ex.js(f"{CY}.getElementById('hnsw').hasClass('plan-target')")
    assert ex.js(f"{CY}.edges('.plan-edge').length") >= len(shown) - 1
    ex.screenshot("explorer.png")


@pytest.mark.browser
def test_domain_layout_is_layered_deterministic_and_readable(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()
    html = page.locator("html")
    expect(html).to_have_attribute("data-layout", "layered")
    expect(html).to_have_attribute("data-rank-dir", "LR")
    expect(page.locator("#status")).to_contain_text("ML System Design drawn")
    first = positions(ex)
    assert len(first) > 100

    # Prerequisites flow left to right: every prerequisite left of what it unlocks.
    assert backward_edges(ex) == []
    x = {slug: xy[0] for slug, xy in first.items()}
    for before, after in [
        ("embeddings", "exact-nearest-neighbor-search"),
        ("approximate-nearest-neighbor-search", "hnsw"),
        ("neural-network-basics", "two-tower-model"),
    ]:
        assert x[before] < x[after], (before, after)

    # Labels never collide, arrows run at right angles between nodes, never across a label,
    # and the picture opens at a zoom where labels can be read.
    assert overlapping_labels(ex) == []
    assert ex.js(f"{CY}.edges('[kind = \"prerequisite\"]').length") > 200
    assert (
        ex.js(
            f"{CY}.edges('[kind = \"prerequisite\"]').filter((e) => "
            "e.style('curve-style') !== 'segments').length"
        )
        == 0
    )
    assert arrows_across_labels(ex) == []
    assert ex.js(f"{CY}.zoom()") >= 0.8
    assert ex.js(f"{CY}.nodes().filter((n) => n.style('font-size') !== '13px').length") == 0
    ex.screenshot("explore-domain.png")

    # The same domain draws the same picture: away to another domain and back.
    page.locator("#view-domain").select_option("coding")
    page.get_by_role("button", name="Draw", exact=True).click()
    expect(page.locator("#status")).to_contain_text("Coding and Algorithms drawn")
    assert backward_edges(ex) == []
    assert overlapping_labels(ex) == []
    page.locator("#view-domain").select_option("ml-system-design")
    page.get_by_role("button", name="Draw", exact=True).click()
    expect(page.locator("#status")).to_contain_text("ML System Design drawn")
    assert positions(ex) == first

    # Scrolling pans (the picture is taller than the window), Ctrl + scroll zooms.
    before = ex.js(f"{CY}.pan()")
    page.mouse.move(700, 400)
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"() => {CY}.pan().y < {before['y'] - 300}")
    zoom = ex.js(f"{CY}.zoom()")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(f"() => {CY}.zoom() > {zoom}")

    # The whole graph: one layered block per domain, deterministic too.
    page.locator("#view-mode").select_option("all")
    page.get_by_role("button", name="Draw", exact=True).click()
    ex.wait_drawn("all")
    expect(html).to_have_attribute("data-layout", "blocks")
    assert (
        ex.js(
            f"""{CY}.edges('[kind = "prerequisite"]').filter((e) =>
                e.source().data('domain') === e.target().data('domain')
                && e.source().position('x') >= e.target().position('x')).length"""
        )
        == 0
    )
    whole = positions(ex)
    ex.screenshot("explore-whole.png")
    ex.mark_stale()
    page.get_by_role("button", name="Draw", exact=True).click()
    ex.wait_drawn("all")
    assert positions(ex) == whole


@pytest.mark.browser
def test_search_hits_are_marked_in_the_graph(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()
    ex.search("embedding")
    results = page.locator("#search-results button[data-slug]")
    ranked = results.evaluate_all("(bs) => bs.map((b) => b.dataset.slug)")
    drawn = set(ex.js(f"{CY}.nodes().map((n) => n.id())"))
    marked = set(ex.js(f"{CY}.nodes('.search-hit').map((n) => n.id())"))
    assert marked == set(ranked) & drawn
    assert "embeddings" in marked
    # A distinct style: an amber underlay the other nodes lack, and a legend entry.
    assert ex.js(f"{CY}.getElementById('embeddings').style('underlay-opacity')") != "0"
    assert ex.js(f"{CY}.getElementById('hnsw').style('underlay-opacity')") == "0"
    expect(page.locator("#legend")).to_contain_text("search hit")
    expect(page.locator("#search-note")).to_contain_text(f"{len(marked)} marked in the graph")
    # The best drawn hit is brought into view.
    best = next(slug for slug in ranked if slug in drawn)
    page.wait_for_function(
        f"""() => {{
            const box = {CY}.extent(), p = {CY}.getElementById('{best}').position();
            return p.x > box.x1 && p.x < box.x2 && p.y > box.y1 && p.y < box.y2;
        }}"""
    )
    ex.screenshot("explore-search.png")
    page.get_by_role("button", name="Clear the search").click()
    assert ex.js(f"{CY}.nodes('.search-hit').length") == 0


@pytest.mark.browser
def test_plans_for_several_targets_draw(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()
    cases = [
        (["hnsw", "two-tower-model"], [], "explore-plan-two-tower.png"),
        (["two-tower-model"], ["embeddings"], None),
        (["hnsw", "consistent-hashing", "two-pointers"], [], "explore-plan-three-domains.png"),
    ]
    for targets, known, shot in cases:
        clear_chips(ex)
        for slug in targets:
            ex.add_concept(slug, slug)
        for slug in known:
            ex.add_concept(slug, slug, which="Known")
        ex.build_plan()
        expect(page.locator("#status")).to_contain_text("Study plan drawn")
        steps = page.locator("#plan-steps li.plan-step").evaluate_all(
            "(lis) => lis.map((li) => li.dataset.slug)"
        )
        assert set(targets) <= set(steps)
        assert not set(known) & set(steps)
        drawn = set(ex.js(f"{CY}.nodes().map((n) => n.id())"))
        assert drawn and set(steps) <= drawn
        assert ex.js(f"{CY}.nodes('.plan').length") == len(steps)
        assert backward_edges(ex) == []
        assert overlapping_labels(ex) == []
        assert arrows_across_labels(ex) == []
        assert ex.problems == []
        if shot:
            ex.screenshot(shot)


@pytest.mark.browser
def test_plan_panel_shows_materials_days_reasons_and_the_deadline(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()
    ex.add_concept("hnsw", "hnsw")
    ex.add_concept("two-tower-model", "two-tower-model")
    ex.build_plan()
    request = {"targets": ["hnsw", "two-tower-model"], "known": [], "minutesPerDay": 90}
    plan = ex.graphql(PLAN_QUERY, {"input": request})["studyPlan"]
    items = page.locator("#plan-steps li.plan-step")
    expect(items).to_have_count(len(plan["steps"]))
    spanning = 0
    for step in plan["steps"]:
        item = page.locator(f'#plan-steps li.plan-step[data-slug="{step["node"]["slug"]}"]')
        expect(item.locator(".step-head")).to_contain_text(step["node"]["title"])
        meta = item.locator(".step-meta")
        if step["lastDay"] != step["day"]:
            spanning += 1
            expect(meta).to_contain_text(f"days {step['day']}\u2013{step['lastDay']}")  # en dash
        else:
            expect(meta).to_contain_text(f"day {step['day']}")
        expect(meta).to_contain_text(minutes_text(step["minutes"]))
        expect(item.locator(".step-reason")).to_have_text(step["reason"])
        for material in step["materials"]:
            line = item.locator(f'.material[data-slug="{material["node"]["slug"]}"]')
            expect(line).to_contain_text(material["node"]["title"])
    assert spanning, "some step spans two days"
    # Reasons name concepts by title, never by slug.
    reasons = " ".join(items.locator(".step-reason").all_text_contents())
    assert HNSW in reasons and TWO_TOWER in reasons
    assert not re.search(r"\b(two-tower-model|approximate-nearest-neighbor-search)\b", reasons)
    ann = page.locator('#plan-steps li[data-slug="approximate-nearest-neighbor-search"]')
    expect(ann.locator(".material-article")).to_contain_text("Read")
    expect(ann.locator(".material-prompt")).to_contain_text("Practise")
    expect(page.locator("#plan-outcome")).to_be_empty()
    ann.scroll_into_view_if_needed()
    ex.screenshot("explore-plan.png")

    # Two days at an hour a day cannot hold it: what was left out, and the budget it needs.
    page.get_by_label("Minutes per day").fill("60")
    page.get_by_label("Days (optional)").fill("2")
    ex.build_plan()
    today = datetime.now(UTC).date()
    short = {
        **request,
        "minutesPerDay": 60,
        "startDate": today.isoformat(),
        "deadline": (today + timedelta(days=1)).isoformat(),
    }
    outcome = ex.graphql(PLAN_QUERY, {"input": short})["studyPlan"]
    assert not outcome["fitsDeadline"]
    box = page.locator("#plan-outcome")
    expect(box).to_have_class(re.compile(r"\bshort\b"))
    expect(box).to_contain_text("2 days")
    expect(box).to_contain_text("Does not fit")
    expect(box.locator(".needed-all")).to_contain_text(
        f"{outcome['minutesPerDayNeeded']} min a day"
    )
    expect(box.locator(".needed-targets")).to_contain_text(
        f"{outcome['minutesPerDayForTargets']} min a day"
    )
    expect(box.locator(".cuts li")).to_have_count(len(outcome["cuts"]))
    expect(box.locator(".cut-target")).to_have_count(
        sum(cut["kind"] == "TARGET" for cut in outcome["cuts"])
    )
    expect(box.locator(".cut-target").first).to_contain_text("Target")
    ex.screenshot("explore-plan-deadline.png")

    # Taking the budget that keeps every target: the targets fit, the rest is cut.
    page.get_by_role("button", name=f"Use {outcome['minutesPerDayForTargets']} min a day").click()
    expect(box).to_contain_text("Every target fits")
    expect(page.get_by_label("Minutes per day")).to_have_value(
        str(outcome["minutesPerDayForTargets"])
    )
    ex.wait_drawn("plan")


@pytest.mark.browser
def test_learner_end_to_end(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()

    # Create a learner: the token is kept in localStorage and shown this once.
    page.get_by_label("Your name").fill("Ada")
    page.get_by_role("button", name="Create learner").click()
    expect(page.locator("#learner-name-shown")).to_have_text("Ada")
    token_box = page.locator("#token-once")
    expect(token_box).to_be_visible()
    expect(token_box).to_contain_text("cannot be shown again")
    token = page.get_by_label("Your learner token", exact=True).input_value()
    assert token.startswith("pgr_")
    assert ex.js("localStorage.getItem('prepgraph.learnerToken')") == token
    assert ex.graphql("{ me { name } }", {}, token)["me"]["name"] == "Ada"
    ex.screenshot("explore-learner.png")
    page.get_by_role("button", name="I have saved it").click()
    expect(token_box).to_be_hidden()
    assert token not in page.content()

    # Mark a concept known: the API has it, the graph and the page show a check mark.
    ex.search("embeddings")
    ex.open_result("embeddings", "Embeddings as dense learned representations")
    page.get_by_role("button", name="✓ Known").click()
    expect(page.get_by_role("button", name="✓ Known")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(f"() => {CY}.getElementById('embeddings').hasClass('known')")
    assert ex.js(f"{CY}.getElementById('embeddings').style('background-image')").startswith(
        "data:image/svg+xml"
    )
    mastery = ex.graphql("{ me { mastery { nodes { state concept { slug } } } } }", {}, token)[
        "me"
    ]["mastery"]["nodes"]
    assert {"state": "KNOWN", "concept": {"slug": "embeddings"}} in mastery
    assert all(h.get("authorization") == f"Bearer {token}" for h in ex.headers[-3:])

    # Build a plan (the known concept stays out of it) and save it.
    ex.search("hnsw")
    ex.open_result("hnsw", HNSW)
    page.locator("#details-body button", has_text="Add as target").click()
    ex.build_plan()
    steps = page.locator("#plan-steps li.plan-step")
    slugs = steps.evaluate_all("(lis) => lis.map((li) => li.dataset.slug)")
    assert "embeddings" not in slugs and slugs[-1] == "hnsw"
    page.get_by_label("Save this plan as").fill("ANN sprint")
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator("#plan-saved-head")).to_contain_text("ANN sprint")
    expect(page.locator("#saved-plans li.saved-plan")).to_have_count(1)
    expect(page.locator("#saved-plans")).to_contain_text("ANN sprint")

    # Tick the first step done: it moves to the done list, progress shows it.
    first_step = slugs[0]
    page.get_by_label(re.compile(r"^Done: ")).first.click()
    expect(page.locator(f'#plan-done li[data-slug="{first_step}"]')).to_have_count(1)
    expect(page.locator("#plan-saved-head")).to_contain_text(f"1 of {len(slugs)} done")
    page.wait_for_function(f"() => {CY}.getElementById('{first_step}').hasClass('known')")
    page.get_by_role("tab", name="Progress").click()
    progress = page.locator("#plan-progress")
    expect(progress).to_contain_text(f"1 of {len(slugs)} steps done")
    percent = int(progress.locator(".percent").inner_text().rstrip("%"))
    assert percent > 0
    ml = page.locator('#progress-body li[data-domain="ml-system-design"]')
    expect(ml).to_contain_text("✓ 2")
    ex.screenshot("explore-progress.png")

    # Replan from today.
    page.get_by_role("tab", name="Plan").click()
    page.get_by_label("Minutes per day").fill("60")
    page.get_by_role("button", name="Replan from today").click()
    expect(page.locator("#learner-message")).to_contain_text("Replanned")
    saved = ex.graphql("{ me { plans { nodes { request } } } }", {}, token)["me"]["plans"]
    request = saved["nodes"][0]["request"]
    assert request["minutesPerDay"] == 60
    assert request["startDate"] == datetime.now(UTC).date().isoformat()
    ex.wait_drawn("plan")

    # Practise a question of the plan: the question, then follow-ups and outline on demand.
    page.get_by_role("tab", name="Practice").click()
    practise = page.locator("#plan-prompts button", has_text="Practise").first
    prompt_slug = page.locator("#plan-prompts li").first.get_attribute("data-slug")
    practise.click()
    card = page.locator("#practice-card")
    expect(card.locator("blockquote.question")).to_be_visible()
    expect(card.locator("#practice-followups")).to_be_hidden()
    card.get_by_role("button", name="Show follow-ups").click()
    expect(card.locator("#practice-followups li").first).to_be_visible()
    card.get_by_role("button", name="Show answer outline").click()
    expect(card.locator("#practice-outline li").first).to_be_visible()
    card.get_by_role("button", name="Good: Answered well").click()
    expect(card.locator("#practice-result")).to_contain_text("Recorded: Good")
    review = page.locator(f'#due-reviews li[data-slug="{prompt_slug}"]')
    expect(review).to_have_count(1)
    expect(review).to_contain_text("due")
    attempts = ex.graphql("{ me { attempts { nodes { rating prompt { slug } } } } }", {}, token)
    assert attempts["me"]["attempts"]["nodes"][0] == {
        "rating": "GOOD",
        "prompt": {"slug": prompt_slug},
    }
    ex.screenshot("explore-practice.png")

    # A new visit: still signed in from localStorage, progress marks back, token not shown.
    page.reload()
    ex.wait_drawn()
    expect(page.locator("#learner-name-shown")).to_have_text("Ada")
    expect(page.locator("#token-once")).to_be_hidden()
    assert token not in page.content()
    page.wait_for_function(f"() => {CY}.getElementById('embeddings').hasClass('known')")
    expect(page.locator("#plan-saved-head")).to_contain_text("ANN sprint")


@pytest.mark.browser
def test_paste_a_token_and_sign_out(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    created = ex.graphql('mutation { createLearner(input: {name: "Grace"}) { token } }', {})[
        "createLearner"
    ]
    token = created["token"]
    ex.graphql(
        'mutation { setMastery(input: {concept: "hnsw", state: LEARNING}) { concept { slug } } }',
        {},
        token,
    )
    ex.open()
    page.get_by_text("I have a learner token").click()
    field_ = page.get_by_label("Paste your learner token")

    # A token that does not work is refused and not kept.
    field_.fill("pgr_not_a_token")
    page.get_by_role("button", name="Use token").click()
    expect(page.locator("#learner-message")).to_contain_text("does not work")
    assert ex.js("localStorage.getItem('prepgraph.learnerToken')") is None
    expect(page.locator("#learner-signed-out")).to_be_visible()

    field_.fill(token)
    page.get_by_role("button", name="Use token").click()
    expect(page.locator("#learner-name-shown")).to_have_text("Grace")
    assert ex.js("localStorage.getItem('prepgraph.learnerToken')") == token
    expect(page.locator("#token-once")).to_be_hidden()
    page.wait_for_function(f"() => {CY}.getElementById('hnsw').hasClass('learning')")
    assert ex.js(f"{CY}.getElementById('hnsw').style('background-image')").startswith(
        "data:image/svg+xml"
    )
    page.get_by_role("tab", name="Progress").click()
    expect(page.locator('#progress-body li[data-domain="ml-system-design"]')).to_contain_text("◐ 1")
    assert ex.headers[-1].get("authorization") == f"Bearer {token}"

    page.get_by_role("button", name="Sign out and forget the token").click()
    expect(page.locator("#learner-signed-out")).to_be_visible()
    assert ex.js("localStorage.getItem('prepgraph.learnerToken')") is None
    assert not ex.js(f"{CY}.getElementById('hnsw').hasClass('learning')")
    sent = len(ex.headers)
    ex.search("hnsw")
    assert ex.headers[sent:] and all("authorization" not in h for h in ex.headers[sent:])


@pytest.mark.browser
def test_concept_page_renders_markdown_safely(explorer: Explorer) -> None:
    ex, page, expect = explorer, explorer.page, explorer.expect
    ex.open()
    ex.search("finite state machine")
    ex.open_result("state-pattern-and-state-machines", "State pattern and state machines")
    ex.wait_drawn("around")  # a node outside the drawn domain brings its neighbourhood
    details = page.locator("#details-body")
    expect(details.locator(".aliases")).to_contain_text("FSM")
    expect(details.locator(".summary")).not_to_be_empty()
    body = details.locator(".body-text")
    expect(body.locator("h4").first).to_be_visible()
    expect(body.locator("table th").first).to_have_text("state")
    expect(body.locator("table td", has_text="CANCELLED").first).to_be_visible()
    for group, slug in [
        ("Prerequisites", "object-oriented-fundamentals"),
        ("Unlocks", "vending-machine-design"),
        ("Articles", "choosing-a-design-pattern-in-an-interview"),
        ("Interview questions", "q-design-vending-machine"),
    ]:
        section = details.locator(".link-group", has=page.locator("h4", has_text=group))
        expect(section.locator(f'a.node-link[data-slug="{slug}"]')).to_have_count(1)
    ex.screenshot("explore-concept.png")

    # Links open in the panel without redrawing the graph; Back returns to the concept.
    view = ex.js("document.documentElement.dataset.view")
    details.locator('a.node-link[data-slug="choosing-a-design-pattern-in-an-interview"]').click()
    expect(page.locator("#details-title")).to_have_text("Choosing a design pattern in an interview")
    expect(details.locator(".body-text p").first).to_be_visible()
    assert ex.js("document.documentElement.dataset.view") == view
    page.go_back()
    expect(page.locator("#details-title")).to_have_text("State pattern and state machines")

    # Raw HTML in markdown is text; the sanitizer drops scripts, handlers and javascript: URLs.
    rendered = page.evaluate(
        """() => {
            const host = document.createElement("div");
            const source = "## Title\\n\\nA **bold** <img src=x onerror=alert(1)> `<b>`\\n\\n"
                + "<script>window.hacked = 1</script>\\n\\n[link](javascript:alert(1)) "
                + "[web](https://example.org)\\n\\n- one\\n- two";
            host.append(...window.prepgraphExplorer.renderMarkdown(source));
            document.body.append(host);
            const clean = document.createElement("div");
            clean.append(window.prepgraphExplorer.sanitize(
                '<img src=x onerror="window.hacked=2"><script>window.hacked=3</script>'
                + '<a href="javascript:alert(1)" onclick="window.hacked=4">a</a>'
                + '<p style="color:red" onmouseover="x()">kept</p><iframe src="/"></iframe>'));
            return {
                html: host.innerHTML,
                elements: host.querySelectorAll("img, b, script").length,
                items: host.querySelectorAll("li").length,
                hrefs: [...host.querySelectorAll("a")].map((a) => a.getAttribute("href")),
                rel: host.querySelector('a[href^="https:"]').getAttribute("rel"),
                clean: clean.innerHTML,
            };
        }"""
    )
    assert rendered["elements"] == 0 and rendered["items"] == 2
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered["html"]
    assert "&lt;script&gt;window.hacked = 1&lt;/script&gt;" in rendered["html"]
    assert "<strong>bold</strong>" in rendered["html"] and "<h4>Title</h4>" in rendered["html"]
    assert rendered["hrefs"] == [None, "https://example.org"]
    assert rendered["rel"] == "noopener noreferrer"
    assert rendered["clean"] == "<a>a</a><p>kept</p>"
    assert ex.js("window.hacked") is None
