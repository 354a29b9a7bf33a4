"""Exact numbers for the verification analyses: parsing inputs as fractions, checking ranges."""

from __future__ import annotations

from fractions import Fraction
from numbers import Rational

from accord.errors import InputError

Exact = Fraction | int | float | str
"""What the analyses accept for a number: a fraction, an int, a float or a decimal string.

A float is read through its shortest decimal form, so ``0.1`` means exactly ``1/10``.
"""


def exact(value: Exact, name: str) -> Fraction:
    """Return ``value`` as a :class:`~fractions.Fraction`, reading floats as typed decimals.

    >>> exact(0.1, "beta")
    Fraction(1, 10)
    >>> exact("2/3", "p")
    Fraction(2, 3)
    """
    if isinstance(value, bool):
        raise InputError(f"{name} must be a number (got {value})")
    if isinstance(value, Rational):
        return Fraction(value)
    try:
        return Fraction(repr(value) if isinstance(value, float) else str(value))
    except (ValueError, ZeroDivisionError):
        raise InputError(f"{name} must be a number (got {value!r})") from None


def probability(value: Exact, name: str) -> Fraction:
    """Return ``value`` as an exact probability, or raise :class:`InputError` outside [0, 1].

    >>> probability(0.25, "detection")
    Fraction(1, 4)
    >>> probability(1.5, "detection")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: detection must be a probability in [0, 1] (got 1.5)
    """
    number = exact(value, name)
    if not 0 <= number <= 1:
        raise InputError(f"{name} must be a probability in [0, 1] (got {show(number)})")
    return number


def show(number: Fraction) -> str:
    """Format an exact number briefly: an integer, a short decimal, or ``p/q``.

    >>> show(Fraction(3, 2)), show(Fraction(1, 3)), show(Fraction(4))
    ('1.5', '1/3', '4')
    """
    if number.denominator == 1:
        return str(number.numerator)
    text = f"{float(number):.6g}"
    return text if Fraction(text) == number else f"{number.numerator}/{number.denominator}"


def as_json_number(number: Fraction) -> float | int:
    """Return an exact number as the JSON number nearest to it (an int when whole).

    >>> as_json_number(Fraction(1, 10)), as_json_number(Fraction(-1))
    (0.1, -1)
    """
    return number.numerator if number.denominator == 1 else float(number)
