"""Whoosh 2.7.4 adapted: the only package that reaches into Whoosh's private names.

Everything here leans on how Whoosh 2.7.4 works inside (its codec's block
layout, its matchers' fields, its writer's commit steps), so an upgrade or a
fork of Whoosh is a change in this package and nowhere else;
`tests/test_architecture.py` fails on a private Whoosh name used outside it.

- `startup`: imports Whoosh without two modules it loads and soundbite never calls.
- `fixes`: a fix to Whoosh's per-document reader (a negative cache that saves a
  third of a build's time).
- `postings`: reads postings and field lengths straight from the codec's blocks
  (the split search and the length-aware scorer).
- `bulk`: writes a whole segment in Whoosh's own format without Whoosh's work per
  token.
- `phrases`: phrase matching over the codec's position blocks.
- `fuzzy`: fuzzy terms that expand in both text fields.
- `commit`: the writer's commit with bulk-written segments beside its own, and
  the clean-up of files no segment lists.
"""
