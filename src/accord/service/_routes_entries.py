"""Routes that read entries: a page of entries, one entry with its proof, search by leaf hash."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from accord.service._deps import ERRORS, MAX_INDEX, Size, check_size, state_of
from accord.service._opening import b64
from accord.service._schemas import EntryOut

router = APIRouter(tags=["entries"])

MAX_PAGE = 1000
"""Most entries one page of ``GET /v1/entries`` lists."""


@router.get("/v1/entries", responses=ERRORS)
def list_entries(
    request: Request,
    start: Annotated[int, Query(ge=0, le=MAX_INDEX, description="The first index.")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description=f"At most this many (1 to {MAX_PAGE}).")
    ] = 100,
) -> dict[str, Any]:
    """A page of entries as logged, in order: each with its index and leaf hash.

    ``next`` is the ``start`` of the following page, or null at the end of the log. Read from
    the database a page at a time: a client pages through a log of any size in constant memory.
    """
    state = state_of(request)
    size = state.store.size
    stop = min(size, start + limit)
    listed = [
        {"index": e.index, "leaf_hash": b64(e.leaf_hash), **json.loads(e.data)}
        for e in state.store.entries(start, stop)
    ]
    return {"start": start, "tree_size": size, "entries": listed,
            "next": stop if stop < size else None}  # fmt: skip


@router.get("/v1/search", responses=ERRORS)
def search(
    request: Request,
    leaf_hash: Annotated[str, Query(max_length=64, description="A leaf hash (base64).")],
) -> dict[str, Any]:
    """The index of the entry with this leaf hash (404 if the log has none)."""
    try:
        raw = base64.b64decode(leaf_hash.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise HTTPException(400, "leaf_hash is not base64") from None
    if len(raw) != 32:
        raise HTTPException(400, "leaf_hash is not a 32-byte hash")
    index = state_of(request).store.index_of(raw)
    if index is None:
        raise HTTPException(404, f"no entry has the leaf hash {leaf_hash}")
    return {"index": index, "leaf_hash": b64(raw)}


@router.get("/v1/entries/{index}", response_model=EntryOut, responses=ERRORS)
def get_entry(
    request: Request,
    index: Annotated[int, Path(ge=0, le=MAX_INDEX, description="The entry's index.")],
    tree_size: Size | None = None,
) -> EntryOut:
    """An entry with its inclusion proof in the tree of ``tree_size`` (default: current)."""
    state = state_of(request)
    size = check_size(state, tree_size)
    if index >= size:
        raise HTTPException(404, f"no entry {index} in a tree of {size} entries")
    stored = state.store.entry(index)
    return EntryOut(
        index=index,
        kind=stored.kind,
        submitter=stored.submitter,
        entry=state.decode(stored.data),
        leaf_hash=b64(stored.leaf_hash),
        tree_size=size,
        root_hash=b64(state.store.root(size)),
        inclusion_proof=[b64(h) for h in state.store.inclusion_proof(index, size)],
    )
