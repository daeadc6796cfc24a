"""``python -m agreements`` runs the command line."""

from .cli import main

main()
