"""The connection of a ledger client to the service: HTTP requests (each refusal of the service
becomes :class:`~accord.errors.Rejected`, a service that cannot be reached
:class:`~accord.errors.LedgerError`) and the log key the client trusts (``--log-key``, or pinned
at first contact, see :mod:`accord.frontend._trust`), which every checkpoint is opened with.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import httpx

from accord.errors import LedgerError, Rejected, VerificationFailed
from accord.frontend._trust import trusted_log_key
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, parse_verifier_key


def http_client(url: str, timeout: float) -> httpx.Client:
    """An HTTP client for the service at ``url``.

    Over plain ``http://`` no TLS is ever spoken (redirects are not followed), so the client is
    made without loading the certificate authorities: that load costs every command tens of
    milliseconds, and about 200 ms on a busy machine. ``https://`` URLs are verified as usual.

    >>> http_client("http://127.0.0.1:8000", 5.0).follow_redirects
    False
    """
    return httpx.Client(base_url=url, timeout=timeout, verify=not url.startswith("http://"))


class LedgerConnection:
    """The HTTP connection to one ledger service at ``url`` and the log key it trusts (the base
    of :class:`~accord.frontend._ledger_client.LedgerClient`)."""

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

    def __enter__(self) -> Self:
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
