"""A first cut of issue 28's words-kept oracle, for caption files: the file's speech against the passages' words.

    python bench/words_oracle.py            # the .srt, .vtt and .sbv files of ../shared/corpus

A file's speech is its text without headers, cue numbers, timings, NOTE, STYLE and REGION blocks, markup and
sound cues; the passages' words are their text, speakers' names compared as names. For each file whose words
differ it prints what was lost and what was added. Not yet a test: the differences are still to be sorted
into documented rules (zero-length cues, rolling captions, subtitle-site adverts, a label written on every
cue but kept once a passage) and faults, which is the next step of issue 28.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SOUNDBITE_SHARED", ROOT.parent / "shared"))
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
TIMING = re.compile(r"^\s*(\d+:)?\d+:\d+[.,]\d+\s*(-->|,)\s*(\d+:)?\d+:\d+[.,]\d+")
BLOCKS = ("NOTE", "STYLE", "REGION")


def speech(text: str) -> Counter:
    """The words a caption file's cues say, by the formats' own rules of what is not speech."""
    from indexer.transcripts.text import drop_sound_cues, strip_markup

    words: Counter = Counter()
    block = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            block = None
        elif block in BLOCKS or stripped.startswith(("WEBVTT", "Kind:", "Language:")):
            continue
        elif stripped.split(" ")[0] in BLOCKS:
            block = stripped.split(" ")[0]
        elif not (stripped.isdigit() or TIMING.match(stripped)):
            words.update(w.lower() for w in WORD.findall(drop_sound_cues(strip_markup(stripped))))
    return words


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from indexer.transcripts import sources
    from indexer.transcripts.decode import decode

    corpus = SHARED / "corpus"
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".srt", ".vtt", ".sbv") and "peers" not in p.parts)
    differing = 0
    for path in files:
        text, _ = decode(path.read_bytes(), str(path))
        try:
            transcripts = sources.load_all(sources.SourceFile(path, path.stem))
        except Exception as refused:  # a refusal is reported, not a failure of this script
            print(f"refused {path.relative_to(corpus)}: {refused}")
            continue
        passages = [p for t in transcripts for p in t.passages]
        got = Counter(w.lower() for p in passages for w in WORD.findall(p.text))
        # A speaker's name is written on a cue and kept once a passage (or the other way round): names are
        # compared as names, not counted as words.
        names = {w.lower() for p in passages for w in WORD.findall(f"{p.label} {p.speaker}")}
        expected = Counter({w: n for w, n in speech(text).items() if w not in names})
        got = Counter({w: n for w, n in got.items() if w not in names})
        lost, added = expected - got, got - expected
        if lost or added:
            differing += 1
            print(
                f"{path.relative_to(corpus)}: lost {sum(lost.values())} {dict(lost.most_common(5))}, "
                f"added {sum(added.values())} {dict(added.most_common(5))}"
            )
    print(f"{differing} of {len(files)} files differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
