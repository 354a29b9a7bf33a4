"""The commitments of an agreed phased plan, read from the plan's JSON.

An agreement entry carries the phased plan as produced by ``accord plan --json`` (the phasing
issue owns that format). The ledger keeps the plan as a loosely typed JSON object and reads only
the keys below; anything else is kept and ignored.

Required and optional keys of the plan object
--------------------------------------------
``steps`` (required)
    A non-empty list of steps (the whole output of ``accord plan --json`` is accepted too: its
    ``plan.timetable`` is read as the steps). Each step is an object with:

    - ``name`` or ``step``: the milestone's name (a string; default ``"step N"``);
    - ``date`` (required): the ISO date ``YYYY-MM-DD`` on which its deliveries are due;
    - ``deliveries`` or ``deliver`` (required): who delivers what, either
      ``{party: {item: amount}}`` or a list of ``{party, item, amount[, means]}``;
    - ``verification`` (optional): ``{item: means}`` for this step's items.
``verification`` (optional)
    ``{item: means}``: the verification means (an inspector's competence, e.g. ``iaea``) that
    verifies deliveries of each item, unless the step or the delivery says otherwise.
``grace_days`` (optional, default 30)
    Days after the due date before an unclaimed commitment is *overdue*.

A commitment's id is ``s<N>.<party>.<item>`` with N the 1-based step number.

Examples
--------
>>> plan = {"steps": [{"name": "Adoption", "date": "2015-10-18",
...                    "deliveries": {"iran": {"centrifuges_removed": 13000}}}],
...         "verification": {"centrifuges_removed": "iaea"}}
>>> [c.id for c in commitments_from_plan(plan)]
['s1.iran.centrifuges_removed']
>>> commitments_from_plan(plan)[0].means
'iaea'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from accord import limits
from accord.errors import InputError

DEFAULT_GRACE_DAYS = 30
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
"""The range of a plan's dates (far enough for any agreement, and no date arithmetic overflows)."""
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Commitment:
    """One party's promise, in one step of the plan, to deliver an amount of an item."""

    id: str
    step: int
    step_name: str
    party: str
    item: str
    amount: float
    due: date
    deadline: date
    means: str | None

    def to_dict(self) -> dict[str, object]:
        """Return the stable JSON form."""
        return {
            "id": self.id,
            "step": self.step,
            "step_name": self.step_name,
            "party": self.party,
            "item": self.item,
            "amount": self.amount,
            "due": self.due.isoformat(),
            "deadline": self.deadline.isoformat(),
            "means": self.means,
        }


PLAN_HINT = (
    "a plan is {steps: [{name, date: YYYY-MM-DD, deliveries: {party: {item: amount}}}]} "
    "or the output of `accord plan FILE --json`; `accord example ledger` writes one "
    "(jcpoa-agreement.yaml)"
)


def _fail(path: str, message: str) -> InputError:
    return InputError(f"plan.{path}: {message}", hint=PLAN_HINT)


def _identifier(value: object, path: str) -> str:
    if not isinstance(value, str) or not _ID.match(value) or len(value) > 64:
        raise _fail(path, f"expected a snake_case id, got {value!r}")
    return value


def _amount(value: object, path: str) -> float:
    """A positive amount, no larger than the scenario's ``number_size`` limit (the same for a
    plan posted to the ledger as for one in a file).

    >>> _amount(1e300, "steps[0].deliveries.a.x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: plan.steps[0].deliveries.a.x: the number 1e+300 is larger ...
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise _fail(path, f"expected a positive number, got {value!r}")
    largest = limits.current().number_size
    if not value <= largest:  # also infinity
        raise _fail(path, f"the number {value:g} is larger in size than the limit of {largest:.0e}")
    return float(value)


def _date(value: object, path: str) -> date:
    """A plan date: ISO ``YYYY-MM-DD`` between :data:`EARLIEST` and :data:`LATEST`.

    >>> _date("9999-12-31", "steps[0].date")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: plan.steps[0].date: 9999-12-31 is outside 1900-01-01 to 2999-12-31 ...
    """
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if not EARLIEST <= day <= LATEST:
                raise _fail(path, f"{value} is outside {EARLIEST} to {LATEST}")
            return day
    raise _fail(path, f"expected a date YYYY-MM-DD, got {value!r}")


def _means_map(value: object, path: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _fail(path, "expected an object {item: means}")
    return {_identifier(k, path): _identifier(v, f"{path}.{k}") for k, v in value.items()}


def _deliveries(raw: object, path: str) -> Iterator[tuple[str, str, float, str | None]]:
    """Yield (party, item, amount, means) from either accepted shape of a step's deliveries."""
    if isinstance(raw, Mapping):
        for party, items in raw.items():
            if not isinstance(items, Mapping) or not items:
                raise _fail(f"{path}.{party}", "expected a non-empty object {item: amount}")
            for item, amount in items.items():
                where = f"{path}.{party}.{item}"
                yield (
                    _identifier(party, path),
                    _identifier(item, where),
                    _amount(amount, where),
                    None,
                )
    elif isinstance(raw, list):
        for i, d in enumerate(raw):
            where = f"{path}[{i}]"
            if not isinstance(d, Mapping):
                raise _fail(where, "expected an object {party, item, amount}")
            means = d.get("means")
            yield (
                _identifier(d.get("party"), f"{where}.party"),
                _identifier(d.get("item"), f"{where}.item"),
                _amount(d.get("amount"), f"{where}.amount"),
                None if means is None else _identifier(means, f"{where}.means"),
            )
    else:
        raise _fail(path, "expected {party: {item: amount}} or a list of deliveries")


def _unwrap_planner_output(plan: Mapping[str, Any]) -> Mapping[str, Any]:
    """Accept what ``accord plan --json`` prints (its ``plan.timetable``) as well as ``steps``.

    >>> _unwrap_planner_output({"plan": {"timetable": [{"date": "2019-03-01"}]}})
    {'steps': [{'date': '2019-03-01'}]}
    """
    if "steps" in plan:
        return plan
    inner = plan.get("plan")
    if isinstance(inner, Mapping) and "timetable" in inner:
        return {**{k: v for k, v in plan.items() if k != "plan"}, "steps": inner["timetable"]}
    if "timetable" in plan:
        return {**{k: v for k, v in plan.items() if k != "timetable"}, "steps": plan["timetable"]}
    return plan


def agreement_from_plan(output: Mapping[str, Any], title: str) -> dict[str, Any]:
    """The body of an agreement entry for a plan as ``accord plan --json`` prints it.

    The plan is kept whole (its audit and explanation too); the parties are every party that
    delivers something in it (each must co-sign before the agreement binds it).

    >>> output = {"accord": 1, "kind": "plan", "plan": {"timetable": [{"date": "2015-10-18",
    ...           "deliveries": {"us": {"waivers": 1}, "iran": {"notification": 1}}}]}}
    >>> body = agreement_from_plan(output, "Phased plan")
    >>> body["title"], body["parties"]
    ('Phased plan', ['iran', 'us'])
    """
    parties = sorted({c.party for c in commitments_from_plan(output)})
    return {"title": title, "parties": parties, "plan": dict(output)}


def commitments_from_plan(plan: Mapping[str, Any]) -> list[Commitment]:
    """Return every commitment of a phased plan (see the module docstring for the keys read).

    Raises :class:`InputError` naming the offending key when the plan lacks what is required.

    >>> commitments_from_plan({"steps": []})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: plan.steps: expected a non-empty list of steps (hint: ...)
    """
    if not isinstance(plan, Mapping):
        raise _fail("", "the plan must be a JSON object")
    plan = _unwrap_planner_output(plan)
    steps = plan.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _fail("steps", "expected a non-empty list of steps")
    default_means = _means_map(plan.get("verification"), "verification")
    grace = plan.get("grace_days", DEFAULT_GRACE_DAYS)
    if isinstance(grace, bool) or not isinstance(grace, int) or not 0 <= grace <= 3650:
        raise _fail("grace_days", "expected a whole number of days between 0 and 3650")
    found: dict[str, Commitment] = {}
    for number, step in enumerate(steps, start=1):
        path = f"steps[{number - 1}]"
        if not isinstance(step, Mapping):
            raise _fail(path, "expected an object")
        name = step.get("name", step.get("step", f"step {number}"))
        due = _date(step.get("date"), f"{path}.date")
        means = {**default_means, **_means_map(step.get("verification"), f"{path}.verification")}
        raw = step.get("deliveries", step.get("deliver"))
        for party, item, amount, own_means in _deliveries(raw, f"{path}.deliveries"):
            cid = f"s{number}.{party}.{item}"
            if cid in found:
                raise _fail(path, f"{party} delivers {item} twice in the same step")
            found[cid] = Commitment(
                cid, number, str(name), party, item, amount, due,
                due + timedelta(days=grace), own_means or means.get(item),
            )  # fmt: skip
    return list(found.values())
