"""Routes that read entries: one entry with its inclusion proof."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from accord.service.deps import ERRORS, MAX_INDEX, Size, check_size, state_of
from accord.service.schemas import EntryOut
from accord.service.state import b64

router = APIRouter(tags=["entries"])


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
