"""`python -m indexer` runs the same app as the `soundbite` command."""

from indexer.cli import main

main()
