"""`A NEAR/Ns B`: both sides said within N seconds, across the passages of one transcript.

The fixtures are captions whose cue times say exactly how far apart the
passages are (alternating voices, so every cue is its own passage), a news
video whose times are estimated from its duration line, and a transcript
with no times at all.
"""

from __future__ import annotations

import json

import pytest
from test_commands import run

from indexer.cli import commands
from indexer.engine.features.trend import trend
from indexer.engine.querying.near import split_near
from indexer.engine.querying.search import count_by, search
from indexer.engine.storage.writer import index_paths
from indexer.errors import BadQuery
from indexer.model import SearchOptions

PANEL = """WEBVTT

1
00:00:00.000 --> 00:00:04.000
<v Anna Lee>Climate is the first topic tonight.</v>

2
00:00:10.000 --> 00:00:14.000
<v Bob Ray>The drought is the worst in decades.</v>

3
00:00:40.000 --> 00:00:44.000
<v Anna Lee>Another drought warning came later.</v>

4
00:01:00.000 --> 00:01:05.000
<v Bob Ray>Interest rates rose again this week.</v>

5
00:01:20.000 --> 00:01:24.000
<v Anna Lee>Prices follow, and so does inflation.</v>

6
00:02:00.000 --> 00:02:04.000
<v Bob Ray>Wildfire smoke, and a climate record.</v>

7
00:02:05.000 --> 00:02:09.000
<v Anna Lee>Wildfire season starts early.</v>

8
00:03:00.000 --> 00:03:04.000
<v Bob Ray>Climate and drought in one breath.</v>
"""
# Another transcript: its drought must never pair with the panel's climate.
OTHER = """WEBVTT

1
00:00:05.000 --> 00:00:08.000
<v Carl Dix>Drought news from elsewhere.</v>
"""
UNTIMED = """ANNA LEE: Climate and drought, in a transcript with no times.

BOB RAY: Drought again.
"""
NEWS = """1:00
Harbour report.
The drought hit the harbour town hard.
FARMERS said the climate had changed.
Officials promised help.
Jane Doe, Example News, Lagos, Nigeria.
"""


@pytest.fixture(scope="module")
def timed_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timed")
    (folder / "panel.vtt").write_text(PANEL, encoding="utf-8")
    (folder / "panel.json").write_text('{"date": "2021-05-03"}', encoding="utf-8")  # its sidecar: a date
    (folder / "other.vtt").write_text(OTHER, encoding="utf-8")
    (folder / "untimed.txt").write_text(UNTIMED, encoding="utf-8")
    (folder / "harbour.txt").write_text(NEWS, encoding="utf-8")
    index = tmp_path_factory.mktemp("timed-index") / "ix"
    assert not index_paths(index, [str(folder)]).skipped
    return index


def pairs(index, query: str, **options) -> list[tuple]:
    """Each hit as (transcript, its time, the other passage's time or None)."""
    result = search(index, query, SearchOptions(limit=0, sort="time", **options))
    return [(h.transcript.id, h.passage.start, h.near.start if h.near else None) for h in result.hits]


def test_the_window_is_the_time_between_the_matched_words(timed_index):
    # "Climate" opens cue 1 (0 s); "drought" is the second of cue 2's seven words (10-14 s): said at 10.57 s.
    # The passages' edges are 6 s apart, the words 10.57 s.
    assert ("panel", 0.0, 10.0) in pairs(timed_index, "climate NEAR/11s drought")
    assert ("panel", 0.0, 10.0) not in pairs(timed_index, "climate NEAR/10s drought")
    assert [p for p in pairs(timed_index, "climate NEAR/6s drought") if p[1] == 0.0] == []


def test_the_nearest_other_side_is_shown(timed_index):
    # Within 40 s of cue 1, both cue 2 (6 s away) and cue 3 (36 s away) say drought: the nearest is shown.
    hits = [p for p in pairs(timed_index, "climate NEAR/40s drought") if p[0] == "panel"]
    assert hits[0] == ("panel", 0.0, 10.0)


def test_one_passage_with_both_sides_is_a_hit_of_its_own(timed_index):
    # Cue 8 (3:00-3:04): "Climate and drought in one breath.": climate at 180 s, drought at 181.33 s.
    assert ("panel", 180.0, None) in pairs(timed_index, "climate NEAR/2s drought")
    assert ("panel", 180.0, None) not in pairs(timed_index, "climate NEAR/1s drought")  # by the words, not 0


def test_the_hit_time_is_the_earlier_side_s(timed_index):
    # drought (cue 2, 10.57 s) NEAR climate: cue 1 (0 s) is the earlier side, so the hit is at 0 s.
    found = pairs(timed_index, "drought NEAR/11s climate")
    assert ("panel", 0.0, 10.0) in found
    # Cue 6 (2:00, climate and wildfire) and cue 7 (2:05, wildfire): a hit for each wildfire passage.
    assert pairs(timed_index, "wildfire NEAR/10s climate") == [("panel", 120.0, None), ("panel", 120.0, 125.0)]


def test_passages_of_another_transcript_never_pair(timed_index):
    assert all(p[0] != "other" for p in pairs(timed_index, "drought NEAR/600s climate"))
    assert all(p[0] != "other" for p in pairs(timed_index, "climate NEAR/600s drought"))


def test_passages_without_times_never_match(timed_index):
    assert "untimed" in {h.transcript.id for h in search(timed_index, "climate drought", limit=0).hits}
    assert all(p[0] != "untimed" for p in pairs(timed_index, "climate NEAR/3600s drought"))


def test_estimated_times_take_part(timed_index):
    result = search(timed_index, "drought NEAR/60s climate", SearchOptions(limit=0, transcript="harbour"))
    assert result.total == 1
    (hit,) = result.hits
    assert hit.passage.estimated and hit.near.estimated
    assert "drought" in hit.passage.text and "climate" in hit.near.text


def test_phrases_and_groups_on_either_side(timed_index):
    assert pairs(timed_index, '"interest rates" NEAR/30s (inflation OR prices)') == [("panel", 60.0, 80.0)]
    assert pairs(timed_index, '"interest rates" NEAR/14s (inflation OR prices)') == []
    # "Prices" opens cue 5 (80 s), "rates" is said at 60.67 s: 19.3 s apart (the passages' edges, 15 s).
    assert pairs(timed_index, '(inflation OR prices) NEAR/20s "interest rates"') == [("panel", 60.0, 80.0)]
    assert pairs(timed_index, '(inflation OR prices) NEAR/15s "interest rates"') == []


def test_both_sides_are_highlighted(timed_index):
    (hit,) = search(timed_index, '"interest rates" NEAR/30s inflation', limit=5).hits
    assert [hit.passage.text[a:b] for a, b in hit.matches] == ["Interest", "rates"]
    assert [hit.near.text[a:b] for a, b in hit.near_matches] == ["inflation"]
    code, out, _, _ = run(commands.search, query='"interest rates" NEAR/30s inflation', index=timed_index)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "panel  01:00  Bob Ray"
    assert lines[1] == "    Interest rates rose again this week."
    assert lines[2] == "  + 01:20  Anna Lee"
    assert lines[3] == "    Prices follow, and so does inflation."


def test_json_has_the_other_passage(timed_index):
    code, out, _, _ = run(
        commands.search, query='"interest rates" NEAR/30s inflation', index=timed_index, json_output=True
    )
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["start"], row["speaker"]) == (60.0, "Bob Ray")
    assert {key: row["near"][key] for key in ("start", "end", "speaker", "estimated", "snippet", "matches")} == {
        "start": 80.0,
        "end": 84.0,
        "speaker": "Anna Lee",
        "estimated": False,
        "snippet": "Prices follow, and so does inflation.",
        "matches": [[27, 36]],
    }


def test_filters_and_counts(timed_index):
    assert pairs(timed_index, "climate NEAR/40s drought", speaker="bob ray") == [("panel", 180.0, None)]
    # Each pair by its left passage's speaker (the news video's narration is its reporter's).
    assert count_by(timed_index, "climate NEAR/40s drought", "speaker") == [
        ("Anna Lee", 1),
        ("Bob Ray", 1),
        ("Jane Doe", 1),
    ]
    # In a timeline a pair counts once, on its transcript's date: the panel's two pairs in 2021,
    # the undated news video's one apart.
    found = trend(timed_index, ["climate NEAR/40s drought", "climate"], by="year")
    assert (found.periods, [s.counts for s in found.series]) == (["2021"], [[2], [3]])
    assert found.undated == 1 + 2  # the news video's pair; its climate passage and the untimed one


def test_near_mistakes_are_one_line():
    assert split_near("climate drought") is None
    assert split_near('"a NEAR/5s b" c') is None  # inside a phrase it is words
    assert split_near("a b NEAR/15s c") == ("a b", 15.0, "c")
    for text, message in [
        ("climate NEAR/15 drought", "write the window in seconds, as NEAR/15s"),
        ("NEAR/15s drought", "needs a query on each side"),
        ("a NEAR/5s b NEAR/5s c", "one NEAR/…s a query, not 2"),
        ("a NEAR/7200s b", "a window is at most 3600 seconds"),
    ]:
        with pytest.raises(BadQuery, match=message):
            split_near(text)
