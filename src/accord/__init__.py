"""Accord: design and track verifiable agreements between parties who do not trust each other."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("accord")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
