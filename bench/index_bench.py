"""Indexing speed and memory, against a plain Whoosh writer measured in the same run.

    python bench/index_bench.py                      # 10,000 transcripts, 3 runs
    python bench/index_bench.py --counts 10000,50000 --runs 3 --large
    python bench/index_bench.py --counts 10000,50000 --timed --compare 2915a9d --save word-times

For each corpus size it generates the synthetic news-video corpus with
`../shared/bench/gen_corpus.py --seed 1` (the generator behind the issues'
figures; kept in the work folder and reused), then measures, as whole
`soundbite` processes: a full build, a re-run with nothing changed, and adding
10 new transcripts; and the naive writer (`naive_writer.py`) on the same
files; and SQLite FTS5 (`fts5_writer.py`) on the very passages soundbite
indexed. It prints medians, peak RSS summed over all processes, index sizes,
and soundbite's ratios to both references, and writes them to
bench/results/index.json and docs/benchmarks/index.md (`--save NAME`: NAME.json
and NAME.md). `--large` adds the real White House briefings corpus from
../shared/large.

The synthetic news videos have estimated times only. `--timed` adds two
corpora whose files say when words were said: the real Talk Python captions
(../shared/large, WebVTT cues) and the synthetic corpus's first size written as
WebVTT with a time on every word (`word_timed_corpus`), the most times an index
can be asked to keep. `--compare COMMIT` also builds each corpus with the code
at COMMIT (a git worktree in the work folder), in the same run, for a before
and after of a change to what is indexed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from procstat import machine, measure, save_results  # noqa: E402

SHARED = Path(os.environ.get("SOUNDBITE_SHARED", ROOT.parent / "shared"))
# -P: the code on PYTHONPATH (this checkout's, or --compare's), never one in the working folder.
SOUNDBITE = [sys.executable, "-P", "-m", "indexer"]
TARGETS = {10000: (25.0, 400.0), 50000: (120.0, 600.0)}  # issue 14: seconds, peak MB
LARGE_TARGET_S = 90.0  # issue 14: the White House briefings


def generate(workdir: Path, count: int, seed: int, dated: bool = False) -> Path:
    """The generator's corpus (kept in the work folder and reused); `dated`: with `--dated`, a sidecar
    NAME.json with a date over ten years for each transcript."""
    corpus = workdir / (f"corpus-{count}-seed{seed}" + ("-dated" if dated else ""))
    if not (corpus / ".complete").exists():
        generator = SHARED / "bench" / "gen_corpus.py"
        if not generator.exists():
            sys.exit(f"bench: {generator} is missing: the synthetic corpora come from ../shared")
        shutil.rmtree(corpus, ignore_errors=True)
        command = [sys.executable, str(generator), str(corpus), "--count", str(count), "--seed", str(seed)]
        subprocess.run(command + (["--dated"] if dated else []), check=True)
        (corpus / ".complete").touch()
    return corpus


def extra_transcripts(workdir: Path, seed: int) -> list[Path]:
    folder = workdir / f"extra-seed{seed + 1000}"
    if not (folder / ".complete").exists():
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "bench" / "gen_corpus.py"),
                str(folder),
                "--count",
                "10",
                "--seed",
                str(seed + 1000),
            ],
            check=True,
        )
        (folder / ".complete").touch()
    return sorted(folder.glob("*.txt"))


def word_timed_corpus(workdir: Path, source: Path) -> Path:
    """The synthetic transcripts' words as WebVTT with a time on every word: cues of eight words, each
    word 0.4 s after the one before (`<00:00:01.200>` inline, as YouTube's and Whisper's captions give
    them); the speaker of each paragraph, where the script names one, as a `<v>` voice. Made once and
    reused, as the corpus it is written from."""
    target = workdir / f"word-timed-{source.name}"
    if (target / ".complete").exists():
        return target
    import re

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    # FIRST LAST ROLE, PLACE "what they said": the generator's names are two words.
    quoted = re.compile(r'^([A-Z][A-Z\'.-]+ [A-Z][A-Z\'.-]+) [A-Z][A-Z ,.-]*"(.*)"$')

    def clock(seconds: float) -> str:
        return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{seconds % 60:06.3f}"

    for script in sorted(source.glob("*.txt")):
        cues, at = ["WEBVTT", ""], 0.0
        for line in script.read_text(encoding="utf-8").splitlines()[1:]:  # (the first: the duration)
            said = quoted.match(line)
            voice, words = (said.group(1).title(), said.group(2).split()) if said else ("", line.split())
            for first in range(0, len(words), 8):
                cue = words[first : first + 8]
                timed = cue[0] + "".join(f" <{clock(at + 0.4 * i)}>{word}" for i, word in enumerate(cue[1:], 1))
                cues += [f"{clock(at)} --> {clock(at + 0.4 * len(cue))}", f"<v {voice}>{timed}" if voice else timed, ""]
                at += 0.4 * len(cue)
        (target / f"{script.stem}.vtt").write_text("\n".join(cues), encoding="utf-8")
    (target / ".complete").touch()
    return target


def code_at(workdir: Path, commit: str) -> Path:
    """A checkout of `commit` in the work folder (a git worktree of this repository), made once."""
    folder = workdir / f"code-{commit}"
    if not (folder / "indexer").exists():
        command = ["git", "-C", str(ROOT), "worktree", "add", "--force", "--detach", str(folder), commit]
        subprocess.run(command, check=True)
    return folder


def soundbite(*args: str, code: Path = ROOT):
    result = measure([*SOUNDBITE, *args], env={**os.environ, "PYTHONPATH": str(code)})
    if result.returncode != 0:
        sys.exit(f"bench: soundbite {' '.join(args)} failed:\n{result.stderr}")
    return result


def median(values):
    return statistics.median(values) if values else None


def dump_passages(index_dir: Path, out: Path) -> None:
    """The passages of soundbite's index, for FTS5 to index the same ones (not timed)."""
    code = (
        "import json, sys\n"
        "from indexer.engine.storage import store\n"
        "index = store.open_for_search(__import__('pathlib').Path(sys.argv[1]))\n"
        "with index.reader() as reader, open(sys.argv[2], 'w', encoding='utf-8') as out:\n"
        "    for stored in reader.all_stored_fields():\n"
        "        row = {'text': stored['text'], 'speaker': stored.get('speaker', ''), 't': stored['transcript']}\n"
        "        out.write(json.dumps(row) + '\\n')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code, str(index_dir), str(out)], check=True, env=env)


def folder_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def bench_corpus(
    name: str, corpus: Path, workdir: Path, runs: int, extras: list[Path] | None, code: Path = ROOT, label: str = ""
) -> dict:
    """Build, no-op and add-10 medians of `corpus` with the code at `code`; the naive writer and FTS5 on
    the same files in the same runs, for this checkout's code only (`label` empty)."""
    builds, rss, noops, adds, naive, naive_rss, fts = [], [], [], [], [], [], []
    index_dir = workdir / f"index-{name}{label}"
    for run in range(runs):
        shutil.rmtree(index_dir, ignore_errors=True)
        build = soundbite("index", str(corpus), "--index", str(index_dir), "--quiet", code=code)
        builds.append(build.seconds)
        rss.append(build.peak_rss_mb)
        noops.append(soundbite("index", "--index", str(index_dir), "--quiet", code=code).seconds)
        if extras:
            added = [corpus / f"zz-extra-{run}-{p.name}" for p in extras]
            for source, target in zip(extras, added, strict=True):
                shutil.copy(source, target)
            adds.append(soundbite("index", "--index", str(index_dir), "--quiet", code=code).seconds)
            for target in added:
                target.unlink()
            soundbite("index", "--index", str(index_dir), "--quiet", code=code)  # back to the corpus as generated
        if label:
            print(f"  run {run + 1} ({label.strip('-')}): build {build.seconds:.1f} s ({build.peak_rss_mb:.0f} MB)")
            continue
        naive_dir = workdir / f"naive-{name}"
        shutil.rmtree(naive_dir, ignore_errors=True)
        reference = None
        if not any(corpus.rglob("*.vtt")):  # (the naive writer reads text lines: captions are not its job)
            reference = measure([sys.executable, str(HERE / "naive_writer.py"), str(corpus), str(naive_dir)])
            naive.append(reference.seconds)
            naive_rss.append(reference.peak_rss_mb)
        passages = workdir / f"passages-{name}.jsonl"
        if run == 0:
            dump_passages(index_dir, passages)
        database = workdir / f"fts5-{name}.db"
        sqlite = measure([sys.executable, str(HERE / "fts5_writer.py"), str(passages), str(database)])
        fts.append(sqlite.seconds)
        print(
            f"  run {run + 1}: build {build.seconds:.1f} s ({build.peak_rss_mb:.0f} MB), "
            f"no-op {noops[-1]:.2f} s, add 10 {adds[-1] if adds else float('nan'):.2f} s, "
            + (f"naive {reference.seconds:.1f} s ({reference.peak_rss_mb:.0f} MB), " if reference else "")
            + f"fts5 {sqlite.seconds:.1f} s",
            flush=True,
        )
    stats = json.loads(soundbite("stats", "--index", str(index_dir), "--json", code=code).stdout)
    row = {
        "corpus": name,
        "code": label.strip("-") or "this checkout",
        "transcripts": stats["transcripts"],
        "passages": stats["passages"],
        "index_mb": round(stats["size_bytes"] / 2**20, 1),
        "build_s": median(builds),
        "build_peak_rss_mb": max(rss),
        "noop_s": median(noops),
        "add10_s": median(adds),
        "runs": runs,
    }
    if label:
        return row
    fts5_mb = (workdir / f"fts5-{name}.db").stat().st_size / 2**20
    return {
        **row,
        "size_vs_fts5": round(row["index_mb"] / fts5_mb, 2),
        "naive_build_s": median(naive),
        "naive_peak_rss_mb": max(naive_rss) if naive_rss else None,
        "naive_index_mb": folder_mb(workdir / f"naive-{name}") if naive else None,
        "build_vs_naive": round(median(builds) / median(naive), 2) if naive else None,
        "fts5_build_s": median(fts),
        "fts5_db_mb": round(fts5_mb, 1),
        "build_vs_fts5": round(median(builds) / median(fts), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    parser.add_argument("--large", action="store_true", help="also the White House briefings corpus")
    parser.add_argument("--timed", action="store_true", help="also Talk Python's captions and a word-timed corpus")
    parser.add_argument("--compare", metavar="COMMIT", help="also build each corpus with the code at COMMIT")
    parser.add_argument("--skip-synthetic", action="store_true", help="only the other corpora asked for")
    parser.add_argument("--save", default="index", help="write bench/results/SAVE.json, docs/benchmarks/SAVE.md")
    args = parser.parse_args()
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(workdir)  # commands run from here: no `indexer` folder in it to import instead (--compare's code)
    extras = extra_transcripts(workdir, args.seed)
    before = code_at(workdir, args.compare) if args.compare else None
    rows = []

    def bench(name: str, corpus: Path, with_extras: bool) -> None:
        rows.append(bench_corpus(name, corpus, workdir, args.runs, extras if with_extras else None))
        if before is not None:
            rows.append(
                bench_corpus(
                    name, corpus, workdir, args.runs, extras if with_extras else None, before, f"-{args.compare}"
                )
            )

    counts = [int(c) for c in args.counts.split(",")]
    for count in [] if args.skip_synthetic else counts:
        print(f"{count} synthetic transcripts (seed {args.seed}):", flush=True)
        bench(f"synthetic-{count}", generate(workdir, count, args.seed), True)
    if args.large:
        print("wh-briefings (real):", flush=True)
        bench("wh-briefings", unpacked(workdir, "wh-briefings"), False)
    if args.timed:
        print("talk-python (real WebVTT captions and text transcripts):", flush=True)
        bench("talk-python", unpacked(workdir, "talk-python-transcripts"), False)
        print(f"word-timed-{counts[0]} (the synthetic words as WebVTT, a time on every word):", flush=True)
        bench(f"word-timed-{counts[0]}", word_timed_corpus(workdir, generate(workdir, counts[0], args.seed)), False)
    report(rows, args.save)


def unpacked(workdir: Path, name: str) -> Path:
    """A corpus of ../shared/large (NAME.tar.xz), unpacked into the work folder once."""
    corpus = workdir / name
    if not (corpus / ".complete").exists():
        with tarfile.open(SHARED / "large" / f"{name}.tar.xz") as archive:
            archive.extractall(corpus, filter="data")
        (corpus / ".complete").touch()
    return corpus


def _mb(value: float | None) -> str:
    return f"{value} MB" if value is not None else "-"


def report(rows: list[dict], name: str = "index") -> None:
    ours = [r for r in rows if r["code"] == "this checkout"]
    lines = [
        f"Machine: {machine()}. Medians of {rows[0]['runs']} runs; peak RSS summed over all processes.",
        "",
        "| corpus | transcripts | passages | full build | peak RSS | no-op re-run | add 10 "
        "| naive Whoosh writer | SQLite FTS5 | build / naive | build / FTS5 "
        "| index | naive index | FTS5 database | index / FTS5 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in ours:
        add = f"{r['add10_s']:.2f} s" if r["add10_s"] is not None else "-"
        lines.append(
            f"| {r['corpus']} | {r['transcripts']:,} | {r['passages']:,} "
            f"| {r['build_s']:.1f} s | {r['build_peak_rss_mb']:.0f} MB | {r['noop_s']:.2f} s | {add} "
            + (
                f"| {r['naive_build_s']:.1f} s ({r['naive_peak_rss_mb']:.0f} MB) | {r['fts5_build_s']:.1f} s "
                f"| {r['build_vs_naive']}x | {r['build_vs_fts5']}x "
                if r["naive_build_s"] is not None
                else f"| - | {r['fts5_build_s']:.1f} s | - | {r['build_vs_fts5']}x "
            )
            + f"| {r['index_mb']} MB | {_mb(r['naive_index_mb'])} | {r['fts5_db_mb']} MB | {r['size_vs_fts5']}x |"
        )
    if len(ours) < len(rows):  # --compare: each corpus built by the other code too, in the same run
        lines += [
            "",
            "Before and after, the same corpora in the same run:",
            "",
            "| corpus | code | full build | peak RSS | no-op re-run | index | index / FTS5 | build, after / before "
            "| index, after / before |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in ours:
            other = next(o for o in rows if o["corpus"] == r["corpus"] and o is not r)
            fts5 = r["fts5_db_mb"]
            for row in (other, r):
                lines.append(
                    f"| {row['corpus']} | {row['code']} | {row['build_s']:.1f} s | {row['build_peak_rss_mb']:.0f} MB "
                    f"| {row['noop_s']:.2f} s | {row['index_mb']} MB | {row['index_mb'] / fts5:.2f}x "
                    + (
                        f"| {r['build_s'] / other['build_s']:.2f}x | {r['index_mb'] / other['index_mb']:.3f}x |"
                        if row is r
                        else "| | |"
                    )
                )
    for count, (seconds, mb) in TARGETS.items():
        for r in ours:
            if r["corpus"] == f"synthetic-{count}":
                lines.append(
                    f"\nTarget at {count:,}: build <= {seconds:.0f} s and <= {mb:.0f} MB, index <= 2x FTS5: "
                    f"build {'met' if r['build_s'] <= seconds else 'missed'}, "
                    f"memory {'met' if r['build_peak_rss_mb'] <= mb else 'missed'}, "
                    f"size {'met' if r['size_vs_fts5'] <= 2 else 'missed'}."
                )
    for r in ours:
        if r["corpus"] == "wh-briefings":
            met = "met" if r["build_s"] <= LARGE_TARGET_S else "missed"
            lines.append(f"\nTarget for the White House briefings: build <= {LARGE_TARGET_S:.0f} s: {met}.")
    save_results(name, "\n".join(lines), {"rows": rows})


if __name__ == "__main__":
    main()
