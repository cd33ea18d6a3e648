"""Everything that knows Whoosh, in four layers; each imports only the layers below it.

    features/   trend, browse, stats, export, cluster        (what users ask for)
    querying/   query, filters, near, search, split search,
                highlight, suggest, links                    (a query to hits)
    storage/    schema, store, manifest, writer, segments,
                stored, watch                                (the index on disk)
    adapter/    startup, fixes, postings, bulk, phrases,
                fuzzy, commit                                (Whoosh 2.7.4 adapted)
    analysis/   the analyzers and morphology                 (words to terms; beside adapter)

The engine takes `model.Transcript`s from the transcripts wing and answers
with `model.Hit`s, views and counts; Whoosh's types never leave it. It must
not know about terminals: it never imports from `cli`, Typer or rich, and it
never prints (progress and problems go to callbacks the caller passes). Only
`adapter/` uses Whoosh's private names; field names are spelled only in
`storage/schema.py`; the analyzers stay at `indexer.engine.analysis`, the
name every index's pickled schema holds.
"""
