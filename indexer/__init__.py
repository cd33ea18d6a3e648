"""soundbite: a terminal-first search engine for spoken-word transcripts.

The pipeline, one module a stage: `sources` (files to transcripts, through
`decode` and `formats`) -> `passages` -> `writer` (the Whoosh index, `schema`
and `store`) -> `search` (hits) -> `render` -> `cli`.
"""

__version__ = "0.1.0"
