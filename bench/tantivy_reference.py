"""Tantivy, through its Python bindings, on the passages soundbite indexed: the reference issue 31 compares with.

    python bench/tantivy_reference.py build PASSAGES.jsonl INDEX_DIR
    python bench/tantivy_reference.py search INDEX_DIR QUERY

The passages are `index_bench.py`'s dump of a soundbite index (text, speaker,
transcript id a line). The schema mirrors soundbite's query semantics: text
and speaker searched (speaker weighed 1.5), English stemming, words ANDed,
BM25; the transcript id stored to show. `search` is one whole process, as a
terminal search is: it opens the index, runs the query, prints the top 10.
Tantivy is a bench-only dependency (`pip install -e '.[bench]'`), never the product's.
"""

from __future__ import annotations

import json
import sys


def schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("speaker", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("transcript", stored=True, tokenizer_name="raw")
    return builder.build()


def build(passages: str, folder: str) -> None:
    import os

    import tantivy

    os.makedirs(folder, exist_ok=True)
    index = tantivy.Index(schema(), path=folder)
    writer = index.writer(heap_size=256 * 2**20)
    with open(passages, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            writer.add_document(tantivy.Document(text=row["text"], speaker=row["speaker"], transcript=row["t"]))
    writer.commit()
    writer.wait_merging_threads()


def search(folder: str, query: str) -> None:
    import tantivy

    index = tantivy.Index.open(folder)
    searcher = index.searcher()
    parsed = index.parse_query(query, ["text", "speaker"], field_boosts={"speaker": 1.5}, conjunction_by_default=True)
    found = searcher.search(parsed, 10)
    for score, address in found.hits:
        print(f"{searcher.doc(address)['transcript'][0]}  {score:.3f}")
    print(f"{found.count} hits")


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    {"build": build, "search": search}[command](*rest)
