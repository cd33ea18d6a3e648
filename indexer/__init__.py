"""soundbite: a terminal-first search engine for spoken-word transcripts.

Three wings, and the plain data they pass between them; imports run one way,
cli -> engine -> transcripts -> model (and errors, settings):

- `transcripts`: files to passages (find, decode, detect the format, parse,
  cut into passages). Knows nothing of Whoosh or terminals.
- `engine`: everything that knows Whoosh: the schema, the index on disk and
  its writer, searching, highlighting, browsing, stats.
- `cli`: the command line, the only place that prints.
- `model` (the dataclasses), `errors` (what a user is told) and `settings`
  (the environment, read once) are shared by all three.
"""

__version__ = "0.1.0"

# `dataclasses` imports `inspect` (and `ast`, `dis`, `tokenize`: 6 ms of every search's start-up) only to
# write a docstring for a class without one: every class here has its own (`indexer.lazy_imports`).
from indexer.lazy_imports import stand_in as _stand_in

with _stand_in("inspect"):
    import dataclasses  # noqa: F401
