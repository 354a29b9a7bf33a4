"""ASGI guards of the ledger service: a request body size limit and a last-resort error answer.

:class:`BodyLimit` refuses a request whose body exceeds the limit with ``413`` before the
application reads it (a declared ``Content-Length``, or counted while reading a streamed body,
which is held in memory up to the limit), so an oversized submission is never parsed nor stored.
:class:`NoServerErrors` turns any exception that escaped the application into a ``400`` (the
service is only fed by what a client sent) after logging it, so that no request is ever
answered ``500``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("accord.service")


async def send_json_bytes(send: Send, status: int, body: bytes) -> None:
    """Answer ``status`` with the JSON text ``body`` (its length declared)."""
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    await send_json_bytes(send, status, json.dumps(payload).encode())


async def read_body(scope: Scope, receive: Receive, send: Send, max_bytes: int) -> bytes | None:
    """The request's whole body, or ``None`` once a refusal was answered (a bad or too large
    ``Content-Length``, or a body that grows past ``max_bytes``; at most that much is held) or
    the client went away."""
    detail = {"detail": f"the request body exceeds {max_bytes} bytes"}
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                declared = int(value)
            except ValueError:
                await _send_json(send, 400, {"detail": "invalid Content-Length header"})
                return None
            if declared > max_bytes:
                await _send_json(send, 413, detail)
                return None
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return None
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > max_bytes:
            await _send_json(send, 413, detail)
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class BodyLimit:
    """Refuse request bodies larger than ``max_bytes`` with 413 (nothing is parsed or stored)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(scope, receive, send, self.max_bytes)
        if body is None:
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class NoServerErrors:
    """Answer 400 instead of 500 when an exception escapes the application (and log it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception(
                "unexpected error while answering %s %s", scope.get("method"), scope.get("path")
            )
            if not started:
                await _send_json(send, 400, {"detail": "the request could not be processed"})
