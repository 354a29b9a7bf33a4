"""The compliance route: the status of every commitment of an agreement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from accord.service._deps import ERRORS, MAX_INDEX, state_of

router = APIRouter(tags=["compliance"])


@router.get(
    "/v1/agreements/{index}/compliance",
    responses=ERRORS,
    response_description="The status of every commitment of the agreement (see the reference).",
)
def agreement_compliance(
    request: Request,
    index: Annotated[int, Path(ge=0, le=MAX_INDEX, description="The agreement entry's index.")],
    as_of: Annotated[
        date | None, Query(description="The date of the statuses (default: today, UTC).")
    ] = None,
) -> dict[str, Any]:
    """Status of each commitment of an agreement: pending, due, claimed, verified, overdue,
    disputed or violated, with its history, from the delivery claims, inspection reports,
    disputes and snapbacks in the log."""
    state = state_of(request)
    if index >= state.store.size or state.store.entry(index).kind != "agreement":
        raise HTTPException(404, f"entry {index} is not an agreement")
    day = as_of if as_of is not None else datetime.now(UTC).date()
    return state.compliance(index, day).to_dict()
