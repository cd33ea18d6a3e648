"""Broadcast captions, TV news archive pages and their metadata, and datasets of many transcripts.

The fixtures in `tests/broadcast/` are ours: `harbour.scc`, `harbour-drop-frame.scc`,
`harbour.dfxp` and `harbour.smi` were written by pycaption's own writers from
one SRT we wrote (the same captions in every format), `short-and-long.scc` by
hand (CEA-608 bytes with odd parity), the rest by hand in the archive's and the
datasets' shapes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import ROOT, shared_path
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.features.browse import speakers
from indexer.engine.querying.links import media_link
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths
from indexer.errors import UnreadableFile
from indexer.transcripts import formats, sources
from indexer.transcripts.clock import timecode_seconds
from indexer.transcripts.formats import dataset

BROADCAST = ROOT / "tests" / "broadcast"
# The captions every generated file holds, as passages: (speaker, text).
HARBOUR = [
    (
        "Ruth Abernathy-Kole",
        "Good evening. The harbour closed at noon. Crews worked through the night to clear the channel.",
    ),
    ("", "thank you, ruth. the water is still rising tonight."),
    ("Marcus Oyelaran", "We moved the boats before dawn."),
    ("", "In other news, the city budget."),
]


def transcripts(name: str, format_name: str | None = None):
    (source,) = sources.discover([str(BROADCAST / name)]).files
    notes: list[str] = []
    found = list(sources.iter_transcripts(source, format_name, None, None, notes))
    return found, notes


def said(transcript) -> list[tuple[str, str]]:
    return [(p.speaker, p.text) for p in transcript.passages]


@pytest.mark.parametrize(
    ("name", "fmt", "starts"),
    [
        ("harbour.dfxp", "dfxp", [1.0, 10.5, 13.5, 17.0]),
        ("harbour.smi", "sami", [1.0, 10.5, 13.5, 17.0]),
        # pop-on captions start when shown: at the end-of-caption code, after
        # the codes that load them (two frames a code word) have been sent.
        ("harbour.scc", "scc", [44 / 29.97, 312 / 29.97, 402 / 29.97, 510 / 29.97]),
        ("harbour-drop-frame.scc", "scc", [44 / 29.97, 312 / 29.97, 402 / 29.97, 510 / 29.97]),
    ],
)
def test_caption_formats_read_through_pycaption(name, fmt, starts):
    (t,), notes = transcripts(name)
    assert (t.format, notes) == (fmt, [])
    assert said(t) == HARBOUR  # `[ applause ]` dropped; `>>` a new turn; `>>>` a new story, unnamed
    assert [p.start for p in t.passages] == pytest.approx(starts, abs=0.002)
    assert all(not p.estimated for p in t.passages)


def test_timecodes_are_exact_at_29_97_drop_frame_too():
    assert timecode_seconds("00:00:01:15") == pytest.approx(45 * 1001 / 30000)
    assert timecode_seconds("01:00:00:00") == pytest.approx(3603.6)  # non-drop runs slow
    assert timecode_seconds("01:00:00;00") == pytest.approx(107892 * 1001 / 30000)  # drop-frame keeps to the clock
    assert timecode_seconds("00:01:00;02") == pytest.approx(1800 * 1001 / 30000)  # ;00 and ;01 do not exist
    assert timecode_seconds("00:61:00:00") is None


def test_ttml_frame_times_and_substation():
    (t,), _ = transcripts("frames.ttml")
    assert said(t)[0] == (
        "Hanna Lindqvist",
        "The ferry did not sail today. Ice has closed the strait for a third week.",
    )
    assert t.passages[0].start == pytest.approx(1 + 15 / (30000 / 1001))
    assert (t.passages[1].start, t.passages[1].speaker) == (12.5, "")
    (ass,), _ = transcripts("panel.ass")
    assert ass.format == "substation"
    assert said(ass) == [
        ("Ines Moura", "Welcome to the harbour panel. Tonight: the quotas."),  # override tags out, comments out
        ("Tom Becker", "Thank you. The boats stayed in port again."),
    ]


def test_bad_captions_say_what_is_wrong():
    (t,), notes = transcripts("truncated.scc")
    assert said(t) == [("Ruth Abernathy-Kole", "Good evening. The harbour closed at noon.")]
    assert notes == ["the file ends in the middle of a caption code: read up to there"]
    # A TTML file without a time anywhere is speech all the same: read untimed, and said so.
    (t,), notes = transcripts("untimed.ttml")
    assert [(p.text, p.start, p.end) for p in t.passages] == [("A caption with no timing at all.", None, None)]
    assert notes == ["no times in it: read as untimed speech"]


def test_scc_lines_over_32_characters_and_captions_shown_for_a_frame_are_read():
    # pycaption 2.3 refuses the whole file for either; broadcasters' files have both.
    (t,), notes = transcripts("short-and-long.scc")
    assert said(t) == [("", "THE STORM HIT AT DAWN AND THE HARBOUR CLOSED BRIEF FLASH. BOATS ARE SAFE.")]
    assert (t.passages[0].start, t.passages[0].end) == pytest.approx((28 * 1001 / 30000, 240 * 1001 / 30000))
    assert notes == []


def test_archive_caption_page_with_its_meta_xml():
    (t,), notes = transcripts("KQED_20260303_020000_Newsroom.html")
    assert (t.format, notes) == ("archive-html", [])
    meta = t.meta
    assert (meta.network, meta.program, meta.date, meta.aired, meta.duration) == (
        "KQED",
        "Newsroom",
        "2026-03-02",
        "2026-03-02T18:00:00-08:00",
        1800.0,
    )
    assert meta.url == "https://archive.org/details/KQED_20260303_020000_Newsroom"  # the page's canonical URL
    assert [(p.start, p.end, p.speaker) for p in t.passages] == [
        (0.0, 60.0, ""),
        (0.0, 60.0, "Ruth Abernathy-Kole"),  # `>> ruth abernathy-kole:`
        (60.0, 120.0, "Marcus"),
        (60.0, 120.0, ""),  # `>> reporter:` says what, not who
        (120.0, 180.0, ""),  # `>>>` a new story
    ]
    assert t.passages[3].text == "commuters cheered as the first cars crossed."
    assert all(not p.estimated for p in t.passages)
    assert not any("applause" in p.text or "♪" in p.text for p in t.passages)


def test_meta_xml_that_is_broken_or_names_another_item_is_not_used():
    (t,), notes = transcripts("WXYZ_20260101_230000_Evening_Report.cc5.scc")
    assert t.meta.network == "" and t.id == "WXYZ_20260101_230000_Evening_Report.cc5"
    assert notes == [
        "WXYZ_20260101_230000_Evening_Report_meta.xml: describes WXYZ_20260102_230000_Morning_Show, "
        "not WXYZ_20260101_230000_Evening_Report: not used"
    ]
    (t,), notes = transcripts("NOTXML_20260101_000000_Show.smi")
    assert said(t) == HARBOUR
    assert len(notes) == 1 and notes[0].startswith("NOTXML_20260101_000000_Show_meta.xml: not XML")
    found = {f.path.name for f in sources.discover([str(BROADCAST)]).files}
    assert not any(name.endswith("_meta.xml") for name in found)  # sidecars, never transcripts


def test_a_csv_dataset_is_a_transcript_a_row():
    found, notes = transcripts("shows.csv")
    assert [t.id for t in found] == ["shows/KQED_20260304_020000_Newsroom", "shows/KQED_20260306_020000_Newsroom"]
    assert notes == ["row 3 has no text: skipped"]
    timed, untimed = found
    assert (timed.format, timed.meta.network, timed.meta.program, timed.meta.date) == (
        "dataset",
        "KQED",
        "Newsroom",
        "2026-03-03",  # the local air date: 02:00 UTC is 18:00 the day before at -08:00
    )
    assert timed.meta.aired == "2026-03-03T18:00:00-08:00"
    # The `times` column: each caption line's start, the text spread over them by length.
    assert [(p.start, p.speaker, p.text) for p in timed.passages] == [
        (0.0, "", "good evening."),
        (4.0, "Ruth", "the bridge is open."),
        (9.0, "Marcus Abernathy", "the deck held up well. back to you."),
    ]
    assert all(p.estimated for p in timed.passages)
    # No `times`: estimated by words over the runtime.
    assert [(p.start, p.end, p.speaker) for p in untimed.passages] == [(0.0, 25.0, ""), (25.0, 60.0, "")]
    assert all(p.estimated for p in untimed.passages)


def test_a_jsonl_dataset_and_its_bad_lines():
    found, notes = transcripts("episodes.jsonl")
    assert [t.id for t in found] == ["episodes/ep-101", "episodes/ep-103"]
    assert notes[0].startswith("line 2 is not JSON (Invalid control character") and notes[0].endswith("): skipped")
    assert notes[1:] == ["line 4 is not a JSON object: skipped"]
    first = found[0]
    assert (first.meta.title, first.meta.program, first.meta.date, first.meta.duration) == (
        "Ice on the strait",
        "Island Hour",
        "2026-01-12",
        90.0,
    )
    assert said(first) == [("Hanna", "the ferry did not sail."), ("Erik", "fuel is running short on the islands.")]
    assert found[1].passages[0].start is None  # no times, no runtime: none invented


def test_broken_csv_and_huge_cells(tmp_path):
    found, notes = transcripts("broken-quote.csv")
    assert [t.id for t in found] == ["broken-quote/row-1", "broken-quote/row-2"]
    assert notes == ["row 4 cannot be read (unexpected end of data): the rest of the file after it is not read"]
    big = tmp_path / "big.csv"
    big.write_text('id,text\na,"first row."\nb,"' + "word " * (dataset.MAX_CELL // 5 + 10) + '"\nc,"after."\n')
    (source,) = sources.discover([str(big)]).files
    notes = []
    assert [t.id for t in sources.iter_transcripts(source, notes=notes)] == ["big/a"]
    assert notes == ["row 3 cannot be read (a cell over 16 MiB): the rest of the file after it is not read"]


def test_a_table_without_a_transcript_column():
    lines = io.StringIO("name,score\nann,3\n")
    with pytest.raises(UnreadableFile, match="without a transcript column"):
        list(dataset.rows(lines, "scores.csv", []))


def test_a_table_found_in_a_folder_walk_that_is_not_a_dataset_is_passed_over(tmp_path):
    (tmp_path / "scores.csv").write_text("name,score\nann,3\n")
    report = index_paths(tmp_path / "ix", [str(tmp_path)])
    assert (report.transcripts, report.skipped) == (0, [])
    named = index_paths(tmp_path / "ix2", [str(tmp_path / "scores.csv")])
    assert [p.reason for p in named.skipped] == [
        "a table without a transcript column (one of: " + ", ".join(dataset.COLUMNS["text"]) + ")"
    ]


def test_each_format_is_detected_by_content():
    for name, fmt in {
        "harbour.scc": "scc",
        "harbour.dfxp": "dfxp",
        "frames.ttml": "dfxp",
        "harbour.smi": "sami",
        "panel.ass": "substation",
        "KQED_20260303_020000_Newsroom.html": "archive-html",
        "shows.csv": "dataset",
        "episodes.jsonl": "dataset",
    }.items():
        assert formats.detect((BROADCAST / name).read_text(encoding="utf-8")).name == fmt, name


def test_a_changed_dataset_replaces_all_its_rows_and_an_unchanged_one_costs_a_stat(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shows = folder / "shows.csv"
    shows.write_text((BROADCAST / "shows.csv").read_text())
    index_dir = tmp_path / "ix"
    first = index_paths(index_dir, [str(folder)])
    assert (first.added, first.transcripts) == (2, 2)
    assert index_paths(index_dir, [str(folder)]).unchanged == 2
    shows.write_text("\n".join(shows.read_text().splitlines()[:2]) + "\n")  # only the first row left
    again = index_paths(index_dir, [str(folder)])
    assert (again.updated, again.removed, again.transcripts) == (1, 1, 1)
    assert search(index_dir, "ferry").total == 0 and search(index_dir, "bridge").total == 1


@pytest.fixture(scope="module")
def broadcast_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("broadcast-index")
    index_paths(index_dir, [str(BROADCAST)])
    return index_dir


def test_filters_and_deep_links_on_archive_metadata(broadcast_index):
    kqed = search(broadcast_index, "bridge", network="kqed", limit=0)
    assert {h.transcript.id for h in kqed.hits} == {
        "KQED_20260303_020000_Newsroom",
        "shows/KQED_20260304_020000_Newsroom",
    }
    assert search(broadcast_index, "bridge", since="2026-03-03", limit=0).total == 1
    runner = CliRunner()
    out = runner.invoke(app, ["search", "commuters", "--json", "--index", str(broadcast_index)])
    row = json.loads(out.stdout)
    assert (row["program"], row["aired"], row["start"]) == ("Newsroom", "2026-03-02T18:00:00-08:00", 60.0)
    assert row["url"] == "https://archive.org/details/KQED_20260303_020000_Newsroom#start/60/end/120"
    assert media_link("https://www.youtube.com/watch?v=x", 61) == "https://www.youtube.com/watch?v=x&t=61s"


def test_speakers_are_people_and_no_role_label_becomes_one(broadcast_index):
    names = {s.speaker for s in speakers(broadcast_index)}
    # As each file labels them (one person under two names across files is issue 18's to resolve).
    assert names == {
        *("Erik", "Hanna", "Hanna Lindqvist", "Ines Moura", "Marcus", "Marcus Abernathy", "Marcus Oyelaran"),
        *("Ruth", "Ruth Abernathy-Kole", "Tom Becker"),
    }  # no "Reporter", "Applause" or ">>"


@pytest.mark.shared
def test_the_real_archive_pages_and_dataset(tmp_path):
    folder = shared_path("corpus", "other", "archive-news-cc")
    skipped, notes = [], []
    index_dir = tmp_path / "ix"
    report = index_paths(index_dir, [str(folder)], on_skip=skipped.append, on_note=notes.append)
    # Red Eye's page holds 60 empty snippets: no captions were captured for it.
    assert [(Path(p.path).name, p.reason) for p in skipped] == [
        ("FOXNEWS_20130818_060000_Red_Eye.html", "a TV News archive page without caption snippets")
    ]
    assert report.transcripts == 4 + 45  # four pages, and the CSV's 50 rows but the 5 without text
    rows = sorted(line.split(": ", 1)[1] for line in notes)
    assert rows == [f"row {n} has no text: skipped" for n in (16, 30, 33, 42, 9)]
    names = {s.speaker: s.passages for s in speakers(index_dir)}
    assert names["Bill"] > 100 and names["Bret"] > 50  # `>> bill:`, `>> bret:`
    assert not set(names) & {"Reporter", "Announcer", "The Question Is"}
    page = search(index_dir, "*", transcript="FOXNEWS_20130204_220000_The_Five", sort="time", limit=0).hits
    assert [(h.passage.start, h.passage.estimated) for h in page[:3]] == [(0.0, False), (0.0, False), (60.0, False)]
    assert page[0].transcript.meta.aired == "2013-02-04T17:00:00-05:00"  # from its _meta.xml
    row = search(index_dir, "*", transcript="archive-out/FOXNEWS_20130914_153000_Cashin_In", sort="time", limit=0)
    starts = [h.passage.start for h in row.hits]
    assert starts == sorted(starts) and starts[-1] < 1800 and all(h.passage.estimated for h in row.hits)


def test_format_dataset_forces_a_file_of_any_name(tmp_path):
    rows = tmp_path / "export.txt"
    rows.write_text('{"id": "a", "text": "first show."}\n{"id": "b", "text": "second show."}\n')
    done = CliRunner().invoke(app, ["index", str(rows), "--format", "dataset", "--index", str(tmp_path / "ix")])
    assert done.exit_code == 0 and done.stdout.startswith("Indexed 2 transcripts: 2 added")
    assert {h.transcript.id for h in search(tmp_path / "ix", "show", limit=0).hits} == {"export/a", "export/b"}
