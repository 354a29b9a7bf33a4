"""Every input size that drives cost, its documented limit, and the flag that raises it.

One list (:data:`LIMITS`), read by every check in Accord and by ``docs/reference/limits.md``
(a test keeps the page in step). A size is counted as early as possible and checked here
before the costly step starts; passing a limit raises :class:`LimitExceeded` (an
:class:`~accord.errors.InputError`, so exit code 2) naming the figure, the limit and the flag.

The current values live in a context variable: the command line sets them from its
``--max-...`` flags (:func:`raised`); the ledger service reads the defaults. This module imports
nothing from Accord but :mod:`accord.errors`.

Examples
--------
(Through ``accord.limits`` as imported: a doctest run may load this file a second time under
another name, with its own context variable and exception class.)

>>> from accord import limits
>>> limits.current().yaml_values
50000
>>> with limits.raised({"states": 1 << 20}):
...     limits.current().states
1048576
>>> try:
...     limits.check("states", 9_000, "a conflict of 14 options")
... except limits.LimitExceeded as error:
...     print(error.message)
...     print(error.hint)
a conflict of 14 options has 9,000 states, more than the limit of 8,192
raise it with --max-states 9000; at the default limit, all four concepts on 8,192 states took \
16 s of CPU and 146 MiB
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from accord.errors import InputError


@dataclass(frozen=True)
class Limit:
    """One limit: its name (a :class:`Limits` field), what it counts, the flag that raises it
    (``None``: fixed) and what a run at the default limit measured (shown in the hint; empty:
    not measured)."""

    name: str
    counts: str
    unit: str
    flag: str | None
    measured: str
    past: str = ""
    """What happens past a *switch* (empty: the input is refused, exit 2)."""


@dataclass(frozen=True)
class Limits:
    """The current value of every limit (the defaults are the documented ones)."""

    file_bytes: int = 8_000_000
    yaml_values: int = 50_000
    yaml_depth: int = 100
    integer_digits: int = 100
    number_size: int = 10**15
    expression_chars: int = 2_000_000
    expression_depth: int = 100
    options: int = 24
    states: int = 8_192
    amount_levels: int = 200
    deal_items: int = 25
    packages_sampled: int = 100_000_000
    planner_variables: int = 20_000
    verification_combinations: int = 200_000
    coalitions: int = 63
    coalition_states: int = 65_536
    horizon: int = 64
    nm_levels: int = 2_000
    search_steps: int = 2_000_000
    sweep_draws: int = 100_000
    correlated_ranges: int = 1_000
    workbench_bytes: int = 4 * 1024 * 1024
    request_bytes: int = 512 * 1024
    entry_bytes: int = 256 * 1024
    entry_depth: int = 32
    zone_work: int = 2 * 10**8
    coalition_budget: int = 1_000_000


LIMITS: tuple[Limit, ...] = (
    Limit(
        "file_bytes",
        "the size of a scenario file, read before parsing",
        "bytes",
        "--max-file-bytes",
        "validating a 7.9 MB file took 0.5 s of CPU and 70 MiB",
    ),
    Limit(
        "yaml_values",
        "the values of a scenario file after alias and merge-key expansion, counted while parsing",
        "values",
        "--max-yaml-values",
        "validating 50,000 values took 0.5 s of CPU and 70 MiB",
    ),
    Limit("yaml_depth", "how deep values nest, after alias expansion", "levels", None, "-"),
    Limit("integer_digits", "the digits of one integer in a scenario file", "digits", None, "-"),
    Limit(
        "number_size",
        "the size of one number in a scenario file or a ledger entry's body (so sums and "
        "products stay exact enough)",
        "in size",
        None,
        "-",
    ),
    Limit(
        "expression_chars",
        "the length of one expression (infeasible:, statements:, constraints:)",
        "characters",
        "--max-expression-length",
        "validating a 200,000-term expression (1.2 MB) took 1.1 s of CPU and 120 MiB",
    ),
    Limit(
        "expression_depth",
        "how deep one expression's operators nest (not, parentheses, chains)",
        "levels",
        None,
        "-",
    ),
    Limit("options", "the options of a conflict in option form", "options", None, "-"),
    Limit(
        "states",
        "the states of a conflict (2^options in option form, counted before enumerating)",
        "states",
        "--max-states",
        "all four concepts on 8,192 states took 16 s of CPU and 146 MiB",
    ),
    Limit(
        "amount_levels",
        "the amounts the deal's items can be given in, summed over the items (quantity x items)",
        "amounts",
        "--max-amount-levels",
        "the deal at 200 amounts (20 items x 10) ended within its 30 s time budget (33 s, 115 MiB)",
    ),
    Limit(
        "deal_items",
        "the items of a deal, counted before its package space is built",
        "items",
        "--max-deal-items",
        "the deal of 25 items x 3 amounts ended within its 30 s time budget (34 s, 114 MiB)",
    ),
    Limit(
        "packages_sampled",
        "Monte Carlo draws x packages compared in the deal's uncertainty analysis",
        "package evaluations",
        "--max-packages-sampled",
        "not measured at the limit; 10,000 draws are the default",
    ),
    Limit(
        "planner_variables",
        "the phasing planner's decision variables (periods x items x parties)",
        "variables",
        "--max-planner-variables",
        "planning 27 items over 240 periods took 6.9 s of CPU and 180 MiB",
    ),
    Limit(
        "verification_combinations",
        "the use vectors of one verified commitment (the product of its means' uses + 1)",
        "combinations",
        "--max-verification-combinations",
        "",
    ),
    Limit(
        "coalitions",
        "the coalitions whose stability the conflict analysis checks",
        "coalitions",
        "--max-coalitions",
        "",
    ),
    Limit(
        "coalition_states",
        "the states of a conflict whose coalition stability is analysed",
        "states",
        "--max-coalition-states",
        "",
    ),
    Limit(
        "horizon",
        "the horizon of limited-move stability (L_h), in moves",
        "moves",
        "--max-horizon",
        "",
    ),
    Limit(
        "nm_levels",
        "the horizons non-myopic stability (NM) plays out before its tables repeat",
        "horizons",
        "--max-nm-levels",
        "",
    ),
    Limit(
        "search_steps",
        "the (state, last mover) pairs one coalition's search from one state may expand",
        "search steps",
        "--max-search-steps",
        "",
    ),
    Limit(
        "sweep_draws",
        "the draws of one sweep (--draws)",
        "draws",
        "--max-sweep-draws",
        "not measured at the limit; 200 draws are the default",
    ),
    Limit(
        "correlated_ranges",
        "the ranges named under correlations: (the copula's matrix is their number squared)",
        "ranges",
        "--max-correlated-ranges",
        "validating 1,000 ranges in one group took 1.0 s of CPU",
    ),
    Limit(
        "workbench_bytes",
        "one text or file sent to the web workbench (accord web)",
        "bytes",
        "--max-workbench-bytes",
        "",
    ),
    Limit(
        "request_bytes",
        "the body of one request to the ledger service",
        "bytes",
        "accord serve --max-body",
        "refused unread (413)",
    ),
    Limit("entry_bytes", "one ledger entry, canonical form", "bytes", None, "refused (413)"),
    Limit("entry_depth", "how deep one ledger entry's JSON nests", "levels", None, "refused"),
    Limit(
        "zone_work",
        "packages x draws x parties of the deal's uncertainty analysis",
        "package evaluations",
        None,
        "-",
        "the zone of agreement is estimated from the listed packages (a lower bound) rather "
        "than from every package",
    ),
    Limit(
        "coalition_budget",
        "the states the coalition reach of the status-quo explanation may expand in all "
        "(a tenth of it on models over 65,536 states)",
        "states",
        None,
        "-",
        "the search stops and the result says it was cut short (truncated)",
    ),
)
"""Every limit, in the order of docs/reference/limits.md."""

BY_NAME: dict[str, Limit] = {limit.name: limit for limit in LIMITS}
FLAGS: dict[str, str] = {
    limit.flag: limit.name for limit in LIMITS if limit.flag and limit.flag.startswith("--")
}
"""``--max-...`` flag -> limit name: the flags every ``accord`` command accepts."""

_CURRENT: ContextVar[Limits] = ContextVar("accord_limits", default=Limits())  # noqa: B039 (frozen)


class LimitExceeded(InputError):
    """An input is larger than a documented limit; nothing costly was started."""

    def __init__(self, message: str, hint: str | None, limit: str, figure: int) -> None:
        super().__init__(message, hint)
        self.limit = limit
        self.figure = figure


def current() -> Limits:
    """The limits in force (the defaults unless a command raised some)."""
    return _CURRENT.get()


@contextmanager
def raised(values: Mapping[str, int]) -> Iterator[Limits]:
    """Run a block with some limits set to ``values`` (by :class:`Limits` field name)."""
    unknown = sorted(set(values) - {f.name for f in dataclasses.fields(Limits)})
    if unknown:
        raise ValueError(f"unknown limit(s): {', '.join(unknown)}")
    token = _CURRENT.set(dataclasses.replace(_CURRENT.get(), **values))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def set_limits(values: Mapping[str, int]) -> None:
    """Set the limits for the rest of this context: the defaults, but ``values`` (the command
    line does this once per run, from its ``--max-...`` flags)."""
    _CURRENT.set(dataclasses.replace(Limits(), **values))


def exceeded(name: str, figure: int | None, what: str, advice: str = "") -> LimitExceeded:
    """The error for ``what`` whose ``figure`` passes the limit ``name`` (``None``: a search
    stopped at the limit, so only "more than" is known; ``advice``, when given, starts the
    hint: how to make the input smaller)."""
    limit = BY_NAME[name]
    value = getattr(current(), name)
    if figure is None:
        figure = 2 * value
        message = f"{what} needs more than the limit of {value:,} {limit.unit}"
    else:
        message = f"{what} has {figure:,} {limit.unit}, more than the limit of {value:,}"
    if limit.flag is None:
        hint = f"this limit is fixed ({limit.counts}); make the input smaller"
    else:
        hint = f"raise it with {limit.flag} {figure}"
        if limit.measured:
            hint += f"; at the default limit, {limit.measured}"
    return LimitExceeded(message, f"{advice}; or {hint}" if advice else hint, name, figure)


def check(name: str, figure: int, what: str, advice: str = "") -> None:
    """Raise :class:`LimitExceeded` when ``figure`` passes the current limit ``name``."""
    if figure > getattr(current(), name):
        raise exceeded(name, figure, what, advice)
