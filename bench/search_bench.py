"""Whole-process search speed, side by side with `rg -i` and SQLite FTS5, in the same run.

    python bench/search_bench.py                          # 10,000 transcripts, 3 rounds
    python bench/search_bench.py --counts 10000,50000 --rounds 5
    python bench/search_bench.py --counts 50000 --trend   # `trend` and NEAR/15s on dated corpora
    python bench/search_bench.py --counts 50000 --compare 2915a9d --save search-word-times

Each `soundbite search` is a fresh process, so what is measured is the whole
command: interpreter start, imports, opening the index, the query, highlights
of the top 10, printing to a pipe. The corpora come from
`../shared/bench/gen_corpus.py --seed 1` (the generator behind the issues'
figures) and are indexed with `soundbite index` if needed. The queries, at
least 40 per class, are drawn with a fixed seed from the generator's own
vocabulary and entities:

    rare      a word of rank 3,000-8,000        common    a news word of rank 30-330
    and       two mid-rank words, AND           or        two mid-rank words, OR
    phrase    a collocation (all 42, each once)  speaker   speaker:SURNAME
    fuzzy     a mid-rank word with one letter changed, WORD~

References, per query, in the same run: `rg -i` over the same files (a phrase as
a literal, AND and OR as alternatives `-e a -e b`, fuzzy as the plain word),
and a Python process querying an SQLite FTS5 table of the same lines (fuzzy as
a prefix). Results go to bench/results/search.json and docs/benchmarks/search.md
(`--save NAME`: NAME.json and NAME.md).

`--compare COMMIT` runs each query with the code at COMMIT too, on an index
that code built (`index_bench.py --compare` leaves one; else it is built), the
two in turn query by query, so that a before and after shares the machine's
moods; both run as `python -P -m indexer`, with the same start-up.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from index_bench import SHARED, code_at, generate  # noqa: E402
from procstat import elapsed, machine, run_once, save_results  # noqa: E402

CLASSES = ("rare", "common", "and", "or", "phrase", "speaker", "fuzzy")
PER_CLASS = 40
TARGETS = {10000: {"word": 100, "phrase": 150}, 50000: {"word": 170, "phrase": 300}}
FTS_QUERY = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT path, snippet(lines, 0, '[', ']', '…', 12) FROM lines WHERE lines MATCH ? "
                  "ORDER BY rank LIMIT 10", (sys.argv[2],)).fetchall()
print("\\n".join(f"{p}: {s}" for p, s in rows))
"""


def load_generator():
    sys.path.insert(0, str(SHARED / "bench"))
    import gen_corpus

    return gen_corpus


def queries(seed: int) -> dict[str, list[tuple[str, str, list[str]]]]:
    """(soundbite query, FTS5 query, rg patterns) per class."""
    gen = load_generator()
    words = [w for w in gen.load_vocab(gen.DEFAULT_VOCAB) if re.fullmatch(r"[a-z]{4,}", w)]
    entities = gen.build_entities()
    rng = random.Random(seed)
    rare = rng.sample(words[3000:8000], PER_CLASS)
    news = [w for w in gen.NEWS_WORDS if re.fullmatch(r"[a-z]{4,}", w)]
    common = rng.sample(news, PER_CLASS)
    mid = words[300:2000]
    pairs_and = [tuple(rng.sample(mid, 2)) for _ in range(PER_CLASS)]
    pairs_or = [tuple(rng.sample(mid, 2)) for _ in range(PER_CLASS)]
    # Every collocation the generator has (39 of two words, 3 of three), each once.
    phrases = list(gen.COLLOCATIONS)
    surnames = sorted({p["name"].split()[-1].lower() for p in entities["people"]})
    speakers = rng.sample(surnames, PER_CLASS)
    fuzzy = []
    for word in rng.sample(mid, PER_CLASS):
        i = rng.randrange(1, len(word) - 1)
        fuzzy.append((word[:i] + ("a" if word[i] != "a" else "e") + word[i + 1 :], word))
    return {
        "rare": [(w, w, [w]) for w in rare],
        "common": [(w, w, [w]) for w in common],
        "and": [(f"{a} AND {b}", f"{a} AND {b}", [a, b]) for a, b in pairs_and],
        "or": [(f"{a} OR {b}", f"{a} OR {b}", [a, b]) for a, b in pairs_or],
        "phrase": [(f'"{p}"', f'"{p}"', [p]) for p in phrases],
        "speaker": [(f"speaker:{s}", f"speaker:{s}", [s.upper()]) for s in speakers],
        "fuzzy": [(f"{typo}~", f"{typo[:3]}*", [word]) for typo, word in fuzzy],
    }


def build_fts(corpus: Path, db_path: Path) -> None:
    if db_path.exists():
        return
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE lines USING fts5(text, speaker, path UNINDEXED)")
    rows = []
    for path in sorted(corpus.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            bite = re.match(r'^([A-Z][A-Z .\'-]+?) [A-Z ,.\'-]*"', line)
            rows.append((line, bite.group(1) if bite else "", path.name))
    db.executemany("INSERT INTO lines VALUES (?, ?, ?)", rows)
    db.commit()
    db.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def installed_command(workdir: Path) -> Path:
    """`soundbite` as a user gets it: a plain (not editable) install of this checkout in its own venv."""
    venv = workdir / "venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # Its dependencies as this checkout names them (quick when they are there already) ...
    subprocess.run([venv / "bin" / "pip", "install", "--quiet", str(ROOT)], check=True)
    # Always this checkout's code: reinstall the project itself, its dependencies stay.
    subprocess.run(
        [venv / "bin" / "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(ROOT)],
        check=True,
    )
    return venv / "bin" / "soundbite"


def _environment() -> dict:
    """The bench's environment for soundbite: no index or colour settings of the user's."""
    return {k: v for k, v in os.environ.items() if k not in ("SOUNDBITE_INDEX", "NO_COLOR")}


def _index_if_needed(soundbite: Path | list[str], corpus: Path, index_dir: Path, env: dict) -> None:
    """Index `corpus` into `index_dir` unless an index this soundbite (a command, or its first words) can
    read is there already."""
    command = [str(soundbite)] if isinstance(soundbite, Path) else soundbite
    stats = subprocess.run([*command, "stats", "--index", str(index_dir), "--json"], capture_output=True, env=env)
    if stats.returncode != 0:
        shutil.rmtree(index_dir, ignore_errors=True)
        print(f"  indexing {corpus.name} into {index_dir.name}…", flush=True)
        subprocess.run([*command, "index", str(corpus), "--index", str(index_dir), "-q"], check=True, env=env)


class Code:
    """How to run one version of soundbite: the command's first words, its environment, its index's suffix."""

    def __init__(self, prefix: list[str], env: dict, suffix: str = ""):
        self.prefix, self.env, self.suffix = prefix, env, suffix

    def run(self, *args: str):
        return run_once([*self.prefix, *args], env=self.env, peak=False)


def codes(workdir: Path, soundbite: Path, compare: str | None) -> tuple[Code, Code | None]:
    """This checkout's soundbite, and with --compare the code at that commit, both as `python -P -m indexer`."""
    env = _environment()
    if not compare:
        return Code([str(soundbite)], env), None
    python = str(soundbite.parent / "python")
    before = {**env, "PYTHONPATH": str(code_at(workdir, compare))}
    return Code([python, "-P", "-m", "indexer"], env), Code([python, "-P", "-m", "indexer"], before, f"-{compare}")


def bench_size(count: int, args, workdir: Path, soundbite: Path) -> dict:
    corpus = generate(workdir, count, args.seed)
    index_dir = workdir / f"index-synthetic-{count}"
    env = _environment()
    _index_if_needed(soundbite, corpus, index_dir, env)
    ours, before = codes(workdir, soundbite, args.compare)
    if before is not None:
        _index_if_needed(before.prefix, corpus, Path(f"{index_dir}{before.suffix}"), before.env)
    fts = workdir / f"fts-{count}.sqlite"
    build_fts(corpus, fts)
    rg = shutil.which("rg")
    rows = {}
    for cls, items in queries(args.seed).items():
        times, ours_rss, grep, sql, before_times = [], [], [], [], []
        for round_number in range(args.rounds):
            for query, fts_query, patterns in items:
                command = [*ours.prefix, "search", query, "--index", str(index_dir)]
                m = run_once(command, env=ours.env, peak=round_number == 0)
                if m.returncode not in (0, 1):
                    sys.exit(f"bench: soundbite search {query!r} failed: {m.stderr}")
                times.append(m.seconds * 1000)
                if round_number == 0:
                    ours_rss.append(m.peak_rss_mb)
                if before is not None:
                    b = before.run("search", query, "--index", f"{index_dir}{before.suffix}")
                    if b.returncode not in (0, 1):
                        sys.exit(f"bench: soundbite search {query!r} at {args.compare} failed: {b.stderr}")
                    before_times.append(b.seconds * 1000)
                if rg:
                    rg_args = [rg, "-i", *(a for p in patterns for a in ("-e", p)), str(corpus)]
                    grep.append(elapsed(rg_args) * 1000)
                # The same interpreter as soundbite's, so start-up costs the same.
                sql.append(elapsed([str(soundbite.parent / "python"), "-c", FTS_QUERY, str(fts), fts_query]) * 1000)
        median = statistics.median(times)
        rows[cls] = {
            "queries": len(items),
            "median_ms": round(median, 1),
            "p95_ms": round(percentile(times, 95), 1),
            "peak_rss_mb": round(max(ours_rss), 1),
            "rg_median_ms": round(statistics.median(grep), 1) if grep else None,
            "fts5_median_ms": round(statistics.median(sql), 1),
            "vs_rg": round(median / statistics.median(grep), 2) if grep else None,
            "vs_fts5": round(median / statistics.median(sql), 2),
        }
        if before_times:
            rows[cls]["before_median_ms"] = round(statistics.median(before_times), 1)
            rows[cls]["vs_before"] = round(median / statistics.median(before_times), 2)
        print(
            f"  {cls:8} median {median:6.1f} ms  p95 {rows[cls]['p95_ms']:6.1f} ms  "
            f"rg {rows[cls]['rg_median_ms'] or '-'} ms  fts5 {rows[cls]['fts5_median_ms']} ms",
            flush=True,
        )
    return {"transcripts": count, "classes": rows}


TREND_WORDS = 10  # common words (and pairs of them) a round, for `trend` and NEAR/15s
TREND_TARGETS_MS = {"trend": 1000, "near": 2000}  # issue 15, at 50,000 dated transcripts


def bench_trend(count: int, args, workdir: Path, soundbite: Path) -> dict:
    """`soundbite trend WORD` and `search 'A NEAR/15s B'` on common words, as whole processes, with a plain
    `search WORD` on the same index as the reference measured in the same run."""
    corpus = generate(workdir, count, args.seed, dated=True)
    index_dir = workdir / f"index-dated-{count}"
    env = _environment()
    _index_if_needed(soundbite, corpus, index_dir, env)
    ours, before = codes(workdir, soundbite, args.compare)
    if before is not None:
        _index_if_needed(before.prefix, corpus, Path(f"{index_dir}{before.suffix}"), before.env)
    gen = load_generator()
    news = [w for w in gen.NEWS_WORDS if re.fullmatch(r"[a-z]{4,}", w)]
    rng = random.Random(args.seed)
    words = rng.sample(news, TREND_WORDS)
    pairs = [tuple(rng.sample(news, 2)) for _ in range(TREND_WORDS)]
    commands = {
        "search": [("search", w) for w in words],
        "trend": [("trend", w) for w in words],
        "near": [("search", f"{a} NEAR/15s {b}") for a, b in pairs],
    }
    rows = {}
    for name, runs in commands.items():
        times, before_times = [], []
        for _ in range(args.rounds):
            for command in runs:
                m = ours.run(*command, "--index", str(index_dir))
                if m.returncode not in (0, 1):
                    sys.exit(f"bench: {' '.join(command)} failed: {m.stderr}")
                times.append(m.seconds * 1000)
                if before is not None:
                    b = before.run(*command, "--index", f"{index_dir}{before.suffix}")
                    if b.returncode not in (0, 1):
                        sys.exit(f"bench: {' '.join(command)} at {args.compare} failed: {b.stderr}")
                    before_times.append(b.seconds * 1000)
        rows[name] = {"median_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1)}
        if before_times:
            rows[name]["before_median_ms"] = round(statistics.median(before_times), 1)
            rows[name]["vs_before"] = round(statistics.median(times) / statistics.median(before_times), 2)
    for name in ("trend", "near"):
        rows[name]["vs_search"] = round(rows[name]["median_ms"] / rows["search"]["median_ms"], 2)
    for name, row in rows.items():
        print(f"  {name:7} median {row['median_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms", flush=True)
    return {"transcripts": count, "dated": True, "classes": rows}


def _before(row: dict) -> str:
    """The before-and-after cells of a row (`--compare`)."""
    return f" {row['before_median_ms']} ms | {row['vs_before']}x |"


def trend_report(results: list[dict], name: str = "trend", compare: str | None = None) -> None:
    lines = []
    labels = {"search": "search WORD", "trend": "trend WORD", "near": "search 'A NEAR/15s B'"}
    for result in results:
        count, rows = result["transcripts"], result["classes"]
        lines.append(
            f"**{count:,} dated transcripts** (whole processes, {TREND_WORDS} common words or pairs a round)\n"
        )
        head = "| command | median | p95 | vs search WORD |"
        lines.append(head + (f" at {compare} | after / before |" if compare else ""))
        lines.append("| --- | ---: | ---: | ---: |" + (" ---: | ---: |" if compare else ""))
        for command, row in rows.items():
            ratio = f"{row['vs_search']}x" if "vs_search" in row else "1x"
            line = f"| {labels[command]} | {row['median_ms']} ms | {row['p95_ms']} ms | {ratio} |"
            lines.append(line + (_before(row) if compare else ""))
        if count == 50000:
            lines.append("")
            for command, target in TREND_TARGETS_MS.items():
                got = rows[command]["median_ms"]
                lines.append(
                    f"- {labels[command]} median <= {target} ms: {got} ms: {'met' if got <= target else 'MISSED'}"
                )
        lines.append("")
    save_results(name, "\n".join(lines), {"machine": machine(), "results": results})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", default="10000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    parser.add_argument(
        "--trend", action="store_true", help="instead: `trend` and NEAR/15s on the dated corpora (issue 15)"
    )
    parser.add_argument("--compare", metavar="COMMIT", help="also each query with the code at COMMIT, in turn")
    parser.add_argument("--save", help="write bench/results/SAVE.json, docs/benchmarks/SAVE.md")
    args = parser.parse_args()
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(workdir)  # commands run from here: no `indexer` folder in it to import instead (--compare's code)
    soundbite = installed_command(workdir)
    results = []
    for count in (int(c) for c in args.counts.split(",")):
        if args.trend:
            print(f"{count} dated synthetic transcripts, {args.rounds} rounds:", flush=True)
            results.append(bench_trend(count, args, workdir, soundbite))
            continue
        print(f"{count} synthetic transcripts, {args.rounds} rounds of {PER_CLASS} queries a class:", flush=True)
        results.append(bench_size(count, args, workdir, soundbite))
    if args.trend:
        trend_report(results, args.save or "trend", args.compare)
        return
    report(results, args.rounds, args.save or "search", args.compare)


WORD_CLASSES = ("rare", "common", "and", "or", "speaker")


def _ms(value) -> str:
    return f"{value} ms" if value is not None else "- (rg not installed)"


def _times(value) -> str:
    return f"{value}x" if value is not None else "-"


def target_lines(count: int, classes: dict) -> list[str]:
    """The issue's targets for this size, each with the figure measured and whether it holds."""
    target = TARGETS.get(count)
    if not target:
        return []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    worst_word = max(WORD_CLASSES, key=lambda c: classes[c]["median_ms"])
    word_ms = classes[worst_word]["median_ms"]
    phrase_ms = classes["phrase"]["median_ms"]
    lines = [
        f"- word and boolean medians <= {target['word']} ms: worst {word_ms} ms ({worst_word}): "
        f"{verdict(word_ms <= target['word'])}",
        f"- phrase median <= {target['phrase']} ms: {phrase_ms} ms: {verdict(phrase_ms <= target['phrase'])}",
        f"- fuzzy (no target of its own): {classes['fuzzy']['median_ms']} ms",
    ]
    if count >= 50000:
        ratios = {c: round(r["p95_ms"] / r["median_ms"], 2) for c, r in classes.items()}
        worst = max(ratios, key=ratios.get)
        peak = max(r["peak_rss_mb"] for r in classes.values())
        lines += [
            f"- p95 <= 1.5 x median in every class: worst {ratios[worst]}x ({worst}): {verdict(ratios[worst] <= 1.5)}",
            f"- peak RSS <= 100 MB: {peak} MB: {verdict(peak <= 100)}",
        ]
    return lines


def report(results: list[dict], rounds: int, name: str = "search", compare: str | None = None) -> None:
    lines = [f"Machine: {machine()}. Whole processes, {rounds} rounds, warm file cache.", ""]
    for result in results:
        count = result["transcripts"]
        lines += [
            f"**{count:,} transcripts**",
            "",
            "| class | median | p95 | peak RSS | rg -i | SQLite FTS5 | vs rg | vs FTS5 |"
            + (f" at {compare} | after / before |" if compare else ""),
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if compare else ""),
        ]
        for cls, r in result["classes"].items():
            lines.append(
                f"| {cls} | {r['median_ms']} ms | {r['p95_ms']} ms | {r['peak_rss_mb']} MB "
                f"| {_ms(r['rg_median_ms'])} | {r['fts5_median_ms']} ms | {_times(r['vs_rg'])} | {r['vs_fts5']}x |"
                + (_before(r) if compare else "")
            )
        lines += ["", *target_lines(count, result["classes"])]
        lines.append("")
    save_results(name, "\n".join(lines), {"results": results})


if __name__ == "__main__":
    main()
