"""The reference for indexing figures: a plain Whoosh writer, as the issues measured it.

One process, default settings, a minimal schema (stemmed text, speaker,
transcript id), each non-empty line of each .txt or .md file a document. It does none of
soundbite's work (no format detection, no speakers, no times, no manifest), so
the ratio against it shows what soundbite's extra work and fields cost.

    python bench/naive_writer.py CORPUS INDEX_DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage


def main(corpus: str, index_dir: str) -> None:
    began = time.perf_counter()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    schema = Schema(
        text=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        speaker=TEXT(stored=True),
        transcript=ID(stored=True),
    )
    index = FileStorage(index_dir).create_index(schema)
    writer = index.writer()
    documents = 0
    for path in sorted(p for p in Path(corpus).rglob("*") if p.suffix in (".txt", ".md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
            if line.strip():
                writer.add_document(text=line, transcript=path.stem)
                documents += 1
    writer.commit()
    print(f"{documents} documents in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main(*sys.argv[1:3])
