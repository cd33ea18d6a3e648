"""Every word a transcript gives, in order, and nothing else: the real corpus against an oracle.

For every file of ../shared/corpus and a sample of each large corpus in
../shared/large, the words soundbite's passages hold are compared with the
words the file says by its format's definition alone (`speech.said`): what the
format defines as not speech (markup, cue numbers and settings, timestamps,
headers) and the documented rules of `speech.RULES` (sound cues, adverts,
rolling captions, zero-length cues, one language, time order, headings,
labels) are the only differences allowed. Speakers' names are compared as
names: a label is the passage's speaker, not its text.

A refused file must say nothing the oracle can find, or be a file that is not
in the format its name says (a documented refusal, `MISLABELLED`).
"""

from __future__ import annotations

import difflib
import tarfile
import zlib
from pathlib import Path

import pytest
import speech
from conftest import shared_path

from indexer.errors import UnreadableFile
from indexer.transcripts import sources
from indexer.transcripts.decode import decode

pytestmark = [pytest.mark.shared, pytest.mark.slow]

FOLDERS = ("messy", "other", "peers", "speaker-lines", "srt", "vtt")
# One file in this many of each large corpus (chosen by a checksum of its name: the same files each run).
LARGE = {"wh-briefings": 100, "talk-python-transcripts": 20, "changelog-transcripts": 25}
# Refused because the file is not in the format its name says (`invalid_format2.srt`: `1`, `some text`).
MISLABELLED = "not a valid"


def differences(root: Path) -> tuple[int, list[str]]:
    """How many files were compared under `root`, and a line for each that differs from the oracle."""
    root = root.resolve()  # (discovery resolves links: ../shared may be one)
    found = sources.discover([str(root)])
    problems: list[str] = []
    for source in found.files:
        name = source.path.relative_to(root).as_posix()
        text, _ = decode(source.path.read_bytes(), name)
        try:
            transcripts = list(sources.iter_transcripts(source, None, None, None, []))
        except sources.NotATranscript:
            continue  # a file without an extension that is no transcript (the mission format's own README)
        except UnreadableFile as refused:
            said = speech.said(_by_extension(source.path), source.path, text) or []
            if said and MISLABELLED not in refused.reason:
                problems.append(f"{name}: refused ({refused.reason}), but it says {' '.join(said[:12])}")
            continue
        problem = difference(source.path, text, transcripts)
        if problem:
            problems.append(f"{name}: {problem}")
    return len(found.files), problems


def difference(path: Path, text: str, transcripts) -> str | None:
    """Where the passages' words part from the oracle's, or None where they agree word for word."""
    passages = [p for t in transcripts for p in t.passages]
    names = speech.speaker_names(passages)
    said = speech.said(transcripts[0].format, path, text, names)
    assert said is not None, f"{path}: the oracle has no reading of {transcripts[0].format}"
    expected = [w for w in said if w not in names]
    got = [w for p in passages for w in speech.words(p.text) if w not in names]
    if expected == got:
        return None
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    op, a1, a2, b1, b2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    return (
        f"{op} (as {transcripts[0].format}): the file says …{' '.join(expected[max(0, a1 - 6) : a2 + 3])}…, "
        f"the passages hold …{' '.join(got[max(0, b1 - 6) : b2 + 3])}…"
    )


def _by_extension(path: Path) -> str:
    formats = {".srt": "srt", ".vtt": "vtt", ".sbv": "sbv", ".dfxp": "dfxp", ".ttml": "ttml", ".smi": "sami"}
    formats |= {".scc": "scc", ".ass": "substation", ".ssa": "substation", ".html": "archive-html"}
    return formats.get(path.suffix.lower(), "plain")


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_word_of_the_corpus_reaches_its_passages_in_order_and_nothing_else(folder):
    compared, problems = differences(shared_path("corpus", folder))
    assert compared > 0
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("archive", "every"), LARGE.items())
def test_every_word_of_a_sample_of_each_large_corpus(archive, every, tmp_path):
    with tarfile.open(shared_path("large", f"{archive}.tar.xz")) as tar:
        for member in tar:
            transcript = member.name.endswith((".md", ".txt", ".vtt", ".srt")) and "/README" not in member.name
            if member.isfile() and transcript and zlib.crc32(member.name.encode()) % every == 0:
                target = tmp_path / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
    compared, problems = differences(tmp_path)
    assert compared >= 50
    assert not problems, "\n".join(problems)


# --- the oracle's own rules, each on a fixture of its own --------------------------------------------


def test_the_oracle_reads_a_caption_file_by_the_format_alone():
    text = (
        "WEBVTT\nKind: captions\n\nNOTE a comment\nover lines\n\nSTYLE\n::cue { color: red }\n\n"
        "intro\n00:00:01.000 --> 00:00:02.000 align:start\n<v Anne>Hello <b>there</b> &amp; you\n\n"
        "00:00:03.000 --> 00:00:03.000\nnever shown\n\n"
        "00:00:04.000 --> 00:00:05.000\n[APPLAUSE]\n>> BOB: Downloaded from www.allsubs.org\n\n"
        "00:00:00.500 --> 00:00:00.900\nfirst of all\n"
    )
    assert speech.said("vtt", Path("x.vtt"), text) == ["first", "of", "all", "hello", "there", "you"]


def test_the_oracle_reads_a_turns_file_by_the_format_alone():
    text = (
        "---\ntitle: A briefing\n---\n\n## Remarks\n\n2:35 P.M. EST\n\n"
        "**Jen Psaki:** \\[00:01:02\\] We meant \\[million\\] and \\[laughs\\] more [on the site](https://x.y).\n\n"
        "Q: It'll be out at\n8:30 Eastern.\n\n**Break:** \\[29:18\\] to \\[29:22\\]\n"
    )
    said = speech.said("turns", Path("x.md"), text)
    assert said == "jen psaki we meant million and more on the site q it'll be out at 8 30 eastern".split()


def test_the_oracle_drops_rolling_repeats_only_in_a_file_that_rolls():
    rolling = ["one\ntwo", "two\nthree", "three\nfour", "four\nfive"]
    assert speech.unrolled(rolling) == ["one\ntwo", "three", "four", "five"]
    said_twice = ["A la fourgonnette!", "Vite!", "A la fourgonnette!"]
    assert speech.unrolled(said_twice) == said_twice


def test_the_oracle_reads_one_language_and_time_order():
    assert speech.one_language([("en", "a"), ("fr", "b"), ("en", "c"), ("", "d")]) == ["a", "c", "d"]
    assert speech.in_time_order([(2.0, ["late"]), (1.0, ["early"]), (2.0, ["tie"])]) == [["early"], ["late"], ["tie"]]


def test_a_difference_names_the_file_the_words_and_where():
    class Passage:
        def __init__(self, text):
            self.text, self.speaker, self.label = text, "", ""

    class Transcript:
        format = "vtt"

        def __init__(self):
            self.passages = [Passage("one two four")]

    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none two three four\n"
    problem = difference(Path("x.vtt"), text, [Transcript()])
    assert problem == "delete (as vtt): the file says …one two three four…, the passages hold …one two four…"
