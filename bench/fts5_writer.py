"""The other reference for indexing figures: SQLite FTS5 over the same passages soundbite indexed.

    python bench/fts5_writer.py PASSAGES.jsonl DB

PASSAGES.jsonl holds one {"text", "speaker", "transcript"} a line (written by
index_bench.py from soundbite's index, untimed). This times what FTS5 does
with them: one table, Porter stemming as soundbite's text field has it, one
transaction. It prints the seconds and the database's size.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path


def main(passages: str, db_path: str) -> None:
    rows = [tuple(json.loads(line).values()) for line in Path(passages).read_text(encoding="utf-8").splitlines()]
    Path(db_path).unlink(missing_ok=True)
    began = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(text, speaker, transcript UNINDEXED, tokenize='porter')")
    db.executemany("INSERT INTO passages VALUES (?, ?, ?)", rows)
    db.commit()
    db.close()
    print(f"{len(rows)} passages in {time.perf_counter() - began:.2f} s, {Path(db_path).stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
