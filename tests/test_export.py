"""`soundbite export`: what it writes is read back by independent readers, never by soundbite's own code.

JSON Lines by `json`, CSV by the standard library, pandas and DuckDB with
their default options, WebVTT by webvtt-py, SubRip by `srt`, CMX 3600 by
pycmx, the cluster files by the OpenSearch client's serialiser. The fixtures
have exact caption times, times estimated from a duration line, a transcript
with no times, and text with the characters that break naive writers
(commas, quotes, `-->`, `<b>`, accents).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_soundbite, soundbite_command
from test_commands import run
from typer.testing import CliRunner

from indexer.cli import commands
from indexer.cli.app import app
from indexer.cli.export import EXPORT_KEYS, frames_at, timecode
from indexer.engine.features.stats import index_stats
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths
from indexer.model import SearchOptions

PANEL = """WEBVTT

1
00:00:10.000 --> 00:00:14.000
<v Anna Lee>Climate talks opened, and the drought was first.</v>

2
00:00:15.000 --> 00:00:19.500
<v Bob Ray>The drought, he said, is "the worst" in decades.</v>

3
00:01:40.000 --> 00:01:44.000
<v Anna Lée>A last word on drought --> and rain.</v>

4
00:02:00.000 --> 00:02:03.000
<v Bob Ray>Nothing about the weather here.</v>
"""
NEWS = """1:00
Harbour report.
The drought hit the harbour town hard.
FARMERS said the drought had changed everything.
Officials promised help & money for the drought.
Jane Doe, Example News, Lagos, Nigeria.
"""
UNTIMED = """ANNA LEE: Drought, in a transcript with no times.

BOB RAY: Rain <b>at last</b>, and a comma, too.
"""


@pytest.fixture(scope="module")
def export_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    (folder / "panel.vtt").write_text(PANEL, encoding="utf-8")
    (folder / "panel.json").write_text(
        json.dumps({"date": "2021-05-03", "url": "https://media.example.org/video/panel%20one.mp4"}), encoding="utf-8"
    )
    (folder / "harbour.txt").write_text(NEWS, encoding="utf-8")
    (folder / "untimed.txt").write_text(UNTIMED, encoding="utf-8")
    index = tmp_path_factory.mktemp("export-index") / "ix"
    assert not index_paths(index, [str(folder)]).skipped
    return index


def export(index, **params) -> tuple[int, str, str]:
    code, out, err, _ = run(commands.export, index=index, **params)
    return code, out, err


# JSON Lines and CSV


def test_jsonl_of_the_whole_index_has_every_passage_once_with_every_key(export_index):
    code, out, err = export(export_index)
    rows = [json.loads(line) for line in out.splitlines()]
    assert (code, err) == (0, "")
    assert len(rows) == index_stats(export_index).passages == 5 + 4 + 2
    assert all(list(row) == list(EXPORT_KEYS) for row in rows)
    assert len({row["id"] for row in rows}) == len(rows)
    panel = [row for row in rows if row["transcript"] == "panel"]
    assert [(r["passage"], r["start"], r["end"], r["speaker"]) for r in panel] == [
        (1, 10.0, 14.0, "Anna Lee"),
        (2, 15.0, 19.5, "Bob Ray"),
        (3, 100.0, 104.0, "Anna Lée"),
        (4, 120.0, 123.0, "Bob Ray"),
    ]
    assert panel[0]["id"] == "panel#1" and panel[0]["date"] == "2021-05-03"
    assert panel[0]["media"] == "https://media.example.org/video/panel%20one.mp4"
    assert panel[0]["url"].endswith("panel%20one.mp4#t=10")
    assert all(r["score"] is None and r["matches"] == [] for r in rows)  # no query: nothing ranked
    harbour = [row for row in rows if row["transcript"] == "harbour"]
    assert harbour and all(r["estimated"] for r in harbour) and harbour[0]["network"] == "Example News"
    assert export(export_index)[1] == out  # stable: the same bytes again


def test_jsonl_of_a_query_is_the_search_json_plus_the_transcripts_metadata(export_index):
    code, out, _ = export(export_index, query="drought")
    rows = [json.loads(line) for line in out.splitlines()]
    result = search(export_index, "drought", SearchOptions(limit=0))
    assert code == 0 and len(rows) == result.total == 7
    assert [(r["transcript"], r["passage"]) for r in rows] == [(h.transcript.id, h.passage.number) for h in result.hits]
    _, searched, _, _ = run(commands.search, query="drought", index=export_index, limit=0, json_output=True)
    for row, hit in zip(rows, map(json.loads, searched.splitlines()), strict=True):
        assert {key: row[key] for key in hit} == hit  # every key of the search JSON, the same values
    assert rows[0]["score"] > 0 and rows[0]["matches"]


def test_csv_reads_back_with_the_standard_library_pandas_and_duckdb(export_index, tmp_path):
    target = tmp_path / "passages.csv"
    code, _, err = export(export_index, format="csv", output=target)
    assert code == 0 and err == f"soundbite: wrote 11 passages to {target}\n"
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == list(EXPORT_KEYS) and len(rows) == 11
    quoted = next(r for r in rows if "worst" in r["text"])
    assert quoted["text"] == 'The drought, he said, is "the worst" in decades.'
    assert next(r for r in rows if "comma" in r["text"])["text"] == "Rain at last, and a comma, too."

    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(target)
    assert list(frame.columns) == list(EXPORT_KEYS) and len(frame) == 11
    assert frame["estimated"].dtype == bool
    assert frame.loc[frame["id"] == "panel#2", "end"].item() == 19.5
    assert frame.loc[frame["id"] == "panel#3", "speaker"].item() == "Anna Lée"

    duckdb = pytest.importorskip("duckdb")
    query = f"SELECT speaker, count(*) FROM read_csv('{target}') GROUP BY speaker ORDER BY 2 DESC, 1"
    found = duckdb.sql(query).fetchall()
    assert found[:2] == [("Jane Doe", 4), ("Bob Ray", 3)]
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{target}') WHERE estimated").fetchall()[0][0] == 5
    assert duckdb.sql(f"SELECT text FROM read_csv('{target}') WHERE id = 'panel#2'").fetchall()[0][0] == (
        'The drought, he said, is "the worst" in decades.'
    )


# Clips


def test_vtt_is_one_cue_a_clip_in_time_order_per_transcript_read_by_webvtt_py(export_index, tmp_path):
    webvtt = pytest.importorskip("webvtt")
    target = tmp_path / "clips.vtt"
    code, _, err = export(export_index, query="drought", format="vtt", output=target, whole_passage=True)
    assert code == 0
    assert "soundbite: 1 passage without a time left out of the clips" in err
    cues = webvtt.read(str(target))
    got = [(c.identifier, c.start, c.end, c.text.splitlines()[0]) for c in cues]
    harbour = [g for g in got if g[0].startswith("harbour")]
    assert [g for g in got if g[0].startswith("panel")] == [
        ("panel#1", "00:00:10.000", "00:00:14.000", "panel — Anna Lee"),
        ("panel#2", "00:00:15.000", "00:00:19.500", "panel — Bob Ray"),
        ("panel#3", "00:01:40.000", "00:01:44.000", "panel — Anna Lée"),
    ]
    # The news script's passages abut (estimated from its duration line): one clip, its passages in order.
    assert harbour == [("harbour#2 harbour#3 harbour#4", "00:00:04.000", "00:00:48.000", "harbour — Jane Doe")]
    text = target.read_text(encoding="utf-8")
    assert "Officials promised help &amp; money for the drought." in text  # escaped as WebVTT wants
    # Estimated times say so in a NOTE before their cue; exact ones have none.
    blocks = text.split("\n\n")
    for block in blocks:
        if block.startswith("harbour#"):
            assert blocks[blocks.index(block) - 1].startswith("NOTE estimated times")
        if block.startswith("panel#"):
            assert not blocks[blocks.index(block) - 1].startswith("NOTE estimated")


def test_padding_widens_clips_and_merges_those_that_then_overlap(export_index, tmp_path):
    webvtt = pytest.importorskip("webvtt")
    target = tmp_path / "padded.vtt"
    assert (
        export(
            export_index, query="drought", format="vtt", output=target, pad=1.0, transcript="panel", whole_passage=True
        )[0]
        == 0
    )
    cues = webvtt.read(str(target))
    # 10-14 and 15-19.5 padded by 1 s touch (13 <= 15 + ... ): one clip with both speakers and both texts.
    assert [(c.identifier, c.start, c.end) for c in cues] == [
        ("panel#1 panel#2", "00:00:09.000", "00:00:20.500"),
        ("panel#3", "00:01:39.000", "00:01:45.000"),
    ]
    assert cues[0].text.splitlines() == [
        "panel — Anna Lee / Bob Ray",
        "Climate talks opened, and the drought was first.",
        'The drought, he said, is "the worst" in decades.',
    ]


def test_srt_read_by_the_srt_library_marks_estimated_clips(export_index):
    srt = pytest.importorskip("srt")
    code, out, _ = export(export_index, query="drought", format="srt", whole_passage=True)
    subtitles = list(srt.parse(out))
    assert code == 0 and [s.index for s in subtitles] == list(range(1, len(subtitles) + 1))
    panel = [s for s in subtitles if s.content.startswith("panel")]
    assert [(s.start.total_seconds(), s.end.total_seconds()) for s in panel] == [(10, 14), (15, 19.5), (100, 104)]
    assert all(s.content.splitlines()[0].endswith("(estimated time)") for s in subtitles if "harbour" in s.content)
    assert not any("estimated" in s.content for s in panel)


def test_edl_read_by_pycmx_has_drop_frame_timecodes_and_the_media_name(export_index):
    pycmx = pytest.importorskip("pycmx")
    code, out, _ = export(export_index, query="drought", format="edl", transcript="panel", whole_passage=True)
    assert code == 0 and out.splitlines()[1] == "FCM: DROP FRAME"
    edl = pycmx.parse_cmx3600(io.StringIO(out))
    events = list(edl.events)
    edits = [event.edits[0] for event in events]
    # Frames outwards (no word cut): 10 s is frame 299.7, so 299 (00:00:09;29); 100 s is frame 2997,
    # which drop-frame labels 00:01:39;29 (labels ;00 and ;01 of minute 1 are skipped).
    assert [e.source_in for e in edits] == ["00:00:09;29", "00:00:14;29", "00:01:39;29"]
    assert [e.source_out for e in edits] == ["00:00:14;00", "00:00:19;15", "00:01:43;29"]
    assert edits[0].record_in == "01:00:00;00" and edits[1].record_in == edits[0].record_out
    assert all(e.clip_name == "panel one.mp4" for e in edits)
    assert all(e.source_file == "https://media.example.org/video/panel%20one.mp4" for e in edits)


def test_edl_at_25_fps_is_non_drop_and_names_media_found_beside_the_transcript(tmp_path):
    pycmx = pytest.importorskip("pycmx")
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "talk.srt").write_text("1\n00:00:02,000 --> 00:00:04,500\nA drought story.\n", encoding="utf-8")
    (folder / "talk.mp4").write_bytes(b"")
    index = tmp_path / "ix"
    index_paths(index, [str(folder)])
    code, out, _ = export(index, query="drought", format="edl", fps="25", whole_passage=True)
    edit = next(iter(pycmx.parse_cmx3600(io.StringIO(out)).events)).edits[0]
    assert code == 0 and "FCM: NON-DROP FRAME" in out
    assert (edit.source_in, edit.source_out, edit.clip_name) == ("00:00:02:00", "00:00:04:13", "talk.mp4")


@pytest.mark.parametrize(
    ("seconds", "fps", "label"),
    [
        (0, "29.97", "00:00:00;00"),
        (60.06, "29.97", "00:01:00;02"),  # frame 1800: labels ;00 and ;01 of minute 1 do not exist
        (600, "29.97", "00:10:00;00"),  # every tenth minute keeps them
        (3600, "29.97", "01:00:00;00"),
        (60.06, "59.94", "00:01:00;04"),
        (90.5, "25", "00:01:30:12"),
        (3600, "23.976", "00:59:56:10"),  # 23.976 counts 24 labels a second: it falls behind the clock
    ],
)
def test_timecodes(seconds, fps, label):
    assert timecode(frames_at(seconds, fps), fps) == label


def test_untimed_passages_alone_give_no_clips_say_so_and_exit_1(export_index, tmp_path):
    code, out, err = export(export_index, format="srt", transcript="untimed")
    assert (code, out) == (1, "")
    assert err == (
        "soundbite: no clips: the 2 passages found have no time in the recording (export them with -f jsonl or csv)\n"
    )
    target = tmp_path / "untimed.srt"
    code, _, err = export(export_index, query="rain", format="srt", transcript="untimed", output=target)
    assert code == 1 and target.read_text() == ""  # (an empty SubRip file is a valid one)
    assert err.splitlines() == [
        "soundbite: no clips: the passage found has no time in the recording (export them with -f jsonl or csv)",
        f"soundbite: wrote 0 clips to {target}",
    ]


@pytest.mark.parametrize("sort", ["score", "time"])
def test_every_format_takes_the_same_hits_in_the_same_order(export_index, sort):
    # `-n 3 --sort score` is the three best hits in every format (clip lists took the first three in
    # time order); the clips are then laid out by transcript, in time order within each.
    code, out, _ = export(export_index, query="drought", format="jsonl", limit=3, sort=sort, transcript="panel")
    rows = [json.loads(line) for line in out.splitlines()]
    code_all, out_all, _ = export(export_index, query="drought", format="jsonl", sort=sort, limit=0)
    every = [json.loads(line) for line in out_all.splitlines()]
    best = [row["id"] for row in every][:4]
    assert code == code_all == 0 and len(every) == 7
    texts = {row["id"]: row["text"] for row in every}
    for clip_format in ("vtt", "srt", "edl"):
        code, clips, _ = export(
            export_index, query="drought", format=clip_format, limit=4, sort=sort, whole_passage=True
        )
        assert code == 0
        if clip_format == "srt":  # (no ids in SubRip: each clip's passages' text, a line each)
            assert sorted(line for line in clips.splitlines() if line in texts.values()) == sorted(
                texts[i] for i in best
            )
            continue
        named = [line for line in clips.splitlines() if line.startswith(("panel#", "harbour#", "* COMMENT: "))]
        ids = " ".join(re.sub(r".*\[(.*)\]$", r"\1", line) for line in named if "#" in line).split()
        assert sorted(ids) == sorted(best), clip_format
    timed = [row for row in every[:4] if row["start"] is not None]
    firsts = list(dict.fromkeys(row["transcript"] for row in timed))
    laid_out = sorted(timed, key=lambda row: (firsts.index(row["transcript"]), row["start"]))
    code, vtt, _ = export(export_index, query="drought", format="vtt", limit=4, sort=sort, whole_passage=True)
    cue_ids = [line.split() for line in vtt.splitlines() if line.startswith(("panel#", "harbour#"))]
    assert [i for ids in cue_ids for i in ids] == [row["id"] for row in laid_out]
    assert [row["id"] for row in rows] == [row["id"] for row in every if row["transcript"] == "panel"][:3]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=3", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/abcDEF12345", "abcDEF12345"),
        ("https://www.youtube-nocookie.com/embed/abcDEF12345", "abcDEF12345"),
        ("https://vimeo.com/channels/staffpicks/76979871", "76979871"),
        ("https://media.example.org/video/panel%20one.mp4", "panel one.mp4"),
        ("https://archive.example.org/details/press-briefing", "2021/briefing"),  # no file named: the transcript
        ("https://www.youtube.com/channel/UCabc", "2021/briefing"),
    ],
)
def test_an_edl_names_each_clip_by_its_video_id_or_media_file_never_a_pages_last_word(url, name):
    from indexer.cli.export import Clip, media_name

    clip = Clip(transcript="2021/briefing", path="/news/2021/briefing.txt", media=url, start=0, end=1, estimated=False)
    assert media_name(clip) == name


def test_edl_events_from_youtube_are_named_by_video_id(tmp_path):
    pycmx = pytest.importorskip("pycmx")
    folder = tmp_path / "talks"
    folder.mkdir()
    for name, video in (("one", "AAAAAAAAAAA"), ("two", "BBBBBBBBBBB")):
        (folder / f"{name}.srt").write_text("1\n00:00:02,000 --> 00:00:04,500\nA drought story.\n", "utf-8")
        (folder / f"{name}.json").write_text(json.dumps({"url": f"https://www.youtube.com/watch?v={video}"}), "utf-8")
    index = tmp_path / "ix"
    index_paths(index, [str(folder)])
    code, out, _ = export(index, query="drought", format="edl", sort="time")
    edits = [event.edits[0] for event in pycmx.parse_cmx3600(io.StringIO(out)).events]
    assert code == 0 and [e.clip_name for e in edits] == ["AAAAAAAAAAA", "BBBBBBBBBBB"]


# The cluster files


def test_opensearch_files_round_trip_through_the_clients_serialiser(export_index, tmp_path):
    from opensearchpy.helpers import expand_action
    from opensearchpy.serializer import JSONSerializer

    folder = tmp_path / "cluster"
    code, _, err = export(export_index, format="opensearch", output=folder, index_name="news")
    assert code == 0 and "wrote 11 passages" in err
    serializer = JSONSerializer()
    lines = (folder / "bulk.ndjson").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 22
    actions, documents = [serializer.loads(x) for x in lines[::2]], [serializer.loads(x) for x in lines[1::2]]
    ids = [a["index"]["_id"] for a in actions]
    assert all(a == {"index": {"_index": "news", "_id": a["index"]["_id"]}} for a in actions)
    assert len(set(ids)) == 11 and "panel#3" in ids
    for action, document in zip(actions, documents, strict=True):
        # What the client itself would send for this document is what the file holds.
        op, data = expand_action({"_index": "news", "_id": action["index"]["_id"], "_source": document})
        assert op == action and data == document
    panel3 = documents[ids.index("panel#3")]
    assert [panel3[key] for key in ("speaker", "start", "end", "date")] == ["Anna Lée", 100.0, 104.0, "2021-05-03"]

    mapping = serializer.loads((folder / "mapping.json").read_text(encoding="utf-8"))
    properties = mapping["mappings"]["properties"]
    analysis = mapping["settings"]["analysis"]
    for name, field in properties.items():
        for spec in [field, *field.get("fields", {}).values()]:
            assert "analyzer" not in spec or spec["analyzer"] in analysis["analyzer"], name
    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] in {*analysis.get("tokenizer", {}), "standard"}
        custom = set(analysis.get("filter", {}))
        assert all(f in custom or not f.startswith("soundbite") for f in analyzer["filter"])
        assert "cjk_bigram" in analyzer["filter"]
    assert properties["text"]["analyzer"] == "soundbite_stemmed"
    assert "porter_stem" in analysis["analyzer"]["soundbite_stemmed"]["filter"]
    assert "asciifolding" in analysis["analyzer"]["soundbite_words"]["filter"]
    assert properties["speaker"]["fields"]["keyword"]["type"] == "keyword"
    assert properties["network"]["fields"]["keyword"]["type"] == "keyword"
    assert (properties["start"]["type"], properties["date"]["type"]) == ("float", "date")
    # Every field a document has is mapped (the mapping is strict).
    assert {key for doc in documents for key in doc} <= set(properties)

    # Again: the same ids, the same file.
    first = (folder / "bulk.ndjson").read_bytes()
    export(export_index, format="opensearch", output=folder, index_name="news")
    assert (folder / "bulk.ndjson").read_bytes() == first


def test_the_mapping_loads_into_the_clients_own_mapping_model(export_index, tmp_path):
    from opensearchpy.helpers.mapping import Mapping

    export(export_index, format="opensearch", output=tmp_path / "c")
    body = json.loads((tmp_path / "c" / "mapping.json").read_text())
    model = Mapping()
    model._update_from_dict(body["mappings"])
    assert model["text"].to_dict()["fields"]["exact"]["analyzer"] == "soundbite_words"
    assert model["passage"].to_dict() == {"type": "integer"}


# Mistakes: one line, exit 2, nothing partial left behind


def test_unknown_format_and_missing_output_folder_are_one_line(export_index, tmp_path):
    code, out, err = export(export_index, format="pdf")
    assert (code, out) == (2, "") and err.startswith("soundbite: error: unknown --format 'pdf'")
    nowhere = tmp_path / "nowhere"
    code, _, err = export(export_index, output=nowhere / "x.jsonl")
    assert code == 2 and err == f"soundbite: error: {nowhere / 'x.jsonl'}: the folder {nowhere} does not exist\n"
    code, _, err = export(export_index, format="opensearch")
    assert code == 2 and "-o DIR" in err
    code, _, err = export(export_index, format="edl", fps="12")
    assert code == 2 and "--fps must be one of" in err
    assert not list(tmp_path.iterdir())


def test_a_read_only_folder_is_one_line(export_index, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root writes anyway: /sys refuses even root
            folder = Path("/sys")
        code, out, err = export(export_index, output=folder / "x.jsonl")
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert (code, out) == (2, "")
    assert err.startswith(f"soundbite: error: {folder}/") and err.count("\n") == 1
    assert "ermission denied" in err or "Read-only" in err


@pytest.mark.parametrize(
    ("failure", "status", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "error: {target}: No space left on device"),
        (KeyboardInterrupt(), 130, "interrupted: nothing was changed"),
    ],
)
def test_a_full_disk_or_a_ctrl_c_halfway_leaves_the_old_file_and_no_part(
    export_index, tmp_path, monkeypatch, failure, status, message
):
    target = tmp_path / "passages.jsonl"
    target.write_text("the previous export\n")
    real_open = open

    class FillsUp(io.TextIOWrapper):
        written = 0

        def write(self, text):
            FillsUp.written += len(text)
            if FillsUp.written > 2000:
                raise failure
            return super().write(text)

    def opening(path, mode="r", *args, **kwargs):
        if isinstance(path, int) or str(path).endswith(".part"):  # the temporary file, by name or descriptor
            return FillsUp(real_open(path, mode.replace("w", "wb"), buffering=0), encoding="utf-8")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", opening)
    code, out, err = export(export_index, output=target)
    monkeypatch.undo()
    assert (code, out) == (status, "")
    assert err == "soundbite: " + message.format(target=target) + "\n"
    assert target.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["passages.jsonl"]


def test_nothing_matched_is_exit_1_with_an_empty_but_valid_file(export_index, tmp_path):
    webvtt = pytest.importorskip("webvtt")
    target = tmp_path / "none.vtt"
    code, _, _ = export(export_index, query="zeppelin", format="vtt", output=target)
    assert code == 1 and list(webvtt.read(str(target))) == []


# Through the real command line


def test_through_typer_and_the_installed_command(export_index, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["export", "drought", "--index", str(export_index), "-f", "csv", "-n", "2"])
    assert result.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 2
    result = runner.invoke(app, ["export", "--index", str(export_index), "--format", "docx"])
    assert result.exit_code == 2

    done = run_soundbite("export", "drought", "--format", "srt", "--index", export_index)
    assert done.returncode == 0 and done.stdout.startswith("1\n00:00:")
    assert done.stderr == "soundbite: 1 passage without a time left out of the clips\n"
    done = run_soundbite("export", "zeppelin", "--index", export_index)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    done = run_soundbite("export", "-f", "opensearch", "-o", tmp_path / "a" / "b", "--index", export_index)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_filters_without_a_query_narrow_the_whole_index(export_index):
    code, out, _ = export(export_index, speaker="bob ray", sort="time")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [row["id"] for row in rows] == ["panel#2", "panel#4", "untimed#2"]
    code, out, _ = export(export_index, since="2021-05", limit=1, offset=1)
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["panel#2"]
    assert export(export_index, speaker="nobody at all")[:2] == (1, "")


def test_a_reader_that_stops_early_is_not_an_error(export_index):
    done = subprocess.run(
        f"'{soundbite_command()}' export --index '{export_index}' -f csv | head -1",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert done.stdout.startswith("id,transcript,path,") and done.stderr == ""


def test_the_whole_index_is_read_as_it_is_written(export_index):
    from indexer.engine.features.export import exported

    with exported(export_index) as found:
        assert found.total == 11 and not isinstance(found.hits, (list, tuple))
        first = next(found.hits)
        assert (first.transcript.id, first.passage.number) == ("harbour", 1)
