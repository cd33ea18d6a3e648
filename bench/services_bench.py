"""How long a speech service's hour takes to read: a one-hour diarized Amazon Transcribe JSON.

    python bench/services_bench.py                  # 10,000 words, 5 runs
    python bench/services_bench.py --words 40000 --runs 3

It writes, with a fixed seed, what Transcribe returns for an hour of a
three-voice programme (about 10,000 words at 2.8 words a second, a
punctuation item after one word in eight, `speaker_label` on every item, the
older `speaker_labels.segments` as well), then measures reading it into
passages in this process (`sources.load`: decode, detect, parse, cut;
median of `--runs`) and indexing it as a whole `soundbite index` process.
Issue 25's target: well under a second to read.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = (
    "the council flood barrier river evacuated people minister budget vote bond engineers report inquiry "
    "week rain warning water homes roads closed schools open tomorrow morning said we they will would "
    "could town centre emergency services rescue boats volunteers families night hours level rising"
).split()


def write_job(path: Path, words: int, seed: int) -> None:
    rng = random.Random(seed)
    items = []
    segments = []
    t = 0.4
    speaker = 0
    for n in range(words):
        if n and rng.random() < 0.01:
            speaker = (speaker + rng.randint(1, 2)) % 3
            t += 0.8
        length = rng.uniform(0.15, 0.45)
        word = rng.choice(VOCABULARY)
        label = f"spk_{speaker}"
        items.append(
            {
                "id": len(items),
                "type": "pronunciation",
                "alternatives": [{"confidence": f"{rng.uniform(0.6, 1):.4f}", "content": word}],
                "start_time": f"{t:.3f}",
                "end_time": f"{t + length:.3f}",
                "speaker_label": label,
            }
        )
        if not segments or segments[-1]["speaker_label"] != label:
            segments.append({"start_time": f"{t:.3f}", "speaker_label": label, "end_time": "", "items": []})
        segments[-1]["items"].append(
            {"start_time": f"{t:.3f}", "end_time": f"{t + length:.3f}", "speaker_label": label}
        )
        segments[-1]["end_time"] = f"{t + length:.3f}"
        t += length + rng.uniform(0.0, 0.1)
        if rng.random() < 0.125:
            mark = rng.choice([".", ".", ",", "?"])
            items.append(
                {
                    "id": len(items),
                    "type": "punctuation",
                    "alternatives": [{"confidence": "0.0", "content": mark}],
                    "speaker_label": label,
                }
            )
    text = " ".join(i["alternatives"][0]["content"] for i in items)
    job = {
        "jobName": "hour",
        "accountId": "000000000000",
        "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": text}],
            "speaker_labels": {"speakers": 3, "segments": segments},
            "items": items,
        },
    }
    path.write_text(json.dumps(job), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default="/tmp/soundbite-services-bench")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    job = work / f"transcribe-{args.words}.json"
    write_job(job, args.words, args.seed)

    from indexer.transcripts import sources

    source = sources.SourceFile(job, job.stem)
    reads = []
    for _ in range(args.runs):
        began = time.perf_counter()
        transcript = sources.load(source)
        reads.append(time.perf_counter() - began)
    speakers = sorted({p.speaker for p in transcript.passages})
    hours = transcript.passages[-1].end / 3600
    index_runs = []
    for _ in range(args.runs):
        shutil.rmtree(work / "index", ignore_errors=True)
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "indexer", "index", "-q", "--index", str(work / "index"), str(job)], check=True
        )
        index_runs.append(time.perf_counter() - began)
    print(
        f"{args.words:,} words ({job.stat().st_size / 2**20:.1f} MiB, {hours:.2f} h of speech, "
        f"speakers {', '.join(speakers)}): {len(transcript.passages)} passages"
    )
    print(f"  read in this process   median {statistics.median(reads) * 1000:7.1f} ms  (min {min(reads) * 1000:.1f})")
    print(f"  soundbite index        median {statistics.median(index_runs) * 1000:7.1f} ms  (whole process)")
    print(f"  target: well under a second to read: {'met' if statistics.median(reads) < 0.5 else 'missed'}")


if __name__ == "__main__":
    main()
