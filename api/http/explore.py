"""GET /explore: the interactive graph explorer, a static page that talks to /graphql only.

The page, its script and stylesheet live in ``api/static`` with the bundled Cytoscape.js
(``api/static/vendor``), served under ``/static`` so the explorer works offline.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["STATIC_DIR", "mount_explorer", "router"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# The page loads nothing but its own files and posts to /graphql; the policy makes a
# stray CDN link or an injected script fail loudly instead of working by accident.
# Inline styles stay allowed: Cytoscape.js injects a small stylesheet for its container.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

router = APIRouter()


@router.api_route(
    "/explore",
    methods=["GET", "HEAD"],
    summary="Interactive explorer of the knowledge graph",
    response_class=FileResponse,
    include_in_schema=False,
)
async def explore() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "explore.html",
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache"},
    )


def mount_explorer(app: FastAPI) -> None:
    """Add GET /explore and the static files under /static to ``app`` (once)."""
    if any(getattr(route, "path", None) == "/explore" for route in app.routes):
        return
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
