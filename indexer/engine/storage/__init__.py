"""The index on disk: what it holds, its generations, writing it, reading what it stores, watching folders.

- `schema`: the fields (every field name is spelled here) and how a passage
  becomes a document.
- `store`: the index folder: generations, the run lock, opening, atomic swaps,
  leftovers of killed runs.
- `manifest`: which files are indexed, with their sizes and times (what makes
  a run incremental).
- `writer`: a run of `index`: read, cut, write, commit.
- `segments`: reading and writing in worker processes, one segment each.
- `stored`: passages and transcripts back from the stored fields.
- `watch`: `index --watch`: the folders' file events into runs.
"""
