"""Which log keys a client trusts: given with ``--log-key``, or pinned at first contact (TOFU).

The pins live in one text file, one log a line, ``<origin> <verifier key>``:
``$ACCORD_KNOWN_LOGS`` if set, else ``$XDG_CONFIG_HOME/accord/known-logs`` (by default
``~/.config/accord/known-logs``). At first contact with a log whose origin is not pinned, its
verifier key is pinned and the client says so; afterwards a log that shows another key under the
same origin is refused. Trust on first use protects every later contact, not the first one: to
protect that too, get the log's verifier key from its operator another way (a printed
agreement, a signed e-mail) and pass it with ``--log-key``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from accord.errors import InputError, VerificationFailed
from accord.ledger._checkpoint import parse_verifier_key


def known_logs_file() -> Path:
    """The file of pinned log keys (see the module docstring)."""
    explicit = os.environ.get("ACCORD_KNOWN_LOGS")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "accord" / "known-logs"


def _pins(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise InputError(f"cannot read the known logs file {path}: {error.strerror}") from None
    pins = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise InputError(f"{path}:{number}: expected '<origin> <verifier key>'")
        pins[parts[0]] = parts[1]
    return pins


def key_text(text: str) -> str:
    """A key given on the command line: the text itself, or the content of the file it names."""
    candidate = text.strip()
    if "+" not in candidate and Path(candidate).is_file():
        try:
            candidate = Path(candidate).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read the key file {text}: {error}") from None
    return candidate


def read_witness_keys(values: list[str] | None, quorum: int | None) -> tuple[list[str], int]:
    """The witnesses a client names (``--witness KEY ...``) and how many must cosign.

    ``--quorum`` defaults to every named witness; it cannot exceed their number.
    """
    from accord.ledger._cosignature import parse_cosigner_key

    keys = []
    for value in values or []:
        candidate = key_text(value)
        try:
            parse_cosigner_key(candidate)
        except VerificationFailed as error:
            raise InputError(
                f"not a witness verifier key: {error}",
                hint="a witness's key looks like witness.example/w1+1a2b3c4d+BA... "
                "(`accord ledger witness --print-key` shows it)",
            ) from None
        keys.append(candidate)
    wanted = len(keys) if quorum is None else quorum
    if not 0 <= wanted <= len(keys):
        raise InputError(f"--quorum {wanted} needs at least {wanted} --witness keys")
    return keys, wanted


def read_verifier_key(text: str) -> str:
    """A verifier key given on the command line: the key itself, or a file that holds it.

    >>> read_verifier_key("not a key")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: not a verifier key: a verifier key is <name>+<8 hex digits>+...
    """
    candidate = key_text(text)
    try:
        parse_verifier_key(candidate)
    except VerificationFailed as error:
        raise InputError(
            f"not a verifier key: {error}",
            hint="a log's verifier key looks like example.org/log+1a2b3c4d+AQ... "
            "(`accord ledger status URL` shows it)",
        ) from None
    return candidate


def pinned_key(origin: str) -> str:
    """The verifier key pinned for ``origin`` (offline checks); :class:`InputError` if none."""
    path = known_logs_file()
    pinned = _pins(path).get(origin)
    if pinned is None:
        raise InputError(
            f"no key is pinned for the log {origin} in {path}",
            hint="pass the log's verifier key with --log-key",
        )
    return pinned


def trusted_log_key(
    origin: str,
    served: str,
    given: str | None,
    on_first_use: Callable[[str, Path], None] | None = None,
) -> str:
    """The verifier key to check this log's signatures with (see the module docstring).

    ``served`` is the key the log shows; ``given`` the one from ``--log-key``, if any.
    """
    if given is not None:
        name = parse_verifier_key(given)[0]
        if name != origin:
            raise VerificationFailed(f"the log is {origin!r}, but --log-key is for {name!r}")
        return given
    path = known_logs_file()
    pinned = _pins(path).get(origin)
    if pinned is not None:
        if pinned != served:
            raise VerificationFailed(
                f"the log {origin} now shows the key {served}, not the key pinned at first "
                f"contact ({pinned}, in {path}): refusing it (a log that rotated its key says "
                "so in advance; then replace the line in that file)"
            )
        return pinned
    parse_verifier_key(served)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{origin} {served}\n")
    except OSError as error:
        raise InputError(f"cannot pin the log key in {path}: {error.strerror}") from None
    if on_first_use is not None:
        on_first_use(served, path)
    return served


__all__ = [
    "key_text",
    "known_logs_file",
    "pinned_key",
    "read_verifier_key",
    "read_witness_keys",
    "trusted_log_key",
]
