"""The deal section of the report: the zone of agreement, the frontier, the bargaining
solutions, each proposal's verdict with its reason, Adjusted Winner and the uncertainty."""

from __future__ import annotations

from typing import Any

from accord.deal._analysis import DealAnalysis
from accord.figures import deal as figures
from accord.figures.deal import solution_name
from accord.report._deal_text import grouped_text, refusal_lines
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import DASH, TITLES, figure, num, pct, plural, words
from accord.scenario._deal import Deal


def deal_section(result: DealAnalysis, deal: Deal) -> Section:
    """The whole deal section."""
    data = result.to_dict()
    blocks: list[Block | Section] = [
        Paragraph(
            f"Bargaining parties: {words(list(result.parties))}"
            + (
                f"; stakeholders, whose reservation every package must also meet: "
                f"{words(list(result.stakeholders))}"
                if result.stakeholders
                else ""
            )
            + ". Utilities are each party's own points at the mode of every range (0 = no deal); "
            "a party accepts a package worth at least its reservation value."
        ),
        reservations_table(data),
    ]
    if data["zone"] is not None:
        blocks += [zone_verdict(data, deal), *_outcome_figures(result)]
        blocks += [frontier_table(data, deal), solutions_table(data, deal)]
        blocks += proposal_blocks(data, deal)
    if data["adjusted_winner"] is not None:
        blocks.append(adjusted_winner_table(data["adjusted_winner"]))
    if data["uncertainty"] is not None:
        blocks += uncertainty_blocks(result, data["uncertainty"])
    return Section("deal", TITLES["deal"], tuple(blocks))


def reservations_table(data: dict[str, Any]) -> Table:
    """Each party's reservation value and role."""
    rows = tuple(
        (party, "party" if party in data["parties"] else "stakeholder", num(value))
        for party, value in data["reservations"].items()
    )
    return Table("Reservation values", ("party", "role", "reservation"), rows, (False, False, True))


def zone_verdict(data: dict[str, Any], deal: Deal) -> Verdict:
    """Whether a zone of agreement exists, and if not, what would open it."""
    zone = data["zone"]
    if zone["exists"]:
        count = zone["acceptable_packages"]
        how = (
            f"{count:,} of the {zone['packages']:,} packages are acceptable to every party"
            if count is not None
            else f"the solver found packages acceptable to every party among {zone['packages']:,}"
        )
        return Verdict(True, "A zone of agreement exists:", how + ".")
    reasons = [
        f"{party}'s reservation would have to drop by {num(v)}"
        if v is not None
        else f"lowering {party}'s reservation alone cannot open it"
        for party, v in zone["lowering_needed"].items()
    ]
    closest = zone["closest"]
    if closest is not None:
        short = ", ".join(f"{p} short by {num(v)}" for p, v in closest["shortfalls"].items())
        reasons.append(
            f"the closest package ({grouped_text(closest['package'], deal)}) leaves {short}"
        )
    reasons += [f"{b['item']} costs {b['party']} {num(-b['value'])}" for b in zone["blocking"]]
    return Verdict(False, "No package is acceptable to every party:", "; ".join(reasons) + ".")


def _outcome_figures(result: DealAnalysis) -> list[Block]:
    if len(result.parties) == 2:
        return [
            figure("deal-outcomes", "The outcome space.", lambda: figures.outcome_space(result))
        ]
    return [figure("deal-frontier", "The frontier.", lambda: figures.frontier_parallel(result))]


def frontier_table(data: dict[str, Any], deal: Deal) -> Table:
    """Every point of the Pareto frontier: utilities of every party and one package."""
    method = data["frontier_method"]
    everyone = [*data["parties"], *data["stakeholders"]]
    rows = tuple(
        (str(k), *(num(p["utilities"][q]) for q in everyone), grouped_text(p["package"], deal))
        for k, p in enumerate(data["frontier"], start=1)
    )
    exact = "exact" if method and method["exact"] and method["complete"] else "not exhaustive"
    note = f"{method['note']}; {method['method']}, {exact}." if method else ""
    return Table(
        f"The Pareto frontier over {words(data['parties'])} ({plural(len(rows), 'point')})",
        ("#", *everyone, "package"),
        rows,
        (True, *(True for _ in everyone)),
        note,
    )


def solutions_table(data: dict[str, Any], deal: Deal) -> Table:
    """The bargaining solutions: gains, utilities and package."""
    rows = tuple(
        (
            solution_name(name),
            *(num(s["gains"][p]) for p in data["parties"]),
            grouped_text(s["package"], deal),
            s["method"]
            if s["gap"] is None or s["proven"]
            else f"{s['method']}, gap {s['gap']:.0%}",
        )
        for name, s in data["solutions"].items()
    )
    missing = [solution_name(n) for n in figures.SOLUTION_NAMES if n not in data["solutions"]]
    reasons = sorted(set(data["solutions_missing"].values())) or [
        "no acceptable package, or beyond the solver's exact integers"
    ]
    note = (
        f"Not computed: {words(missing)} ({'; '.join(reasons)})."
        if missing
        else "Each is exact over the packages; Egalitarian and Utilitarian depend on the "
        "parties' point scales."
    )
    return Table(
        "Bargaining solutions (gains over the reservation values)",
        ("solution", *(f"gain {p}" for p in data["parties"]), "package", "method"),
        rows,
        (False, *(True for _ in data["parties"])),
        note,
    )


def proposal_blocks(data: dict[str, Any], deal: Deal) -> list[Block]:
    """Each proposal's verdict and reason, then a table of all of them."""
    blocks: list[Block] = []
    for name, p in data["proposals"].items():
        blocks.append(proposal_verdict(name, p, deal))
    if data["proposals"]:
        rows = tuple(
            (
                name,
                p["label"],
                grouped_text(p["package"], deal),
                *(num(p["utilities"][q]) for q in p["utilities"]),
                "yes" if p["acceptable"] else "no",
                words(p["refused_by"], DASH),
                {True: "yes", False: "no", None: "unknown"}[p["efficient"]],
            )
            for name, p in data["proposals"].items()
        )
        parties = list(next(iter(data["proposals"].values()))["utilities"])
        blocks.append(
            Table(
                "The proposals",
                ("proposal", "who", "package", *parties, "acceptable", "refused by", "efficient"),
                rows,
                (False, False, False, *(True for _ in parties)),
            )
        )
    return blocks


def proposal_verdict(name: str, p: dict[str, Any], deal: Deal) -> Verdict:
    """``Proposal X is refused by us: its utility -15 is 15 short of its reservation 0 ...``."""
    label = f" ({p['label']})" if p["label"] else ""
    if p["acceptable"]:
        efficient = " and efficient" if p["efficient"] else ""
        return Verdict(True, f"Proposal {name}{label} is acceptable to every party{efficient}.", "")
    reasons = [
        "; ".join(line.strip() for line in refusal_lines(party, why))
        for party, why in p["refusals"].items()
    ]
    reasons += [f"it breaks the constraint {c}" for c in p["violated_constraints"]]
    return Verdict(False, f"Proposal {name}{label} is refused.", " | ".join(reasons) + ".")


def adjusted_winner_table(aw: dict[str, Any]) -> Table:
    """Adjusted Winner's exact shares."""
    a, b = aw["parties"]
    rows = [(item, shares[a], shares[b]) for item, shares in aw["shares"].items()]
    rows.append(("points in all", aw["totals"][a], aw["totals"][b]))
    return Table(
        "Adjusted Winner (exact shares)",
        ("item", a, b),
        tuple(rows),
        (False, True, True),
        f"Split item: {aw['split_item'] or 'none'}. Each party gets "
        f"{num(aw['totals_float'][a])} points.",
    )


def uncertainty_blocks(result: DealAnalysis, u: dict[str, Any]) -> list[Block]:
    """The Monte Carlo verdict, figures and tables."""
    lower = u["zone_method"] != "enumeration"
    head = f"P(a zone of agreement exists) = {pct(u['zone_probability'])}"
    head += " (a lower bound)." if lower else "."
    reason = (
        f"{u['draws']:,} draws (seed {u['seed']}) over {plural(u['parameters'], 'range')}, "
        f"{u['distribution']}; "
        + (
            "only the frontier, solution and proposal packages are checked in each draw."
            if lower
            else "every package is checked in every draw."
        )
    )
    rows = [
        (kind, solution_name(name) if kind == "solution" else name, *(pct(v) for v in p.values()))
        for kind, table in (("solution", u["solutions"]), ("proposal", u["proposals"]))
        for name, p in table.items()
    ]
    if "package" in u:
        rows.append(("--package", "", *(pct(v) for v in u["package"].values())))
    parties = list(
        next(iter(u["solutions"].values()), {}) or next(iter(u["proposals"].values()), {})
    )
    ranked = tuple(
        (r["parameter"], num(r["low"]), num(r["mode"]), num(r["high"]), f"{r['swing']:+.4f}")
        for r in u["sensitivity"]
    )
    return [
        Verdict(u["zone_probability"] >= 0.5, head, reason),
        figure("deal-acceptance", "How likely is agreement.", lambda: figures.acceptance(result)),
        figure(
            "deal-margins", "Monte Carlo margins.", lambda: figures.margin_distributions(result)
        ),
        figure("deal-sensitivity", "Sensitivity.", lambda: figures.sensitivity(result)),
        Table(
            "Probability that each party accepts (all: every party)",
            ("kind", "package", *parties),
            tuple(rows),
            (False, False, *(True for _ in parties)),
        ),
        Table(
            f"Sensitivity of: {u['sensitivity_outcome']} (every range, largest swing first)",
            ("range", "low", "mode", "high", "swing"),
            ranked,
            (False, True, True, True, True),
            "Swing: the probability when the range is in the top third of its draws minus "
            "when it is in the bottom third.",
        ),
    ]
