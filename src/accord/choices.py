"""The closed sets of names Accord uses, one ``StrEnum`` each, shared by the Python API, the
command line options and the JSON.

A member *is* its string (``Concept.NASH == "nash"``), so a result's JSON holds the plain names
and a caller may pass either the member or the name. :func:`choose` turns a name into a member
and refuses an unknown one with a "did you mean" hint: nothing falls back to a default silently.
This module imports nothing from ``accord`` but the leaf modules ``errors`` and ``suggest``.

Examples
--------
>>> choose(Concept, "gmr", "stability concept")
<Concept.GMR: 'gmr'>
>>> choose(PlanObjective, "period", "objective")
Traceback (most recent call last):
...
accord.errors.InputError: unknown objective 'period' (hint: did you mean 'periods'?)
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from accord._suggest import unknown_hint
from accord.errors import InputError

__all__ = [
    "BargainingSolution",
    "Concept",
    "EntryType",
    "PlanObjective",
    "PlanStatus",
    "VerificationObjective",
    "choose",
]


class Concept(StrEnum):
    """A stability concept of the Graph Model (see :mod:`accord.conflict._concepts`)."""

    NASH = "nash"
    GMR = "gmr"
    SMR = "smr"
    SEQ = "seq"
    SIM = "sim"
    LH = "lh"
    NM = "nm"


class BargainingSolution(StrEnum):
    """A bargaining solution on the deal's Pareto frontier (see :mod:`accord.deal._solutions`)."""

    NASH = "nash"
    KALAI_SMORODINSKY = "kalai_smorodinsky"
    EGALITARIAN = "egalitarian"
    UTILITARIAN = "utilitarian"


class PlanObjective(StrEnum):
    """What the phasing planner minimises first."""

    PERIODS = "periods"
    STEPS = "steps"
    EXPOSURE = "exposure"


class PlanStatus(StrEnum):
    """How the phasing planner's search ended (see :class:`accord.phasing.PlanResult`)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    INTERRUPTED = "interrupted"


class VerificationObjective(StrEnum):
    """How the inspection budget is spent across commitments."""

    DETER_MOST = "deter_most"
    MINIMAX_GAIN = "minimax_gain"


class EntryType(StrEnum):
    """The type of a ledger entry (see docs/reference/ledger-format.md)."""

    REGISTRATION = "registration"
    KEY_ROTATION = "key_rotation"
    KEY_REVOCATION = "key_revocation"
    DECLARATION = "declaration"
    PROPOSAL = "proposal"
    AGREEMENT = "agreement"
    COSIGNATURE = "cosignature"
    AMENDMENT = "amendment"
    WITHDRAWAL = "withdrawal"
    DELIVERY_CLAIM = "delivery_claim"
    INSPECTION_REPORT = "inspection_report"
    DISPUTE = "dispute"
    SNAPBACK = "snapback"
    NOTE = "note"


E = TypeVar("E", bound=StrEnum)


def choose(kind: type[E], value: str, what: str) -> E:
    """The member of ``kind`` named ``value``; an unknown name raises :class:`InputError`.

    Parameters
    ----------
    kind : type of StrEnum
        The closed set, for example :class:`Concept`.
    value : str
        A member or its name, as a user typed it.
    what : str
        What the name is, for the message ("objective", "stability concept").

    Returns
    -------
    StrEnum
        The member.

    Raises
    ------
    InputError
        When ``value`` names no member; the hint is the closest name or the known ones.

    Examples
    --------
    >>> choose(VerificationObjective, "minimax_gain", "objective").value
    'minimax_gain'
    """
    try:
        return kind(value)
    except ValueError:
        names = [member.value for member in kind]
        raise InputError(
            f"unknown {what} '{value}'", unknown_hint(str(value), names, f"{what}s")
        ) from None
