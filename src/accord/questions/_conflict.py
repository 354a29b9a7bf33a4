"""``accord.analyze_conflict``: Graph Model stability, explanations, status quo, extras."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord.choices import Concept, choose
from accord.conflict._analysis import ConflictAnalysis, complete_analysis
from accord.conflict._build import build_model
from accord.conflict._concepts import CONCEPTS, DEFAULT_CONCEPTS, DEFAULT_HORIZON, concept_name
from accord.conflict._extras import plan_extras
from accord.conflict._stability import StabilityResult, analyze, check_concepts
from accord.errors import InputError
from accord.questions._common import no_section
from accord.scenario._model import Scenario
from accord.solver._control import Stopped, stop_requested

ALL = "all"
"""In ``concepts``: every concept the model allows (SIM needs the option form)."""
STATUS_QUO = "status_quo"
"""As ``explain``: the status quo's verdicts only (none when the model has no status quo)."""


def analyze_conflict(
    scenario: Scenario,
    concepts: Sequence[Concept | str] = DEFAULT_CONCEPTS,
    *,
    horizon: int = DEFAULT_HORIZON,
    explain: Sequence[int] | str | None = None,
    coalitions: bool = False,
    desired: Sequence[int] = (),
    desired_concept: Concept | str = Concept.NASH,
    tables: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ConflictAnalysis:
    """Which states are stable for whom, why, and where the status quo can go.

    Runs the Graph Model for Conflict Resolution on the scenario's ``conflict:`` section: the
    stability of every state for every decision maker under each concept, the equilibria, an
    explanation of each verdict asked for, the status quo's reachable equilibria (unilateral and
    joint improvements), and what the file asks for beyond that (``coalitions:``, ``desired:``,
    ``perceptions:``).

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``conflict:`` section.
    concepts : sequence of Concept or str, default the four of GMCR+ (nash, gmr, smr, seq)
        The stability concepts (:class:`~accord.choices.Concept`); ``"all"`` is every concept
        the model allows. They are computed once each, in the usual order.
    horizon : int, default 2
        How many moves ahead L_h looks.
    explain : sequence of int or "status_quo", optional
        The states (numbered from 1) whose verdicts are explained; by default every state of
        a model of at most 16 states, else the status quo. ``[]`` explains none,
        ``"status_quo"`` the status quo only.
    coalitions : bool, default False
        Coalition stability for every coalition (the file's ``coalitions:`` chooses some).
    desired : sequence of int, default ()
        Inverse analysis: the preference changes that make these states (from 1) equilibria,
        besides the file's ``desired:``.
    desired_concept : Concept or str, default "nash"
        The concept of the inverse analysis: nash, gmr or smr.
    tables : bool, default False
        Include every state's move options in the result (always for small models).
    progress : callable, optional
        ``progress(label, states, steps)`` is called before each step (a concept for a
        decision maker, the status quo, a coalition) with the model's number of states and the
        number of steps in all.

    Returns
    -------
    ConflictAnalysis
        Frozen; ``to_dict()`` is the JSON of ``accord conflict --json``. When the user
        interrupts (Ctrl-C) after at least one concept, or a caller's stop
        (:func:`accord.solver._control.stopping`) comes, the concepts done so far (at least the
        first) are returned with ``interrupted`` set (status quo and explanations are then
        skipped).

    Raises
    ------
    InputError
        No ``conflict:`` section; an unknown concept (with a "did you mean" hint); SIM on a
        model in graph form; a horizon outside 1..64; a state that does not exist; a limit
        exceeded (the message names it).

    Examples
    --------
    >>> import accord
    >>> result = accord.analyze_conflict(accord.load("examples/elmira.yaml"))
    >>> result.to_dict()["stability"]["seq"]["equilibria"]
    [5, 8, 9]
    >>> accord.analyze_conflict(accord.load("examples/elmira.yaml"), ["gmr", "semr"])
    Traceback (most recent call last):
    ...
    accord.errors.InputError: unknown stability concept 'semr' (hint: did you mean 'smr'?)
    """
    if scenario.conflict is None:
        raise no_section("conflict")
    model = build_model(scenario)
    asked = _concepts(concepts, model.is_option_form)
    check_concepts(model, asked, horizon)
    if explain == STATUS_QUO:
        explain = [] if model.status_quo is None else [model.status_quo + 1]
    elif isinstance(explain, str):
        raise InputError(f"explain is a list of state numbers or {STATUS_QUO!r}, not {explain!r}")
    inverse = choose(Concept, desired_concept, "stability concept")
    plan = plan_extras(scenario, model, coalitions, desired, inverse, tables)
    coalition_steps = 0 if plan.coalitions is None else len(plan.coalitions)
    total = len(asked) * len(model.dms) + 1 + coalition_steps

    done = StabilityResult(model, {}, {})

    def tick(label: str) -> None:
        if done.stable and stop_requested():  # a caller's stop, once a concept is finished
            raise Stopped
        if progress is not None:
            progress(label, model.size, total)

    try:
        _stability(done, asked, horizon, tick)
        tick("status quo paths and explanations")
        return complete_analysis(done, explain, plan, scenario, tick)
    except (KeyboardInterrupt, Stopped):
        if not done.stable:
            raise
    return ConflictAnalysis(done, (), None, interrupted=True)


def _stability(
    into: StabilityResult, concepts: list[str], horizon: int, tick: Callable[[str], None]
) -> None:
    """Each concept in turn, added to ``into`` as it is done (so that Ctrl-C keeps them)."""
    model = into.model

    def step(concept: str, i: int) -> None:
        who = "everyone" if concept in ("lh", "nm", "sim") else model.dms[i]
        tick(f"{concept_name(concept, horizon)} for {who}")

    for name in concepts:
        part = analyze(model, [name], step, horizon)
        into.stable.update(part.stable)
        into.details.update(part.details)


def _concepts(concepts: Sequence[Concept | str], option_form: bool) -> list[str]:
    """The concepts asked for, each once, in the usual order; ``all`` expanded."""
    if isinstance(concepts, str):
        concepts = [concepts]
    if ALL in concepts:
        return [c for c in CONCEPTS if option_form or c != "sim"]
    chosen = {choose(Concept, c, "stability concept").value for c in concepts}
    return [c for c in CONCEPTS if c in chosen]
