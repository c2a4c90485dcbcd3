"""``python -m logistics`` runs the CLI."""

from logistics.cli.app import main

main()
