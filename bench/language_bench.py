"""Build time per MB and search time by script, beside English, measured in one run.

    python bench/language_bench.py                 # about 1 MB a language, 3 runs
    python bench/language_bench.py --mb 2 --runs 5

Issue 24's targets: a spaced script costs at most 1.5x English's build time
per MB, Chinese and Japanese at most 3x. For each language of
`tests/languages/` (and English, from `seeds/`) it writes a corpus of about
`--mb` MB: transcripts of 30 sentences each, drawn with a fixed seed from that
language's sentences, in the same speaker-turn layout. Then, as whole
`soundbite` processes: a full build (median of `--runs`), and per language a
search for a word of that language (whole-process median and in-process warm
median). Prints the table, with ratios to English.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOUNDBITE = [sys.executable, "-m", "indexer"]
SOURCES = {"en": ROOT / "seeds" / "cgtn-trump-putin-helsinki-summit.txt"}
LANGUAGE_FILES = {
    "zh": "fabuhui.zh-Hans.srt",
    "ja": "teirei-kaiken.vtt",
    "ko": "jeochulsan-daechaek.vtt",
    "th": "nam-thuam-chiangmai.txt",
    "ar": "nashra-iqtisadiya.md",
    "hi": "kisan-andolan.txt",
    "ru": "nedelya-v-tsifrakh.txt",
    "tr": "deprem-hazirligi.txt",
    "vi": "bao-so-5.vi.srt",
    "de": "stadtrat-verkehr.md",
    "fr": "crues-pas-de-calais.txt",
    "es": "entrevista-sequia.md",
    "pt": "noticias.pt-BR.srt",
    "id": "banjir-jakarta.txt",
    "fa": "aloodegi-tehran.txt",
}
QUERIES = {
    "en": "summit",
    "zh": "污染",
    "ja": "記者会見",
    "ko": "정부",
    "th": "น้ำท่วม",
    "ar": "الحكومة",
    "hi": "किसान",
    "ru": "путина",
    "tr": "deprem",
    "vi": "bão",
    "de": "Stadtrat",
    "fr": "inondées",
    "es": "sequía",
    "pt": "chuvas",
    "id": "banjir",
    "fa": "آلودگی",
}
_SENTENCE = re.compile(r"(?<=[.!?。！？؟।])\s*")
_NOT_SPEECH = re.compile(r"^(\d+|WEBVTT.*|Kind:.*|Language:.*|---|\w+: .*\d{4}.*|.*-->.*)$")


def sentences(path: Path) -> list[str]:
    """The sentences a transcript says (labels, cue numbers and times left out)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^[^:：\n]{1,30}\s?[:：]\s*", "", line.strip())
        line = re.sub(r"<[^>]+>", "", line)
        if not line or _NOT_SPEECH.match(line):
            continue
        out.extend(s for s in _SENTENCE.split(line) if len(s) > 3)
    return out


def write_corpus(language: str, source: Path, folder: Path, megabytes: float, seed: int) -> float:
    """About `megabytes` of transcripts in `language`; the MB written."""
    pool = sentences(source)
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    written = 0
    number = 0
    suffix = ".md"
    head = f"---\ntitle: bench {language}\nlanguage: {language}\n---\n\n"
    while written < megabytes * 2**20:
        turns = []
        for turn in range(10):
            speaker = ("Anchor", "Reporter")[turn % 2]
            turns.append(f"{speaker}: " + " ".join(rng.choice(pool) for _ in range(3)))
        text = head + "\n\n".join(turns) + "\n"
        (folder / f"{language}-{number:05d}{suffix}").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        number += 1
    return written / 2**20


def timed(command: list[str]) -> float:
    """Seconds the whole process took; it must succeed (exit 0, or 1 for a search that found nothing)."""
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.decode()[-300:]}")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default="/tmp/soundbite-language-bench")
    args = parser.parse_args()
    work = Path(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    sources = dict(SOURCES)
    sources.update({code: ROOT / "tests" / "languages" / name for code, name in LANGUAGE_FILES.items()})
    rows = []
    for language, source in sources.items():
        corpus = work / "corpus" / language
        megabytes = write_corpus(language, source, corpus, args.mb, args.seed)
        index_dir = work / "index" / language
        builds = []
        for _ in range(args.runs):
            shutil.rmtree(index_dir, ignore_errors=True)
            builds.append(timed([*SOUNDBITE, "index", str(corpus), "--index", str(index_dir), "--quiet"]))
        query = QUERIES[language]
        searches = [timed([*SOUNDBITE, "search", query, "--index", str(index_dir), "-n", "10"]) for _ in range(5)]
        warm = warm_search(index_dir, query)
        rows.append((language, megabytes, statistics.median(builds), statistics.median(searches), warm))
    english = next(row for row in rows if row[0] == "en")
    per_mb_en = english[2] / english[1]
    print(f"{'lang':<5} {'MB':>5} {'build s':>8} {'s/MB':>6} {'x en':>5} {'search ms':>10} {'warm ms':>8}")
    for language, megabytes, build, search, warm in rows:
        per_mb = build / megabytes
        print(
            f"{language:<5} {megabytes:>5.2f} {build:>8.2f} {per_mb:>6.2f} {per_mb / per_mb_en:>5.2f} "
            f"{search * 1000:>10.0f} {warm * 1000:>8.2f}"
        )


def warm_search(index_dir: Path, query: str) -> float:
    """Median of 20 searches in one process, after a first one (the index open, the query's words read)."""
    sys.path.insert(0, str(ROOT))
    from indexer.engine.querying.search import search

    search(index_dir, query)
    times = []
    for _ in range(20):
        began = time.perf_counter()
        search(index_dir, query)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


if __name__ == "__main__":
    main()
