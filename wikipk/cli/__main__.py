"""Run the wikipk command as ``python -m wikipk.cli``."""

from wikipk.cli import main

main()
