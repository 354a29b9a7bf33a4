"""What every route module of the service shares: the running ledger, size checks, error docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import HTTPException, Query, Request

from accord.service._schemas import Problem
from accord.service._state import ServiceState

MAX_INDEX = 2**62
"""Bound of every index and size parameter (anything above is refused as out of range)."""

Size = Annotated[int, Query(ge=0, le=MAX_INDEX, description="A tree size (number of entries).")]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Malformed request."},
    404: {"model": Problem, "description": "No such entry or tree size."},
    422: {"model": Problem, "description": "The parameters do not validate."},
}


def state_of(request: Request) -> ServiceState:
    """The running ledger of the app that received ``request``."""
    state: ServiceState = request.app.state.ledger
    return state


def check_size(state: ServiceState, size: int | None, what: str = "tree_size") -> int:
    """``size``, or the current size when None; 404 when the log is not that large yet."""
    current = state.store.size
    if size is None:
        return current
    if size > current:
        raise HTTPException(404, f"{what} {size} is larger than the log ({current} entries)")
    return size
