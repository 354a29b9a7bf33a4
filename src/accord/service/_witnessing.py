"""The log side of witnessing: send each new checkpoint to the witnesses, keep their cosignatures.

A background thread (:class:`Witnessing`) looks at the log's latest signed checkpoint every
``interval`` seconds; when the log has grown since the last round it sends the checkpoint to
every witness (C2SP tlog-witness ``add-checkpoint``) with the consistency proof from the size
that witness cosigned last (learnt from its 409 answer when unknown), checks each cosignature
it gets back against that witness's verifier key, and publishes the checkpoint with every
cosignature collected (``GET /v1/checkpoint/witnessed``). A witness that is down, slow or
refuses only lowers the number of cosignatures; a refusal that shows a fork is logged loudly.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from accord.errors import AccordError, InputError, VerificationFailed
from accord.ledger._cosignature import parse_cosigner_key, verify_quorum
from accord.ledger.store import LedgerStore

LOG = logging.getLogger("accord.witnessing")
TIMEOUT = 10.0


@dataclass(frozen=True)
class WitnessEndpoint:
    """A witness the log sends its checkpoints to: its URL and its verifier key (type 0x04)."""

    url: str
    verifier_key: str

    @classmethod
    def parse(cls, text: str) -> WitnessEndpoint:
        """``URL=VKEY`` (as given to ``accord serve --witness``).

        >>> WitnessEndpoint.parse("127.0.0.1:8001=w+00000000+AAAA")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        accord.errors.InputError: --witness takes URL=KEY (the witness's URL, then its ...
        """
        url, _, vkey = text.rpartition("=")
        if not url.startswith(("http://", "https://")):
            raise InputError("--witness takes URL=KEY (the witness's URL, then its verifier key)")
        try:
            parse_cosigner_key(vkey)
        except VerificationFailed as error:
            raise InputError(f"--witness URL=KEY: {error}") from None
        return cls(url.rstrip("/"), vkey)


class Witnessing:
    """Collects cosignatures of the log's checkpoints (see the module docstring)."""

    def __init__(
        self,
        store: LedgerStore,
        endpoints: tuple[WitnessEndpoint, ...],
        interval: float = 1.0,
        http: Callable[[str], httpx.Client] | None = None,
    ) -> None:
        self.store, self.endpoints, self.interval = store, endpoints, interval
        make = http or (lambda url: httpx.Client(base_url=url, timeout=TIMEOUT))
        self._owned = http is None  # given clients are the caller's to close
        self._http = {e.url: make(e.url) for e in endpoints}
        self._sizes: dict[str, int] = {}  # the size each witness cosigned last
        self._witnessed: tuple[int, str] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ledger-witnessing", daemon=True)

    def start(self) -> None:
        """Start the background rounds."""
        self._thread.start()

    def close(self) -> None:
        """Stop the rounds and close the connections."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._owned:
            for client in self._http.values():
                client.close()

    @property
    def witnessed(self) -> tuple[int, str] | None:
        """The latest checkpoint with at least one cosignature: (size, note with them)."""
        return self._witnessed

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.round()
            except Exception:  # never let a witness problem stop the rounds
                LOG.exception("a witnessing round failed")

    def round(self) -> int:
        """Send the latest checkpoint to every witness now; return how many cosigned it."""
        latest = self.store.latest_checkpoint
        if latest is None or (self._witnessed is not None and self._witnessed[0] >= latest[0]):
            return 0
        size, note = latest
        lines = [line for e in self.endpoints if (line := self._ask(e, size, note))]
        if lines:
            self._witnessed = (size, note + "".join(lines))
        return len(lines)

    def _ask(self, endpoint: WitnessEndpoint, size: int, note: str) -> str:
        """One witness's verified cosignature lines for the checkpoint, or ``""``."""
        for _attempt in range(2):
            old = self._sizes.get(endpoint.url, 0)
            if old > size:
                LOG.error("witness %s has seen size %d, above %d", endpoint.url, old, size)
                return ""
            proof = "".join(
                base64.b64encode(h).decode() + "\n" for h in self.store.consistency_proof(old, size)
            )
            try:
                answer = self._http[endpoint.url].post(
                    "/add-checkpoint", content=f"old {old}\n{proof}\n{note}".encode()
                )
            except httpx.HTTPError as error:
                LOG.warning("witness %s is unreachable: %s", endpoint.url, error)
                return ""
            if answer.status_code == 409 and answer.headers.get("content-type", "").startswith(
                "text/x.tlog.size"
            ):
                known = _size(answer.text)
                if known is None or known == old:
                    LOG.error("witness %s refuses size %d as a fork: %s", endpoint.url, size,
                              answer.text.strip())  # fmt: skip
                    return ""
                self._sizes[endpoint.url] = known
                continue
            return self._accept(endpoint, size, note, answer)
        return ""

    def _accept(
        self, endpoint: WitnessEndpoint, size: int, note: str, answer: httpx.Response
    ) -> str:
        if answer.status_code != 200:
            LOG.error("witness %s refused size %d (%d): %s", endpoint.url, size,
                      answer.status_code, answer.text.strip()[:500])  # fmt: skip
            return ""
        lines = "".join(line + "\n" for line in answer.text.splitlines() if line.startswith("—"))
        try:
            verify_quorum(note + lines, [endpoint.verifier_key], 1)
        except AccordError as error:
            LOG.error("witness %s answered no valid cosignature: %s", endpoint.url, error)
            return ""
        self._sizes[endpoint.url] = size
        mine = parse_cosigner_key(endpoint.verifier_key)[0]
        return "".join(line + "\n" for line in lines.splitlines() if line.startswith(f"— {mine} "))


def _size(text: str) -> int | None:
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() and len(stripped) < 20 else None


__all__ = ["WitnessEndpoint", "Witnessing"]
