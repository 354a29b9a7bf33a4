"""What every question shares: the error for a missing section."""

from __future__ import annotations

from accord.errors import InputError


def no_section(name: str) -> InputError:
    """The error for a question whose section the scenario lacks, with a way to add one.

    >>> no_section("deal").message
    'the scenario has no deal: section'
    """
    return InputError(
        f"the scenario has no {name}: section",
        f"add one: `accord new sections.yaml --sections {name}` writes a commented example of it",
    )
