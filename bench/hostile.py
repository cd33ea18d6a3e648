"""Hostile input: run `soundbite` on broken, odd and malicious files and queries, and report what it did.

    python bench/hostile.py                      # the checkout this file is in
    python bench/hostile.py --root /path/to/checkout --budget 20 --json hostile.json
    python bench/hostile.py --groups queries -v  # one group, a line per case on stderr

Every case is one whole `soundbite` process (`python -m indexer ...` with
PYTHONPATH at --root), its stdout a pipe, NO_COLOR=1, a time budget and an
address-space limit of its own. Four groups:

- mutations x formats: a small valid file of each format soundbite reads (SRT,
  WebVTT, SBV, SCC, TTML, SAMI, ASS, podcast JSON and HTML, speaker turns, plain
  text, a dataset CSV, Amazon Transcribe JSON, YouTube json3), as it is and broken each way:
  truncated, bytes flipped (fixed seed), control characters and terminal escapes
  in the text and NULs anywhere, the content repeated, every number made absurd
  (1e308, -1, 20 digits, NaN, Infinity, 5,000 digits), nesting 100,000 deep, and
  invalid encodings (cp1252, UTF-16 without BOM, a lone surrogate). Each file is
  indexed (`index FILE -q`); when that exits 0, `search hi`, `search '*' --json
  -n 0` and `show ID` (of up to three of its transcripts) run on the index.
- fs oddities: folders holding a file name that is not UTF-8, a newline or a
  terminal escape in a name, a FIFO, a symbolic link to /dev/zero, link loops, an
  empty file, a folder named d.srt, an unreadable file, a 3 GB sparse file;
  `index FOLDER` then the same three follow-ups.
- bombs: XML billion laughs, quadratic blow-up and external entity in TTML, YAML
  alias bombs in Markdown front matter, sidecar JSON with absurd durations.
- queries: about a hundred hostile queries and option values on an index of
  seeds/ (fuzzy, boost and slop out of range, unbalanced syntax, 100 KB queries,
  control characters, unknown fields, huge dates and times, a closed stdout), and
  a CSV export of passages that look like spreadsheet formulas.

Each case is classified, the first that applies:

- hang: over the budget (SIGABRT, for faulthandler to show where it was
  stuck, then SIGKILL, to its whole process group);
- internal error: "internal error" or "Traceback" on stderr, or an exit status
  other than 0, 1, 2 (a signal, an exhausted memory limit);
- escape leak: a raw C0 or C1 control character other than tab and newline on
  stdout or stderr (ESC, BEL, CR, a UTF-8 C1 or a raw 0x80-0x9f byte);
- unsafe output: a case's own check failed (a CSV cell a spreadsheet would run
  as a formula, an external entity's content in the index);
- handled: anything else.

An internal error is run once more with SOUNDBITE_DEBUG=1 to name the line
that raised it (--no-locate skips that). Peak RSS is each process's own
ru_maxrss (os.wait4). A NUL cannot be passed in
an argument, so NULs are only tested inside files. When run as root, the
unreadable file is readable all the same. Prints a Markdown table per group
and every failing case with a one-line reason; exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import io
import itertools
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

GROUPS = ("mutations x formats", "fs oddities", "bombs", "queries")
HANDLED, INTERNAL, HANG, LEAK, UNSAFE = "handled", "internal error", "hang", "escape leak", "unsafe output"
VERDICTS = (HANDLED, INTERNAL, HANG, LEAK, UNSAFE)

# C0 controls but tab and newline, C1 controls, and raw bytes 0x80-0x9f (surrogate-escaped when not UTF-8).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x80-\x9f\udc80-\udc9f]")
ABORT_GRACE = 2.0  # seconds between the SIGABRT that dumps a hung case's stack and the SIGKILL
KEEP_BYTES = 1 << 20  # of each stream, for the report and the follow-ups (the whole stream is scanned)
TERMINAL_PAYLOAD = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x1b[0m\x08\x0b\x0c\r\x7f\x85\x9b31m\u202eevil"
ABSURD_NUMBERS = {
    "1e308": "1e308",
    "minus-one": "-1",
    "20-digits": "99999999999999999999",
    "nan": "NaN",
    "infinity": "Infinity",
    "5000-digits": "9" * 5000,
}
NEST_MARK = "hiNESTMARK"


# -- running one case ---------------------------------------------------------------------------------------------


@dataclass
class Stream:
    """What a child wrote on one stream: the first KEEP_BYTES, and the first control character in all of it."""

    kept: bytearray = field(default_factory=bytearray)
    size: int = 0
    leak: str | None = None

    def read(self, pipe) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        while chunk := pipe.read1(1 << 16):
            if len(self.kept) < KEEP_BYTES:
                self.kept += chunk[: KEEP_BYTES - len(self.kept)]
            if self.leak is None:
                text = decoder.decode(chunk)
                match = CONTROL.search(text)
                if match:
                    at = match.start()
                    context = text[max(0, at - 30) : at + 30]
                    char = match.group()
                    shown = f"raw byte 0x{ord(char) - 0xDC00:02x}" if char >= "\udc80" else repr(char)
                    self.leak = f"{shown} near {clean(context)!r}"
            self.size += len(chunk)
        pipe.close()

    @property
    def text(self) -> str:
        return self.kept.decode("utf-8", "replace")


@dataclass
class Outcome:
    group: str
    name: str
    argv: list[str]
    returncode: int | None
    seconds: float
    peak_mb: float
    verdict: str
    reason: str
    stdout: str = field(default="", repr=False)

    def to_json(self) -> dict:
        data = asdict(self)
        del data["stdout"]
        return data


class Runner:
    """Runs `soundbite` commands, one process at a time, and keeps every outcome."""

    def __init__(self, root: Path, budget: float, max_memory_mb: int, verbose: bool, locate: bool) -> None:
        self.root = root
        self.locate = locate
        self.budget = budget
        self.max_memory = max_memory_mb * 2**20
        self.verbose = verbose
        self.outcomes: list[Outcome] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SOUNDBITE_")}
        self.env.update(
            PYTHONPATH=os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p),
            NO_COLOR="1",
            TERM="dumb",
            COLUMNS="100",
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONFAULTHANDLER="1",
        )
        self.env.pop("FORCE_COLOR", None)

    def run(
        self,
        group: str,
        name: str,
        args: list[str],
        cwd: Path,
        check: Callable[[str], str | None] | None = None,
        stdout_closed: bool = False,
    ) -> Outcome:
        """Run `soundbite ARGS` as one case: classify it, record it, return it."""
        started = time.monotonic()
        returncode, timed_out, usage, out, err = self._spawn(args, cwd, self.env, stdout_closed)
        seconds = time.monotonic() - started
        verdict, reason = classify(returncode, timed_out, self.budget, out, err, check)
        if verdict == HANG:
            where = stuck_at(err.text, self.root)
            reason += f", {usage.ru_maxrss / 1024:.0f} MB peak" + (f" [stuck at {where}]" if where else "")
        if verdict == INTERNAL and self.locate:
            where = frame(err.text, self.root)
            if where is None and "Traceback" not in err.text:  # the message alone: again, with the traceback
                debug = {**self.env, "SOUNDBITE_DEBUG": "1"}
                where = frame(self._spawn(args, cwd, debug, stdout_closed)[4].text, self.root)
            if where:
                reason = f"{reason} [at {where}]"
        outcome = Outcome(
            group,
            name,
            [short(a) for a in args],
            returncode,
            round(seconds, 3),
            round(usage.ru_maxrss / 1024, 1),
            verdict,
            reason,
        )
        outcome.stdout = out.text
        self.outcomes.append(outcome)
        if self.verbose:
            note = f": {reason}" if verdict != HANDLED else ""
            print(f"  [{verdict}] {group} / {name} ({seconds:.1f} s, {outcome.peak_mb:.0f} MB){note}", file=sys.stderr)
        return outcome

    def _spawn(
        self, args: list[str], cwd: Path, env: dict[str, str], stdout_closed: bool
    ) -> tuple[int, bool, resource.struct_rusage, Stream, Stream]:
        """Run `soundbite ARGS` once: (exit status, timed out, its rusage, stdout, stderr)."""
        out, err = Stream(), Stream()
        closed_write = None
        if stdout_closed:  # a reader that went away (`soundbite search x | head -1`)
            read_end, closed_write = os.pipe()
            os.close(read_end)
        proc = subprocess.Popen(
            [sys.executable, "-m", "indexer", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=closed_write if stdout_closed else subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if closed_write is not None:
            os.close(closed_write)
        if self.max_memory and hasattr(resource, "prlimit"):  # Linux
            with contextlib.suppress(OSError):
                resource.prlimit(proc.pid, resource.RLIMIT_AS, (self.max_memory, self.max_memory))
        readers = [threading.Thread(target=err.read, args=(proc.stderr,), daemon=True)]
        if proc.stdout is not None:
            readers.append(threading.Thread(target=out.read, args=(proc.stdout,), daemon=True))
        for reader in readers:
            reader.start()
        timed_out = threading.Event()

        def kill(sig: signal.Signals = signal.SIGKILL) -> None:
            timed_out.set()
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, sig)

        # Over budget: SIGABRT first, for faulthandler's stack of where it was stuck, then SIGKILL.
        timers = [
            threading.Timer(self.budget, kill, (signal.SIGABRT,)),
            threading.Timer(self.budget + ABORT_GRACE, kill),
        ]
        for timer in timers:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: take the case's processes along
            kill()
            raise
        finally:
            for timer in timers:
                timer.cancel()
        proc.returncode = returncode = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):  # anything it left behind holding the pipes
            os.killpg(proc.pid, signal.SIGKILL)
        for reader in readers:
            reader.join(10)
        return returncode, timed_out.is_set(), usage, out, err

    def index_and_probe(
        self, group: str, name: str, target: Path, cwd: Path, quiet: bool = True, probe: str = "hi", checks=()
    ) -> None:
        """`index TARGET`, then when it exits 0: `search PROBE`, `search '*' --json -n 1`, `show ID`, and any
        (query, check) pairs in `checks` as `search QUERY --json` with the check on its stdout."""
        index = cwd / f"{target.name}.index" if target.is_dir() else cwd / "index"
        args = ["index", str(target), "--index", str(index)] + (["-q"] if quiet else [])
        if self.run(group, f"{name}: index", args, cwd).returncode != 0:
            return
        self.run(group, f"{name}: search {probe}", ["search", probe, "--index", str(index)], cwd)
        for query, check in checks:
            self.run(group, f"{name}: search {query}", ["search", query, "--index", str(index), "--json"], cwd, check)
        every = self.run(
            group, f"{name}: search '*' --json", ["search", "*", "--index", str(index), "--json", "-n", "0"], cwd
        )
        for tid in transcript_ids(every.stdout)[:SHOWN]:
            self.run(group, f"{name}: show {short(tid, 40)}", ["show", "--index", str(index), "--", tid], cwd)


def classify(
    returncode: int, timed_out: bool, budget: float, out: Stream, err: Stream, check: Callable[[str], str | None] | None
) -> tuple[str, str]:
    stderr = err.text
    if timed_out:
        return HANG, f"timeout after {budget:g}s"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "internal error" in line:
            return INTERNAL, clean(line.replace(" (SOUNDBITE_DEBUG=1 shows a traceback)", ""), 300)
    if "Traceback" in stderr:
        return INTERNAL, clean(lines[-1])
    if returncode not in (0, 1, 2):
        if returncode < 0:
            with contextlib.suppress(ValueError):
                return INTERNAL, f"killed by {signal.Signals(-returncode).name}" + first_line(lines)
        return INTERNAL, f"exit status {returncode}" + first_line(lines)
    if out.leak:
        return LEAK, f"stdout holds {out.leak}"
    if err.leak:
        return LEAK, f"stderr holds {err.leak}"
    problem = check(out.text) if check else None
    if problem:
        return UNSAFE, problem
    return HANDLED, clean(lines[0]) if lines else ""


LONG_NUMBER = re.compile(r"\d{30,}")
FRAME = re.compile(r'^  File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<function>.+)$', re.MULTILINE)


def frame(stderr: str, root: Path) -> str | None:
    """The innermost frame of a traceback in the project's own code: `indexer/x.py:12 in f`."""
    where = None
    for match in FRAME.finditer(stderr):
        path = Path(match["path"])
        if path.is_relative_to(root):
            where = f"{path.relative_to(root)}:{match['line']} in {match['function']}"
    return where


STUCK_FRAME = re.compile(r'^  File "(?P<path>[^"]+)", line (?P<line>\d+) in (?P<function>\S+)', re.MULTILINE)


def stuck_at(stderr: str, root: Path) -> str | None:
    """Where faulthandler's dump (most recent call first, at most 100 frames) says a case was stuck: the
    innermost frame in the project's own code, else the innermost frame and the first of another package."""
    current = stderr[stderr.find("Current thread") :] if "Current thread" in stderr else stderr
    frames = []
    for match in STUCK_FRAME.finditer(current):
        path = Path(match["path"])
        if path.is_relative_to(root):
            return f"{path.relative_to(root)}:{match['line']} in {match['function']}"
        shown = match["path"].rpartition("site-packages/")[2]
        frames.append((shown.split("/")[0], f"{shown}:{match['line']} in {match['function']}"))
    if not frames:
        return None
    others = [where for package, where in frames if package != frames[0][0]]
    return frames[0][1] + (f" via {others[0]}" if others else "")


def first_line(lines: list[str]) -> str:
    return f": {clean(lines[0])}" if lines else ""


def clean(text: str, limit: int = 200) -> str:
    """Text safe to print in a report: control characters as escapes, long numbers and long text cut."""
    text = LONG_NUMBER.sub(lambda m: f"{m.group()[:8]}...({len(m.group()):,} digits)", text)
    text = CONTROL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short(arg: str, limit: int = 80) -> str:
    arg = clean(arg, 10**9)
    return arg if len(arg) <= limit else f"{arg[: limit - 20]}...({len(arg):,} chars)"


SHOWN = 3  # transcripts shown a case, the odd ones first


def transcript_ids(jsonl: str) -> list[str]:
    """The transcripts of `search --json` lines, each once, the plain `ok` (beside an odd file) last."""
    ids: dict[str, None] = {}
    for line in jsonl.splitlines():
        with contextlib.suppress(ValueError, AttributeError):
            tid = json.loads(line).get("transcript")
            if isinstance(tid, str) and tid:
                ids[tid] = None
    return sorted(ids, key=lambda tid: tid == "ok")


# -- the files: one small valid transcript a format --------------------------------------------------------------

SECOND = "the harbour closed at noon"


def _srt(text: str) -> str:
    return f"1\n00:00:00,000 --> 00:00:01,500\n{text}\n\n2\n00:00:02,000 --> 00:00:03,000\n{SECOND}\n"


def _vtt(text: str) -> str:
    return f"WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n{text}\n\n00:00:02.000 --> 00:00:03.000\n{SECOND}\n"


def _sbv(text: str) -> str:
    return f"0:00:00.000,0:00:01.500\n{text}\n\n0:00:02.000,0:00:03.000\n{SECOND}\n"


def _cea608(text: str) -> str:
    """Text as SCC's hex words: 7-bit characters with odd parity, two a word."""
    codes = []
    for char in text.encode("ascii", "replace"):
        char &= 0x7F
        codes.append(char | (0x80 if char.bit_count() % 2 == 0 else 0))
    if len(codes) % 2:
        codes.append(0x80)
    return " ".join(f"{codes[i]:02x}{codes[i + 1]:02x}" for i in range(0, len(codes), 2))


def _scc(text: str) -> str:
    return (
        "Scenarist_SCC V1.0\n\n"
        f"00:00:00:00\t9420 9420 94ae 94ae 9452 9452 {_cea608(text)} 942c 942c 942f 942f\n\n"
        f"00:00:03:00\t9420 9420 94ae 94ae 9452 9452 {_cea608(SECOND)} 942c 942c 942f 942f\n\n"
        "00:00:05:00\t942c 942c\n"
    )


def _ttml(text: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en">\n<body><div>\n'
        f'<p begin="00:00:00.000" end="00:00:01.500">{xml_escape(text)}</p>\n'
        f'<p begin="00:00:02.000" end="00:00:03.000">{SECOND}</p>\n</div></body>\n</tt>\n'
    )


def _sami(text: str) -> str:
    return (
        '<sami>\n<head>\n<style type="text/css"><!-- .en-US { lang: en-US; } --></style>\n</head>\n<body>\n'
        f'<sync start="0"><p class="en-US">{xml_escape(text)}</p></sync>\n'
        f'<sync start="2000"><p class="en-US">{SECOND}</p></sync>\n'
        '<sync start="3000"><p class="en-US">&nbsp;</p></sync>\n</body>\n</sami>\n'
    )


def _ass(text: str) -> str:
    return (
        "[Script Info]\nTitle: Harbour\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        f"Dialogue: 0,0:00:00.00,0:00:01.50,Default,Ines Moura,0,0,0,,{text}\n"
        f"Dialogue: 0,0:00:02.00,0:00:03.00,Default,Tom Becker,0,0,0,,{SECOND}\n"
    )


def _podcast_json(text: str) -> str:
    segments = [
        {"start": 0, "end": 1, "text": text, "speaker": "A"},
        {"start": 2, "end": 3, "text": SECOND, "speaker": "B"},
    ]
    return json.dumps({"segments": segments}, ensure_ascii=False)


def _podcast_html(text: str) -> str:
    return (
        f"<html><body>\n<cite>A:</cite>\n<time>0:00</time>\n<p>{xml_escape(text)}</p>\n"
        f"<cite>B:</cite>\n<time>0:05</time>\n<p>{SECOND}</p>\n</body></html>\n"
    )


def _turns(text: str) -> str:
    return f"Alice Moura: {text}\nTom Becker: {SECOND}\nAlice Moura: and the boats stayed in port\n"


def _plain(text: str) -> str:
    return f"{text}. The harbour closed at noon, and the boats stayed in port all week.\n"


def _dataset(text: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([("id", "text"), ("1", text), ("2", SECOND)])
    return buffer.getvalue()


def _transcribe(text: str) -> str:
    items = [
        {
            "type": "pronunciation",
            "start_time": f"{0.1 + i * 0.4:.1f}",
            "end_time": f"{0.4 + i * 0.4:.1f}",
            "alternatives": [{"content": word}],
            "speaker_label": "spk_0",
        }
        for i, word in enumerate([text, *SECOND.split()])
    ]
    return json.dumps({"jobName": "j", "results": {"items": items}}, ensure_ascii=False)


def _json3(text: str) -> str:
    events = [
        {"tStartMs": 0, "dDurationMs": 500, "segs": [{"utf8": text}]},
        {"tStartMs": 2000, "dDurationMs": 1000, "segs": [{"utf8": SECOND}]},
    ]
    return json.dumps({"wireMagic": "pb3", "events": events}, ensure_ascii=False)


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    build: Callable[[str], str]
    syntax: str  # text, json, xml or scc: how text is embedded and nested


KINDS = (
    Kind("srt", "talk.srt", _srt, "text"),
    Kind("vtt", "talk.vtt", _vtt, "text"),
    Kind("sbv", "talk.sbv", _sbv, "text"),
    Kind("scc", "talk.scc", _scc, "scc"),
    Kind("ttml", "talk.ttml", _ttml, "xml"),
    Kind("sami", "talk.smi", _sami, "xml"),
    Kind("ass", "talk.ass", _ass, "text"),
    Kind("podcast-json", "talk.json", _podcast_json, "json"),
    Kind("podcast-html", "talk.html", _podcast_html, "xml"),
    Kind("turns", "talk.txt", _turns, "text"),
    Kind("plain", "talk.txt", _plain, "text"),
    Kind("dataset-csv", "talk.csv", _dataset, "text"),
    Kind("transcribe-json", "talk.json", _transcribe, "json"),
    Kind("youtube-json3", "talk.json3", _json3, "json"),
)


# -- mutations ----------------------------------------------------------------------------------------------------


def mutations(kind: Kind, seed: int, repeat: int, depth: int) -> Iterable[tuple[str, bytes]]:
    """(name, bytes) of each broken version of a kind's file."""
    valid = kind.build("hi there").encode("utf-8")
    rng = random.Random(seed + zlib.crc32(kind.name.encode()))

    yield "valid (baseline)", valid
    yield "truncated at half", valid[: len(valid) // 2]

    flipped = bytearray(valid)
    for _ in range(max(3, len(flipped) // 25)):
        flipped[rng.randrange(len(flipped))] ^= rng.randrange(1, 256)
    yield "bytes flipped", bytes(flipped)

    yield "terminal escapes in the text", kind.build(f"hi {TERMINAL_PAYLOAD} there").encode("utf-8")

    sprinkled = bytearray(valid)
    for insert in [b"\x00", b"\x00\x00", b"\x1b[2J", b"\x1b]0;pwned\x07", b"\x01\x02\x03", b"\x00"] * 2:
        at = rng.randrange(len(sprinkled) + 1)
        sprinkled[at:at] = insert
    yield "NULs and controls anywhere", bytes(sprinkled)

    yield f"content x{repeat}", valid * repeat

    for label, number in ABSURD_NUMBERS.items():
        yield f"numbers {label}", re.sub(r"\d+(?:\.\d+)?", number, valid.decode("utf-8")).encode("utf-8")

    yield f"nested {depth:,} deep", nested(kind, depth).encode("utf-8")

    accents = "hi there, café naïve – “quoted” Grüße"
    yield "cp1252 bytes", kind.build(accents).encode("cp1252", "replace")
    yield "UTF-16 without BOM", kind.build(accents).encode("utf-16-le")
    surrogate = kind.build("hi \ud800 there")
    yield "lone surrogate (raw bytes)", surrogate.encode("utf-8", "surrogatepass")
    if kind.syntax == "json":
        yield "lone surrogate (JSON escape)", surrogate.replace("\ud800", "\\ud800").encode("utf-8")


def nested(kind: Kind, depth: int) -> str:
    if kind.syntax == "scc":  # no nesting in CEA-608: as deep a run of control codes instead
        return kind.build("hi there").replace("9420 9420 ", "9420 " * depth, 1)
    content = kind.build(NEST_MARK)
    if kind.syntax == "json":
        return content.replace(json.dumps(NEST_MARK), "[" * depth + '"hi"' + "]" * depth, 1)
    tag = "span" if kind.syntax == "xml" else "i"
    return content.replace(NEST_MARK, f"<{tag}>" * depth + "hi" + f"</{tag}>" * depth, 1)


def run_mutations(runner: Runner, work: Path, seed: int, repeat: int, depth: int) -> None:
    group = GROUPS[0]
    for kind in KINDS:
        for number, (label, data) in enumerate(mutations(kind, seed, repeat, depth)):
            case = work / f"{kind.name}-{number:02d}"
            case.mkdir(parents=True)
            path = case / kind.filename
            path.write_bytes(data)
            runner.index_and_probe(group, f"{kind.name} / {label}", path, case)


# -- file-system oddities -----------------------------------------------------------------------------------------

VALID_SRT = _srt("hi there").encode("utf-8")


def run_fs_oddities(runner: Runner, work: Path, sparse_gb: float) -> None:
    group = GROUPS[1]
    root_note = " (as root: readable all the same)" if os.geteuid() == 0 else ""

    def non_utf8(folder: Path) -> None:
        write_at(folder, b"caf\xe9.srt", VALID_SRT)

    def newline(folder: Path) -> None:
        (folder / "new\nline.srt").write_bytes(VALID_SRT)

    def escape(folder: Path) -> None:
        (folder / "\x1b[2J\x1b]0;pwned\x07esc.srt").write_bytes(VALID_SRT)

    def fifo(folder: Path) -> None:
        os.mkfifo(folder / "x.srt")

    def dev_zero(folder: Path) -> None:
        (folder / "z.srt").symlink_to("/dev/zero")

    def folder_loop(folder: Path) -> None:
        (folder / "sub").mkdir()
        (folder / "sub" / "loop").symlink_to("..")

    def file_loop(folder: Path) -> None:
        (folder / "a.srt").symlink_to("b.srt")
        (folder / "b.srt").symlink_to("a.srt")

    def broken_link(folder: Path) -> None:
        (folder / "gone.srt").symlink_to("nowhere.srt")

    def empty(folder: Path) -> None:
        (folder / "empty.srt").write_bytes(b"")

    def directory(folder: Path) -> None:
        (folder / "d.srt").mkdir()
        (folder / "d.srt" / "inner.srt").write_bytes(VALID_SRT)

    def unreadable(folder: Path) -> None:
        (folder / "locked.srt").write_bytes(VALID_SRT)
        (folder / "locked.srt").chmod(0)

    def sparse(folder: Path) -> None:
        with open(folder / "big.srt", "wb") as file:
            file.truncate(int(sparse_gb * 2**30))

    cases = [
        ("file name not UTF-8 (caf\\xe9.srt)", non_utf8),
        ("newline in a file name", newline),
        ("terminal escapes in a file name", escape),
        ("FIFO x.srt", fifo),
        ("symlink z.srt -> /dev/zero", dev_zero),
        ("symlink loop (folder)", folder_loop),
        ("symlink loop (file)", file_loop),
        ("broken symlink", broken_link),
        ("0-byte file", empty),
        ("directory named d.srt", directory),
        (f"unreadable file (chmod 000){root_note}", unreadable),
        (f"sparse {sparse_gb:g} GB big.srt", sparse),
    ]
    for number, (label, make) in enumerate(cases):
        case = work / f"fs-{number:02d}"
        folder = case / "transcripts"
        folder.mkdir(parents=True)
        (folder / "ok.srt").write_bytes(VALID_SRT)
        make(folder)
        runner.index_and_probe(group, label, folder, case, quiet=False)


def write_at(folder: Path, name: bytes, data: bytes) -> None:
    """Write a file whose name is bytes that need not decode."""
    fd = os.open(os.path.join(os.fsencode(folder), name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


# -- entity and alias bombs ---------------------------------------------------------------------------------------


def with_doctype(build: Callable[[str], str], root: str, entities: str, body: str) -> str:
    """A format's file with an internal DTD declaring `entities`, its first text `body`."""
    content = build("hi there").replace(f"<{root}", f"<!DOCTYPE {root} [\n{entities}\n]>\n<{root}", 1)
    return content.replace("hi there", body, 1)


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return with_doctype(_ttml, "tt", "\n".join(entities), "hi &lol9;")


def quadratic_blowup(size: int = 50_000, uses: int = 50_000) -> str:
    return with_doctype(_ttml, "tt", f'<!ENTITY a "{"a" * size}">', "hi " + "&a;" * uses)


def external_entity(build: Callable[[str], str], root: str, secret: Path) -> str:
    return with_doctype(build, root, f'<!ENTITY xxe SYSTEM "file://{secret}">', "hi &xxe;")


def yaml_bomb(used: bool) -> str:
    letters = "abcdefghi"
    lines = [f"a: &a [{','.join('x' * 9)}]"]
    lines += [f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]" for a, b in itertools.pairwise(letters)]
    if used:
        lines += ["title: *i", "speakers: *i", "date: *i", "tags: *i"]
    return "---\n" + "\n".join(lines) + "\n---\nAlice: hi there\nBob: the harbour closed at noon\n"


SECRET_WORD = "xxesecretword"


def leaked_secret(stdout: str) -> str | None:
    return "an external entity's file content is in the index" if SECRET_WORD in stdout else None


def run_bombs(runner: Runner, work: Path) -> None:
    group = GROUPS[2]
    secret = work / "secret.txt"
    work.mkdir(parents=True, exist_ok=True)
    secret.write_text(f"{SECRET_WORD}\n")
    files: list[tuple[str, dict[str, str | bytes], list]] = [
        ("XML billion laughs (.ttml)", {"talk.ttml": billion_laughs()}, []),
        ("XML quadratic blow-up (.ttml)", {"talk.ttml": quadratic_blowup()}, []),
        (
            "XML external entity (.ttml)",
            {"talk.ttml": external_entity(_ttml, "tt", secret)},
            [(SECRET_WORD, leaked_secret)],
        ),
        (
            "SAMI external entity (.smi)",
            {"talk.smi": external_entity(_sami, "sami", secret)},
            [(SECRET_WORD, leaked_secret)],
        ),
        ("YAML alias bomb, unused keys (.md)", {"talk.md": yaml_bomb(used=False)}, []),
        ("YAML alias bomb in title/speakers/date (.md)", {"talk.md": yaml_bomb(used=True)}, []),
        ("YAML duration .inf (.md)", {"talk.md": "---\ntitle: t\nduration: .inf\n---\nAlice: hi there\n"}, []),
        ("YAML date 99999-99-99 (.md)", {"talk.md": "---\ntitle: t\ndate: 99999-99-99\n---\nAlice: hi there\n"}, []),
    ]
    untimed = "Alice: hi there\nBob: the harbour closed at noon\nAlice: and the boats stayed in port\n"
    for label, value in [
        ("1e308", "1e308"),
        ("-1e308", "-1e308"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        ("NaN", "NaN"),
        ("5000 digits", "9" * 5000),
        ("1e-320", "1e-320"),
    ]:
        sidecar = f'{{"title": "t", "date": "2024-01-01", "durationSeconds": {value}}}'
        files.append((f"sidecar durationSeconds {label}", {"talk.txt": untimed, "talk.json": sidecar}, []))
    for number, (label, contents, checks) in enumerate(files):
        case = work / f"bomb-{number:02d}"
        folder = case / "transcripts"
        folder.mkdir(parents=True)
        for name, content in contents.items():
            (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        runner.index_and_probe(group, label, folder, case, quiet=False, checks=checks)


# -- hostile queries ----------------------------------------------------------------------------------------------

FORMULAS = (
    'Alice: =HYPERLINK("http://example.com","hi")\n'
    "Bob: +1+1 hi\n"
    "Alice: -2+3 hi\n"
    "Bob: @SUM(A1:A9) hi\n"
    "Alice: =cmd|' /C calc'!A0 hi\n"
)


def formula_cells(stdout: str) -> str | None:
    """A CSV cell a spreadsheet would run: one starting with = + - @ (not a plain number), tab or CR."""
    try:
        rows = list(csv.reader(io.StringIO(stdout)))
    except csv.Error as exc:
        return f"the CSV does not parse: {exc}"
    for row in rows[1:]:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?\d+(\.\d+)?", cell):
                return f"CSV cell starts with {cell[:1]!r}: {clean(cell, 60)!r}"
    if len(rows) < 2:
        return "no rows exported"
    return None


def hostile_queries() -> list[tuple[str, list[str]]]:
    """(name, search arguments) of each hostile query, the index added by the caller."""
    unknown = " ".join(f"zqxj{n}vbk" for n in range(10))
    words = ["putin", "trump", "summit", "helsinki", "russia", "kgb"]
    long_phrase = '"' + " ".join(words[i % len(words)] for i in range(10_000)) + '"'
    queries = [
        "putin~/6",
        "putin~1/9",
        "putin~/0",
        "putin~2/0",
        "putin~/99999999999999999999",
        "putin~99999999999999999999",
        "putin~-1",
        "putin~1.5",
        "putin~~",
        "Putin^1e6",
        "Putin^-1",
        "Putin^NaN",
        "Putin^inf",
        "Putin^0",
        "Putin^99999999999999999999",
        "Putin^1e309",
        "Putin^",
        "^",
        '"Putin KGB"~-1',
        '"Putin KGB"~99999999999',
        '"Putin KGB"~NaN',
        '"Putin KGB"~1e308',
        '"Putin',
        'Putin"',
        '"',
        '""',
        '" "',
        "(Putin",
        "Putin)",
        ")(",
        "(" * 10_000 + "putin",
        "(" * 10_000 + "putin" + ")" * 10_000,
        '"' * 1001,
        "AND",
        "OR OR OR",
        "NOT",
        "NOT NOT NOT putin",
        "putin AND",
        "AND OR NOT",
        " OR ".join(["putin"] * 5000),
        " AND ".join(["putin"] * 5000),
        unknown,
        '"' + " ".join(["putin"] * 100) + '"',
        long_phrase,
        "* NEAR/3600s *",
        "putin NEAR/3601s trump",
        "putin NEAR/0s trump",
        "putin NEAR/-5s trump",
        "putin NEAR/1e308s trump",
        "putin NEAR/99999999999999999999s trump",
        "NEAR/10s",
        "putin NEAR/10s",
        "a NEAR/5s b NEAR/5s c",
        " NEAR/5s ".join(["putin"] * 200),
        "putin " * 16_000,
        "a OR " * 20_000 + "a",
        "x" * 100_000,
        "*" * 100_000,
        "p" + "*?" * 5000,
        "*",
        "**",
        "?",
        "*n",
        "*?*",
        "",
        " ",
        "putin\ntrump",
        "putin\r\x1b[2J\x1b]0;pwned\x07",
        "\x01\x02\x03\x7f",
        "\x9b31m putin \u202e",
        "putin" + "\u0301" * 5000,
        "\u200b" * 1000,
        "Ｐｕｔｉｎ",
        "ß" * 2000,
        "\U0001f600" * 1000,
        "spekaer:putin",
        ":putin",
        "putin:",
        "text:",
        "speaker:",
        'speaker:""',
        "transcript:*",
        "zz:zz:zz",
        "__class__:x",
        "date:2020",
        "start:5",
        "speaker:(putin OR trump)",
        'text:"putin kgb"~2',
        "speaker:\x1b[2Jputin",
        "[a TO z]",
        "{a TO z}",
        "/.*/",
        "\\",
        "putin\\",
        "-putin",
        "+putin",
    ]
    cases = [(f"search {short(q, 60)!r}", ["search", "--", q]) for q in queries]
    cases += [
        ("search --after 99999999999999999999", ["search", "putin", "--after", "99999999999999999999"]),
        ("search --after -1", ["search", "putin", "--after", "-1"]),
        ("search --after 1e308", ["search", "putin", "--after", "1e308"]),
        ("search --after nan", ["search", "putin", "--after", "nan"]),
        ("search --after 99:99:99", ["search", "putin", "--after", "99:99:99"]),
        ("search --before 1:2:3:4:5", ["search", "putin", "--before", "1:2:3:4:5"]),
        ("search --context 99999999999", ["search", "putin", "--context", "99999999999"]),
        ("search -C 1000 -n 50", ["search", "putin", "-C", "1000", "-n", "50"]),
        ("search --limit -1", ["search", "putin", "--limit", "-1"]),
        ("search --limit 99999999999999999999", ["search", "putin", "--limit", "99999999999999999999"]),
        ("search --offset 99999999999999999999", ["search", "putin", "--offset", "99999999999999999999"]),
        ("search --since 0001 --until 9998", ["search", "putin", "--since", "0001", "--until", "9998"]),
        ("search --since 2021-02-30", ["search", "putin", "--since", "2021-02-30"]),
        ("search --since 10000-01-01", ["search", "putin", "--since", "10000-01-01"]),
        ("search --until 0000", ["search", "putin", "--until", "0000"]),
        ("search --count-by date --until 9999", ["search", "putin", "--count-by", "date", "--until", "9999"]),
        ("search --count-by date --since 0001", ["search", "putin", "--count-by", "date", "--since", "0001"]),
        (
            "search --count-by week --since 0001 --until 9999",
            ["search", "putin", "--count-by", "week", "--since", "0001", "--until", "9999"],
        ),
        ("search --speaker ESC", ["search", "putin", "--speaker", "\x1b[2J\x1b]0;pwned\x07"]),
        ("search --transcript '['", ["search", "putin", "--transcript", "["]),
        ("search --transcript '**/**/**'", ["search", "putin", "--transcript", "**/" * 500]),
        ("search --language xx,,,,", ["search", "putin", "--language", "xx,,,,"]),
        ("search --language 5000 commas", ["search", "putin", "--language", "," * 5000]),
        ("search closed stdout -n 0 --full", ["search", "putin", "-n", "0", "--full"]),
        ("search --json closed stdout", ["search", "*", "--json", "-n", "0"]),
        (
            "trend vaccine --since 0001 --until 9998 --by day",
            ["trend", "vaccine", "--since", "0001", "--until", "9998", "--by", "day"],
        ),
        (
            "trend putin --since 0001 --until 9999 --by week --normalise",
            ["trend", "putin", "--since", "0001", "--until", "9999", "--by", "week", "--normalise"],
        ),
        ("trend putin --smooth 99999999999", ["trend", "putin", "--smooth", "99999999999"]),
        (
            "trend putin --split-by speaker --top 99999999999",
            ["trend", "putin", "--split-by", "speaker", "--top", "99999999999"],
        ),
        ("trend 500 queries --csv", ["trend", *[f"w{n}" for n in range(500)], "--csv"]),
        (
            "show --at 99999999999999999999",
            ["show", "cgtn-trump-putin-helsinki-summit", "--at", "99999999999999999999"],
        ),
        ("show --at -1", ["show", "cgtn-trump-putin-helsinki-summit", "--at", "-1"]),
        (
            "show --passage 99999999999999999999",
            ["show", "cgtn-trump-putin-helsinki-summit", "-p", "99999999999999999999"],
        ),
        ("show -C 99999999999", ["show", "cgtn-trump-putin-helsinki-summit", "-p", "1", "-C", "99999999999"]),
        ("show unknown id with ESC", ["show", "--", "\x1b[2Jnope\x1b]0;pwned\x07"]),
        ("show /dev/zero", ["show", "/dev/zero"]),
        ("show /etc/passwd", ["show", "/etc/passwd"]),
        ("show ../../../../etc/passwd", ["show", "../../../../etc/passwd"]),
        ("export -f srt --pad 1e308", ["export", "putin", "-f", "srt", "--pad", "1e308"]),
        ("export -f vtt --pad inf", ["export", "putin", "-f", "vtt", "--pad", "inf"]),
        ("export -f edl --pad 99999999999", ["export", "putin", "-f", "edl", "--pad", "99999999999"]),
        ("export -f opensearch without -o", ["export", "-f", "opensearch"]),
        ("export --index-name ESC", ["export", "-f", "opensearch", "-o", "OUT", "--index-name", "\x1b[2J../x"]),
    ]
    return cases


CLOSED_STDOUT = "closed stdout"


def run_queries(runner: Runner, work: Path, seeds: Path) -> None:
    group = GROUPS[3]
    work.mkdir(parents=True, exist_ok=True)
    index = work / "seeds.index"
    built = runner.run(group, "index seeds/", ["index", str(seeds), "--index", str(index), "-q"], work)
    if built.returncode != 0:
        return
    for number, (name, args) in enumerate(hostile_queries()):
        args = [str(work / f"out-{number}") if a == "OUT" else a for a in args]
        options = ["--index", str(index)]
        args = [args[0], *options, *args[1:]]  # before any `--`
        runner.run(group, name, args, work, stdout_closed=CLOSED_STDOUT in name)

    formulas = work / "formulas"
    formulas.mkdir()
    (formulas / "formulas.txt").write_text(FORMULAS)
    findex = work / "formulas.index"
    if runner.run(
        group, "index formula passages", ["index", str(formulas), "--index", str(findex), "-q"], work
    ).returncode:
        return
    for query in ("hi", ""):
        name = f"export -f csv {query or '(every passage)'} with formula-looking passages"
        args = ["export", *([query] if query else []), "--index", str(findex), "-f", "csv"]
        runner.run(group, name, args, work, check=formula_cells)


# -- the report ---------------------------------------------------------------------------------------------------


def report(outcomes: list[Outcome], seconds: float) -> str:
    lines = [
        "| group | tried | handled | internal errors | hangs | escape leaks | unsafe output | max peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for group in (*GROUPS, "total"):
        chosen = [o for o in outcomes if group in (o.group, "total")]
        if not chosen:
            continue
        counts = [sum(o.verdict == verdict for o in chosen) for verdict in VERDICTS]
        peak = max(o.peak_mb for o in chosen)
        lines.append(f"| {group} | {len(chosen)} | " + " | ".join(map(str, counts)) + f" | {peak:.0f} |")
    failures = [o for o in outcomes if o.verdict != HANDLED]
    lines += ["", f"{len(outcomes)} cases (a soundbite process each) in {seconds:.0f} s; {len(failures)} failing."]
    for group in GROUPS:
        failing = [o for o in failures if o.group == group]
        if failing:
            lines += ["", f"### {group}: {len(failing)} failing", ""]
            lines += [f"- **{o.verdict}** {md(o.name)}: {md(o.reason)} ({o.seconds:.1f} s)" for o in failing]
    return "\n".join(lines)


def md(text: str) -> str:
    return clean(text, 1000).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=here.parent, help="the soundbite checkout (default: %(default)s)")
    parser.add_argument(
        "--workdir", type=Path, help="folder for the cases' files and indexes (default: a new temp one)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work folder (always kept when --workdir is given)"
    )
    parser.add_argument("--budget", type=float, default=20.0, help="seconds a case may take (default: %(default)s)")
    parser.add_argument(
        "--max-memory",
        type=int,
        default=2048,
        help="address-space limit of a case in MB, 0 for none (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=1000, help="copies of the content (default: %(default)s)")
    parser.add_argument("--depth", type=int, default=100_000, help="levels of nesting (default: %(default)s)")
    parser.add_argument("--sparse-gb", type=float, default=3.0, help="size of the sparse file (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the byte flips (default: %(default)s)")
    parser.add_argument("--groups", nargs="+", choices=["mutations", "fs", "bombs", "queries"], help="only these")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every case's outcome here")
    parser.add_argument(
        "--no-locate",
        action="store_true",
        help="do not run an internal error again with SOUNDBITE_DEBUG=1 to find where it was raised",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per case on stderr")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if not (root / "indexer" / "__main__.py").is_file():
        parser.error(f"{root} is not a soundbite checkout (no indexer/__main__.py)")
    runner = Runner(root, args.budget, args.max_memory, args.verbose, not args.no_locate)
    imported = subprocess.run(
        [sys.executable, "-c", "import indexer; print(indexer.__file__)"],
        env=runner.env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not Path(imported or "/").is_relative_to(root):
        parser.error(f"python -m indexer would import {imported or 'nothing'}, not {root}'s")
    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="soundbite-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    wanted = set(args.groups or ["mutations", "fs", "bombs", "queries"])
    started = time.monotonic()
    try:
        steps = [
            ("mutations", lambda: run_mutations(runner, work / "mutations", args.seed, args.repeat, args.depth)),
            ("fs", lambda: run_fs_oddities(runner, work / "fs", args.sparse_gb)),
            ("bombs", lambda: run_bombs(runner, work / "bombs")),
            ("queries", lambda: run_queries(runner, work / "queries", root / "seeds")),
        ]
        for name, step in steps:
            if name in wanted:
                print(f"hostile: {name} ...", file=sys.stderr)
                step()
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - started
    sys.path.insert(0, str(here))
    from procstat import save_results

    save_results("hostile", report(runner.outcomes, seconds), {"cases": len(runner.outcomes)})
    if args.json:
        summary = {
            "root": str(root),
            "budget": args.budget,
            "seconds": round(seconds, 1),
            "cases": [o.to_json() for o in runner.outcomes],
        }
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=True) + "\n")
    return 1 if any(o.verdict != HANDLED for o in runner.outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
