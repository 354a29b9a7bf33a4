"""Inverse analysis in the scenario's own words: each change as an incentive.

"dprk must prefer state 50 to state 1" becomes, in option form, what differs between the two
states, split into what the others do for the decision maker and what it does itself, with the
options' labels: "dprk must prefer state 50 to state 1: value what the others do in 50 (us:
Lift the ... sanctions) above what it gives itself (Declare an inventory ...; Dismantle ...
Yongbyon)". In graph form the states' labels are used.
"""

from __future__ import annotations

from typing import Any

from accord.conflict._concepts import NAMES
from accord.conflict._inverse import Changes, InverseResult
from accord.conflict._model import ConflictModel


def _option_changes(model: ConflictModel, source: int, target: int) -> list[tuple[str, str]]:
    """``(owner, text)`` for each option that differs between ``source`` and ``target``: its
    label (or id) if ``target`` takes it, "no longer: label" if ``target`` drops it."""
    assert model.options is not None
    before, after = model.option_values(source), model.option_values(target)
    found = []
    for option in model.options:
        if before[option.id] == after[option.id]:
            continue
        name = option.label or option.id
        found.append((option.dm, name if after[option.id] else f"without {name}"))
    return found


def incentive(model: ConflictModel, dm: int, desired: int, other: int) -> str:
    """Why ``dm`` must prefer ``desired`` to ``other``, in the scenario's own words.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("relief", "us", "Lift sanctions"), OptionSpec("halt", "dprk",
    ...         "Dismantle Yongbyon")]
    >>> m = from_options(["us", "dprk"], opts, [0, 1, 2, 3], [[0, 1, 2, 3], [0, 1, 2, 3]])
    >>> incentive(m, 1, 3, 0)
    'dprk must prefer state 4 to state 1: value what the others do in 4 (us: Lift sanctions) \
above what it gives itself (Dismantle Yongbyon)'
    """
    name = model.dms[dm]
    head = f"{name} must prefer state {desired + 1} to state {other + 1}"
    if not model.is_option_form:
        return f"{head}: value “{model.labels[desired]}” above “{model.labels[other]}”"
    changes = _option_changes(model, other, desired)
    theirs = [f"{owner}: {text}" for owner, text in changes if owner != name]
    mine = [text for owner, text in changes if owner == name]
    at = desired + 1
    if theirs and mine:
        return (
            f"{head}: value what the others do in {at} ({'; '.join(theirs)}) above what it "
            f"gives itself ({'; '.join(mine)})"
        )
    if mine:
        return f"{head}: value keeping to its own part of {at} ({'; '.join(mine)})"
    return f"{head}: value what the others do in {at} ({'; '.join(theirs)})"


def changes_text(result: InverseResult, change: Changes) -> list[str]:
    """One sentence per state the decision maker must come to rank below the desired one."""
    return [incentive(result.model, change.dm, result.desired, q) for q in change.smallest]


def summary(result: InverseResult) -> str:
    """One sentence: how many changes, over how many decision makers, and whether verified."""
    model, name = result.model, NAMES[result.concept]
    state = result.desired + 1
    who = [model.dms[c.dm] for c in result.changes if c.smallest]
    if not who:
        return f"State {state} is already an equilibrium under {name}: nothing must change."
    proof = "" if result.optimal else " (the solver's time ran out: possibly not the smallest)"
    checked = "checked" if result.verified else "NOT confirmed by the engine"
    plural = "s" if result.size != 1 else ""
    return (
        f"State {state} becomes an equilibrium under {name} with {result.size} change{plural} "
        f"of preference ({', '.join(who)}){proof}; {checked}: with these changes the state is "
        "stable for every decision maker."
    )


def inverse_json(result: InverseResult) -> dict[str, Any]:
    """The documented JSON form of one inverse analysis (1-based states)."""
    model = result.model
    return {
        "state": result.desired + 1,
        "concept": result.concept,
        "changes": result.size,
        "smallest": result.optimal,
        "verified": result.verified,
        "per_dm": [
            {
                "dm": model.dms[c.dm],
                "must_prefer_to": [q + 1 for q in c.smallest],
                "conditions": [
                    {
                        "improvement": r.improvement + 1,
                        "any_of": [[q + 1 for q in way] for way in r.alternatives],
                    }
                    for r in c.requirements
                ],
                "text": changes_text(result, c),
            }
            for c in result.changes
        ],
        "text": summary(result),
    }
