"""The package space as an OR-Tools CP-SAT model, for spaces too large to enumerate.

Each item's amount level is a one-hot choice of Boolean variables (level 0 when none is
chosen); an interaction is a Boolean equal to "all its items are given"; constraints are
encoded node by node (Tseitin). Utilities are integer linear expressions: every value is
multiplied by the smallest power of ten (up to 10^6) that makes all values integers, so the
solver's optimum is exact (``ScaledSpace.rounded`` says when values had to be rounded).

Every solve runs within the one :class:`~accord.solver._control.Deadline` of the model (the deal
analysis's time budget). A solve stopped by it keeps its best package, marked not proven, with
the solver's bound on its objective; one stopped before finding any raises :class:`OutOfTime`.

Examples
--------
>>> from accord.scenario._deal import Deal, Item
>>> deal = Deal(items=[Item(id="x", giver="a", value={"a": 1.5, "b": -1}),
...                    Item(id="y", giver="b", value={"a": -1, "b": 2})])
>>> from accord.deal._space import build_space
>>> model = CpSpace(build_space(deal, ["a", "b"]), Deadline.after(10))
>>> model.scale
10
>>> found = model.maximise({0: 1}, {1: 0})
>>> found.indices, found.utilities, found.optimal, found.objective, found.bound
((1, 1), (5, 10), True, 5, 5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # OR-Tools takes ~0.8 s to import: load it only when a model is solved
    from ortools.sat.python import cp_model

from accord._defaults import DEAL_TIME_LIMIT
from accord.deal._space import PackageSpace
from accord.errors import AnalysisError
from accord.scenario._expressions import Chain, Constant, Name, Node, Not
from accord.solver._control import Deadline
from accord.solver._cpsat import import_cp_model, run_cpsat

MAX_DECIMALS = 6
TIME_LIMIT = DEAL_TIME_LIMIT
"""Seconds of the deal analysis's solving by default (:data:`accord._defaults.DEAL_TIME_LIMIT`)."""


def integer_scale(numbers: np.ndarray[Any, Any]) -> tuple[int, bool]:
    """The smallest ``10**k`` (k <= 6) making every number an integer, and whether it rounds.

    >>> integer_scale(np.array([1.5, 2.25]))
    (100, False)
    >>> integer_scale(np.array([1 / 3]))
    (1000000, True)
    """
    for k in range(MAX_DECIMALS + 1):
        scaled = numbers * 10**k
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return 10**k, False
    return 10**MAX_DECIMALS, True


class OutOfTime(AnalysisError):
    """The time budget ran out before a solve found any package (it may or may not exist)."""


@dataclass(frozen=True)
class Found:
    """A solver's package: its level indices, scaled integer utilities, whether it is proven
    optimal, its objective and the solver's bound on the objective (equal when proven)."""

    indices: tuple[int, ...]
    utilities: tuple[int, ...]
    optimal: bool
    objective: int
    bound: int


class CpSpace:
    """A CP-SAT model of a package space; each query clones it and adds its own constraints."""

    def __init__(self, space: PackageSpace, deadline: Deadline) -> None:
        cp = import_cp_model()
        self.space = space
        self.deadline = deadline
        numbers = np.concatenate(
            [t.ravel() for t in space.values]
            + [b for _, b in space.interactions]
            + [space.reservation]
        )
        self.scale, self.rounded = integer_scale(numbers)
        self.all_optimal = True
        """False once a solve stopped at the deadline with a feasible, unproven package."""
        self.model: cp_model.CpModel = cp.CpModel()
        self.choices: list[list[cp_model.IntVar]] = [
            [self.model.new_bool_var(f"{item}_{k}") for k in range(1, len(levels))]
            for item, levels in zip(space.items, space.levels, strict=True)
        ]
        for choice in self.choices:
            self.model.add_at_most_one(choice)
        self.utility = self._utilities()
        for node in space.constraints:
            self.model.add(self._encode(node.root) == 1)

    def _given(self, i: int) -> cp_model.LinearExprT:
        return sum(self.choices[i])

    def _int(self, value: float) -> int:
        return round(float(value) * self.scale)

    def _utilities(self) -> list[cp_model.LinearExprT]:
        linear = import_cp_model().LinearExpr
        space = self.space
        terms: list[list[tuple[int, Any]]] = [[] for _ in space.parties]
        for i, choice in enumerate(self.choices):
            for k, var in enumerate(choice, start=1):
                for j in range(len(space.parties)):
                    coefficient = self._int(space.values[i][k, j])
                    if coefficient:
                        terms[j].append((coefficient, var))
        for members, bonus in space.interactions:
            both = self.model.new_bool_var("together")
            for i in members:
                self.model.add(self._given(i) >= 1).only_enforce_if(both)
            self.model.add_bool_or([both] + [self._not_given(i) for i in members])
            for j, value in enumerate(bonus):
                if self._int(value):
                    terms[j].append((self._int(value), both))
        return [linear.weighted_sum([v for _, v in t], [c for c, _ in t]) for t in terms]

    def _not_given(self, i: int) -> cp_model.IntVar:
        var = self.model.new_bool_var(f"not_{self.space.items[i]}")
        self.model.add(self._given(i) == 0).only_enforce_if(var)
        self.model.add(self._given(i) >= 1).only_enforce_if(~var)
        return var

    def _encode(self, node: Node) -> Any:
        """A Boolean variable equal to the truth of ``node`` (Tseitin encoding)."""
        model = self.model
        if isinstance(node, Constant):
            return model.new_constant(int(node.truth))
        if isinstance(node, Name):
            return self._not_given(self.space.items.index(node.name)).Not()
        if isinstance(node, Not):
            return self._encode(node.operand).Not()
        assert isinstance(node, Chain)
        parts = [self._encode(operand) for operand in node.operands]
        if node.operator == "iff":
            result = parts[0]
            for part in parts[1:]:
                step = model.new_bool_var("iff")
                model.add(result == part).only_enforce_if(step)
                model.add(result != part).only_enforce_if(step.Not())
                result = step
            return result
        if node.operator == "if":
            parts = [parts[0], parts[1].Not()]
        out = model.new_bool_var(node.operator)
        if node.operator == "and":
            model.add_min_equality(out, parts)
        else:
            model.add_max_equality(out, parts)
        return out

    def scaled_reservation(self) -> list[int]:
        """Each party's reservation value in the solver's integer units."""
        return [self._int(v) for v in self.space.reservation]

    def maximise(
        self,
        weights: Mapping[int, int],
        at_least: Mapping[int, int],
        acceptable: bool = True,
    ) -> Found | None:
        """Maximise the weighted sum of utilities (party index -> integer weight).

        ``at_least`` gives lower bounds on scaled utilities; ``acceptable`` also requires every
        party's reservation value. Returns ``None`` when nothing satisfies the bounds.
        """
        model = self.model.clone()
        reservation = self.scaled_reservation()
        for j, utility in enumerate(self.utility):
            if acceptable:
                model.add(utility >= reservation[j])
            if j in at_least:
                model.add(utility >= at_least[j])
        model.maximize(sum(w * self.utility[j] for j, w in weights.items()))
        return self._solve(model)

    def minimise_shortfall(self) -> Found | None:
        """A package (meeting the constraints) with the least total shortfall below reservations.

        The shortfall of a party is ``max(0, reservation - utility)``; among packages with the
        least total, a second solve takes one with the largest sum of utilities (as the
        enumeration does).
        """
        model = self.model.clone()
        reservation = self.scaled_reservation()
        shortfalls = []
        for j, utility in enumerate(self.utility):
            short = model.new_int_var(0, max(0, reservation[j] - self.floor(j)), f"short_{j}")
            model.add(short >= reservation[j] - utility)
            shortfalls.append(short)
        model.minimize(sum(shortfalls))
        first = self._solve(model)
        if first is None or not first.optimal:
            return first
        least = sum(max(0, r - u) for r, u in zip(reservation, first.utilities, strict=True))
        model.add(sum(shortfalls) <= least)
        model.maximize(sum(self.utility))
        try:
            return self._solve(model) or first
        except OutOfTime:
            self.all_optimal = False
            return first

    def maximise_product(self, parties: list[int]) -> Found | None:
        """An acceptable package maximising the product of the parties' gains (Nash)."""
        model = self.model.clone()
        reservation = self.scaled_reservation()
        gains = []
        highest = 1
        for j, utility in enumerate(self.utility):
            model.add(utility >= reservation[j])
            if j in parties:
                top = max(0, self.bound(j) - reservation[j])
                gain = model.new_int_var(0, top, f"gain_{j}")
                model.add(gain == utility - reservation[j])
                gains.append(gain)
                highest *= top
        product = model.new_int_var(0, highest, "product")
        model.add_multiplication_equality(product, gains)
        model.maximize(product)
        return self._solve(model)

    def maximise_minimum(self, multipliers: Mapping[int, int]) -> Found | None:
        """An acceptable package maximising ``min_j multiplier_j * gain_j``, then the sum of gains.

        Multipliers 1 give the egalitarian solution; ``prod(ideal) / ideal_j`` gives the
        (discrete) Kalai–Smorodinsky solution. The objective and bound returned are the first
        criterion's (the least weighted gain).
        """
        reservation = self.scaled_reservation()
        scaled = {j: m * (self.utility[j] - reservation[j]) for j, m in multipliers.items()}
        model = self.model.clone()
        for j, utility in enumerate(self.utility):
            model.add(utility >= reservation[j])
        top = min(m * max(0, self.bound(j) - reservation[j]) for j, m in multipliers.items())
        low = model.new_int_var(0, top, "least")
        for expr in scaled.values():
            model.add(low <= expr)
        model.maximize(low)
        first = self._solve(model)
        if first is None:
            return None
        best = min(m * (first.utilities[j] - reservation[j]) for j, m in multipliers.items())
        model = self.model.clone()
        for j, utility in enumerate(self.utility):
            model.add(utility >= reservation[j])
        for expr in scaled.values():
            model.add(expr >= best)
        model.maximize(sum(self.utility[j] for j in multipliers))
        try:
            second = self._solve(model)
        except OutOfTime:  # the first package meets the bound: the tie is not broken
            self.all_optimal = False
            return first
        assert second is not None  # the first solve's package meets these bounds
        return replace(second, objective=first.objective, bound=first.bound)

    def floor(self, j: int) -> int:
        """A lower bound on party ``j``'s scaled utility (every negative value taken)."""
        total = sum(min(0, self._int(float(t[:, j].min()))) for t in self.space.values)
        return total + sum(min(0, self._int(float(b[j]))) for _, b in self.space.interactions)

    def bound(self, j: int) -> int:
        """An upper bound on party ``j``'s scaled utility (every positive value taken)."""
        total = sum(max(0, self._int(float(t[:, j].max()))) for t in self.space.values)
        total += sum(max(0, self._int(float(b[j]))) for _, b in self.space.interactions)
        return max(total, 0)

    def _solve(self, model: cp_model.CpModel) -> Found | None:
        if self.deadline.expired():
            raise OutOfTime("the time budget ran out before the solve began")
        cp = import_cp_model()
        solver = cp.CpSolver()
        status = run_cpsat(solver, model, self.deadline)
        if status == cp.INFEASIBLE:
            return None
        if status == cp.UNKNOWN:  # CP-SAT hit a limit (its clock, work, or a stop) first
            raise OutOfTime("the time budget ran out before the solver found a package")
        if status not in (cp.OPTIMAL, cp.FEASIBLE):
            detail = model.validate() or solver.status_name(status)
            raise AnalysisError(f"the solver stopped without a package: {detail}")
        indices = tuple(
            next((k for k, var in enumerate(choice, start=1) if solver.boolean_value(var)), 0)
            for choice in self.choices
        )
        values = tuple(int(solver.value(u)) for u in self.utility)
        optimal = status == cp.OPTIMAL
        if not optimal:
            self.all_optimal = False
        objective = round(solver.objective_value)
        bound = objective if optimal else round(solver.best_objective_bound)
        return Found(indices, values, optimal, objective, bound)
