"""Adjusted Winner (Brams & Taylor, *Fair Division*, 1996, ch. 4), in exact fractions.

Each of two parties spreads 100 points over the items. Every item first goes to the higher
bidder; tied items then go, one by one, to whichever party is behind. The party ahead then
transfers items to the other in increasing order of the ratio (its points / the other's
points) until the totals are equal; at most one item is split. The result is envy-free,
equitable and efficient.

Examples
--------
The Bob and Carol divorce example of Brams & Taylor:

>>> result = adjusted_winner(
...     {"retirement": {"carol": 50, "bob": 40}, "home": {"carol": 20, "bob": 30},
...      "cottage": {"carol": 15, "bob": 10}, "investments": {"carol": 10, "bob": 10},
...      "other": {"carol": 5, "bob": 10}},
...     ("carol", "bob"))
>>> result.split_item, result.shares["retirement"]
('retirement', {'carol': Fraction(5, 6), 'bob': Fraction(1, 6)})
>>> result.totals
{'carol': Fraction(170, 3), 'bob': Fraction(170, 3)}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.errors import InputError

Points = Mapping[str, Mapping[str, float | int | Fraction]]


def exact(value: float | int | Fraction) -> Fraction:
    """The number as a fraction, reading floats by their shortest decimal form.

    >>> exact(33.3), exact(2)
    (Fraction(333, 10), Fraction(2, 1))
    """
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


@dataclass(frozen=True)
class AdjustedWinner:
    """The division: each item's shares, each party's points, and the split item (if any)."""

    parties: tuple[str, str]
    shares: dict[str, dict[str, Fraction]]
    totals: dict[str, Fraction]
    split_item: str | None
    transfers: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Fractions as strings (``"5/6"``) with a float beside each total."""
        return {
            "parties": list(self.parties),
            "shares": {
                item: {p: str(share) for p, share in shares.items()}
                for item, shares in self.shares.items()
            },
            "totals": {p: str(total) for p, total in self.totals.items()},
            "totals_float": {p: float(total) for p, total in self.totals.items()},
            "split_item": self.split_item,
            "transfers": self.transfers,
        }


def adjusted_winner(points: Points, parties: tuple[str, str]) -> AdjustedWinner:
    """Divide the items between the two ``parties`` by Adjusted Winner, exactly.

    Parameters
    ----------
    points : mapping of str to mapping of str to number
        For each item, the points each party gives it (non-negative; usually 100 per party).
    parties : tuple of (str, str)
        The two parties.

    Returns
    -------
    AdjustedWinner
        Each item's shares (fractions, at most one item split), each party's total points
        (equal), the item split and the transfers made to equalise.

    Raises
    ------
    InputError
        A negative number of points.

    Examples
    --------
    >>> from accord.scenario import load
    >>> division = load("examples/bob-carol.yaml").deal.adjusted_winner
    >>> result = adjusted_winner(division.points, division.parties)
    >>> result.totals, result.split_item
    ({'carol': Fraction(170, 3), 'bob': Fraction(170, 3)}, 'retirement_account')
    >>> result.shares["retirement_account"], result.shares["home"]["bob"]
    ({'carol': Fraction(5, 6), 'bob': Fraction(1, 6)}, Fraction(1, 1))
    """
    a, b = parties
    bids = {item: (exact(p[a]), exact(p[b])) for item, p in points.items()}
    if any(x < 0 or y < 0 for x, y in bids.values()):
        raise InputError("Adjusted Winner needs non-negative points")
    owner: dict[str, int] = {}
    for item, (x, y) in bids.items():
        if x != y:
            owner[item] = 0 if x > y else 1
    totals = [Fraction(0), Fraction(0)]
    for item, side in owner.items():
        totals[side] += bids[item][side]
    for item, (x, _) in bids.items():
        if item not in owner:
            side = 0 if totals[0] < totals[1] else 1 if totals[1] < totals[0] else 0
            owner[item] = side
            totals[side] += x
    shares = {
        item: [Fraction(int(owner[item] == 0)), Fraction(int(owner[item] == 1))] for item in bids
    }
    split, transfers = _equalise(bids, owner, shares, totals)
    return AdjustedWinner(
        parties=(a, b),
        shares={item: {a: s[0], b: s[1]} for item, s in shares.items()},
        totals={a: totals[0], b: totals[1]},
        split_item=split,
        transfers=transfers,
    )


def _equalise(
    bids: dict[str, tuple[Fraction, Fraction]],
    owner: dict[str, int],
    shares: dict[str, list[Fraction]],
    totals: list[Fraction],
) -> tuple[str | None, list[str]]:
    """Move items from the party ahead, lowest ratio first; split the one that crosses."""
    if totals[0] == totals[1]:
        return None, []
    ahead = 0 if totals[0] > totals[1] else 1
    behind = 1 - ahead

    def ratio(item: str) -> tuple[int, Fraction]:
        mine, theirs = bids[item][ahead], bids[item][behind]
        return (1, Fraction(0)) if theirs == 0 else (0, mine / theirs)

    transfers: list[str] = []
    for item in sorted((i for i, side in owner.items() if side == ahead), key=ratio):
        mine, theirs = bids[item][ahead], bids[item][behind]
        if totals[ahead] - mine >= totals[behind] + theirs:
            totals[ahead] -= mine
            totals[behind] += theirs
            shares[item] = [Fraction(0), Fraction(0)]
            shares[item][behind] = Fraction(1)
            transfers.append(item)
            if totals[ahead] == totals[behind]:
                return None, transfers
            continue
        moved = (totals[ahead] - totals[behind]) / (mine + theirs)
        shares[item][ahead] = 1 - moved
        shares[item][behind] = moved
        totals[ahead] -= moved * mine
        totals[behind] += moved * theirs
        return item, transfers
    return None, transfers
