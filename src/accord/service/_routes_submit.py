"""Submissions: ``POST /v1/entries`` and ``POST /v1/participants``.

A submission is a signed entry ``{"entry": ENVELOPE, "signature": base64}`` (see
:mod:`accord.ledger._entries`). Before anything is stored the service checks, in order: the body
size (413), that it is signed (401), its schema (422), then on the single writer thread, against
the log including the appends queued before it: the submitter is registered (403), the sequence
number is the next one (409: a replay), the signature verifies (401), the role allows the entry
(403) and its references exist (422); a registration also needs the administrator role and the
new participant's proof of possession. The answer is sent only once the entry is durable.

The work that needs no log state (parsing, schema, canonical encoding, leaf hash) runs on the
request's thread and the signature verification under the submitter's key as known at
submission on a verifier thread, which then queues the entry (:meth:`ServiceState.submit_soon
<accord.service._state.ServiceState.submit_soon>`); the writer's
check finds that verdict for the key it looks up, and verifies itself only for another key (see
:meth:`ServiceState.submit <accord.service._state.ServiceState.submit>`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from accord.errors import InputError, LedgerError, Rejected
from accord.ledger._entries import SignedEntry, parse_signed_entry
from accord.ledger._entry_bodies import Registration
from accord.ledger.store import StoredEntry
from accord.service._schemas import Problem, Receipt
from accord.service._state import ServiceState

APPEND_TIMEOUT = 30.0
"""Seconds a submission waits for its durable commit before the service answers 503."""

REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Unsigned, or the signature does not verify."},
    403: {"model": Problem, "description": "Unknown submitter, or the role forbids the entry."},
    409: {"model": Problem, "description": "A replay (sequence already used) or a duplicate."},
    413: {"model": Problem, "description": "The submission is too large."},
    422: {"model": Problem, "description": "Malformed entry or an invalid reference."},
    503: {"model": Problem, "description": "The database is unavailable; nothing was stored."},
}


class Submission(BaseModel):
    """A signed entry as submitted (the signature is checked before anything is stored)."""

    model_config = ConfigDict(extra="forbid")

    entry: dict[str, Any] = Field(
        description="The envelope: ledger, submitter, kind, sequence, timestamp, body."
    )
    signature: str | None = Field(
        default=None, description="base64 Ed25519 signature of the purpose line + JCS(entry)."
    )


SUBMISSION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": Submission.model_json_schema()}},
    }
}
"""The request body in the OpenAPI description: the handlers read the raw bytes themselves (one
``json.loads``, then :func:`~accord.ledger._entries.parse_signed_entry`), not through a model."""


def _unsigned(data: object) -> bool:
    """Whether ``data`` is a well-formed submission but for a missing or empty signature."""
    if not isinstance(data, dict) or not set(data) <= {"entry", "signature"}:
        return False
    return isinstance(data.get("entry"), dict) and not data.get("signature")


def parse_submission(body: bytes) -> SignedEntry:
    """Turn a request body into a validated signed entry, or raise :class:`Rejected`."""
    return parse_submitted(load_json(body))


def load_json(body: bytes) -> Any:
    """The JSON value of a request body, or :class:`Rejected` (422)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise Rejected(422, "the request body is not valid JSON") from None


def parse_submitted(data: Any) -> SignedEntry:
    """A submitted signed entry's decoded JSON as a validated signed entry, or
    :class:`Rejected` (401 unsigned, 413 too large, 422 malformed)."""
    if _unsigned(data):
        raise Rejected(401, "the entry is not signed (add a base64 Ed25519 signature)")
    try:
        return parse_signed_entry(data)
    except InputError as error:
        if "larger than" in str(error):
            raise Rejected(413, str(error)) from None
        hint = f" (hint: {error.hint})" if error.hint else ""
        raise Rejected(422, f"{error}{hint}") from None


async def append(state: ServiceState, signed: SignedEntry) -> bytes:
    """Submit ``signed``, wait until it is durable; its signed receipt as JSON text."""
    future, pending = state.submit_soon(signed)  # verified beside the event loop, then queued
    try:
        async with asyncio.timeout(APPEND_TIMEOUT):
            stored: StoredEntry = await asyncio.wrap_future(future)
    except TimeoutError:
        raise LedgerError("the append did not complete in time; it may still be stored") from None
    if pending.logged is None:  # pragma: no cover - the writer sets it before resolving
        raise LedgerError("the entry was stored without its log time")
    return state.receipt(stored, pending.logged).to_json()


router = APIRouter()


@router.post(
    "/v1/entries",
    response_model=Receipt,
    tags=["entries"],
    responses=REFUSALS,
    openapi_extra=SUBMISSION_BODY,
)
async def submit_entry(request: Request) -> Response:
    """Append a signed entry; the answer, a signed receipt, means it is durable.

    (A ``POST`` never reaches this handler: :mod:`accord.service._fast_submit` answers it
    with the same functions before the framework; the route describes it in OpenAPI.)"""
    signed = parse_submission(await request.body())
    return _json(await append(request.app.state.ledger, signed))


@router.post(
    "/v1/participants",
    response_model=Receipt,
    tags=["participants"],
    responses=REFUSALS,
    openapi_extra=SUBMISSION_BODY,
)
async def register_participant(request: Request) -> Response:
    """Register a participant: a registration entry signed by an administrator."""
    signed = parse_submission(await request.body())
    if not isinstance(signed.envelope.body, Registration):
        raise Rejected(422, f"expected a registration entry, got {signed.envelope.kind}")
    return _json(await append(request.app.state.ledger, signed))


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")
