"""What every question shares: the error for a missing section (from :mod:`accord.errors`)."""

from __future__ import annotations

from accord.errors import no_section

__all__ = ["no_section"]
