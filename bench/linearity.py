"""Every reader linear in its input: time per KB and memory per MB of file, as files grow.

    python bench/linearity.py                  # 100 KB, 500 KB, 2 MB of each shape
    python bench/linearity.py --sizes 0.1,1,8 --budget 2.0

For each format soundbite reads, two shapes of file: ordinary content repeated
(many cues, turns or segments), and the pathological one for that reader (a
single endless line, an upper-case paragraph with no quote, one caption of
many codes). Each file is read into passages (`sources.load_all`) in a process
of its own; the script prints seconds per MB and the process's peak memory
over the file's size at each size, and flags a reader whose time per KB at the
largest size exceeds `--budget` times its time per KB at the smallest (worse
than linear), or whose peak memory exceeds `--memory` times the file's size
plus the interpreter's own. Exit status 1 when anything is flagged.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SENTENCE = "The flood barrier at Kelso failed at nine o'clock and four thousand people left their homes. "


def repeated(unit: str, header: str = "", footer: str = ""):
    """A file of `unit` (formatted with its number) repeated to about `size` bytes."""

    def make(size: int) -> str:
        parts = [header]
        total = len(header)
        n = 0
        while total < size:
            piece = unit.format(n=n, s=n % 60, m=(n // 60) % 60, h=n // 3600, ms=n * 1000)
            parts.append(piece)
            total += len(piece)
            n += 1
        parts.append(footer)
        return "".join(parts)

    return make


SHAPES = {
    "srt cues": repeated("{n}\n{h:02d}:{m:02d}:{s:02d},000 --> {h:02d}:{m:02d}:{s:02d},900\n" + SENTENCE + "\n\n"),
    "srt one line": lambda size: "1\n00:00:01,000 --> 00:00:02,000\n" + ("word " * (size // 5)) + "\n",
    "vtt cues": repeated(
        "{h:02d}:{m:02d}:{s:02d}.000 --> {h:02d}:{m:02d}:{s:02d}.900\n<v Ann Lee>" + SENTENCE + "\n\n", "WEBVTT\n\n"
    ),
    "turns": repeated("Ann Lee: " + SENTENCE + "\n\nBob Ray: " + SENTENCE + "\n\n"),
    "turns one paragraph": lambda size: "Ann Lee: " + ("word " * (size // 5)) + "\n",
    "newsvideo upper case": lambda size: "01:23\nThe lead.\n" + ("FLOODWATERS ROSE " * (size // 17)) + "\n",
    "plain": repeated(SENTENCE * 5 + "\n\n"),
    "podcast json": lambda size: json.dumps(
        {"segments": [{"start": i, "end": i + 1, "text": SENTENCE, "speaker": "A"} for i in range(size // 110)]}
    ),
    "transcribe json": lambda size: json.dumps(
        {
            "jobName": "j",
            "results": {
                "items": [
                    {
                        "type": "pronunciation",
                        "start_time": f"{i * 0.3:.2f}",
                        "end_time": f"{i * 0.3 + 0.2:.2f}",
                        "alternatives": [{"content": "flood"}],
                        "speaker_label": f"spk_{(i // 50) % 2}",
                    }
                    for i in range(size // 150)
                ]
            },
        }
    ),
    "sami": repeated("<SYNC Start={ms}><P Class=ENCC>" + SENTENCE + "\n", "<SAMI><BODY>\n", "</BODY></SAMI>\n"),
    "ttml": repeated(
        '<p begin="{h:02d}:{m:02d}:{s:02d}.000" end="{h:02d}:{m:02d}:{s:02d}.900">' + SENTENCE + "</p>\n",
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n',
        "</div></body></tt>\n",
    ),
    "ttml stray brackets": lambda size: (
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">' + ("3 <a " * (size // 5))
    ),
    "sami one sync": lambda size: "<SAMI><BODY><SYNC Start=1000>" + ("<P Class=ENCC>Same time. " * (size // 25)),
    "scc": repeated(
        "{h:02d}:{m:02d}:{s:02d}:00\t9420 9420 94ae 94ae 9452 9452 97a2 97a2 c8e5 ecec ef80 942f 942f\n\n",
        "Scenarist_SCC V1.0\n\n",
    ),
    "ass": repeated(
        "Dialogue: 0,{h}:{m:02d}:{s:02d}.00,{h}:{m:02d}:{s:02d}.90,Default,Ann,0,0,0,," + SENTENCE + "\n",
        "[Script Info]\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
    ),
}
EXTENSIONS = {
    "srt": ".srt",
    "vtt": ".vtt",
    "turns": ".md",
    "newsvideo": ".txt",
    "plain": ".txt",
    "podcast": ".json",
    "transcribe": ".json",
    "sami": ".smi",
    "ttml": ".ttml",
    "scc": ".scc",
    "ass": ".ass",
}

MEASURE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from indexer.transcripts import sources
path = Path(sys.argv[1])
began = time.perf_counter()
try:
    transcripts = sources.load_all(sources.SourceFile(path, path.stem))
    passages = sum(len(t.passages) for t in transcripts)
except Exception as exc:
    passages = f"{type(exc).__name__}: {str(exc)[:80]}"
seconds = time.perf_counter() - began
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, repr(passages))
"""


def measure(path: Path) -> tuple[float, float, str]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(ROOT)], capture_output=True, text=True, timeout=1800, check=True
    )
    seconds, peak, passages = done.stdout.split(" ", 2)
    return float(seconds), float(peak), passages.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.1,0.5,2", help="file sizes in MB, smallest first")
    parser.add_argument("--budget", type=float, default=3.0, help="largest time per KB over smallest's, at most")
    parser.add_argument("--memory", type=float, default=40.0, help="peak memory over file size, at most")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    flagged = []
    header = "| shape | " + " | ".join(f"{s:g} MB: s/MB, peak MB" for s in sizes) + " | growth | memory / size |"
    table = [header, "|" + " --- |" * (len(sizes) + 3)]
    print("\n".join(table), flush=True)
    with tempfile.TemporaryDirectory() as work:
        for name, make in SHAPES.items():
            per_mb, peaks, notes = [], [], []
            for size in sizes:
                text = make(int(size * 2**20))
                path = Path(work) / f"shape{EXTENSIONS[name.split()[0]]}"
                path.write_text(text, encoding="utf-8")
                mb = path.stat().st_size / 2**20
                runs = [measure(path) for _ in range(args.runs)]
                seconds = statistics.median(r[0] for r in runs)
                per_mb.append(seconds / mb)
                peaks.append((max(r[1] for r in runs), mb))
                notes.append(runs[0][2])
            growth = per_mb[-1] / per_mb[0] if per_mb[0] else 0.0
            baseline = peaks[0][0]  # the interpreter and the readers' own, at the smallest file
            multiple = max((peak - baseline) / mb for peak, mb in peaks[1:]) if len(peaks) > 1 else 0.0
            cells = " | ".join(f"{s:.2f}, {p:.0f}" for s, (p, _) in zip(per_mb, peaks, strict=True))
            table.append(f"| {name} | {cells} | {growth:.1f}x | {multiple:.1f}x |")
            print(table[-1], flush=True)
            if growth > args.budget:
                flagged.append(f"{name}: time per KB grew {growth:.1f}x from {sizes[0]:g} to {sizes[-1]:g} MB")
            if multiple > args.memory:
                flagged.append(f"{name}: peak memory {multiple:.1f}x the file's size")
            if any("Error" in note for note in notes):
                flagged.append(f"{name}: {notes}")
    verdict = "\n".join(f"- {line}" for line in flagged) if flagged else "Every reader linear, memory within the bound."
    bounds = f"Bounds: time per KB at most {args.budget:g}x from the smallest size to the largest; peak memory at most"
    bounds += f" {args.memory:g}x the file's size (beyond the interpreter's own)."
    sys.path.insert(0, str(HERE))
    from procstat import save_results

    save_results("linearity", "\n".join([*table, "", bounds, "", verdict]), {"flagged": flagged})
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
