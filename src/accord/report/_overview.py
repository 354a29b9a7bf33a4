"""Terminal rendering of a scenario's overview (title, parties, sources)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from accord.scenario import Scenario


def render_overview(console: Console, scenario: Scenario, filename: str) -> None:
    """Print the title, description, parties and the sections present."""
    console.rule(f"[bold]{scenario.title}[/bold]")
    if scenario.description:
        console.print(scenario.description.strip(), markup=False)
    table = Table(title="Parties", show_edge=False)
    table.add_column("id")
    table.add_column("name")
    table.add_column("role")
    for pid, party in scenario.parties.items():
        table.add_row(pid, party.name, party.role.value)
    console.print(table)
    present = [name for name, _ in scenario.sections()]
    console.print(
        f"{filename}: {len(scenario.sources)} sources; sections: "
        f"{', '.join(present) if present else 'none yet'}",
        markup=False,
    )
    if not present:
        console.print(
            "no analysis to run: add a section; `accord new examples.yaml --sections "
            "conflict,deal,phasing,verification` writes a commented example of each to start from",
            markup=False,
        )
