"""Why the log refuses an entry: a code, a reason, and the HTTP status a service answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """Why an entry is refused; ``status`` is the HTTP status a service should answer."""

    code: str
    reason: str

    STATUS = {  # noqa: RUF012  (class-level constant table)
        "unknown_submitter": 403,
        "bad_signature": 401,
        "replay": 409,
        "sequence_gap": 409,
        "wrong_ledger": 400,
        "forbidden": 403,
        "invalid_reference": 422,
        "duplicate": 409,
        "clock_skew": 422,
        "log_time": 422,
        "not_in_force": 409,
        "event_date": 422,
        "revoked": 403,
    }

    @property
    def status(self) -> int:
        """The HTTP status for this refusal (4xx).

        >>> Refusal("replay", "sequence 3 was already used").status
        409
        """
        return self.STATUS.get(self.code, 400)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (a service's 4xx response body)."""
        return {"code": self.code, "reason": self.reason, "status": self.status}

    def __str__(self) -> str:
        return self.reason


__all__ = ["Refusal"]
