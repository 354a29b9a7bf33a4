"""``python -m accord``: the same as the ``accord`` command."""

from accord.cli._main import run

run()
