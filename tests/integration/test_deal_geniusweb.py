"""GeniusWeb interop: an imported domain gives the frontier and Nash point of the profiles
themselves (brute force over every bid, straight from the JSON), and export round-trips."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.deal._frontier import pareto_frontier
from accord.deal._geniusweb import geniusweb_from_deal, scenario_from_geniusweb
from accord.deal._solutions import bargaining_solutions
from accord.deal._space import build_space
from accord.errors import InputError
from accord.scenario import Estimate, load, loads

DATA = Path("examples/holiday")
runner = CliRunner()


def read(name: str) -> dict[str, object]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def bid_utilities(domain: dict, profile: dict) -> dict[tuple[int, ...], float]:  # type: ignore[type-arg]
    body = profile["LinearAdditiveUtilitySpace"]
    issues = domain["issuesValues"]
    result = {}
    for choice in itertools.product(*(range(len(s["values"])) for s in issues.values())):
        total = 0.0
        for (issue, spec), k in zip(issues.items(), choice, strict=True):
            table = body["issueUtilities"][issue]["DiscreteValueSetUtilities"]["valueUtilities"]
            total += body["issueWeights"][issue] * table[spec["values"][k]]
        result[choice] = total
    return result


def reservation(domain: dict, profile: dict) -> float:  # type: ignore[type-arg]
    bid = profile["LinearAdditiveUtilitySpace"]["reservationBid"]
    if bid is None:
        return 0.0
    issues = domain["issuesValues"]
    choice = tuple(issues[i]["values"].index(bid["issuevalues"][i]) for i in issues)
    return bid_utilities(domain, profile)[choice]


def test_imported_frontier_and_nash_equal_the_profiles_brute_force() -> None:
    domain, ann, ben = (
        read("holiday-domain.json"),
        read("holiday-ann.json"),
        read("holiday-ben.json"),
    )
    scenario = loads(json.dumps(scenario_from_geniusweb(domain, [ann, ben])), "holiday.yaml")
    assert scenario.deal is not None
    space = build_space(scenario.deal, ["ann", "ben"])
    frontier = pareto_frontier(space, ["ann", "ben"])
    ua, ub = bid_utilities(domain, ann), bid_utilities(domain, ben)
    da, db = reservation(domain, ann), reservation(domain, ben)
    gains = {
        c: (round(ua[c] - da, 9), round(ub[c] - db, 9))
        for c in ua
        if ua[c] >= da - 1e-12 and ub[c] >= db - 1e-12
    }
    brute = {
        g
        for g in gains.values()
        if not any(h[0] >= g[0] and h[1] >= g[1] and h != g for h in gains.values())
    }
    ours = {
        (
            round(p.utilities["ann"] - space.reservation[0], 9),
            round(p.utilities["ben"] - space.reservation[1], 9),
        )
        for p in frontier.points
    }
    assert ours == brute
    nash = bargaining_solutions(space, ["ann", "ben"])["nash"]
    best = max(g[0] * g[1] for g in gains.values())
    assert nash.gains["ann"] * nash.gains["ben"] == pytest.approx(best, abs=1e-12)


def test_export_then_import_keeps_the_frontier_packages(tmp_path: Path) -> None:
    scenario = loads(
        json.dumps(
            scenario_from_geniusweb(
                read("holiday-domain.json"), [read("holiday-ann.json"), read("holiday-ben.json")]
            )
        )
    )
    exported = geniusweb_from_deal(scenario, "holiday")
    again = loads(
        json.dumps(scenario_from_geniusweb(exported["domain"], list(exported["profiles"].values())))
    )
    assert scenario.deal is not None
    assert again.deal is not None
    # GeniusWeb keeps reservation bids, not values: compare the frontiers without reservations
    low = {
        "reservation": {
            "ann": Estimate(low=-9, mode=-9, high=-9),
            "ben": Estimate(low=-9, mode=-9, high=-9),
        }
    }
    first_deal = scenario.deal.model_copy(update=low)
    second_deal = again.deal.model_copy(update=low)
    first = pareto_frontier(build_space(first_deal, ["ann", "ben"]), ["ann", "ben"])
    second = pareto_frontier(build_space(second_deal, ["ann", "ben"]), ["ann", "ben"])
    assert [p.package for p in first.points] == [p.package for p in second.points]


def test_export_refuses_interactions() -> None:
    with pytest.raises(InputError, match="cannot express 'together' interactions"):
        geniusweb_from_deal(load("examples/korea-2019.yaml"))


def test_import_refuses_other_profile_kinds() -> None:
    with pytest.raises(InputError, match="only 'LinearAdditiveUtilitySpace' profiles"):
        scenario_from_geniusweb(read("holiday-domain.json"), [{"UtilitySpace": {}}])


def test_cli_import_and_export(tmp_path: Path) -> None:
    out = tmp_path / "holiday.yaml"
    args = [
        "deal-import",
        str(DATA / "holiday-domain.json"),
        str(DATA / "holiday-ann.json"),
        str(DATA / "holiday-ben.json"),
        "-o",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, args).exit_code == 2  # refuses to overwrite
    result = runner.invoke(app, ["deal-export", str(out), "-o", str(tmp_path / "gw"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"] == ["ann.json", "ben.json", "domain.json"]
    result = runner.invoke(
        app, ["deal-import", "missing.json", "x.json", "-o", str(tmp_path / "y")]
    )
    assert result.exit_code == 2
    assert "error: missing.json: no such file" in result.stderr


def test_import_then_export_gives_the_profiles_back_up_to_one_affine_map() -> None:
    """GeniusWeb -> Accord -> GeniusWeb on the holiday domain: every bid's utility, and the
    reservation, come back as ``alpha * original + beta`` with one alpha > 0 per party."""
    domain = read("holiday-domain.json")
    profiles = [read("holiday-ann.json"), read("holiday-ben.json")]
    scenario = loads(json.dumps(scenario_from_geniusweb(domain, profiles)), "holiday.yaml")
    exported = geniusweb_from_deal(scenario, "holiday")
    new_domain = exported["domain"]
    sizes = [len(spec["values"]) for spec in domain["issuesValues"].values()]  # type: ignore[attr-defined]
    assert [len(s["values"]) for s in new_domain["issuesValues"].values()] == sizes
    for party, profile in zip(("ann", "ben"), profiles, strict=True):
        again = exported["profiles"][party]
        body = again["LinearAdditiveUtilitySpace"]
        assert sum(body["issueWeights"].values()) == pytest.approx(1.0)
        for table in body["issueUtilities"].values():
            values = table["DiscreteValueSetUtilities"]["valueUtilities"].values()
            assert min(values) == pytest.approx(0.0)
            assert max(values) == pytest.approx(1.0)
        before, after = bid_utilities(domain, profile), bid_utilities(new_domain, again)
        assert before.keys() == after.keys()  # the same bids, value k for value k
        low, high = min(before, key=before.__getitem__), max(before, key=before.__getitem__)
        alpha = (after[high] - after[low]) / (before[high] - before[low])
        beta = after[low] - alpha * before[low]
        assert alpha > 0
        for bid, utility in before.items():
            assert after[bid] == pytest.approx(alpha * utility + beta, abs=1e-9)
        assert exported["reservation"][party] == pytest.approx(
            alpha * reservation(domain, profile) + beta, abs=1e-9
        )


def broken_ann(change: str) -> dict[str, object]:
    ann = read("holiday-ann.json")
    body = ann["LinearAdditiveUtilitySpace"]
    assert isinstance(body, dict)
    if change == "bid":
        body["reservationBid"]["issuevalues"]["Budget"] = "Huge"
    elif change == "weight":
        body["issueWeights"]["Budget"] = "heavy"
    else:
        body["issueUtilities"]["Budget"] = ["not", "a", "table"]
    return ann


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("bid", "profile 'Ann': the reservation bid gives issue 'Budget' the value 'Huge', which"),
        ("weight", "profile 'Ann': the weight of issue 'Budget' is not a number: 'heavy'"),
        ("table", "profile 'Ann' has no discrete utilities for issue 'Budget'"),
    ],
)
def test_malformed_profiles_are_refused_with_a_message(change: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        scenario_from_geniusweb(read("holiday-domain.json"), [broken_ann(change)])
    assert str(raised.value).startswith(message)


def test_cli_import_of_json_that_is_not_an_object_is_an_error(tmp_path: Path) -> None:
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(
        app, ["deal-import", str(listing), str(listing), "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 2
    assert "a GeniusWeb domain is a JSON object with 'issuesValues'" in result.stderr
    result = runner.invoke(
        app,
        ["deal-import", str(DATA / "holiday-domain.json"), str(listing), "-o", "x.yaml"],
    )
    assert result.exit_code == 2
    assert "only 'LinearAdditiveUtilitySpace' profiles are supported" in result.stderr
