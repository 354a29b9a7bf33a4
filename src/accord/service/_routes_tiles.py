"""The log in the C2SP tlog-tiles layout: ``/checkpoint``, ``/tile/<L>/<N>``, ``/tile/entries``.

Standard tiled-log clients (the Go transparency tools, Tessera's clients, a plain file mirror)
read the log from these static resources: the checkpoint (mutable, not cached) and immutable
tiles and entry bundles (cached for a year; see :mod:`accord.ledger.merkle._tiles`).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from accord.errors import InputError
from accord.ledger.merkle._tiles import read_tile
from accord.service._deps import state_of

router = APIRouter(tags=["tiles"])

IMMUTABLE = "public, max-age=31536000, immutable"


@router.get("/checkpoint", responses={200: {"content": {"text/plain": {}}}})
def tiled_checkpoint(request: Request) -> Response:
    """The log's checkpoint (with the witnesses' cosignatures once they cosigned this size)."""
    state = state_of(request)
    note = state.published_checkpoint()
    witnessed = None if state.witnessing is None else state.witnessing.witnessed
    size = int(note.split("\n")[1])
    if witnessed is not None and witnessed[0] == size:
        note = witnessed[1]
    return Response(note, media_type="text/plain; charset=utf-8",
                    headers={"Cache-Control": "no-cache"})  # fmt: skip


@router.get(
    "/tile/{path:path}",
    responses={200: {"content": {"application/octet-stream": {}}}, 404: {}, 400: {}},
)
def tile(request: Request, path: str) -> Response:
    """A tile of hashes (``tile/<L>/<N>[.p/<W>]``) or an entry bundle (``tile/entries/...``)."""
    store = state_of(request).store
    size = store.size

    def entries(start: int, stop: int) -> list[bytes]:
        return [e.data for e in store.entries(start, stop)]

    try:
        body = read_tile(f"tile/{path}", size, store.tree_hashes, entries)
    except InputError as error:
        status = 404 if "has no tile" in str(error) else 400
        raise HTTPException(status, str(error)) from None
    return Response(body, media_type="application/octet-stream",
                    headers={"Cache-Control": IMMUTABLE})  # fmt: skip
