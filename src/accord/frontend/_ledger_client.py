"""An HTTP client of the ledger service (httpx; no FastAPI needed on the client side).

Every refusal of the service becomes :class:`~accord.errors.Rejected` with the service's status
and reason; a service that cannot be reached becomes :class:`~accord.errors.LedgerError`.
Nothing the service says is taken on trust: receipts and checkpoints are checked against the
log key the client trusts (``--log-key``, or pinned at first contact, see
:mod:`accord.frontend._trust`), and a newer checkpoint against an older one by a consistency
proof.
"""

from __future__ import annotations

import base64
import binascii
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from accord.errors import InputError, LedgerError, Rejected, VerificationFailed
from accord.frontend._trust import read_verifier_key, trusted_log_key
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, parse_verifier_key
from accord.ledger._cosignature import verify_quorum
from accord.ledger._entries import LoggedEntry, SignedEntry, parse_logged_entry
from accord.ledger._receipts import Receipt, make_receipt, parse_receipt, verify_receipt
from accord.ledger.merkle import check_consistency


def _hashes(values: object, what: str) -> list[bytes]:
    if not isinstance(values, list):
        raise VerificationFailed(f"{what} is not a list of hashes")
    try:
        return [base64.b64decode(str(v).encode("ascii"), validate=True) for v in values]
    except (binascii.Error, UnicodeEncodeError):
        raise VerificationFailed(f"{what} is not base64") from None


def http_client(url: str, timeout: float) -> httpx.Client:
    """An HTTP client for the service at ``url``.

    Over plain ``http://`` no TLS is ever spoken (redirects are not followed), so the client is
    made without loading the certificate authorities: that load costs every command tens of
    milliseconds, and about 200 ms on a busy machine. ``https://`` URLs are verified as usual.

    >>> http_client("http://127.0.0.1:8000", 5.0).follow_redirects
    False
    """
    return httpx.Client(base_url=url, timeout=timeout, verify=not url.startswith("http://"))


class LedgerClient:
    """Talks to one ledger service at ``url`` (for example ``http://127.0.0.1:8000``)."""

    def __init__(
        self,
        url: str,
        timeout: float = 30.0,
        log_key: str | None = None,
        on_first_use: Callable[[str, Path], None] | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self._http = http if http is not None else http_client(self.url, timeout)
        self._given_key, self._on_first_use = log_key, on_first_use
        self._info: dict[str, Any] | None = None
        self._key: str | None = None

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> LedgerClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise LedgerError(f"cannot reach the ledger service at {self.url}: {error}") from None
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except (ValueError, AttributeError):
                detail = response.text
            raise Rejected(response.status_code, str(detail)[:2000])
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            return self._request(method, path, **kwargs).json()
        except ValueError:
            raise LedgerError(f"the service at {self.url} did not answer JSON") from None

    def _object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        value = self._json(method, path, **kwargs)
        if not isinstance(value, dict):
            raise LedgerError(f"the service at {self.url} did not answer a JSON object")
        return value

    def info(self) -> dict[str, Any]:
        """The log's origin, verifier key, size and root (as the service states them)."""
        if self._info is None:
            info = self._object("GET", "/v1/log")
            if not isinstance(info.get("origin"), str) or not isinstance(
                info.get("verifier_key"), str
            ):
                raise LedgerError(f"the service at {self.url} is not an Accord ledger")
            self._info = info
        return self._info

    @property
    def origin(self) -> str:
        """The log's origin: the name of the key given with ``--log-key`` (every checkpoint is
        checked to carry it), else as the service states it."""
        if self._given_key is not None:
            return parse_verifier_key(self._given_key)[0]
        return str(self.info()["origin"])

    def log_key(self) -> str:
        """The verifier key this client trusts for the log (``--log-key``, pinned, or TOFU).

        A key given with ``--log-key`` is used without asking the service anything (a check from
        a saved checkpoint is then one request); when a checkpoint does not open with it,
        :meth:`open` asks the log's identity to say whether the key is another log's."""
        if self._key is None:
            if self._given_key is not None:
                self._key = self._given_key
                parse_verifier_key(self._key)
            else:
                info = self.info()
                self._key = trusted_log_key(info["origin"], info["verifier_key"], None,
                                            self._on_first_use)  # fmt: skip
        return self._key

    def open(self, note: str) -> Checkpoint:
        """The checkpoint ``note``, its signature checked with :meth:`log_key` for this log."""
        try:
            return open_checkpoint(note, [self.log_key()], origin=self.origin)
        except VerificationFailed:
            if self._given_key is not None:
                self._check_given_key()
            raise

    def _check_given_key(self) -> None:
        """Raise, naming both, if the service says it is another log than ``--log-key``'s."""
        try:
            info = self.info()
        except (LedgerError, Rejected):
            return
        trusted_log_key(str(info["origin"]), str(info["verifier_key"]), self._given_key)

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

    def checkpoint(
        self, witnesses: list[str] | None = None, quorum: int = 0, wait: float = 0.0
    ) -> tuple[str, Checkpoint]:
        """The current signed checkpoint (note text) and what it says, checked against the key.

        With ``quorum`` > 0, the latest *witnessed* checkpoint, which must also carry valid
        cosignatures of at least ``quorum`` of the named ``witnesses``; ``wait`` seconds are
        given to the log's witnessing to cover every entry the log held when asked.
        """
        if quorum <= 0:
            note = self._request("GET", "/v1/checkpoint").text
            return note, self.open(note)
        target = int(self._object("GET", "/v1/log").get("tree_size", 0)) if wait > 0 else 0
        deadline = time.monotonic() + wait
        while True:
            try:
                note, head = self._witnessed(witnesses or [], quorum)
                if head.size >= target:
                    return note, head
                problem = VerificationFailed(f"the witnessed checkpoint covers {head.size} of "
                                             f"the {target} entries")  # fmt: skip
            except VerificationFailed as error:
                problem = error
            if time.monotonic() >= deadline:
                raise problem
            time.sleep(0.2)

    def _witnessed(self, witnesses: list[str], quorum: int) -> tuple[str, Checkpoint]:
        try:
            note = self._request("GET", "/v1/checkpoint/witnessed").text
        except Rejected as error:
            raise VerificationFailed(f"the log shows no witnessed checkpoint: {error}") from None
        head = self.open(note)
        verify_quorum(note, witnesses, quorum)
        return note, head

    def checkpoint_extending(
        self, old: Checkpoint, witnesses: list[str] | None = None, quorum: int = 0
    ) -> tuple[str, Checkpoint]:
        """The log's current signed checkpoint (as :meth:`checkpoint`), checked by the log's
        consistency proof to extend ``old`` (or raise :class:`VerificationFailed`).

        Without a witness ``quorum``, one request: the proof from ``old.size`` to the current
        size comes with the signed checkpoint of that size, whose signature is checked here
        before the proof is checked against its root. A service that does not send the
        checkpoint with the proof, or refuses the size (a log that shrank), is asked the usual
        way: the checkpoint, then the proof between the two sizes.
        """
        if quorum <= 0:
            try:
                answer = self._object("GET", "/v1/proofs/consistency",
                                      params={"old_size": old.size})  # fmt: skip
            except Rejected as error:
                if error.status != 404:
                    raise
                answer = {}
            note = answer.get("checkpoint")
            if isinstance(note, str):
                head = self.open(note)
                self._check_proof(old, head, answer)
                return note, head
        note, head = self.checkpoint(witnesses, quorum)
        self.check_consistency(old, head)
        return note, head

    def check_consistency(self, old: Checkpoint, new: Checkpoint) -> None:
        """Check, by the service's consistency proof, that ``new`` extends ``old`` (or raise)."""
        params = {"old_size": old.size, "new_size": new.size}
        shrank = old.size > new.size
        answer = {} if shrank else self._object("GET", "/v1/proofs/consistency", params=params)
        self._check_proof(old, new, answer)

    @staticmethod
    def _check_proof(old: Checkpoint, new: Checkpoint, answer: dict[str, Any]) -> None:
        """Check the consistency proof in the service's ``answer`` from ``old`` to ``new``."""
        if old.size > new.size:
            raise VerificationFailed(
                f"the log shrank: a checkpoint of {old.size} entries was seen before, "
                f"now {new.size}"
            )
        proof = _hashes(answer.get("proof"), "the consistency proof")
        try:
            check_consistency(old.size, new.size, proof, old.root, new.root)
        except VerificationFailed as error:
            raise VerificationFailed(
                f"the log's checkpoint of {new.size} entries is not an extension of the one of "
                f"{old.size} seen before ({error}): the log was rewritten, or shows different "
                "histories to different people"
            ) from None

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
        proof = _hashes(answer.get("inclusion_proof"), "the inclusion proof")
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
