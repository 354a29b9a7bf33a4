"""``POST /v1/entries`` answered before the framework: the hot path of the ledger service.

A submission needs none of what the framework adds to a request (its middleware stack,
routing through every route, dependency resolution, response models, exception handlers):
:class:`LedgerApp`, the service's FastAPI app, answers it in its own ``__call__`` before handing
any other request to FastAPI. It reads the body under the same size limit
(:func:`~accord.service._limits.read_body`), runs the same :func:`parse_submission` and
:func:`append` as the route (which stays declared for the OpenAPI description, and answers any
other method), and turns a refusal into the same status and ``detail`` as the app's exception
handlers (:func:`answer_for`). An unexpected exception is logged and answered 400, as by
:class:`~accord.service._limits.NoServerErrors`: never a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from accord.errors import AccordError, LedgerError, Rejected
from accord.service._config import DEFAULT_MAX_BODY
from accord.service._limits import read_body, send_json_bytes
from accord.service._routes_submit import append, parse_submission

log = logging.getLogger("accord.service")

PATH = "/v1/entries"


def answer_for(error: AccordError) -> tuple[int, dict[str, Any]]:
    """The status and JSON answer of a refusal (the one mapping the app's handlers use too).

    >>> answer_for(Rejected(409, "a replay", {"code": "replay"}))
    (409, {'detail': 'a replay', 'code': 'replay'})
    >>> answer_for(LedgerError("disk full"))
    (503, {'detail': 'the ledger is unavailable: disk full'})
    """
    if isinstance(error, Rejected):
        return error.status, {"detail": error.reason, **error.detail}
    if isinstance(error, LedgerError):
        return 503, {"detail": f"the ledger is unavailable: {error}"}
    return 400, {"detail": str(error)}


class LedgerApp(FastAPI):
    """The service's app: answers ``POST /v1/entries`` itself, passes every other request to
    FastAPI (module docstring). ``max_body`` is the request body limit of the hot path."""

    max_body: int = DEFAULT_MAX_BODY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "POST":
            await self._submit(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def _submit(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(scope, receive, send, self.max_body)
        if body is None:
            return
        status, answer = 200, b""
        try:
            answer = await append(self.state.ledger, parse_submission(body))
        except AccordError as error:
            status, payload = answer_for(error)
            answer = bytes(JSONResponse(payload).body)  # as the app's handlers render it
        except Exception:
            log.exception("unexpected error while answering POST %s", PATH)
            status, answer = 400, b'{"detail": "the request could not be processed"}'
        await send_json_bytes(send, status, answer)
