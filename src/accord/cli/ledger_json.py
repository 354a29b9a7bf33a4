"""The ``--json`` envelope of the ledger commands: ``"accord": 1`` and ``"kind"`` first.

The shared envelope of every ``--json`` output (``docs/reference/json.md`` once the issue-13
helper lands; this function then gives way to it).
"""

from __future__ import annotations

from typing import Any

JSON_VERSION = 1


def envelope(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A ``--json`` document: ``"accord": 1`` and its ``"kind"`` first, then the payload.

    >>> envelope("ledger.status", {"size": 3})
    {'accord': 1, 'kind': 'ledger.status', 'size': 3}
    """
    rest = {k: v for k, v in payload.items() if k not in ("accord", "kind")}
    return {"accord": JSON_VERSION, "kind": kind, **rest}
