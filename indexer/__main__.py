"""`python -m indexer` runs the same command as `soundbite`."""

from indexer.cli.entry import main

main()
