"""`python -m indexer` runs the same command as `soundbite`."""

from indexer.entry import main

main()
