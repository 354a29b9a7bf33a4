"""An HTTP client of the ledger service (httpx; no FastAPI needed on the client side).

Every refusal of the service becomes :class:`~accord.errors.Rejected` with the service's status
and reason; a service that cannot be reached becomes :class:`~accord.errors.LedgerError`.
Receipts are checked on arrival: the inclusion proof must verify against the receipt's root, so
a service that acknowledges an entry it did not put in its tree is caught at once.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import httpx

from accord.errors import LedgerError, Rejected, VerificationFailed
from accord.ledger.entries import SignedEntry
from accord.ledger.merkle import verify_inclusion


def _b64decode(text: object, what: str) -> bytes:
    try:
        return base64.b64decode(str(text).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise VerificationFailed(f"{what} is not base64") from None


def check_receipt(receipt: dict[str, Any], signed: SignedEntry) -> None:
    """Check that a receipt proves ``signed`` is in the tree it names (raise otherwise)."""
    leaf = signed.leaf_hash()
    if _b64decode(receipt.get("leaf_hash"), "the receipt's leaf hash") != leaf:
        raise VerificationFailed("the receipt's leaf hash is not the hash of the entry sent")
    proof = [_b64decode(h, "a proof hash") for h in receipt.get("inclusion_proof", [])]
    root = _b64decode(receipt.get("root_hash"), "the receipt's root")
    if not verify_inclusion(
        leaf, receipt.get("index", -1), receipt.get("tree_size", 0), proof, root
    ):
        raise VerificationFailed("the receipt's inclusion proof does not verify")


class LedgerClient:
    """Talks to one ledger service at ``url`` (for example ``http://127.0.0.1:8000``)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self._http = httpx.Client(base_url=self.url, timeout=timeout)

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
            except ValueError:
                detail = response.text
            raise Rejected(response.status_code, str(detail))
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            return self._request(method, path, **kwargs).json()
        except ValueError:
            raise LedgerError(f"the service at {self.url} did not answer JSON") from None

    def info(self) -> dict[str, Any]:
        """The log's origin, public key, size and root."""
        result: dict[str, Any] = self._json("GET", "/v1/log")
        return result

    def participants(self) -> list[dict[str, Any]]:
        """Every participant, with its last sequence number."""
        result: list[dict[str, Any]] = self._json("GET", "/v1/participants")
        return result

    def participant(self, participant_id: str) -> dict[str, Any]:
        """One participant, with its last sequence number."""
        result: dict[str, Any] = self._json("GET", f"/v1/participants/{participant_id}")
        return result

    def submit(self, signed: SignedEntry, registration: bool = False) -> dict[str, Any]:
        """Submit a signed entry; return the receipt once durable (and checked)."""
        path = "/v1/participants" if registration else "/v1/entries"
        receipt: dict[str, Any] = self._json("POST", path, json=signed.to_json())
        check_receipt(receipt, signed)
        return receipt

    def checkpoint(self) -> str:
        """The current signed checkpoint (C2SP signed note text)."""
        return self._request("GET", "/v1/checkpoint").text

    def consistency(self, old_size: int, new_size: int) -> dict[str, Any]:
        """The consistency proof between two sizes."""
        params = {"old_size": old_size, "new_size": new_size}
        result: dict[str, Any] = self._json("GET", "/v1/proofs/consistency", params=params)
        return result

    def export(self) -> dict[str, Any]:
        """The whole log (entries, founders, key, checkpoint)."""
        result: dict[str, Any] = self._json("GET", "/v1/export")
        return result

    def compliance(self, agreement: int, as_of: str | None = None) -> dict[str, Any]:
        """The status of every commitment of the agreement entry at index ``agreement``."""
        params = {} if as_of is None else {"as_of": as_of}
        path = f"/v1/agreements/{agreement}/compliance"
        result: dict[str, Any] = self._json("GET", path, params=params)
        return result
