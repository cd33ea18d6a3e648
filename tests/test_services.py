"""Speech-to-text services' JSON, YouTube's caption downloads and meeting exports (issue 25).

The fixtures in `tests/services/` are one short newscast written in each
service's documented shape (API references and the example responses in the
makers' SDKs): two voices, four turns, word times 0.4 s apart. Every reader
must give the same four passages at the words' times, with the speaker as the
service labels it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_soundbite
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths
from indexer.errors import UnreadableFile
from indexer.transcripts import sources
from indexer.transcripts.formats import TRANSCRIPT_EXTENSIONS

SERVICES = Path(__file__).parent / "services"

TEXTS = [
    "Good evening. The flood barrier at Kelso failed at nine o'clock.",
    "We evacuated four thousand people. Nobody was hurt.",
    "Will you rebuild it?",
    "Yes, by March.",
]
TIMES = [(0.5, 4.8), (5.5, 8.6), (9.3, 10.8), (11.5, 12.6)]

# file: (format, the two voices as shown, their labels where the shown name differs, language)
NEWSCAST = {
    "transcribe-diarized.json": ("transcribe", ("spk_0", "spk_1"), ("", ""), "en"),
    "transcribe-old.json": ("transcribe", ("spk_0", "spk_1"), ("", ""), ""),
    "transcribe-channels.json": ("transcribe", ("ch_0", "ch_1"), ("", ""), ""),
    "transcribe-call-analytics.json": ("transcribe", ("AGENT", "CUSTOMER"), ("", ""), "en"),
    "google-v1-diarized.json": ("google-speech", ("Speaker 1", "Speaker 2"), ("1", "2"), "en"),
    "google-v2.json": ("google-speech", ("Speaker 1", "Speaker 2"), ("1", "2"), "en"),
    "google-channels-operation.json": ("google-speech", ("Channel 1", "Channel 2"), ("", ""), "en"),
    "azure-batch.json": ("azure-speech", ("Speaker 1", "Speaker 2"), ("1", "2"), ""),
    "azure-fast.json": ("azure-speech", ("Speaker 0", "Speaker 1"), ("0", "1"), "en"),
    "azure-stereo.json": ("azure-speech", ("Channel 0", "Channel 1"), ("", ""), ""),
    "deepgram-utterances.json": ("deepgram", ("Speaker 0", "Speaker 1"), ("0", "1"), "en"),
    "deepgram-multichannel.json": ("deepgram", ("Channel 0", "Channel 1"), ("", ""), ""),
    "assemblyai.json": ("assemblyai", ("Speaker A", "Speaker B"), ("A", "B"), "en"),
    "revai.json": ("rev", ("Speaker 0", "Speaker 1"), ("0", "1"), ""),
    "rev-human.json": ("rev", ("Sarah Mills", "Tom Reid"), ("", ""), ""),
    "speechmatics.json": ("speechmatics", ("S1", "S2"), ("", ""), "en"),
    "whispercpp.json": ("whisper-cpp", ("", ""), ("", ""), "en"),
}


def hits_of(output: str) -> list[dict]:
    """`search --json`: a JSON object a line."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def parse(name: str):
    path = SERVICES / name
    return sources.parse_bytes(path.read_bytes(), path)


@pytest.mark.parametrize("name", sorted(NEWSCAST))
def test_each_service_gives_the_four_turns_at_the_words_times_with_its_labels(name):
    expected_format, voices, labels, language = NEWSCAST[name]
    fmt, parsed = parse(name)
    assert fmt == expected_format
    assert [(t.speaker, t.label, t.start, t.end, t.text) for t in parsed.turns] == [
        (voices[i % 2], labels[i % 2], *TIMES[i], TEXTS[i]) for i in range(4)
    ]
    assert parsed.meta.language == language
    assert parsed.notes == []


@pytest.mark.parametrize(
    ("name", "expected_format", "turns"),
    [
        (
            "azure-sdk.jsonl",  # the real-time SDK's results, a line each; a NoMatch result has no words
            "azure-speech",
            [("Guest-1", "", 0.5, 4.8, TEXTS[0]), ("Guest-2", "", 5.5, 8.6, TEXTS[1])],
        ),
        (
            "deepgram-stream.json",  # streaming messages: only the final ones count
            "deepgram",
            [("Speaker 0", "0", 0.5, 1.2, "Good evening."), ("Speaker 1", "1", 5.5, 6.4, "We evacuated.")],
        ),
        (
            "google-batch.json",  # a v2 batch response with the transcript inline
            "google-speech",
            [("Speaker 1", "1", 0.5, 1.2, "Good evening.")],
        ),
        (
            "kelso-captions-cli.txt",  # youtube-transcript-api's command line prints a Python literal
            "youtube-list",
            [("", "", 3.3, 7.4, "Good evening."), ("", "", 7.41, 10.61, "We evacuated four thousand people.")],
        ),
    ],
)
def test_saved_streams_batches_and_literals(name, expected_format, turns):
    fmt, parsed = parse(name)
    assert fmt == expected_format
    assert [(t.speaker, t.label, t.start, t.end, t.text) for t in parsed.turns] == turns


def test_google_diarization_repeats_every_word_in_its_last_result_and_none_is_read_twice():
    data = json.loads((SERVICES / "google-v1-diarized.json").read_text())
    repeated = data["results"][-1]["alternatives"][0]["words"]
    assert len(repeated) == sum(len(r["alternatives"][0].get("words", [])) for r in data["results"][:-1])
    _, parsed = parse("google-v1-diarized.json")
    assert " ".join(t.text for t in parsed.turns).count("evacuated") == 1


def test_watson_drops_hesitations_and_interim_results_and_joins_speakers_by_time():
    _, parsed = parse("watson.json")
    assert [(t.speaker, t.start, t.end, t.text) for t in parsed.turns] == [
        ("Speaker 0", 0.5, 4.8, "good evening the flood barrier at kelso failed at nine o'clock"),
        ("Speaker 1", 5.5, 8.6, "we evacuated four thousand people nobody was hurt"),
        ("Speaker 0", 9.3, 10.8, "will you rebuild it"),
        ("Speaker 1", 11.5, 12.6, "yes by march"),
    ]


def test_words_without_speakers_are_one_voice_cut_as_captions_are():
    _, parsed = parse("assemblyai-words.json")
    assert [(t.speaker, t.start, t.end) for t in parsed.turns] == [("", 0.5, 12.6)]
    assert parsed.turns[0].text == " ".join(TEXTS)
    assert parsed.meta.duration == 15.0


def test_rev_placeholders_are_not_words():
    raw = (SERVICES / "revai.json").read_text()
    assert "<inaudible>" in raw
    _, parsed = parse("revai.json")
    assert all("inaudible" not in t.text for t in parsed.turns)


@pytest.mark.parametrize(
    ("name", "texts", "times"),
    [
        (
            "Kelso flood [dQw4w9WgXcQ].en.json3",
            ["good evening the flood barrier failed", "we evacuated four thousand people nobody was hurt"],
            [(3.3, 5.21), (5.21, 11.61)],
        ),
        (
            "Kelso flood [dQw4w9WgXcQ].en.srv1",
            [TEXTS[0], "We evacuated four thousand people. Nobody was hurt & nothing was lost."],
            [(3.3, 7.4), (7.41, 12.61)],
        ),
        ("Kelso flood [dQw4w9WgXcQ].en.srv2", [TEXTS[0], TEXTS[1]], [(3.3, 7.4), (7.41, 12.61)]),
        (
            "Kelso flood [dQw4w9WgXcQ].en.srv3",
            ["good evening the flood barrier o'clock", "we evacuated four thousand people nobody was hurt"],
            [(3.3, 5.21), (5.21, 11.61)],
        ),
        ("kelso-captions.json", [TEXTS[0], TEXTS[1]], [(3.3, 7.4), (7.41, 12.61)]),
    ],
)
def test_youtube_downloads_read_with_times_without_sound_cues_and_with_turns_at_chevrons(name, texts, times):
    _, parsed = parse(name)
    assert [t.text for t in parsed.turns] == texts  # `[Music]` out, `>>` a new turn, entities unescaped once
    assert [(t.start, t.end) for t in parsed.turns] == times


def test_a_folder_walk_picks_up_youtube_downloads_and_their_language_tag(tmp_path):
    assert {".json3", ".srv1", ".srv2", ".srv3"} <= TRANSCRIPT_EXTENSIONS
    report = index_paths(tmp_path / "ix", [str(SERVICES)])
    assert [Path(problem.path).name for problem in report.skipped] == ["assemblyai-error.json"]
    hits = search(tmp_path / "ix", "evacuated", limit=0, transcript="Kelso flood*").hits
    assert {(hit.transcript.format, hit.transcript.meta.language) for hit in hits} == {
        ("youtube-json3", "en"),
        ("youtube-xml", "en"),
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"jobName": "x", "results": {"items": [{"type"', "invalid JSON (Expecting"),
        (
            '{"jobName": "x", "status": "FAILED", "results": {"transcripts": [], "items": []}}',
            "an Amazon Transcribe job that is failed, not completed",
        ),
        (
            '{"schemaVersion": "9.0", "transcript": {"lines": []}}',
            "no known transcript shape (keys: schemaVersion, transcript)",
        ),
    ],
)
def test_broken_service_files_say_what_is_wrong_in_one_line(tmp_path, content, reason):
    path = tmp_path / "job.json"
    path.write_text(content)
    with pytest.raises(UnreadableFile, match=re.escape(reason)):
        sources.parse_bytes(path.read_bytes(), path)


def test_a_failed_assemblyai_job_is_named_as_such():
    with pytest.raises(UnreadableFile, match="an AssemblyAI transcript that is error, not completed: Download error"):
        parse("assemblyai-error.json")


def test_bad_times_are_notes_and_no_word_is_dropped(tmp_path):
    items = [
        {"type": "pronunciation", "start_time": "1.0", "end_time": "1.3", "alternatives": [{"content": "Bridges"}]},
        {"type": "pronunciation", "start_time": "2.0", "end_time": "1.5", "alternatives": [{"content": "closed"}]},
        {"type": "pronunciation", "alternatives": [{"content": "overnight"}]},
        {"type": "pronunciation", "start_time": "-4", "end_time": "2.6", "alternatives": [{"content": "again"}]},
        {"type": "punctuation", "alternatives": [{"content": "."}]},
    ]
    path = tmp_path / "bad-times.json"
    path.write_text(json.dumps({"jobName": "b", "results": {"items": items}, "status": "COMPLETED"}))
    _, parsed = sources.parse_bytes(path.read_bytes(), path)
    assert [(t.text, t.start) for t in parsed.turns] == [("Bridges closed overnight again.", 1.0)]
    assert parsed.notes == [
        "1 word time(s) no recording can have (negative, or past 1,000 hours): not used",
        "1 word(s) ending before they start: ended at their start",
        "2 word(s) without a time: kept, at the time of the word before",
    ]


def test_a_sidecar_names_the_voices_and_the_label_stays(tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "kelso.json").write_bytes((SERVICES / "transcribe-diarized.json").read_bytes())
    runner = CliRunner()
    index_dir = tmp_path / "ix"
    assert runner.invoke(app, ["index", str(folder), "--index", str(index_dir), "-q"]).exit_code == 0
    plain = runner.invoke(app, ["search", "evacuated", "--index", str(index_dir), "--json"])
    assert [h["speaker"] for h in hits_of(plain.output)] == ["spk_1"]
    # The newsroom learns who spoke: `NAME.meta.json` beside it names the voices, and the file is re-read.
    voices = {"spk_0": {"name": "Sarah Mills", "role": "Presenter"}, "spk_1": "Tom Reid"}
    (folder / "kelso.meta.json").write_text(json.dumps({"title": "Kelso flood", "speakers": voices}))
    done = runner.invoke(app, ["index", str(folder), "--index", str(index_dir)])
    assert done.exit_code == 0 and "1 updated" in done.output, done.output
    named = runner.invoke(
        app, ["search", "evacuated OR rebuild", "--index", str(index_dir), "--json", "--sort", "time"]
    )
    hits = hits_of(named.output)
    assert [(h["speaker"], h["speaker_label"], h["role"], h["title"]) for h in hits] == [
        ("Tom Reid", "spk_1", "", "Kelso flood"),
        ("Sarah Mills", "spk_0", "Presenter", "Kelso flood"),
    ]
    by_name = runner.invoke(app, ["search", "barrier", "--speaker", "Sarah Mills", "--index", str(index_dir)])
    assert by_name.exit_code == 0 and "1 hit" in by_name.output
    by_label = runner.invoke(app, ["search", "barrier", "--speaker", "spk_0", "--index", str(index_dir)])
    assert by_label.exit_code == 0 and "1 hit" in by_label.output


MEETINGS = SERVICES / "meetings"


@pytest.mark.parametrize(
    ("name", "first", "boilerplate"),
    [
        ("otter-budget.txt", ("Dana Whitfield", 4.0), "otter.ai"),
        ("meet-standup.txt", ("Priya Natarajan", 0.0), "computer generated"),
        ("teams-briefing.txt", ("Ruth Okafor", 3.0), "transcription"),
        ("rev-interview.txt", ("Mayor Lin", 3.0), "rev.com"),
        ("sonix-interview.txt", ("Mayor Lin", 3.0), "sonix"),
    ],
)
def test_meeting_exports_keep_every_turn_and_none_of_the_tools_lines(name, first, boilerplate):
    _, parsed = parse(f"meetings/{name}")
    assert (parsed.turns[0].speaker, parsed.turns[0].start) == first
    text = " ".join(t.text for t in parsed.turns)
    assert boilerplate not in text.lower()
    for line in ("Attendees", "Fireflies", "Meeting ended", "6m 12s", "09:00am", "- Transcript", "started", "Page 1"):
        assert line not in text
    assert all(t.speaker for t in parsed.turns)


def test_otters_footer_glued_to_the_last_words_leaves_the_words():
    _, parsed = parse("meetings/otter-budget.txt")
    assert parsed.turns[-1].text == "Reserves, mostly. And a bond if the vote passes in May."


def test_an_hour_of_transcribe_json_reads_from_the_installed_command(tmp_path):

    done = run_soundbite("index", SERVICES / "transcribe-diarized.json", "--index", tmp_path / "ix")
    assert done.returncode == 0, done.stderr
    found = run_soundbite("search", "Kelso", "--index", tmp_path / "ix", "--json")
    hit = hits_of(found.stdout)[0]
    assert (hit["speaker"], hit["start"], hit["end"]) == ("spk_0", 0.5, 4.8)


@pytest.mark.parametrize(
    ("name", "turns"),
    [
        (
            "zoom-desk.vtt",  # every cue labelled but one: each label is a speaker, even used once
            [("Hannah Cole", 1.2, 4.9), ("Ravi Shah", 5.3, 9.1), ("Hannah Cole", 9.5, 13.8)],
        ),
        ("teams-desk.vtt", [("Ruth Okafor", 2.14, 5.38), ("Ben Carter", 5.9, 8.02), ("Ruth Okafor", 8.5, 10.75)]),
        ("sonix-interview.txt", [("Mayor Lin", 3.0, 7.4), ("Reporter", 11.0, 13.4), ("Mayor Lin", 14.0, 16.8)]),
    ],
)
def test_meeting_captions_and_turns_keep_their_speakers_and_times(name, turns):
    _, parsed = parse(f"meetings/{name}")
    assert [(t.speaker, t.start, t.end) for t in parsed.turns] == turns
