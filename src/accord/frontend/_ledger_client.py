"""An HTTP client of the ledger service (httpx; no FastAPI needed on the client side).

Every refusal of the service becomes :class:`~accord.errors.Rejected` with the service's status
and reason; a service that cannot be reached becomes :class:`~accord.errors.LedgerError`.
Nothing the service says is taken on trust: receipts and checkpoints are checked against the
log key the client trusts (``--log-key``, or pinned at first contact, see
:mod:`accord.frontend._trust`), and a newer checkpoint against an older one by a consistency
proof.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from accord.errors import InputError, LedgerError, Rejected, VerificationFailed
from accord.frontend._ledger_checkpoints import CheckpointClient, proof_hashes
from accord.frontend._trust import read_verifier_key
from accord.ledger._checkpoint import Checkpoint
from accord.ledger._entries import LoggedEntry, SignedEntry, parse_logged_entry
from accord.ledger._receipts import Receipt, make_receipt, parse_receipt, verify_receipt


class LedgerClient(CheckpointClient):
    """Talks to one ledger service at ``url`` (for example ``http://127.0.0.1:8000``): the
    connection and trusted log key (:class:`~accord.frontend._ledger_connection.LedgerConnection`),
    checkpoints and consistency (:class:`~accord.frontend._ledger_checkpoints.CheckpointClient`),
    and the reads and submissions here."""

    def participants(self) -> list[dict[str, Any]]:
        """Every participant, with its last sequence number."""
        result = self._json("GET", "/v1/participants")
        if not isinstance(result, list):
            raise LedgerError(f"the service at {self.url} did not list participants")
        return result

    def participant(self, participant_id: str) -> dict[str, Any]:
        """One participant, with its last sequence number."""
        return self._object("GET", f"/v1/participants/{participant_id}")

    def submit(self, signed: SignedEntry, registration: bool = False) -> Receipt:
        """Submit a signed entry; return its receipt once durable, checked against the log key."""
        path = "/v1/participants" if registration else "/v1/entries"
        answer = self._object("POST", path, json=signed.to_dict())
        try:
            receipt = parse_receipt(answer)
        except InputError as error:
            raise VerificationFailed(
                f"the service acknowledged the entry without a valid signed receipt: {error}"
            ) from None
        if receipt.origin != self.origin:
            raise VerificationFailed(f"the receipt is for {receipt.origin!r}, not {self.origin!r}")
        verify_receipt(receipt, [self.log_key()], sent=signed)
        return receipt

    def entry(self, index: int, tree_size: int | None = None) -> dict[str, Any]:
        """One entry as the service lists it, with its inclusion proof."""
        params = {} if tree_size is None else {"tree_size": tree_size}
        return self._object("GET", f"/v1/entries/{index}", params=params)

    def entries(self, start: int, stop: int, page: int = 1000) -> Iterator[dict[str, Any]]:
        """Entries ``start .. stop - 1`` as the log lists them, one page of ``page`` at a time."""
        while start < stop:
            params = {"start": start, "limit": min(page, stop - start)}
            answer = self._object("GET", "/v1/entries", params=params)
            listed = answer.get("entries")
            if not isinstance(listed, list) or not listed:
                raise LedgerError(
                    f"the service listed no entry from {start} (expected up to {stop})"
                )
            for item in listed:
                if not isinstance(item, dict):
                    raise LedgerError("the service listed an entry that is not a JSON object")
                yield item
            start += len(listed)

    def search(self, leaf_hash: str) -> int:
        """The index of the entry with this leaf hash (base64)."""
        answer = self._object("GET", "/v1/search", params={"leaf_hash": leaf_hash})
        index = answer.get("index")
        if not isinstance(index, int):
            raise LedgerError("the service answered a search without an index")
        return index

    def export_to(self, out: Any) -> int:
        """Stream the export into the binary file ``out`` as it arrives; return its bytes."""
        written = 0
        try:
            with self._http.stream("GET", "/v1/export") as response:
                if response.status_code >= 400:
                    raise Rejected(response.status_code, response.read().decode()[:2000])
                for chunk in response.iter_bytes():
                    out.write(chunk)
                    written += len(chunk)
        except httpx.HTTPError as error:
            raise LedgerError(f"cannot reach the ledger service at {self.url}: {error}") from None
        return written

    def proven(
        self, index: int, witnesses: list[str] | None = None, quorum: int = 0
    ) -> tuple[Receipt, Checkpoint]:
        """Entry ``index`` as a receipt, proven to be in the log's signed checkpoint (the
        witnessed one, cosigned by ``quorum`` of ``witnesses``, if ``quorum`` > 0).

        Nothing is taken from the service on trust: the checkpoint is checked against the log
        key, the leaf hash is computed here from the entry, its log time and signature, and the
        inclusion proof must lead from it to the signed root.
        """
        note, head = self.checkpoint(witnesses, quorum)
        if not 0 <= index < head.size:
            raise InputError(f"the log has no entry {index}: its checkpoint has {head.size}")
        answer = self.entry(index, head.size)
        try:
            logged = parse_logged_entry(answer.get("entry") or {})
        except InputError as error:
            raise VerificationFailed(
                f"entry {index} as served is not a logged entry: {error}"
            ) from None
        proof = proof_hashes(answer.get("inclusion_proof"), "the inclusion proof")
        receipt = make_receipt(self.origin, index, logged, note, head.size, proof)
        try:
            verify_receipt(receipt, [self.log_key()])
        except VerificationFailed as error:
            raise VerificationFailed(
                f"entry {index} as served is not proven to be in the signed tree of {head.size} "
                f"entries: {error}"
            ) from None
        return receipt, head

    def logged_entry(self, index: int) -> tuple[LoggedEntry, Checkpoint]:
        """Entry ``index`` as logged, proven to be in the log's current signed checkpoint."""
        receipt, head = self.proven(index)
        return receipt.entry, head

    def export(self) -> dict[str, Any]:
        """The whole log (entries, founders, key, checkpoint)."""
        return self._object("GET", "/v1/export")

    def compliance(self, agreement: int, as_of: str | None = None) -> dict[str, Any]:
        """The status of every commitment of the agreement entry at index ``agreement``."""
        params = {} if as_of is None else {"as_of": as_of}
        return self._object("GET", f"/v1/agreements/{agreement}/compliance", params=params)


def connect(url: str, log_key: str | None) -> LedgerClient:
    """A client of the service at ``url`` that checks signatures with ``log_key`` (the key, or
    a file holding it) or else the key pinned at first contact, saying so on stderr when it
    pins one."""
    given = None if log_key is None else read_verifier_key(log_key)
    return LedgerClient(url, log_key=given, on_first_use=_first_use)


def _first_use(key: str, path: Path) -> None:
    print(
        f"first contact with this log: trusting its key {key} from now on (pinned in {path}; "
        "pass --log-key to check it against a key you got another way)",
        file=sys.stderr,
    )
