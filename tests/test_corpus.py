"""The real corpus in ../shared/corpus: every format folder indexed, checked per folder.

Skipped when ../shared is absent (a user's clone); required in CI. The index
is built once through the real writer; the assertions read it back.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import shared_path

from indexer.engine.storage import store
from indexer.engine.storage.stored import with_transcript
from indexer.engine.storage.writer import index_paths

pytestmark = [pytest.mark.shared, pytest.mark.slow]  # the whole corpus, indexed once (about 30 s)

FOLDERS = ("srt", "vtt", "speaker-lines", "messy")
MARKUP = re.compile(r"<[A-Za-z/!][^>]*>|-->|>>|&(?:[a-z]+|#\d+);|\{\\|^WEBVTT|\d\d:\d\d:\d\d[,.]\d\d\d")

# Files that are broken or empty on purpose, and what soundbite says about them.
EXPECTED_SKIPS = {
    "messy/go-astisub/broken-1-in.vtt": "not a valid vtt file",
    "messy/webvtt-py/empty.vtt": "empty file",
    "messy/webvtt-py/invalid_format1.srt": "not a valid srt file",
    "messy/webvtt-py/invalid_format2.srt": "not a valid srt file",
    "messy/webvtt-py/invalid_format3.srt": "not a valid srt file",
    "messy/webvtt-py/invalid_format4.srt": "no transcript text found",
    "messy/webvtt-py/no_captions.vtt": "no transcript text found",
    "speaker-lines/spacelog/ma7/MEDIA": "empty file",
    # Mission media logs: pictures (their metalines), no words said.
    **{f"speaker-lines/spacelog/{m}/MEDIA": "no transcript text found" for m in ("a8", "a11", "a13", "ma6", "ma8")},
}
# The mission format's own documentation: text files without a transcript in them.
NOT_TRANSCRIPTS = {"speaker-lines/spacelog/_format-doc/README", "speaker-lines/spacelog/_format-doc/MEDIA"}
# Spacelog's onboard and Gemini transcripts list a few entries out of time order in the source.
SOURCE_DISORDER = {
    "speaker-lines/spacelog/a11/CM",
    "speaker-lines/spacelog/g3/TEC",
    "speaker-lines/spacelog/g4/TEC",
    "speaker-lines/spacelog/g6/TEC",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = shared_path("corpus")
    index_dir = tmp_path_factory.mktemp("corpus-index")
    report = index_paths(index_dir, [str(root / folder) for folder in FOLDERS])
    index = store.open_for_search(index_dir)
    by_file: dict[str, list[dict]] = defaultdict(list)
    with index.searcher() as searcher:
        shared: dict = {}
        for _docnum, stored in searcher.reader().iter_docs():
            fields = with_transcript(searcher, stored, shared)  # with the fields kept once a transcript
            by_file[Path(fields["path"]).relative_to(root.resolve()).as_posix()].append(fields)
    for passages in by_file.values():
        passages.sort(key=lambda f: f["passage"])
    files = {
        path.relative_to(root).as_posix() for folder in FOLDERS for path in (root / folder).rglob("*") if path.is_file()
    }
    return root, report, by_file, files


def test_every_file_indexes_or_is_skipped_with_its_reason(corpus):
    root, report, by_file, files = corpus
    skipped = {Path(p.path).relative_to(root.resolve()).as_posix(): p.reason for p in report.skipped}
    assert skipped.keys() == EXPECTED_SKIPS.keys()
    for path, reason in EXPECTED_SKIPS.items():
        assert reason in skipped[path], path
    sidecars = {f for f in files if f.endswith(".json") and f[:-5] + ".said" in files}
    expected = files - EXPECTED_SKIPS.keys() - NOT_TRANSCRIPTS - sidecars
    assert set(by_file) == expected
    assert report.transcripts == len(expected) and report.missing == []
    assert all(by_file[f] for f in expected)


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_markup_survives_into_passage_text(corpus, folder):
    _, _, by_file, _ = corpus
    dirty = [
        (path, f["passage"], f["text"][:80])
        for path, passages in by_file.items()
        if path.startswith(folder + "/")
        for f in passages
        if MARKUP.search(f["text"]) or MARKUP.search(f.get("speaker", ""))
    ]
    assert dirty == []


@pytest.mark.parametrize("folder", FOLDERS)
def test_starts_never_go_back_within_a_transcript(corpus, folder):
    _, _, by_file, _ = corpus
    for path, passages in by_file.items():
        if not path.startswith(folder + "/"):
            continue
        starts = [f["start"] for f in passages if "start" in f]
        inversions = sum(1 for a, b in itertools.pairwise(starts) if b < a)
        if path in SOURCE_DISORDER:
            assert inversions <= len(starts) // 100, path
        else:
            assert inversions == 0, path


def speakers(by_file, path):
    return {f["speaker"] for f in by_file[path] if f.get("speaker")}


def test_caption_speakers_from_labels_voice_tags_and_chevrons(corpus):
    _, _, by_file, _ = corpus
    assert speakers(by_file, "srt/subsrt/sample.srt") == {"Alice", "John"}
    assert speakers(by_file, "vtt/podcast-namespace/example.vtt") == {"Sarah", "Gillian"}
    assert speakers(by_file, "srt/podcast-namespace/example.srt") == {
        "Travis",
        "Sarah",
        "Gilon",
    }  # as the file spells it
    assert speakers(by_file, "srt/transcriptator/podcasting_20_episode_124.srt") == {
        "Adam Curry",
        "Dave Jones",
        "Unknown",  # the file's own label
    }
    assert speakers(by_file, "vtt/talk-python/555-marimo-pair.vtt") == {"Michael Kennedy", "Trevor Manz"}
    assert speakers(by_file, "srt/pycaption/example.srt") == {
        *("Actor As Einstein", "Besso", "Bodanis", "Davy", "Du Chatelet", "Einstein", "Fara", "Faraday", "Gates"),
        *("Kaiser", "Kaku", "Lavoisier", "Lithgow", "Man", "Man 2", "Maric", "Marie Anne", "Maupertuis", "Mileva"),
        *("Minister", "Narrator", "Sime", "Supervisor", "Woman", "Zinsser"),
    }
    assert speakers(by_file, "vtt/transcriptator/podnews_daily_2024-01-25.vtt") == {"Speaker 1"}
    # Auto-captions and films without labels have no speakers, and no credits as speakers.
    assert speakers(by_file, "vtt/us-presidential-debates/2016-09-26.vtt") == set()
    assert speakers(by_file, "srt/subtitle.js/ManOfSteel.srt") == set()


def test_caption_times_are_read_not_estimated(corpus):
    _, _, by_file, _ = corpus
    for path, passages in by_file.items():
        if path.startswith(("srt/", "vtt/")):
            assert all("start" in f and "end" in f for f in passages), path
            assert not any(f["estimated"] for f in passages if f["passage"] == 1), path
    first = by_file["vtt/transcriptator/podnews_daily_2024-01-25.vtt"][0]
    assert (first["start"], first["speaker"]) == (0.86, "Speaker 1")


# Every Changelog episode's speakers, exactly: `**Break:**`, `**Sample:**`, `**Jingle:**` and
# `**Outro:**` mark moments, not people; listeners' voicemails (`**Hal:**`) are people.
CHANGELOG_SPEAKERS = {
    "away-from-keyboard-7.md": {"Suz Hinton", "Tim Smith"},
    "backstage-19.md": {"Adam Stacoviak", "Jerome Hardaway"},
    "big-tent-s1e3.md": {"Björn Rabenstein", "Mat Ryer", "Matthias Loibl", "Tom Wilkie"},
    "brain-science-32.md": {"Adam Stacoviak", "Elisha Goldstein, PhD", "Mireille Reece, PsyD"},
    "changelog--friends-20.md": {"Adam Stacoviak", "Breakmaster Cylinder", "Jerod Santo", "Moby"},
    "changelog-news-2.md": {"Jerod Santo"},
    "founders-talk-65.md": {"Adam Stacoviak", "Saron Yitbarek"},
    "go-time-1.md": {"Brian Ketelsen", "Carlisia Thompson", "Erik St. Martin"},
    "go-time-250.md": {
        *("Ale Kennedy", "Bill Kennedy", "Christian Haas", "Egon Elbre", "Mat Ryer", "Ole Bulbuk", "Ron Evans"),
        "conejoninja",  # `**conejoninja**:`, a handle labelled in bold
    },
    "js-party-185.md": {"Adam Stacoviak", "Feross Aboukhadijeh", "Jerod Santo", "Nick Nisi"},
    "practical-ai-135.md": {"Daniel Whitenack", "Jerod Santo", "José Valim"},
    "request-for-commits-11.md": {"Brendan Eich", "Mikeal Rogers", "Nadia Eghbal"},
    "ship-it-59.md": {"Ben Johnson", "Gerhard Lazu"},
    "spotlight-15.md": {"Adam Stacoviak", "Jerod Santo", "Tim Smith"},
    "the-changelog-103.md": {"Adam Stacoviak", "Andrew Thorp", "Sid Sijbrandij"},
    "the-changelog-571.md": {
        *("AJ", "Abi Noda", "Adam Stacoviak", "Alex", "Amal Hussein", "Arthur", "Brett", "Cameron Seay"),
        *("Hal", "Jamie", "Jarvis", "Jerod Santo", "Matteo Collina", "Mikhail", "Sarah", "Schalk", "Tillman"),
    },
}
# Speakers a debate's sidecar lists who never speak in its transcript.
DEBATE_SILENT = {
    "1960-10-07.said": {"Announcer offscreen"},
    "1960-10-21.said": {"Announcer offscreen"},
}


def test_debate_speakers_and_roles_are_the_sidecars(corpus):
    root, _, by_file, files = corpus
    debates = sorted(f for f in files if f.startswith("speaker-lines/us-presidential-debates/") and f.endswith(".said"))
    assert len(debates) == 35
    for path in debates:
        sidecar = json.loads((root / path).with_suffix(".json").read_text(encoding="utf-8"))
        name = path.rsplit("/", 1)[1]
        silent = DEBATE_SILENT.get(name, set())
        listed = {(s["fullName"], s["role"]) for s in sidecar["speakers"] if s["fullName"] not in silent}
        passages = by_file[path]
        assert {(f["speaker"], f["role"]) for f in passages} == listed, path
        assert all(f["estimated"] for f in passages), path  # times from the sidecar's duration
        assert passages[0]["start"] == 0 and passages[-1]["end"] == sidecar["durationSeconds"], path


def test_changelog_speakers_and_break_times(corpus):
    _, _, by_file, _ = corpus
    folder = "speaker-lines/changelog/"
    assert {path.removeprefix(folder): speakers(by_file, path) for path in by_file if path.startswith(folder)} == (
        CHANGELOG_SPEAKERS
    )
    # `**Break:** \\[29:18\\] to \\[29:22\\]`: the next voice starts when the break ends.
    after_break = next(f for f in by_file[folder + "big-tent-s1e3.md"] if f.get("start") == 29 * 60 + 22)
    assert (after_break["speaker"], after_break["text"][:30]) == ("Mat Ryer", "So we talked a bit earlier abo")


def test_speaker_line_transcripts_have_their_speakers(corpus):
    _, _, by_file, _ = corpus
    assert speakers(by_file, "speaker-lines/us-presidential-debates/2020-09-29.said") == {
        "Chris Wallace",
        "Donald J Trump",
        "Joe R Biden",
    }
    assert {"Jen Psaki", "Q"} == speakers(
        by_file,
        "speaker-lines/wh-briefings/2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021.md",
    )
    assert {"CDR", "CC", "CMP", "LMP"} <= speakers(by_file, "speaker-lines/spacelog/a11/TEC")
    assert speakers(by_file, "speaker-lines/spacelog/vostok1/en") == {
        *("Cedar", "Dawn 1 (Bykov)", "Dawn 1 (Galay)", "Dawn 1 (Kamanin)", "Dawn 1 (Korolev)", "Dawn 1 (Popovych)"),
        *("Dawn 1 (Rudnev)", "Dawn 2 (Seleznev)", "Dawn 2 (Titarev)", "Dawn 3 (Karpenko)", "Vesna (Horoshylov)"),
        "Vesna (Kadushkin)",
    }
    assert speakers(by_file, "speaker-lines/talk-python/555-marimo-pair.txt") == {
        "Michael Kennedy",
        "Trevor Manz",
    }
    assert {"Stephan Livera", "Greg Sanders"} == speakers(
        by_file, "speaker-lines/bitcointranscripts/2023-03-06-greg-sanders.md"
    )
    buzzcast = {"Alban", "Dave", "Kevin", "Tom", "Travis"}
    assert speakers(by_file, "speaker-lines/podcast-html-json/buzzcast.html") == buzzcast
    assert speakers(by_file, "speaker-lines/podcast-html-json/buzzcast.json") == buzzcast


def test_mission_times_include_the_countdown(corpus):
    _, _, by_file, _ = corpus
    first = by_file["speaker-lines/spacelog/mr3/PAO"][0]
    assert (first["speaker"], first["start"]) == ("PAO", -4.0)


def test_legacy_encodings_are_decoded(corpus):
    _, _, by_file, _ = corpus
    text = " ".join(f["text"] for f in by_file["messy/subtitleedit/auto_detect_windows-1250.srt"])
    assert "Đino" in text and "ć" in text
    text = " ".join(f["text"] for f in by_file["messy/subtitleedit/auto_detect_windows-1251.srt"])
    assert re.search("[а-яА-Я]{4}", text)
    text = " ".join(f["text"] for f in by_file["messy/cdown-srt/gb2312.srt"])
    assert re.search("[\u4e00-\u9fff]", text)
    text = " ".join(f["text"] for f in by_file["messy/pysrt/windows-1252.srt"])
    assert "ÉVÉNEMENTS" in text
