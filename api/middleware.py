"""ASGI middleware: request ids, body size limit, execution timeout, security headers."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observability import new_request_id

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _json_response(status: int, body: dict[str, Any]) -> tuple[Message, Message]:
    payload = json.dumps(body).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
        ],
    }
    return start, {"type": "http.response.body", "body": payload}


_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:-]{1,64}")


def _client_request_id(raw: bytes) -> str | None:
    """A client's X-Request-ID when it is a plain token (it is echoed and logged)."""
    return raw.decode("ascii") if _REQUEST_ID.fullmatch(raw) else None


class Guard:
    """Request id (X-Request-ID), body size limit, timeout and security headers, in one layer."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = _client_request_id(headers.get(b"x-request-id", b"")) or new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [
                    *message.get("headers", []),
                    *SECURITY_HEADERS,
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            await self._reject(
                send_with_headers, 413, f"request body over {self.max_body_bytes} bytes"
            )
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _TooLarge
            return message

        # asyncio.timeout's own bookkeeping, with one timer and no context manager: the
        # task is cancelled at the deadline and the cancellation read back as a timeout.
        task = asyncio.current_task()
        assert task is not None
        cancelling = task.cancelling()
        expired = False

        def expire() -> None:
            nonlocal expired
            expired = True
            task.cancel()

        loop = asyncio.get_running_loop()
        deadline = loop.call_at(loop.time() + self.timeout, expire)
        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._reject(
                    send_with_headers, 413, f"request body over {self.max_body_bytes} bytes"
                )
        except asyncio.CancelledError:
            if not expired or task.uncancel() > cancelling:
                raise  # cancelled from outside: the client left or the server stops
            if not started:
                await self._reject(
                    send_with_headers, 504, f"the request took longer than {self.timeout:g} s",
                    code="TIMEOUT",
                )  # fmt: skip
        finally:
            deadline.cancel()

    @staticmethod
    async def _reject(send: Send, status: int, message: str, code: str = "BAD_REQUEST") -> None:
        start, body = _json_response(
            status, {"errors": [{"message": message, "extensions": {"code": code}}]}
        )
        await send(start)
        await send(body)


class _TooLarge(Exception):
    pass
