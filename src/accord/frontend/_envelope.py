"""The shared form of every JSON output of the front ends (the command's ``--json``, the
workbench's pages asked for JSON): ``{"accord": 1, "kind": ..., ...}``, documented in
docs/reference/json.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.errors import AccordError, InputError, ScenarioError

JSON_FORMAT = 1
"""The major version of every ``--json`` output: its ``"accord"`` key (docs/reference/json.md)."""

JSON_KINDS: dict[str, str] = {
    "analysis": "accord analyze",
    "audit": "accord audit",
    "conflict": "accord conflict",
    "deal": "accord deal",
    "deal.export": "accord deal-export",
    "deal.import": "accord deal-import",
    "error": "any command, on invalid input or usage (exit code 2)",
    "example": "accord example NAME",
    "examples": "accord example",
    "ledger.backup": "accord ledger backup",
    "ledger.compliance": "accord ledger status URL AGREEMENT",
    "ledger.consistency": "accord ledger verify URL --checkpoint SAVED",
    "ledger.entry": "accord ledger get, accord ledger search",
    "ledger.key": "accord ledger keygen",
    "ledger.log": "accord ledger status URL",
    "ledger.monitor": "accord ledger monitor",
    "ledger.receipt": "accord ledger submit, register, cosign, rotate-key, revoke, prove",
    "ledger.receipt_check": "accord ledger verify-receipt",
    "ledger.verify": "accord ledger verify SOURCE",
    "plan": "accord plan",
    "report": "accord report",
    "sweep": "accord sweep",
    "validation": "accord validate",
    "verify.detection": "accord verify detection",
    "verify.game": "accord verify game",
    "verify.sample_size": "accord verify sample-size",
    "verification": "accord verify FILE",
    "web.edit": "accord web: GET /s/FILE/edit",
    "web.explanations": "accord web: GET /s/FILE/conflict/state/N",
    "web.job": "accord web: GET /s/FILE/ANALYSIS/result",
    "web.ledger": "accord web --ledger URL: GET /ledger",
    "web.package": "accord web: POST /s/FILE/deal/package",
    "web.saved": "accord web: POST /s/FILE/save",
    "web.scenarios": "accord web: GET /",
}
"""Every ``kind`` a ``--json`` output can have, and the command that prints it (documented in
docs/reference/json.md; a test keeps the two in step)."""


def envelope(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The shared form of every ``--json`` output: ``{"accord": 1, "kind": kind, **payload}``.

    >>> envelope("verify.detection", {"items": 100})
    {'accord': 1, 'kind': 'verify.detection', 'items': 100}
    """
    if kind not in JSON_KINDS:
        raise ValueError(f"undocumented JSON kind {kind!r}: add it to JSON_KINDS")
    clash = {"accord", "kind"} & payload.keys()
    if clash:
        raise ValueError(f"the payload of {kind!r} has the envelope's key(s) {sorted(clash)}")
    return {"accord": JSON_FORMAT, "kind": kind, **payload}


def error_json(error: AccordError) -> dict[str, Any]:
    """The payload of an ``"error"`` output: the message, a hint and any scenario diagnostics."""
    if isinstance(error, ScenarioError):
        count = len(error.diagnostics)
        message = f"the scenario has {count} problem{'s' if count != 1 else ''}"
        return {
            "ok": False,
            "error": message,
            "hint": None,
            "diagnostics": [d.to_dict() for d in error.diagnostics],
        }
    message = error.message if isinstance(error, InputError) else str(error)
    return {"ok": False, "error": message, "hint": getattr(error, "hint", None), "diagnostics": []}
