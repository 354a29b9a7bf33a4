"""The ``verification:`` section: the means of verification, what each verifies, the budget,
explicit stakes and declarations to check against estimates.

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {us: {name: US}, dprk: {name: DPRK}}
... verification:
...   means:
...     iaea: {label: IAEA inspection, detection: 0.9, false_alarm: 0.01, cost: 2, lag: 1}
...     sampling: {items: 60, falsified: 1, nondetection: 0.1}
...   verifies: {yongbyon: [iaea]}
...   stakes: {yongbyon: {giver: dprk, gain: 15, penalty: 25}}
...   budget: {per_period: 10}
...   declarations:
...     warheads: {declared: 20, estimate: {low: 20, mode: 30, high: 60}}
... ''')
>>> s.verification.means["iaea"].detection.mode, s.verification.means["sampling"].is_sampling
(0.9, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from accord.scenario._base import NOTE, Id, Model, Uncertain, UncertainAmount, UncertainProbability

if TYPE_CHECKING:
    pass


def _in_unit_interval(value: float) -> float:
    if not 0 <= value <= 1:
        raise ValueError("a probability must be in [0, 1]")
    return value


Probability = Annotated[float, AfterValidator(_in_unit_interval)]
"""A probability in [0, 1]."""

_SAMPLING_KEYS = ("items", "falsified", "nondetection")


class Means(Model):
    """A means of verification: an inspection with a detection probability per use, or
    attribute sampling of a population (``items``, ``falsified``, ``nondetection``)."""

    label: str = Field(default="", description="What the means is, in prose.")
    detection: UncertainProbability | None = Field(
        default=None,
        description="Probability that one use detects a violation it looks at: a number or "
        "{low, mode, high} (a single analysis uses the mode; a sweep draws it).",
    )
    false_alarm: Probability = Field(
        default=0, description="Probability that one use raises an alarm on an honest party."
    )
    items: int | None = Field(default=None, ge=1, description="Sampling: items in the population.")
    falsified: int | None = Field(
        default=None, ge=1, description="Sampling: items that must be falsified to cheat."
    )
    nondetection: Probability | None = Field(
        default=None, description="Sampling: accepted non-detection probability (β)."
    )
    cost: float = Field(default=0, ge=0, description="Cost of one use, in budget units.")
    lag: int = Field(default=0, ge=0, description="Periods between a use and its result.")
    per_item: int = Field(
        default=1, ge=1, description="At most this many uses on one commitment per period."
    )
    capacity: int | None = Field(
        default=None, ge=0, description="At most this many uses per period in all (none: no cap)."
    )
    source: Id | None = Field(default=None, description="A source id for these figures.")
    note: str | None = NOTE

    @model_validator(mode="after")
    def _one_kind(self) -> Means:
        given = [key for key in _SAMPLING_KEYS if getattr(self, key) is not None]
        if self.detection is not None and given:
            raise ValueError(
                "give either detection (an inspection) or items, falsified and nondetection "
                "(attribute sampling), not both"
            )
        if self.detection is None and len(given) != len(_SAMPLING_KEYS):
            missing = [key for key in _SAMPLING_KEYS if key not in given]
            raise ValueError(
                "a means needs detection, or all of items, falsified and nondetection "
                f"(missing: {', '.join(missing)})"
            )
        if self.items is not None and self.falsified is not None and self.falsified > self.items:
            raise ValueError(f"falsified ({self.falsified}) cannot exceed items ({self.items})")
        return self

    @property
    def is_sampling(self) -> bool:
        """Whether this means is attribute sampling (rather than an inspection)."""
        return self.detection is None


class Stake(Model):
    """What a giver gains by cheating on a commitment and loses if caught (overrides the deal)."""

    giver: Id | None = Field(default=None, description="Who gives the item (default: the deal's).")
    gain: UncertainAmount | None = Field(
        default=None, description="Gain from not delivering: a number or {low, mode, high}."
    )
    penalty: UncertainAmount | None = Field(
        default=None, description="Loss if caught: a number or {low, mode, high}."
    )
    source: Id | None = Field(default=None, description="A source id for these figures.")
    note: str | None = NOTE


class Budget(Model):
    """The inspection budget."""

    per_period: float = Field(ge=0, description="Budget units available per period.")
    note: str | None = NOTE


class Declaration(Model):
    """A declared quantity to check against an estimate range (the prior on the true value)."""

    declared: float = Field(ge=0, description="The quantity declared.")
    estimate: Uncertain = Field(description="What is believed: a number or {low, mode, high}.")
    confidence: Probability = Field(
        default=0.9, description="Wanted confidence that the declaration is complete."
    )
    means: list[Id] | None = Field(
        default=None,
        description="Means that could confirm it (default: those that verify the "
        "item of the same id).",
    )
    source: Id | None = Field(default=None, description="A source id for the estimate.")
    note: str | None = NOTE


class Verification(Model):
    """How the commitments of a deal are verified: means, assignments, budget, declarations."""

    means: dict[Id, Means] = Field(description="The means of verification, by id.")
    verifies: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="For each deal item (commitment): the means that can verify it.",
    )
    budget: Budget | None = Field(default=None, description="The budget (none: unlimited).")
    package: Id | None = Field(
        default=None,
        description="The deal proposal whose commitments are verified (default: the phasing: "
        "section's package, else every item at its full quantity).",
    )
    objective: Literal["deter_most", "minimax_gain"] = Field(
        default="deter_most",
        description="deter_most: deter as many commitments as possible; minimax_gain: minimise "
        "the largest expected gain from cheating.",
    )
    stakes: dict[Id, Stake] = Field(
        default_factory=dict,
        description="Gain and penalty per item where the deal: section does not give them.",
    )
    declarations: dict[Id, Declaration] = Field(
        default_factory=dict, description="Declared quantities against estimates, by id."
    )
    note: str | None = NOTE
