"""The compliance section of the report: is each side complying, from a ledger export.

The export (from a file, or fetched from a service by the CLI) is audited offline first (every
signature, sequence and checkpoint: :func:`accord.ledger._audit.audit_export`); the statuses are
then computed from its entries (:func:`accord.ledger._compliance.compliance`), so the report
trusts neither the service nor the file.

Examples
--------
>>> from datetime import date
>>> from accord.ledger._audit import build_export
>>> from accord.ledger._demo import Cast, jcpoa_story
>>> cast = Cast()
>>> export = build_export(cast.ledger, [cast.members["registrar"].participant],
...                       jcpoa_story(cast), [], [])
>>> view = ledger_view(export, "demo", None, date(2016, 3, 1))
>>> view.audit.ok, view.compliance.counts()["verified"]
(True, 2)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from accord.errors import InputError
from accord.figures import ledger as figures
from accord.ledger._audit import AuditReport, audit_export
from accord.ledger._compliance import ComplianceReport, compliance
from accord.ledger._entries import parse_logged_entry
from accord.ledger._entry_bodies import Agreement
from accord.ledger._receipts import b64
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import DASH, TITLES, figure, num, plural, words


@dataclass(frozen=True)
class LedgerView:
    """Where the log came from, its audit, and the compliance report of one agreement."""

    source: str
    audit: AuditReport
    compliance: ComplianceReport


def ledger_view(
    export: Mapping[str, Any],
    source: str,
    agreement: int | None,
    as_of: date,
    checkpoint_keys: list[str] | None = None,
) -> LedgerView:
    """Audit ``export`` and compute the statuses of ``agreement`` (default: the only one).

    ``checkpoint_keys``: the log keys its checkpoints must be signed by (the one pinned for the
    log, or given); ``None`` takes the keys the export lists, which proves nothing about who
    wrote it (a file from a log never met)."""
    report = audit_export(export, checkpoint_keys=checkpoint_keys)
    pairs = []
    for position, item in enumerate(export.get("entries") or []):
        if not isinstance(item, Mapping):
            continue  # the audit reports it
        try:
            logged = parse_logged_entry(
                {k: item.get(k) for k in ("entry", "log_time", "signature")}
            )
        except InputError:
            continue  # the audit reports it
        pairs.append((position, logged))
    found = [i for i, logged in pairs if isinstance(logged.envelope.body, Agreement)]
    if agreement is None:
        if len(found) != 1:
            raise InputError(
                f"the log holds {plural(len(found), 'agreement')} (entries "
                f"{', '.join(map(str, found)) or 'none'})",
                "name one with --agreement INDEX",
            )
        agreement = found[0]
    return LedgerView(source, report, compliance(pairs, agreement, as_of))


def ledger_section(view: LedgerView) -> Section:
    """The compliance section: the audit's verdict, the statuses, the swimlanes, the table."""
    data: dict[str, Any] = view.compliance.to_dict()
    counts = ", ".join(f"{n} {s}" for s, n in data["counts"].items() if n)
    blocks: list[Block | Section] = [
        audit_verdict(view),
        Verdict(
            data["counts"]["violated"] == 0 and data["counts"]["overdue"] == 0,
            f"As of {data['as_of']}, {plural(len(data['commitments']), 'commitment')} of "
            f"'{data['title']}' (entry {data['agreement']}): {counts}.",
            "Statuses are computed from the signed entries of the log, not read from the service.",
        ),
        figure(
            "ledger-status",
            "Compliance over time.",
            lambda: figures.status_swimlanes(view.compliance),
        ),
        status_table(data),
    ]
    return Section("ledger", TITLES["ledger"], tuple(blocks))


def audit_verdict(view: LedgerView) -> Verdict:
    """Whether the log verifies, and what is wrong if not."""
    audit = view.audit
    if audit.ok:
        return Verdict(
            True,
            f"The log verifies ({view.source}).",
            f"{plural(audit.size, 'entry', 'entries')}, root {b64(audit.root)}, "
            f"{plural(audit.checkpoints_checked, 'signed checkpoint')} consistent with the tree.",
        )
    findings = "; ".join(str(f) for f in audit.findings[:10])
    more = len(audit.findings) - 10
    return Verdict(
        False,
        f"The log does NOT verify ({view.source}): {plural(len(audit.findings), 'finding')}.",
        findings + (f"; and {more} more" if more > 0 else "") + ". The statuses below come "
        "from an unverified log.",
    )


def status_table(data: dict[str, Any]) -> Table:
    """Every commitment with its status and its last change."""
    rows = []
    for c in data["commitments"]:
        last = c["history"][-1] if c["history"] else None
        change = DASH if last is None else f"{last['on']}: {last['reason']}"
        rows.append(
            (
                c["id"],
                c["party"],
                c["item"],
                num(c["amount"]),
                c["due"],
                c["deadline"],
                c["status"],
                num(c["claimed"]),
                num(c["verified"]),
                change,
            )
        )
    return Table(
        "Every commitment's status",
        (
            "commitment",
            "party",
            "item",
            "amount",
            "due",
            "deadline",
            "status",
            "claimed",
            "verified",
            "last change",
        ),
        tuple(rows),
        (False, False, False, True, False, False, False, True, True),
    )


def ledger_summary(view: LedgerView) -> str:
    """One or two sentences for the summary page."""
    data: dict[str, Any] = view.compliance.to_dict()
    counts = [f"{n} {s}" for s, n in data["counts"].items() if n]
    verifies = "verifies" if view.audit.ok else "does NOT verify"
    return (
        f"The log {verifies} ({plural(view.audit.size, 'entry', 'entries')}); as of "
        f"{data['as_of']}, of the {plural(len(data['commitments']), 'commitment')} of "
        f"'{data['title']}': {words(counts)}."
    )


def no_ledger_paragraph() -> Paragraph:
    """What the summary says when no ledger was given."""
    return Paragraph(
        "No ledger was given, so compliance is not reported: pass --ledger with an export file "
        "or a service URL (and --agreement INDEX when the log holds several agreements)."
    )
