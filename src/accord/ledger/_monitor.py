"""What a monitor keeps between rounds, and the checks it makes on what a log shows it.

A monitor follows one log. It keeps the latest checkpoint it verified and the right border of
that tree (:class:`~accord.ledger.merkle._compact.CompactRange`); each round it takes the log's
new checkpoint and checks, trusting nothing the log says:

1. the checkpoint is signed by the log key (and, if asked, cosigned by a quorum of witnesses);
2. it is not smaller than the one kept, nor another root at the same size (a fork);
3. the log's consistency proof shows it extends the one kept;
4. the new entries, read page by page, each parse as a logged entry, and their leaf hashes,
   appended to the kept border, give exactly the new root.

Any failure is an *alert* (:class:`Alert`): the kept state does not move, so every later round
alerts again until a person looks.

Examples
--------
>>> from accord.ledger._checkpoint import Checkpoint
>>> from accord.ledger.merkle import EMPTY_ROOT
>>> state = MonitorState.start("log", Checkpoint("log", 0, EMPTY_ROOT), "note")
>>> MonitorState.from_json(state.to_dict()) == state
True
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from accord.errors import AccordError, InputError
from accord.ledger._checkpoint import Checkpoint
from accord.ledger._entries import parse_logged_entry
from accord.ledger.merkle._compact import CompactRange
from accord.ledger.merkle._hashing import leaf_hash

STATE_KIND = "ledger.monitor_state"


class Alert(AccordError):
    """The log showed something that cannot be true of an append-only log."""


@dataclass(frozen=True)
class MonitorState:
    """The latest verified checkpoint of a log and the border of its tree."""

    origin: str
    size: int
    root: bytes
    checkpoint: str
    border: tuple[bytes, ...]

    @classmethod
    def start(cls, origin: str, head: Checkpoint, note: str) -> MonitorState:
        """The state before any entry was read (a first round reads from entry 0)."""
        if head.size != 0:
            raise InputError("a monitor starts from the empty log")
        return cls(origin, 0, head.root, note, ())

    def to_dict(self) -> dict[str, Any]:
        """The state file's content."""
        return {"accord": 1, "kind": STATE_KIND, "origin": self.origin, "size": self.size,
                "root": _b64(self.root), "checkpoint": self.checkpoint,
                "border": [_b64(h) for h in self.border]}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MonitorState:
        """Read a state file's content strictly."""
        if not isinstance(data, Mapping) or data.get("kind") != STATE_KIND:
            raise InputError(f'not a monitor state file (expected "kind": "{STATE_KIND}")')
        try:
            border = tuple(base64.b64decode(h, validate=True) for h in data["border"])
            state = cls(str(data["origin"]), int(data["size"]),
                        base64.b64decode(data["root"], validate=True), str(data["checkpoint"]),
                        border)  # fmt: skip
            CompactRange.from_hashes(state.size, state.border)
        except (KeyError, TypeError, ValueError, binascii.Error) as error:
            raise InputError(f"the monitor state file is damaged: {error}") from None
        return state


def check_growth(kept: MonitorState, head: Checkpoint) -> None:
    """Alert if ``head`` is smaller than the kept checkpoint, or another root at its size."""
    if head.origin != kept.origin:
        raise Alert(f"the log now says it is {head.origin!r}, not {kept.origin!r}")
    if head.size < kept.size:
        raise Alert(f"the log shrank: {kept.size} entries were verified, it now shows {head.size}")
    if head.size == kept.size and head.root != kept.root:
        raise Alert(
            f"fork: the log shows another root for its {head.size} entries than the one verified"
        )


def extend(kept: MonitorState, head: Checkpoint, note: str,
           listed: Iterable[Mapping[str, Any]]) -> MonitorState:  # fmt: skip
    """The new state after reading entries ``kept.size .. head.size - 1`` (``listed``, in order).

    Each listed entry (as ``GET /v1/entries`` lists it) must be at its index, parse as a logged
    entry, and hash to the leaf hash listed; the new border must give ``head.root``.
    """
    border = CompactRange.from_hashes(kept.size, kept.border)
    for item in listed:
        index = item.get("index")
        if index != border.size:
            raise Alert(f"the log listed entry {index} where entry {border.size} was expected")
        try:
            logged = parse_logged_entry(
                {k: item.get(k) for k in ("entry", "log_time", "signature")}
            )
        except InputError as error:
            raise Alert(f"entry {index} is not a logged entry: {error}") from None
        data_hash = leaf_hash(logged.leaf_data())
        if _b64(data_hash) != item.get("leaf_hash"):
            raise Alert(f"entry {index} does not hash to the leaf hash the log lists for it")
        border.append(data_hash)
        if border.size > head.size:
            raise Alert(f"the log listed more entries than its checkpoint of {head.size} holds")
    if border.size != head.size:
        raise Alert(f"the log listed {border.size} entries, its checkpoint holds {head.size}")
    if border.root() != head.root:
        raise Alert(
            f"the entries the log lists do not hash to the root it signed for {head.size} entries"
        )
    return MonitorState(kept.origin, head.size, head.root, note, tuple(border.hashes))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


__all__ = ["Alert", "MonitorState", "check_growth", "extend"]
