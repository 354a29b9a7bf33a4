"""Signed ledger entries: the envelope, its canonical encoding, signing, parsing and limits.

An entry is a JSON object ``{"entry": ENVELOPE, "signature": SIG}``::

    ENVELOPE = {"ledger": origin, "submitter": participant id, "kind": kind,
                "sequence": n, "timestamp": "2026-11-23T11:40:00Z", "body": {...}}

- ``kind`` selects the body model (:mod:`accord.ledger._entry_bodies`);
- ``sequence`` is the submitter's own counter, 1, 2, 3, ... with no gap: the ledger accepts an
  entry only if its sequence is the submitter's previous one plus one, so a captured entry cannot
  be replayed; ``ledger`` (the log's origin) stops replay into another ledger;
- ``timestamp`` is supplied by the submitter: when it says it signed. The service refuses one
  further than :data:`MAX_CLOCK_SKEW` from its own clock.

``SIG`` is the base64 Ed25519 signature of ``ENTRY_PURPOSE`` followed by the RFC 8785 (JCS)
canonical encoding of ENVELOPE *as submitted*.

The log then assigns the entry its *log time* (:class:`LoggedEntry`): the service's own clock,
non-decreasing along the log, in milliseconds (``2026-11-23T11:40:00.123Z``). The Merkle leaf is
the JCS encoding of ``{"entry": ENVELOPE, "log_time": LOG_TIME, "signature": SIG}``
(:meth:`LoggedEntry.leaf_data`), so every checkpoint and receipt also commits to when the log
recorded the entry; statuses count from the log time, never from a date a submitter wrote.

Examples
--------
>>> from accord.ledger._keys import SigningKey
>>> key = SigningKey.from_seed(bytes(32))
>>> signed = make_entry(key, ledger="demo", submitter="us_1", kind="note",
...                     body={"text": "hello"}, sequence=1, timestamp="2026-01-01T00:00:00Z")
>>> verify_entry_signature(signed, key.public_key)
True
>>> parse_signed_entry(signed.canonical()).envelope.body.text
'hello'
>>> logged = LoggedEntry(signed, "2026-01-01T00:00:01.500Z")
>>> parse_logged_entry(logged.leaf_data()) == logged
True
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Self

import rfc8785
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from accord.errors import InputError
from accord.ledger._entry_bodies import BODY_MODELS, EntryBody, EntryKind
from accord.ledger._jcs import canonical_json
from accord.ledger._keys import SigningKey, verify_signature
from accord.ledger.merkle._hashing import leaf_hash
from accord.limits import Limits
from accord.scenario._base import Id, Model

ENTRY_PURPOSE = b"accord-ledger/entry/v1\n"
"""Purpose line prefixed to the canonical envelope before signing."""

MAX_ENTRY_BYTES = Limits().entry_bytes
"""Maximum size of an entry's canonical encoding (the Merkle leaf), in bytes (the
``entry_bytes`` limit of :mod:`accord.limits`)."""

MAX_DEPTH = Limits().entry_depth
"""Maximum nesting depth of the JSON of an entry (the ``entry_depth`` limit)."""

MAX_CLOCK_SKEW = timedelta(minutes=5)
"""Largest difference the log accepts between a submitter's timestamp and its own log time."""

LOG_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
"""The form of a log time: UTC, milliseconds, ``Z``."""

Timestamp = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
]


class Envelope(Model):
    """What a submitter signs: the ledger, who, what kind, its sequence number, when, the body."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    ledger: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="The ledger's origin (the checkpoint origin line)."
    )
    submitter: Id = Field(description="The submitting participant's id.")
    kind: EntryKind = Field(description="The kind of entry; selects the body model.")
    sequence: int = Field(ge=1, le=2**53 - 1, description="The submitter's counter: 1, 2, ...")
    timestamp: Timestamp = Field(description="UTC time stated by the submitter, RFC 3339 'Z'.")
    body: EntryBody = Field(description="The body, of the model of ``kind``.")

    @model_validator(mode="before")
    @classmethod
    def _body_of_kind(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("body"), Mapping):
            model = BODY_MODELS.get(str(data.get("kind")))
            if model is not None:
                return {**data, "body": model.model_validate(data["body"])}
        return data

    @field_validator("timestamp")
    @classmethod
    def _real_time(cls, value: str) -> str:
        try:
            _utc_seconds(value)
        except ValueError:
            raise ValueError(f"{value} is not a real date and time") from None
        return value

    @model_validator(mode="after")
    def _body_matches_kind(self) -> Self:
        if not isinstance(self.body, BODY_MODELS[self.kind]):
            raise ValueError(f"the body is not a {self.kind} body")
        return self

    @property
    def when(self) -> datetime:
        """The timestamp as an aware UTC datetime."""
        return _utc_seconds(self.timestamp)


def _utc_seconds(text: str) -> datetime:
    """The aware UTC datetime of the ``YYYY-MM-DDTHH:MM:SS`` that ``text`` starts with, whose
    layout the ``Timestamp`` pattern has checked (fractions are ignored, as by ``when``);
    ``ValueError`` unless it is a real date and time. (What ``strptime`` with that format
    answers, without its per-call cost: this runs several times per append.)

    >>> _utc_seconds("2024-02-29T23:59:59.5Z").isoformat()
    '2024-02-29T23:59:59+00:00'
    >>> _utc_seconds("2023-02-29T00:00:00Z")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    numbers = (text[0:4], text[5:7], text[8:10], text[11:13], text[14:16], text[17:19])
    year, month, day, hour, minute, second = (int(n) for n in numbers)
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@dataclass(frozen=True)
class SignedEntry:
    """A parsed entry: the validated envelope, the envelope JSON as signed, and the signature.

    Treat ``entry_json`` as immutable: the canonical encodings are computed once and cached.
    """

    envelope: Envelope
    entry_json: dict[str, Any]
    signature: bytes

    def signed_message(self) -> bytes:
        """The bytes the signature covers: the purpose line and the JCS of the envelope."""
        return self._signed_message

    @functools.cached_property
    def _signed_message(self) -> bytes:
        return ENTRY_PURPOSE + self._canonical_envelope

    @functools.cached_property
    def _canonical_envelope(self) -> bytes:
        return canonical_json(self.entry_json)

    @functools.cached_property
    def _verdicts(self) -> dict[bytes, bool]:
        """Whether the signature verifies, by public key (see :func:`verify_entry_signature`)."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form ``{"entry": ..., "signature": base64}``."""
        return {"entry": self.entry_json, "signature": base64.b64encode(self.signature).decode()}

    def canonical(self) -> bytes:
        """The JCS encoding of :meth:`to_dict` (what a submitter sends, canonically)."""
        head, tail = self.leaf_parts()
        return head + tail

    def leaf_parts(self) -> tuple[bytes, bytes]:
        """The leaf's bytes before and after the JCS log time (see :class:`LoggedEntry`).

        JCS of ``{"entry": E, "log_time": T, "signature": S}``: members in key order, each value
        encoded as it would be on its own, so the envelope's encoding (the signed bytes) is
        reused as is and the log only inserts its time.
        """
        return self._leaf_parts

    @functools.cached_property
    def _leaf_parts(self) -> tuple[bytes, bytes]:
        signature = canonical_json(base64.b64encode(self.signature).decode())
        return b'{"entry":' + self._canonical_envelope, b',"signature":' + signature + b"}"


def format_log_time(moment: datetime) -> str:
    """The log-time text of an aware datetime (UTC, milliseconds, truncated).

    >>> format_log_time(datetime(2026, 1, 2, 3, 4, 5, 678999, tzinfo=UTC))
    '2026-01-02T03:04:05.678Z'
    """
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_log_time(text: object) -> datetime:
    """The aware UTC datetime of a log time; :class:`InputError` unless it is one.

    >>> parse_log_time("2026-01-02T03:04:05.678Z").isoformat()
    '2026-01-02T03:04:05.678000+00:00'
    >>> parse_log_time("2026-01-02T03:04:05Z")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: a log time is YYYY-MM-DDTHH:MM:SS.mmmZ (UTC), got '2026-01-02T...'
    """
    if not isinstance(text, str) or not LOG_TIME.match(text):
        raise InputError(f"a log time is YYYY-MM-DDTHH:MM:SS.mmmZ (UTC), got {text!r}")
    return _log_time(text)


@functools.lru_cache(maxsize=64)  # the entries of a batch share one log time
def _log_time(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        raise InputError(f"{text} is not a real date and time") from None


def skew_problem(envelope: Envelope, log_time: str) -> str | None:
    """Why the submitter's timestamp is too far from the log time (:data:`MAX_CLOCK_SKEW`), or None.

    >>> env = parse_envelope({"ledger": "l", "submitter": "a", "kind": "note", "sequence": 1,
    ...                       "timestamp": "2016-01-10T12:00:00Z", "body": {"text": "x"}})
    >>> print(skew_problem(env, "2026-11-23T11:40:00.000Z"))  # doctest: +ELLIPSIS
    the entry is dated 2016-01-10T12:00:00Z but the log received it at 2026-11-23T11:40:00.000Z: ...
    >>> skew_problem(env, "2016-01-10T12:04:59.999Z") is None
    True
    """
    gap = abs(envelope.when - parse_log_time(log_time))
    if gap <= MAX_CLOCK_SKEW:
        return None
    limit = int(MAX_CLOCK_SKEW.total_seconds())
    return (
        f"the entry is dated {envelope.timestamp} but the log received it at {log_time}: "
        f"more than {limit} s apart (a claim may name the date of the event in its body, "
        "e.g. delivered_on; the entry's timestamp is when it was signed)"
    )


EVENT_DATE_FIELDS = ("delivered_on", "inspected_on")
"""Body fields that name the date of the event an entry reports (content, never its log time)."""


@functools.cache
def _event_date_fields(body_model: type[BaseModel]) -> tuple[str, ...]:
    """The :data:`EVENT_DATE_FIELDS` a body model has (asked of the class: a missing attribute
    costs a pydantic ``__getattr__`` and an exception per entry)."""
    return tuple(n for n in EVENT_DATE_FIELDS if n in body_model.model_fields)


def event_date_problem(envelope: Envelope, log_time: str) -> str | None:
    """Why the event date an entry names is impossible at its log time, or None.

    An entry reports what has happened: its event date may be any day up to the log time's UTC
    date, plus one day for time zones ahead of UTC.

    >>> env = parse_envelope({"ledger": "l", "submitter": "a", "kind": "delivery_claim",
    ...     "sequence": 1, "timestamp": "2026-01-10T12:00:00Z", "body": {"agreement": 4,
    ...     "commitment": "s1.a.x", "party": "a", "amount": 1, "delivered_on": "2026-01-12"}})
    >>> print(event_date_problem(env, "2026-01-10T12:00:00.000Z"))  # doctest: +ELLIPSIS
    the entry reports an event on 2026-01-12 (delivered_on), after the log received it ...
    >>> event_date_problem(env, "2026-01-11T00:00:00.000Z") is None
    True
    """
    named = _event_date_fields(type(envelope.body))
    if not named:  # most kinds name none: no log time to parse
        return None
    latest = parse_log_time(log_time).date() + timedelta(days=1)
    for name in named:
        value = getattr(envelope.body, name, None)
        if isinstance(value, str) and datetime.strptime(value, "%Y-%m-%d").date() > latest:
            return (
                f"the entry reports an event on {value} ({name}), after the log received it "
                f"({log_time}): a claim or a report tells what has happened"
            )
    return None


@dataclass(frozen=True)
class LoggedEntry:
    """A signed entry as the log holds it: with the log time the service assigned."""

    signed: SignedEntry
    log_time: str

    @property
    def envelope(self) -> Envelope:
        """The signed envelope."""
        return self.signed.envelope

    @property
    def when(self) -> datetime:
        """The log time as an aware UTC datetime."""
        return parse_log_time(self.log_time)

    def leaf_data(self) -> bytes:
        """The Merkle leaf: JCS of ``{"entry": ..., "log_time": ..., "signature": ...}``."""
        return self._leaf_data

    def leaf_hash(self) -> bytes:
        """The RFC 9162 leaf hash of :meth:`leaf_data`."""
        return self._leaf_hash

    def to_dict(self) -> dict[str, Any]:
        """The JSON form ``{"entry": ..., "log_time": ..., "signature": base64}``."""
        signed = self.signed.to_dict()
        entry, signature = signed["entry"], signed["signature"]
        return {"entry": entry, "log_time": self.log_time, "signature": signature}

    @functools.cached_property
    def _leaf_data(self) -> bytes:
        head, tail = self.signed.leaf_parts()
        return head + b',"log_time":' + canonical_json(self.log_time) + tail

    @functools.cached_property
    def _leaf_hash(self) -> bytes:
        return leaf_hash(self._leaf_data)


def stamped(signed: SignedEntry) -> LoggedEntry:
    """The entry logged at the time it states (for demonstrations and tests, not for a log).

    >>> from accord.ledger._keys import SigningKey
    >>> signed = make_entry(SigningKey.from_seed(bytes(32)), ledger="l", submitter="a",
    ...     kind="note", body={"text": "hi"}, sequence=1, timestamp="2026-01-01T00:00:00Z")
    >>> stamped(signed).log_time
    '2026-01-01T00:00:00.000Z'
    """
    return LoggedEntry(signed, format_log_time(signed.envelope.when))


def _depth(value: object, limit: int) -> int:
    """Nesting depth of a JSON value; stops counting past ``limit``."""
    if limit < 0:
        return 0
    if isinstance(value, Mapping):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list | tuple):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def _validation_message(error: ValidationError) -> str:
    parts = []
    for e in error.errors()[:5]:
        where = ".".join(str(p) for p in e["loc"] if not str(p).startswith("function-"))
        cause = e.get("ctx", {}).get("error")
        message = str(cause) if isinstance(cause, ValueError) else e["msg"]
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _validation_hint(error: ValidationError) -> str | None:
    """The hint of the first of our own errors behind a validation error, if any."""
    for e in error.errors():
        cause = e.get("ctx", {}).get("error")
        hint = getattr(cause, "hint", None)
        if isinstance(hint, str):
            return hint
    return None


def _canonical(value: Any) -> bytes:
    try:
        return canonical_json(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as error:
        raise InputError(f"the entry cannot be canonically encoded: {error}") from None


def parse_envelope(entry_json: Mapping[str, Any]) -> Envelope:
    """Validate an envelope's JSON (schema, kind, body); raise :class:`InputError` if invalid.

    >>> parse_envelope({"ledger": "l", "submitter": "a", "kind": "note", "sequence": 1,
    ...                 "timestamp": "2026-01-01T00:00:00Z", "body": {"text": "hi"}}).body.text
    'hi'
    >>> parse_envelope({"ledger": "l", "submitter": "a", "kind": "note", "sequence": 1,
    ...                 "timestamp": "2026-01-01T00:00:00Z", "body": {"txt": "hi"}})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: invalid note body: text: Field required; txt: Extra inputs are ...
    """
    if not isinstance(entry_json, Mapping):
        raise InputError("the entry must be a JSON object")
    if _depth(entry_json, MAX_DEPTH + 1) > MAX_DEPTH:
        raise InputError(f"the entry is nested deeper than {MAX_DEPTH} levels")
    data = dict(entry_json)
    model, body = BODY_MODELS.get(str(data.get("kind"))), data.get("body")
    try:
        if model is not None and isinstance(body, Mapping):
            data["body"] = model.model_validate(body)
    except ValidationError as error:
        message = f"invalid {data['kind']} body: {_validation_message(error)}"
        raise InputError(message, hint=_validation_hint(error)) from None
    try:
        return Envelope.model_validate(data)
    except ValidationError as error:
        raise InputError(f"invalid entry: {_validation_message(error)}") from None


def parse_signed_entry(data: bytes | str | Mapping[str, Any]) -> SignedEntry:
    """Parse and validate ``{"entry": ..., "signature": ...}`` (JSON text or a decoded object).

    Checks the size limit, the schema and the signature's encoding, *not* the signature itself
    (that needs the submitter's key: :func:`verify_entry_signature`).

    Parameters
    ----------
    data : bytes, str or mapping
        The entry as JSON text (what a submitter sends) or as a decoded JSON object.

    Returns
    -------
    SignedEntry
        The validated envelope (its body a typed model of the entry's ``kind``), the envelope
        JSON exactly as signed, and the 64-byte signature.

    Raises
    ------
    InputError
        Not JSON, larger than the ``entry_bytes`` limit or nested deeper than ``entry_depth``,
        not exactly ``entry`` and ``signature``, an envelope or body that breaks the schema
        (the message names the field), or a signature that is not base64 of 64 bytes.

    Examples
    --------
    >>> from accord.ledger._keys import SigningKey
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> signed = make_entry(key, ledger="l", submitter="us_1", kind="note",
    ...     body={"text": "hello"}, sequence=1, timestamp="2026-01-01T00:00:00Z")
    >>> parsed = parse_signed_entry(signed.canonical())
    >>> parsed == signed, parsed.envelope.submitter, parsed.envelope.body.text
    (True, 'us_1', 'hello')
    >>> parse_signed_entry(b'{"entry": {}, "signature": ""}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: invalid entry: ledger: Field required; submitter: Field required; ...
    >>> parse_signed_entry({"entry": signed.entry_json, "signature": "AAAA"})
    Traceback (most recent call last):
    ...
    accord.errors.InputError: the signature must be base64 of 64 bytes
    """
    if isinstance(data, bytes | str):
        if len(data) > 2 * MAX_ENTRY_BYTES:
            raise InputError(f"the entry is larger than {MAX_ENTRY_BYTES} bytes")
        try:
            data = json.loads(data)
        except (ValueError, RecursionError):
            raise InputError("the entry is not valid JSON") from None
    if not isinstance(data, Mapping) or set(data) != {"entry", "signature"}:
        raise InputError('a signed entry is an object with exactly "entry" and "signature"')
    envelope = parse_envelope(data["entry"])
    signature = data["signature"]
    if not isinstance(signature, str):
        raise InputError("the signature must be base64 of 64 bytes")
    try:
        raw_signature = base64.b64decode(signature.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise InputError("the signature is not valid base64") from None
    if len(raw_signature) != 64:
        raise InputError("the signature must be base64 of 64 bytes")
    signed = SignedEntry(envelope, dict(data["entry"]), raw_signature)
    try:
        size = len(signed.canonical())
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as error:
        raise InputError(f"the entry cannot be canonically encoded: {error}") from None
    if size > MAX_ENTRY_BYTES:
        raise InputError(f"the entry is larger than {MAX_ENTRY_BYTES} bytes")
    return signed


def parse_logged_entry(data: bytes | str | Mapping[str, Any]) -> LoggedEntry:
    """Parse a log leaf ``{"entry": ..., "log_time": ..., "signature": ...}`` strictly.

    >>> parse_logged_entry(b'{"entry": {}, "signature": ""}')
    Traceback (most recent call last):
    ...
    accord.errors.InputError: a logged entry is an object with exactly "entry", "log_time" and ...
    """
    if isinstance(data, bytes | str):
        if len(data) > 2 * MAX_ENTRY_BYTES:
            raise InputError(f"the entry is larger than {MAX_ENTRY_BYTES} bytes")
        try:
            data = json.loads(data)
        except (ValueError, RecursionError):
            raise InputError("the entry is not valid JSON") from None
    if not isinstance(data, Mapping) or set(data) != {"entry", "log_time", "signature"}:
        raise InputError(
            'a logged entry is an object with exactly "entry", "log_time" and "signature"'
        )
    signed = parse_signed_entry({"entry": data["entry"], "signature": data["signature"]})
    parse_log_time(data["log_time"])
    return LoggedEntry(signed, data["log_time"])


def sign_entry(key: SigningKey, envelope: Envelope | Mapping[str, Any]) -> SignedEntry:
    """Sign an envelope (a model, or its JSON) and return the signed entry.

    >>> from accord.ledger._keys import SigningKey
    >>> env = {"ledger": "l", "submitter": "a", "kind": "note", "sequence": 1,
    ...        "timestamp": "2026-01-01T00:00:00Z", "body": {"text": "hi"}}
    >>> len(sign_entry(SigningKey.from_seed(bytes(32)), env).signature)
    64
    """
    entry_json = (
        envelope.model_dump(mode="json", exclude_none=True)
        if isinstance(envelope, Envelope)
        else dict(envelope)
    )
    parsed = parse_envelope(entry_json)
    signature = key.sign(ENTRY_PURPOSE + _canonical(entry_json))
    return parse_signed_entry(SignedEntry(parsed, entry_json, signature).to_dict())


def make_entry(
    key: SigningKey,
    *,
    ledger: str,
    submitter: str,
    kind: str,
    body: Mapping[str, Any] | EntryBody,
    sequence: int,
    timestamp: str,
) -> SignedEntry:
    """Build, validate and sign an entry in one call (the client's usual path).

    The envelope is validated (the body against the model of ``kind``), then signed: the
    signature covers the purpose line ``accord-ledger/entry/v1`` and the RFC 8785 encoding of
    the envelope. Ed25519 is deterministic: the same arguments give the same entry.

    Parameters
    ----------
    key : SigningKey
        The submitter's private key.
    ledger : str
        The ledger's origin (the checkpoint origin line): the entry is valid on no other.
    submitter : str
        The submitting participant's id.
    kind : str
        The kind of entry (``note``, ``declaration``, ``delivery_claim``, ...: an
        :class:`~accord.choices.EntryType`); it selects the body's model.
    body : mapping or EntryBody
        The body, as JSON or as the body model.
    sequence : int
        The submitter's own counter: its previous entry's plus one, from 1.
    timestamp : str
        When the submitter signs, UTC: ``YYYY-MM-DDTHH:MM:SSZ`` (fractions of a second
        allowed).

    Returns
    -------
    SignedEntry
        The signed entry; ``canonical()`` is what a submitter sends.

    Raises
    ------
    InputError
        An envelope or body that breaks the schema (an unknown kind, a sequence below 1, a
        date that does not exist, a missing or unknown body field; the message names it),
        or an entry larger than the ``entry_bytes`` limit.

    Examples
    --------
    >>> from accord.ledger._keys import SigningKey
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> signed = make_entry(key, ledger="l", submitter="a", kind="note", body={"text": "hi"},
    ...                     sequence=1, timestamp="2026-01-01T00:00:00Z")
    >>> signed.to_dict()["entry"]["kind"], len(signed.canonical())
    ('note', 226)
    >>> signed.to_dict()["signature"][:16]  # deterministic: same key, same entry
    '71hqA9z+jjJMw2bc'
    >>> make_entry(key, ledger="l", submitter="a", kind="note", body={"text": "hi"},
    ...            sequence=1, timestamp="2026-02-30T00:00:00Z")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: invalid entry: timestamp: 2026-02-30T00:00:00Z is not a real date ...
    """
    body_json = (
        body.model_dump(mode="json", exclude_none=True) if isinstance(body, Model) else dict(body)
    )
    return sign_entry(
        key,
        {
            "ledger": ledger,
            "submitter": submitter,
            "kind": kind,
            "sequence": sequence,
            "timestamp": timestamp,
            "body": body_json,
        },
    )


def verify_entry_signature(signed: SignedEntry, public_key: bytes) -> bool:
    """Return whether the entry's signature verifies under the submitter's ``public_key``.

    The verdict is remembered on the (immutable) entry, by key: a service verifies a submission
    on its request thread under the submitter's key as known then (:meth:`ServiceState.submit
    <accord.service._state.ServiceState.submit>`), and the admission check on the writer thread,
    which asks again under the key it finds, gets the answer without a second verification.

    Parameters
    ----------
    signed : SignedEntry
        The entry (:func:`parse_signed_entry` or :func:`make_entry`).
    public_key : bytes
        The 32 raw bytes of the submitter's public key, as the ledger knows it.

    Returns
    -------
    bool
        True exactly when the signature covers this envelope under this key; False (never an
        exception) for another key, an altered envelope, or an unsound key.

    Examples
    --------
    >>> from accord.ledger._keys import SigningKey
    >>> key, other = SigningKey.from_seed(bytes(32)), SigningKey.from_seed(b"o" * 32)
    >>> signed = make_entry(key, ledger="l", submitter="a", kind="note", body={"text": "hi"},
    ...                     sequence=1, timestamp="2026-01-01T00:00:00Z")
    >>> [verify_entry_signature(signed, k.public_key) for k in (key, other)]
    [True, False]
    >>> altered = signed.to_dict()
    >>> altered["entry"] = {**altered["entry"], "body": {"text": "bye"}}
    >>> verify_entry_signature(parse_signed_entry(altered), key.public_key)
    False
    """
    key = bytes(public_key)
    known = signed._verdicts.get(key)
    if known is not None:
        return known
    try:
        message = signed.signed_message()
    except (rfc8785.CanonicalizationError, TypeError, ValueError):
        return False
    verdict = verify_signature(key, message, signed.signature)
    signed._verdicts[key] = verdict
    return verdict


def replay_problem(envelope: Envelope, ledger: str, last_sequence: int) -> str | None:
    """Why the entry must be refused as a replay or a gap, or None.

    ``last_sequence`` is the submitter's last accepted sequence number (0 if none).

    >>> replay_problem(parse_envelope({"ledger": "l", "submitter": "a", "kind": "note",
    ...     "sequence": 3, "timestamp": "2026-01-01T00:00:00Z", "body": {"text": "x"}}), "l", 3)
    'sequence 3 was already used by a (expected 4): a replay'
    """
    if envelope.ledger != ledger:
        return f"the entry is for ledger {envelope.ledger!r}, not {ledger!r}"
    expected = last_sequence + 1
    if envelope.sequence <= last_sequence:
        return (
            f"sequence {envelope.sequence} was already used by {envelope.submitter} "
            f"(expected {expected}): a replay"
        )
    if envelope.sequence != expected:
        return f"sequence {envelope.sequence} skips ahead (expected {expected})"
    return None


__all__ = [
    "ENTRY_PURPOSE",
    "EVENT_DATE_FIELDS",
    "LOG_TIME",
    "MAX_CLOCK_SKEW",
    "MAX_DEPTH",
    "MAX_ENTRY_BYTES",
    "Envelope",
    "LoggedEntry",
    "SignedEntry",
    "event_date_problem",
    "format_log_time",
    "make_entry",
    "parse_envelope",
    "parse_log_time",
    "parse_logged_entry",
    "parse_signed_entry",
    "replay_problem",
    "sign_entry",
    "skew_problem",
    "stamped",
    "verify_entry_signature",
]
