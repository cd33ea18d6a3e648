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
