"""Generated phasing problems of the size of real agreements (issue 18's class).

Two parties exchange indivisible items of 1-5 units, one unit per item per month; each unit
costs its giver 1 to ``max_cost`` and is worth 1.01-1.11 times that to the receiver;
verification lags are 0-2 months; 36 monthly periods; equal defection penalties. Items are
handed to the givers largest first, each to the giver that keeps the smaller of the two
parties' gains largest, so both gain from the package (an agreement both would sign). Same
seed, same problem.
"""

from __future__ import annotations

import random
from fractions import Fraction

from accord.phasing._model import PhasingItem, PhasingProblem


def agreement(
    items: int, penalty: int, seed: int, horizon: int = 36, max_cost: int = 30
) -> PhasingProblem:
    """``items`` items between parties ``a`` and ``b``, both penalties ``penalty``."""
    rng = random.Random(seed)
    drawn = [
        (
            Fraction(rng.randint(1, 5)),
            Fraction(rng.randint(1, max_cost)),
            Fraction(rng.randint(101, 111), 100),
            rng.randint(0, 2),
        )
        for _ in range(items)
    ]
    order = sorted(range(items), key=lambda k: -drawn[k][0] * drawn[k][1])
    gain = {"a": Fraction(0), "b": Fraction(0)}
    giver_of = {}
    for k in order:
        amount, cost, ratio, _ = drawn[k]
        giver = max(
            ("a", "b"),
            key=lambda g: min(
                gain[g] - cost * amount, gain["b" if g == "a" else "a"] + cost * ratio * amount
            ),
        )
        gain[giver] -= cost * amount
        gain["b" if giver == "a" else "a"] += cost * ratio * amount
        giver_of[k] = giver
    built = []
    for k, (amount, cost, ratio, lag) in enumerate(drawn):
        giver = giver_of[k]
        receiver = "b" if giver == "a" else "a"
        built.append(
            PhasingItem(
                f"i{k}",
                giver,
                amount,
                {giver: -cost, receiver: cost * ratio},
                verify_lag=lag,
                per_period=Fraction(1),
            )
        )
    fine = Fraction(penalty)
    return PhasingProblem(("a", "b"), tuple(built), {"a": fine, "b": fine}, horizon=horizon)


def scenario_yaml(problem: PhasingProblem, title: str = "Generated agreement") -> str:
    """``problem`` as a scenario file (every deal item at its full quantity is the package)."""
    lines = ["accord: 1", f"title: {title}", "parties: {a: {name: A}, b: {name: B}}", "deal:"]
    lines.append("  items:")
    for item in problem.items:
        values = ", ".join(f"{p}: {float(v):g}" for p, v in item.values.items())
        lines.append(
            f"    - {{id: {item.id}, giver: {item.giver}, quantity: {int(item.amount)}, "
            f"value: {{{values}}}}}"
        )
    lines += ["phasing:", "  start: 2026-01-01", f"  horizon: {problem.horizon}", "  items:"]
    for item in problem.items:
        cap = "" if item.per_period is None else f"per_period: {float(item.per_period):g}, "
        lines.append(f"    {item.id}: {{{cap}verify_lag: {item.verify_lag}}}")
    penalty = ", ".join(f"{p}: {float(v):g}" for p, v in problem.penalty.items())
    lines.append(f"  penalty: {{{penalty}}}")
    return "\n".join(lines) + "\n"
