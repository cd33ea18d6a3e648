"""Everything that knows Whoosh: the schema, the index on disk, writing, searching, highlighting, browsing.

The engine takes `model.Transcript`s from the transcripts wing and answers
with `model.Hit`s, views and counts; Whoosh's types never leave it. It must
not know about terminals: it never imports from `cli`, Typer or rich, and it
never prints (progress and problems go to callbacks the caller passes).
`startup`, `fixes` and `postings` adapt Whoosh 2.7.4 itself; field names are
spelled only in `schema`.
"""
