"""The ``conflict:`` section: a Graph Model for Conflict Resolution, in option or graph form.

Option form lists options owned by decision makers (the parties that own options, in file
order); states are the feasible combinations, numbered 1..m in increasing order of Σ 2^k over
the options taken (k = the option's 0-based position). Graph form lists states and each
decision maker's moves directly. Preferences are rankings of state numbers (a nested list is a
tie) or option prioritization statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StrictInt, model_validator

from accord.scenario._base import Id, Model
from accord.scenario._conflict_states import size_error
from accord.scenario._expressions import ExpressionText, parse

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

Arc = Annotated[list[int], Field(min_length=2, max_length=2)]
"""A move ``[from, to]`` between two state numbers."""

_CHUNK = 1 << 20


class ConflictOption(Model):
    """An option a decision maker can take (Y) or not take (N)."""

    id: Id = Field(description="The option's id, used in expressions and in the JSON output.")
    dm: Id = Field(description="The party that controls the option (a decision maker).")
    label: str = Field(default="", description="The option in prose.")
    moves: Literal["both", "forward", "backward"] = Field(
        default="both",
        description="both (default): the option can be taken and dropped; forward: only taken "
        "(N to Y, irreversible); backward: only dropped (Y to N).",
    )
    note: str | None = Field(default=None, description="Free-text note.")


class ConflictPreference(Model):
    """One decision maker's preferences: a ranking of states, or prioritised statements."""

    ranking: list[int | list[int]] | None = Field(
        default=None,
        description="State numbers, most preferred first; a nested list [a, b] is a tie. "
        "Every state exactly once.",
    )
    statements: list[ExpressionText] | None = Field(
        default=None,
        description="Option prioritization (option form): expressions, most important first; "
        "a state scores Σ 2^(K−k) over the statements it satisfies; equal scores tie.",
    )
    note: str | None = Field(default=None, description="Why the decision maker ranks so.")

    @model_validator(mode="after")
    def _one_kind(self) -> ConflictPreference:
        if (self.ranking is None) == (self.statements is None):
            raise ValueError("give either `ranking:` or `statements:` (exactly one)")
        return self


StateRef = StrictInt | dict[Id, bool]
"""A state: its number, or ``{option: true|false}`` (options not named are false)."""


class ConflictPerception(Model):
    """How one decision maker sees the conflict, where it differs from the true one (a
    first-level hypergame: Wang, Hipel & Fraser 1988)."""

    unaware_of: list[Id] = Field(
        default_factory=list,
        description="Option form: the other parties' options this decision maker does not know "
        "about; in its view they are never taken.",
    )
    preferences: dict[Id, ConflictPreference] = Field(
        default_factory=dict,
        description="Its view of other decision makers' preferences, by party id (a ranking of "
        "the true game's state numbers, or statements); the others' are as they truly are.",
    )
    note: str | None = Field(default=None, description="Why it sees the conflict so.")


class DesiredState(Model):
    """A state the inverse analysis should make an equilibrium (Kinsara, Kilgour & Hipel 2015)."""

    state: StateRef = Field(
        description="The state: a number, or {option: true|false} (options not named are false)."
    )
    concept: Literal["nash", "gmr", "smr"] = Field(
        default="nash", description="The stability concept it should be an equilibrium under."
    )
    label: str = Field(default="", description="The state in prose, e.g. the negotiated deal.")
    note: str | None = Field(default=None, description="Free-text note.")


class ConflictSection(Model):
    """A conflict in option form (``options``) or graph form (``states`` and ``moves``)."""

    options: list[ConflictOption] | None = Field(
        default=None,
        min_length=1,
        description="Option form: the options, each owned by a decision maker.",
    )
    infeasible: list[ExpressionText] = Field(
        default_factory=list,
        description="Option form: expressions; a combination where any is true is not a state.",
    )
    states: list[str] | None = Field(
        default=None, min_length=1, description="Graph form: state labels, numbered 1..m."
    )
    moves: dict[Id, list[Arc]] | None = Field(
        default=None, description="Graph form: [from, to] state numbers per decision maker."
    )
    preferences: dict[Id, ConflictPreference] = Field(
        description="Preferences of every decision maker, by party id."
    )
    status_quo: StateRef | None = Field(
        default=None,
        description="The state the conflict is in: a number, or {option: true|false} (options "
        "not named are false).",
    )
    coalitions: Literal["all"] | list[list[Id]] | None = Field(
        default=None,
        description="Coalitions whose stability to analyse: lists of decision makers, or `all` "
        "for every coalition (Kilgour, Hipel, Fang & Peng 2001).",
    )
    desired: list[DesiredState] = Field(
        default_factory=list,
        description="States the inverse analysis should make equilibria: which preference "
        "changes would do it.",
    )
    perceptions: dict[Id, ConflictPerception] = Field(
        default_factory=dict,
        description="How decision makers misperceive the conflict (a first-level hypergame), by "
        "party id; a decision maker not listed sees the true conflict.",
    )
    note: str | None = Field(default=None, description="Free-text note.")

    @model_validator(mode="after")
    def _one_form(self) -> ConflictSection:
        if (self.options is None) == (self.states is None):
            raise ValueError(
                "give either `options:` (option form) or `states:` with `moves:` (graph form)"
            )
        if self.states is not None and self.moves is None:
            raise ValueError("graph form needs `moves:` (the [from, to] arcs of each party)")
        if self.options is not None:
            if self.moves is not None:
                raise ValueError(
                    "`moves:` belongs to graph form; in option form set `moves:` on each option"
                )
        elif self.infeasible:
            raise ValueError("`infeasible:` belongs to option form")
        return self

    @property
    def option_ids(self) -> list[str]:
        """Option ids in file order (empty in graph form)."""
        return [o.id for o in self.options or []]

    @property
    def decision_makers(self) -> list[str]:
        """Decision makers in file order: owners of options, or keys of ``moves``."""
        if self.options is not None:
            return list(dict.fromkeys(o.dm for o in self.options))
        return list(self.moves or {})

    def feasible_codes(self) -> NDArray[np.int64]:
        """Option form: the Σ 2^k code of every feasible state, in state-number order.

        Expressions must name known options (checked by :meth:`problems`); the 2^n
        combinations are counted against the limits first (:func:`size_error`).
        """
        import numpy as np  # here, not at import: validating a file needs no NumPy

        too_large = size_error(self)
        if too_large is not None:
            raise too_large
        ids = self.option_ids
        rules = [parse(text) for text in self.infeasible]
        found = []
        for start in range(0, 1 << len(ids), _CHUNK):
            codes = np.arange(start, min(start + _CHUNK, 1 << len(ids)), dtype=np.int64)
            columns = {oid: (codes >> k & 1).astype(bool) for k, oid in enumerate(ids)}
            bad = np.zeros(len(codes), dtype=bool)
            for rule in rules:
                bad |= rule.evaluate_many(columns)
            found.append(codes[~bad])
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
