"""`python -m indexer` runs the same command as `soundbite`."""

# Guarded: index workers are spawned, and a spawned process imports the parent's main module again.
if __name__ == "__main__":
    from indexer.cli.entry import main

    main()
