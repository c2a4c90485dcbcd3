"""``python -m logistics`` runs the CLI."""

from logistics.cli.entry import main

main()
