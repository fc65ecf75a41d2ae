"""GraphiQL at GET /graphql, from bundled assets only, driven in headless Chromium.

Every request that leaves the server is aborted, as on a machine without internet:
the page must still render, show the explorer plugin and run a query.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

__all__ = ["playwright_api"]  # the fixture, shared with the explorer test

from tests.browser.test_explorer import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, playwright_api, serve


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_graphiql_renders_and_runs_a_query_offline(playwright_api: Any, default_url: str) -> None:
    expect = playwright_api.expect
    with serve(default_url) as base, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(20_000)
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on(
                "console",
                lambda msg: (
                    problems.append(f"console: {msg.text}") if msg.type == "error" else None
                ),
            )
            outside: list[str] = []

            def offline(route: Any) -> None:
                url = route.request.url
                parts = urlsplit(url)
                if url.startswith("data:") or f"{parts.scheme}://{parts.netloc}" == base:
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort("internetdisconnected")

            page.route("**/*", offline)
            page.goto(f"{base}/graphql")
            expect(page.locator(".graphiql-container")).to_be_visible()
            # The explorer plugin is installed and opens.
            page.get_by_role("button", name="Show GraphiQL Explorer").click()
            expect(page.locator(".graphiql-explorer-root")).to_be_visible()
            page.locator(".graphiql-execute-button").click()
            result = page.locator(".result-window")
            expect(result).to_contain_text('"prerequisites"')
            expect(result).to_contain_text("HNSW (hierarchical navigable")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "graphiql.png"))
            assert outside == []
            assert problems == []
        finally:
            browser.close()
