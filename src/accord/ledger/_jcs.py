"""RFC 8785 (JCS) canonical JSON, written by the standard library's C encoder when that gives
the same bytes.

JCS sorts object members by the UTF-16 code units of their names, writes integers as plain
decimals (the safe range of an IEEE double, ±(2**53 - 1)), floats in ECMAScript's shortest
form, and strings as UTF-8 with only ``"``, ``\\`` and the control characters escaped
(``\\b \\f \\n \\r \\t`` short, the others ``\\u00xx`` in lowercase hex). For a value made only
of dicts with ASCII member names, lists, strings, safe integers, booleans and null, that is
exactly what ``json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` writes
(its escapes are the same, and ASCII names sort the same by code point as by UTF-16), about
ten times faster than the pure-Python :mod:`rfc8785`. Anything else (floats, other member
names, tuples, subclasses, lone surrogates, values out of range or too deep) goes to
:func:`rfc8785.dumps`, whose answer or error stands. A property test checks both agree.

Examples
--------
>>> canonical_json({"b": [1, True, None], "a": "é\\n"})
b'{"a":"\\xc3\\xa9\\\\n","b":[1,true,null]}'
>>> canonical_json({"x": 1.5}) == rfc8785.dumps({"x": 1.5})
True
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

SAFE_INTEGER = 2**53 - 1
PLAIN_DEPTH = 64
"""Deeper values go to :mod:`rfc8785` (the service refuses entries nested this deep anyway)."""

_ENCODE = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False
).encode


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 encoding of the JSON value ``value`` (module docstring); raises what
    :func:`rfc8785.dumps` raises for a value JCS cannot encode."""
    if _plain(value, PLAIN_DEPTH):
        try:
            return _ENCODE(value).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: rfc8785 says so
            pass
    return rfc8785.dumps(value)


def _plain(value: Any, depth: int) -> bool:
    """Whether ``value`` is made only of what the C encoder writes as JCS does."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-SAFE_INTEGER <= value <= SAFE_INTEGER)
    if depth <= 0:
        return False
    if kind is dict:
        return all(type(k) is str and k.isascii() for k in value) and all(
            _plain(v, depth - 1) for v in value.values()
        )
    if kind is list:
        return all(_plain(v, depth - 1) for v in value)
    return False
