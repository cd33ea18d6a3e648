"""What is built on storage and querying: trends over time, browsing, statistics, export, a cluster.

- `trend`: hits counted per period (day, week, month, year), per group.
- `browse`: a transcript in full (`show`), speakers and their counts.
- `stats`: what an index holds.
- `export`: passages or hits as records for the output formats.
- `cluster`: `push`: passages to OpenSearch or Elasticsearch.
"""
