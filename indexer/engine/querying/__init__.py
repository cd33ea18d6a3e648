"""A query to hits: parsing, filters, proximity, ranking, highlighting, suggestions.

- `query`: the query language into Whoosh queries (fields, phrases, fuzzy,
  boosts, looser forms of words), with its bounds.
- `filters`: speaker, role, date, time and metadata filters.
- `near`: `NEAR/…s` proximity in seconds.
- `search`: one search: ranked hits with snippets, counts, grouping.
- `split_search`: the same search split over processes for large indexes.
- `highlight`: snippets with the matched words marked.
- `suggest`: did-you-mean for words the index does not hold.
- `links`: a hit's media link at its second.
"""
