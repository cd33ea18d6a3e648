"""A hit at the second its words were said (issue 30): word times kept from every timed format.

Each caption format holds six cues that merge into one passage of about 22 seconds: a word late in it is
reported at its own second (`at`), read where a cue or a word time gives it, else interpolated between the
times around it, never the passage's start. Written from each format's definition (our own fixtures).
"""

from __future__ import annotations

import pytest

from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths

LINES = [
    "Good evening and welcome to the programme tonight",
    "we look at the state of the harbour works",
    "and the cost of the ferry crossing this year",
    "the minister spoke to reporters on Monday",
    "tolls on the new bridge will rise",
    "and she said the economy would recover by spring.",
]
# Cue n (from 0) runs from 10 + 5n to 14 + 5n seconds.
START = [10 + 5 * n for n in range(len(LINES))]


def clock(seconds: float, sep: str = ",") -> str:
    return f"00:00:{int(seconds):02d}{sep}{round((seconds % 1) * 1000):03d}"


def srt() -> str:
    return "\n".join(
        f"{n + 1}\n{clock(s)} --> {clock(s + 4)}\n{t}\n" for n, (s, t) in enumerate(zip(START, LINES, strict=True))
    )


def vtt(inline: bool = False) -> str:
    cues = []
    for s, text in zip(START, LINES, strict=True):
        words = text.split()
        if inline:  # each word after the first at its own time, half a second apart
            text = words[0] + "".join(f"<{clock(s + 0.5 * i, '.')}><c> {w}</c>" for i, w in enumerate(words[1:], 1))
        cues.append(f"{clock(s, '.')} --> {clock(s + 4, '.')}\n{text}\n")
    return "WEBVTT\n\n" + "\n".join(cues)


def sbv() -> str:
    return "\n".join(f"0:00:{s:02d}.000,0:00:{s + 4:02d}.000\n{t}\n" for s, t in zip(START, LINES, strict=True))


def ass() -> str:
    events = "\n".join(
        f"Dialogue: 0,0:00:{s:02d}.00,0:00:{s + 4:02d}.00,Default,,0,0,0,,{t}"
        for s, t in zip(START, LINES, strict=True)
    )
    return (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" + events + "\n"
    )


def sami() -> str:
    syncs = "".join(
        f'<SYNC Start="{s * 1000}"><P Class="ENCC">{t}</P></SYNC>\n' for s, t in zip(START, LINES, strict=True)
    )
    end = START[-1] * 1000 + 4000
    return f'<SAMI><HEAD><TITLE>t</TITLE></HEAD><BODY>\n{syncs}<SYNC Start="{end}"><P>&nbsp;</P></SYNC></BODY></SAMI>\n'


def ttml() -> str:
    ps = "".join(
        f'<p begin="{clock(s, ".")}" end="{clock(s + 4, ".")}">{t}</p>' for s, t in zip(START, LINES, strict=True)
    )
    return f'<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en"><body><div>{ps}</div></body></tt>\n'


FORMATS = {
    "news.srt": srt,
    "news.vtt": vtt,
    "inline.vtt": lambda: vtt(inline=True),
    "news.sbv": sbv,
    "news.ass": ass,
    "news.smi": sami,
    "news.ttml": ttml,
}


@pytest.fixture(scope="module")
def timed_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timed")
    for name, make in FORMATS.items():
        (folder / name).write_text(make(), encoding="utf-8")
    (folder / "plain.txt").write_text("ANNA LEE: The harbour works run late this year.\n", encoding="utf-8")
    index_paths(folder / "ix", [str(folder)])
    return folder / "ix"


def hit_in(index, word: str, transcript: str):
    found = [h for h in search(index, word, limit=0).hits if h.transcript.id == transcript]
    assert len(found) == 1, (word, transcript, [h.transcript.id for h in search(index, word, limit=0).hits])
    return found[0]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_word_late_in_a_long_passage_is_found_at_its_second(timed_index, name):
    transcript = name.rsplit(".", 1)[0] if name.startswith("inline") else name
    tolls = hit_in(timed_index, "tolls", transcript)
    assert tolls.passage.start == 10.0 and tolls.passage.end >= 33.9  # one passage of the six cues
    assert tolls.at == pytest.approx(30.0, abs=0.01)  # it opens the fifth cue: its time as read
    assert tolls.at_estimated is False
    economy = hit_in(timed_index, "economy", transcript)
    # The fifth word of the sixth cue (35-39 s): at 37 s with word times, 36.8 spread over the cue's words.
    assert economy.at == pytest.approx(37.0, abs=0.5)
    assert economy.at_estimated is (name != "inline.vtt")


def test_inline_word_times_are_read_as_said(timed_index):
    harbour = hit_in(timed_index, "harbour", "inline")
    assert (harbour.at, harbour.at_estimated) == (15 + 0.5 * 7, False)  # the eighth word of the second cue


def test_a_file_without_times_says_so(timed_index):
    hit = hit_in(timed_index, "harbour", "plain")
    assert (hit.passage.start, hit.at, hit.at_estimated) == (None, None, True)


def test_words_of_a_speech_to_text_service_are_found_at_their_own_start(tmp_path):
    from pathlib import Path

    services = Path(__file__).resolve().parent / "services"
    index_paths(tmp_path / "ix", [str(services / "assemblyai-words.json")])
    hit = next(iter(search(tmp_path / "ix", "March").hits))
    assert hit.passage.start == 0.5 and hit.passage.end == 12.6
    assert (hit.at, hit.at_estimated) == (12.3, False)  # "March." at 12,300 ms in the word list


def test_times_are_stored_compactly_and_read_back(timed_index):
    from indexer.engine.storage.schema import _times_read, _times_stored
    from indexer.model import Passage

    passage = Passage(1, "a b c d e f", start=10.0, end=20.0, times=((2, 12.5), (4, 15.0), (6, 20.0)))
    flat = _times_stored(passage)
    assert flat == [2, 250, 2, 250, 2, 500]
    assert _times_read(flat, 10.0) == passage.times


def test_near_measures_between_the_words_inside_one_long_passage(timed_index):
    def found(query: str) -> set[str]:
        return {hit.transcript.id for hit in search(timed_index, query, limit=0).hits}

    # One passage of 10-39 s: "welcome" at 11.5 s, "cost" at 20.9 s, "tolls" at 30 s (SRT: times by cue).
    assert "news.srt" in found("welcome NEAR/15s cost")  # 9.4 s apart
    assert "news.srt" not in found("welcome NEAR/15s tolls")  # 18.5 s apart, in the same passage
    assert "news.srt" in found("welcome NEAR/20s tolls")
    assert "inline" in found("harbour NEAR/15s tolls")  # 18.5 s and 30 s, word times
    assert "inline" not in found("welcome NEAR/10s tolls")


def test_show_gives_a_time_every_sentence_and_cue_where_the_file_has_them(timed_index):
    from test_commands import run

    from indexer.cli import commands

    code, out, _, _ = run(commands.show, transcript="news.srt", index=timed_index, at="32.3")
    assert code == 0
    assert out.splitlines()[1:] == [
        "> #1       00:10",
        "         00:10  Good evening and welcome to the programme tonight",
        "         00:15  we look at the state of the harbour works",
        "         00:20  and the cost of the ferry crossing this year",
        # Two cues within a line's width share a line: a line every sentence, cues only where it runs long.
        "         00:25  the minister spoke to reporters on Monday tolls on the new bridge will rise",
        "         00:35  and she said the economy would recover by spring.",
    ]
    code, out, _, _ = run(commands.show, transcript="plain", index=timed_index)
    assert out.splitlines()[2].startswith("        ") and "00:" not in out.splitlines()[2]  # no times: one line


def test_line_starts_break_at_sentences_and_at_cues_in_long_sentences():
    from indexer.cli.render import line_starts
    from indexer.model import Passage

    text = "One two three. Four five six seven eight nine."
    # Cues: words 0-2, 3-5, 6-8 (a cue boundary is a word count given twice: one cue's end, the next's start).
    timed = Passage(1, text, start=5.0, end=14.0, times=((3, 8.0), (3, 8.5), (6, 11.0), (6, 11.5), (9, 14.0)))
    assert line_starts(timed) == [0, text.index("Four")]  # sentences only: every line fits
    assert line_starts(timed, width=20) == [0, text.index("Four"), text.index("seven")]  # a long one at its cue
    assert line_starts(Passage(1, text, start=5.0, end=14.0)) == [0]  # no times inside: one line


def test_a_full_hit_gives_a_time_every_line_with_its_matches_marked(timed_index):
    from typer.testing import CliRunner

    from indexer.cli.app import app
    from indexer.cli.render import MATCH_STYLE
    from indexer.cli.render.hits import _fragment_lines
    from indexer.model import SearchOptions

    done = CliRunner().invoke(app, ["search", "minister", "-t", "news.srt", "--full", "--index", str(timed_index)])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[:6] == [
        "news.srt  ~00:25",  # "minister" is the second word of cue 4 (25-29 s)
        "    00:10  Good evening and welcome to the programme tonight",
        "    00:15  we look at the state of the harbour works",
        "    00:20  and the cost of the ferry crossing this year",
        "    00:25  the minister spoke to reporters on Monday tolls on the new bridge will rise",
        "    00:35  and she said the economy would recover by spring.",
    ]
    (hit,) = search(timed_index, "minister", options=SearchOptions(full=True, transcript="news.srt")).hits
    lines = _fragment_lines(hit.snippet, hit.passage)
    assert [text for text, style in lines[3] if style == MATCH_STYLE] == ["minister"]  # marked on its line


def test_clips_are_cut_around_the_matched_words_or_the_whole_passage(timed_index):
    from indexer.cli.export import ClipCounts, clips

    def cut(word: str, transcript: str, pad: float = 0.0, whole: bool = False):
        hit = hit_in(timed_index, word, transcript)
        (clip,) = clips([(hit, "id")], pad, ClipCounts(), whole_passage=whole)
        return round(clip.start, 3), round(clip.end, 3), clip.estimated

    # "tolls" opens cue 5 (30 s); the word after it is said at 30.57 s: a clip of at least a second.
    assert cut("tolls", "news.srt") == (30.0, 31.0, True)
    assert cut("economy", "news.srt", pad=1.0) == (35.778, 38.778, True)
    # With word times, read: "harbour" at 18.5 s, the next word at 19 s (a second at least).
    assert cut("harbour", "inline") == (18.5, 19.5, False)
    assert cut("economy", "news.srt", pad=1.0, whole=True) == (9.0, 39.0, False)  # (not past its 39 s)


# The speech-to-text fixtures all say the Kelso script; their word lists put "rebuild" at 10.1 s.
WORD_LISTS = [
    "assemblyai-words", "deepgram-multichannel", "google-channels-operation", "google-v1-diarized", "google-v2",
    "revai", "speechmatics", "transcribe-call-analytics", "transcribe-channels", "transcribe-diarized",
    "transcribe-old", "watson",
]  # fmt: skip
SEGMENTS = ["assemblyai", "azure-batch", "azure-fast", "azure-stereo", "deepgram-utterances", "rev-human", "whispercpp"]


@pytest.fixture(scope="module")
def services_index(tmp_path_factory):
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "services"
    index = tmp_path_factory.mktemp("services") / "ix"
    index_paths(index, [str(folder / f"{name}.json") for name in WORD_LISTS + SEGMENTS])
    return index


@pytest.mark.parametrize("name", WORD_LISTS + SEGMENTS)
def test_each_service_s_words_are_found_at_their_second(services_index, name):
    hit = hit_in(services_index, "rebuild", name)
    assert hit.at == pytest.approx(10.1, abs=0.5)
    # A word list's time is read (10.1 s exactly); a segment's words are spread over the segment.
    assert (hit.at == 10.1 and hit.at_estimated is False) if name in WORD_LISTS else hit.at_estimated


def test_scc_captions_keep_each_caption_s_time(tmp_path):
    # Ruth's three captions merge into one passage from 1.47 s; "Crews" opens the one shown at 00:00:04;12.
    from pathlib import Path

    scc = Path(__file__).resolve().parent / "broadcast" / "WXYZ_20260101_230000_Evening_Report.cc5.scc"
    index_paths(tmp_path / "ix", [str(scc)])
    (hit,) = search(tmp_path / "ix", "crews").hits
    assert hit.passage.start == pytest.approx(1.468, abs=0.001)
    assert hit.at == pytest.approx(4 + 12 / 29.97, abs=0.01) and hit.at_estimated is False
    (hit,) = search(tmp_path / "ix", "channel").hits  # the last word of that caption, before 7.47 s
    assert 4.4 < hit.at < 7.48 and hit.at_estimated


def test_whisper_json_words_and_podcast_word_segments_keep_each_word_s_time(tmp_path):
    import json

    words = "and she said the economy would recover by spring".split()
    whisper = {
        "text": " Good evening. " + " ".join(words),
        "segments": [
            {"id": 0, "start": 0.0, "end": 1.2, "text": " Good evening,", "words": []},
            {
                "id": 1,
                "start": 1.5,
                "end": 21.0,
                "text": " " + " ".join(words) + ".",
                "words": [{"word": f" {w}", "start": 1.5 + 2 * i, "end": 2.9 + 2 * i} for i, w in enumerate(words)],
            },
        ],
        "language": "en",
    }
    (tmp_path / "whisper.json").write_text(json.dumps(whisper), encoding="utf-8")
    # Podcasting 2.0 JSON, a segment a word (as many services write it).
    podcast = {
        "version": "1.0.0",
        "segments": [{"startTime": 3.0 + i, "endTime": 3.8 + i, "body": w} for i, w in enumerate(words)],
    }
    (tmp_path / "podcast.json").write_text(json.dumps(podcast), encoding="utf-8")
    index_paths(tmp_path / "ix", [str(tmp_path / "whisper.json"), str(tmp_path / "podcast.json")])
    found = {h.transcript.id: h for h in search(tmp_path / "ix", "economy", limit=0).hits}
    assert (found["whisper"].at, found["whisper"].at_estimated) == (1.5 + 2 * 4, False)  # the fifth word
    assert (found["podcast"].at, found["podcast"].at_estimated) == (3.0 + 4, False)


def test_a_hit_s_text_gives_each_fragment_its_time(timed_index):
    from indexer.cli.render.hits import _fragment_lines

    hit = hit_in(timed_index, "economy", "news.srt")
    lines = ["".join(text for text, _ in line) for line in _fragment_lines(hit.snippet, hit.passage)]
    # The fragment opens at "spoke", the third word of cue 4 (25-29 s, seven words): said at about 26.1 s;
    # the last cue opens a line of its own (the two before it would run past a line's width).
    assert lines == [
        "    ~00:26  … spoke to reporters on Monday tolls on the new bridge will rise",
        "    00:35  and she said the economy would recover by spring.",
    ]
    (plain,) = _fragment_lines(
        hit_in(timed_index, "harbour", "plain").snippet, hit_in(timed_index, "harbour", "plain").passage
    )
    assert "".join(text for text, _ in plain) == "    The harbour works run late this year."  # no times: none shown


def test_near_takes_an_estimated_passage_s_span_from_the_columns(tmp_path, monkeypatch):
    """Words in an estimated passage have no times of their own: NEAR measures from its span (two words
    at either end of it are 0 s apart), read from the columns without the passage's stored record."""
    from whoosh.reading import SegmentReader

    from indexer.engine.querying.near import split_near
    from indexer.engine.querying.search import near_pairs, near_queries
    from indexer.engine.storage import store
    from indexer.model import SearchOptions

    filler = " ".join(["and the crews worked on through the night"] * 12)
    (tmp_path / "harbour.txt").write_text(
        f"2:00\nHarbour report.\nThe drought came first {filler} and then the climate talks.\n"
        "Jane Doe, Example News, Lagos, Nigeria.\n",
        encoding="utf-8",
    )
    (tmp_path / "news.srt").write_text(srt(), encoding="utf-8")
    index_paths(tmp_path / "ix", [str(tmp_path)])
    (estimated,) = [h for h in search(tmp_path / "ix", "drought", limit=0).hits]
    assert estimated.passage.estimated and estimated.passage.end - estimated.passage.start > 20
    read: list[int] = []
    original = SegmentReader.stored_fields
    monkeypatch.setattr(SegmentReader, "stored_fields", lambda self, doc: read.append(doc) or original(self, doc))
    index = store.open_for_search(tmp_path / "ix")
    for query, transcripts in (("drought NEAR/1s climate", ["harbour"]), ("welcome NEAR/15s tolls", [])):
        left, right, seconds = near_queries(index, split_near(query), SearchOptions())
        with index.searcher() as searcher:
            found = near_pairs(searcher, left, right, seconds)
            assert [searcher.stored_fields(a)["transcript"] for _, a, _ in found] == transcripts, query
    assert len(read) == 1 + 2  # the hit's record; the timed passage's, a side each (welcome, tolls): no more
