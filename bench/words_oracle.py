"""The words-kept oracle over a whole corpus, beyond the sample the test suite reads.

    python bench/words_oracle.py                                  # every file of ../shared/corpus
    python bench/words_oracle.py --every 4 wh-briefings           # one file in 4 of a large corpus
    python bench/words_oracle.py --every 1 talk-python-transcripts

For each file that differs from what its format says it holds (`tests/speech.py`, the oracle of
`tests/test_corpus_words.py`), it prints where the passages first part from the file, then how many
files were compared and how many differ. Exit status 1 where any differs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tarfile
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SOUNDBITE_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", help="a large corpus of ../shared/large (its name without .tar.xz)")
    parser.add_argument("--every", type=int, default=1, help="one file in this many (by a checksum of its name)")
    args = parser.parse_args()
    from test_corpus_words import FOLDERS, differences  # (the test's own comparison, run on more files)

    started = time.perf_counter()
    if not args.corpus:  # (by folder, as the test: the corpus's own SOURCES.md is no transcript)
        results = [differences(SHARED / "corpus" / folder) for folder in FOLDERS]
        compared, problems = sum(n for n, _ in results), [p for _, found in results for p in found]
    else:
        with tempfile.TemporaryDirectory() as folder, tarfile.open(SHARED / "large" / f"{args.corpus}.tar.xz") as tar:
            for member in tar:
                transcript = member.name.endswith((".md", ".txt", ".vtt", ".srt")) and "/README" not in member.name
                if member.isfile() and transcript and zlib.crc32(member.name.encode()) % args.every == 0:
                    target = Path(folder) / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())
            compared, problems = differences(Path(folder))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} of {compared} files differ ({time.perf_counter() - started:.0f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
