"""Routes that read the participants (derived from the registration entries of the log)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from accord.service._deps import ERRORS, state_of
from accord.service._schemas import ParticipantOut

router = APIRouter(tags=["participants"])


@router.get("/v1/participants", response_model=list[ParticipantOut])
def list_participants(request: Request) -> list[ParticipantOut]:
    """Every participant: the founders, then the registered ones in registration order."""
    return state_of(request).participants()


@router.get("/v1/participants/{participant_id}", response_model=ParticipantOut, responses=ERRORS)
def get_participant(
    request: Request,
    participant_id: Annotated[str, Path(max_length=80, description="The participant's id.")],
) -> ParticipantOut:
    """One participant, with the sequence number of its last entry."""
    for participant in state_of(request).participants():
        if participant.participant == participant_id:
            return participant
    raise HTTPException(404, f"no participant {participant_id!r}")
