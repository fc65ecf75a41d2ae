"""The HTTP ceiling: a raw ASGI app that answers every request with the same bytes.

`peer.py` serves it the way ``prepgraph serve`` serves PrepGraph (uvicorn, one
worker, uvloop and httptools, no access log), with PrepGraph's own response to
r1 as the body (the file named by ``CEILING_BODY``). No Python web app on this
server can answer faster: the gap between this and PrepGraph is what the app
itself costs per request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BODY = Path(os.environ["CEILING_BODY"]).read_bytes()
HEADERS = [
    (b"content-type", b"application/json; charset=utf-8"),
    (b"content-length", str(len(BODY)).encode()),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Read the request body, answer BODY; complete the lifespan handshake."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
