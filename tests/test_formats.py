"""Every transcript format on small fixtures of our own: speakers, times, text, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, read_transcripts

from indexer.errors import UnreadableFile
from indexer.transcripts import cues, formats, sources
from indexer.transcripts.clock import parse_clock
from indexer.transcripts.text import readable_speaker, strip_markup


def load(relative: str):
    path = (FIXTURES / relative).resolve()
    found = sources.discover([str(path.parent)]).files
    (source,) = [s for s in found if s.path == path]
    return sources.load(source)


def rows(transcript):
    return [(p.speaker, p.start, p.end, p.text) for p in transcript.passages]


# --- SRT --------------------------------------------------------------------


def test_srt_tags_entities_speakers_sound_cues_adverts_and_zero_length_cues():
    t = load("captions/newsroom-cc.srt")
    assert t.format == "srt"
    assert rows(t) == [
        (
            "Anne O'Malley",
            6.5,
            11.25,
            "Good evening. Tonight, the harbour project faces a new vote & a deadline.",
        ),
        ("", 12.0, 16.0, "The mayor says the money is there. It is not."),
        ("Man 2", 20.5, 22.0, "I don't believe a word of it."),
    ]
    assert all(not p.estimated for p in t.passages)


def test_srt_without_cue_numbers_and_with_gaps(tmp_path):
    path = tmp_path / "bare.srt"
    path.write_text(
        "00:00:01,000 --> 00:00:02,000\nFirst line\n\n"
        "7\n00:00:02,500 --> 00:00:04,000\nsecond line.\n\n"
        "12\n00:00:04,000 --> 00:00:05,000\nThird, still going\n"
    )
    (source,) = sources.discover([str(path)]).files
    t = sources.load(source)
    assert rows(t) == [("", 1.0, 5.0, "First line second line. Third, still going")]


# --- WebVTT -----------------------------------------------------------------


def test_vtt_blocks_identifiers_settings_voices_classes_and_inline_times():
    t = load("captions/panel-interview.vtt")
    assert t.format == "vtt"
    assert rows(t) == [
        (
            "Dr. Ruth Okafor",
            0.5,
            7.5,
            "Welcome to the climate panel. Our first guest studies sea level rise.",
        ),
        ("Tomás Herrera", 8.0, 11.0, "Thank you, Ruth. The ice sheets are melting faster."),
        # A long silence ends a passage even when the speaker goes on.
        ("Tomás Herrera", 62.0, 65.0, "After a long pause, one more point."),
    ]


def test_vtt_seconds_only_timestamps_and_diarization_labels():
    t = load("captions/seconds-only.vtt")
    assert rows(t) == [
        (
            "Speaker 1",
            0.86,
            13.48,
            "Podcasting is coming back to New Zealand again. The summit has been announced.",
        )
    ]


def test_youtube_rolling_captions_do_not_repeat_lines():
    t = load("captions/rolling-auto.vtt")
    assert rows(t) == [("", 1.52, 8.75, "good evening and welcome to the first debate of the season")]


def test_a_line_said_twice_is_kept_twice_outside_rolling_captions(tmp_path):
    # A person who repeats themself said it twice; only a file that rolls throughout repeats by construction.
    path = tmp_path / "chase.srt"
    path.write_text(
        "1\n00:19:30,000 --> 00:19:31,500\nTo the van!\n\n"
        "2\n00:19:32,000 --> 00:19:33,000\nNow, quickly.\n\n"
        "3\n00:19:34,500 --> 00:19:36,000\nTo the van!\n\n"
        "4\n00:19:36,000 --> 00:19:37,000\nTo the van!\n\n",
        encoding="utf-8",
    )
    (t,), notes = read_transcripts(path)
    assert " ".join(p.text for p in t.passages) == "To the van! Now, quickly. To the van! To the van!"
    assert notes == []


def test_a_timed_transcript_lasts_until_its_last_cue_so_the_last_minute_is_found(tmp_path):
    from indexer.engine.querying.search import search
    from indexer.engine.storage.writer import index_paths

    path = tmp_path / "late.srt"
    path.write_text(
        "1\n00:00:05,000 --> 00:00:08,000\nThe opening words.\n\n"
        "2\n00:09:50,000 --> 00:09:58,500\nThe closing words.\n\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path)
    assert t.meta.duration == 598.5
    index_paths(tmp_path / "ix", [str(path)])
    last_minute = search(tmp_path / "ix", "words", after="-1:00", limit=0)
    assert [h.passage.text for h in last_minute.hits] == ["The closing words."]


def test_sbv():
    t = load("captions/youtube.sbv")
    assert t.format == "sbv"
    assert rows(t) == [
        ("Alice", 0.599, 4.16, "Hi, my name is Alice Miller"),
        ("John", 4.16, 6.77, "and we're the owners of Miller Bakery."),
    ]


def test_cues_merge_until_a_sentence_ends_near_the_target_length():
    timed = [cues.Cue(i * 3.0, i * 3.0 + 3, f"words {i} " * 4 + ("end." if i % 3 == 2 else "")) for i in range(30)]
    turns = cues.merge_cues(timed)
    assert len(turns) > 3
    for turn in turns[:-1]:
        seconds, words = turn.end - turn.start, len(turn.text.split())
        assert turn.text.endswith("end.")
        assert seconds >= cues.MIN_SECONDS or words >= cues.MIN_WORDS
        assert seconds <= cues.MAX_SECONDS + 3 and words <= cues.MAX_WORDS
    assert " ".join(t.text for t in turns) == " ".join(c.text for c in timed)


def test_phrase_split_across_cue_lines_is_found(tmp_path):
    from indexer.engine.querying.search import search
    from indexer.engine.storage.writer import index_paths

    index_paths(tmp_path / "ix", [str(FIXTURES / "captions")])
    (hit,) = search(tmp_path / "ix", '"harbour project faces"').hits
    assert hit.passage.speaker == "Anne O'Malley"
    assert hit.passage.start == 6.5 and hit.passage.estimated is False
    assert search(tmp_path / "ix", '"says the money"').total == 1


# --- Speaker turns ----------------------------------------------------------


def test_bracketed_times_and_continuation_paragraphs():
    t = load("turns/bracket-times.txt")
    assert t.format == "turns"
    assert [(p.speaker, p.start, p.text) for p in t.passages] == [
        ("Maria Lopez", 5.0, "Thanks for coming in today."),
        ("Sam Park", 9.0, "Happy to be here. It has been a long year. We moved the whole lab twice."),
        ("Maria Lopez", 75.0, "Let's start with the move."),
    ]


def test_clock_lines_with_voice_tags():
    t = load("turns/clock-lines.txt")
    assert [(p.speaker, p.start, p.text) for p in t.passages] == [
        ("Michael Kennedy", 0.0, "Welcome to the show. My guest today builds compilers."),
        ("Ada Byrne", 9.0, "Thanks, Michael. Great to be here."),
    ]


def test_header_lines_with_times_and_front_matter():
    t = load("turns/headers.md")
    assert (t.meta.title, t.meta.date, t.meta.url) == (
        "Episode 12: Rivers",
        "2024-03-05",
        "https://example.org/audio/ep12.mp3",
    )
    assert [(p.speaker, p.start, p.text) for p in t.passages] == [
        ("Ines Duarte", 0.0, "Welcome back. Today we talk about rivers."),
        ("Kofi Mensah", 7.0, "Rivers are the original highways. They carried trade long before roads."),
        ("Ines Duarte", 3723.0, "That is a long way in."),
        ("Kofi Mensah", 3730.0, "And it goes on."),
    ]


def test_markdown_bold_labels_and_escaped_timestamps():
    t = load("turns/markdown-bold.md")
    assert [(p.speaker, p.start, p.text) for p in t.passages] == [
        ("Jerod Santo", None, "Welcome to the show, everybody."),
        (
            "Abi Noda",
            837.0,
            "Thanks for having me. It's great to be here. A second paragraph from Abi, with a link in it.",
        ),
        ("Jerod Santo", 860.0, "Let's dig in."),
        ("Abi Noda", None, "Sure."),
    ]


def test_labels_with_only_a_time_mark_moments_not_speakers():
    # Changelog's `**Break:** \\[08:47\\] to \\[09:05\\]`, `**Sample:**`, `**Jingle:**`: the words
    # after start at the mark, the turn before ends at it; a bold label used once is a speaker.
    t = load("turns/breaks.md")
    assert [(p.speaker, p.start, p.end, p.estimated, p.text) for p in t.passages] == [
        ("Jerod Santo", None, None, False, "Welcome to the show."),
        ("Adam Stacoviak", 70.0, 153.0, False, "Glad to be here, let us play something."),
        ("Moby", 153.0, None, False, "Extreme ways, was a single for my album."),
        ("Adam Stacoviak", None, None, False, "That was the one."),
        ("Jerod Santo", 545.0, 720.0, False, "And we are back."),
    ]


def test_briefing_upper_case_labels_q_with_no_break_spaces_and_stage_notes():
    t = load("turns/briefing.md")
    assert t.meta.title == "Press Briefing by Press Secretary Jen Psaki, January 20, 2021"
    assert t.meta.date == "2021-01-20"
    assert [(p.speaker, p.text) for p in t.passages] == [
        ("", "James S. Brady Press Briefing Room"),
        ("Jen Psaki", "Good evening, everyone. Thank you for joining us on this historic day."),
        ("Q", "Thanks, Jen. First question."),
        ("Jen Psaki", "Go ahead."),
        ("The President", "Thank you all."),
    ]
    # No timestamps in the file: none invented (the 7:06 P.M. clock is the time of day).
    assert all(p.start is None and p.end is None for p in t.passages)


def test_mission_elapsed_time_negative_times_call_signs_and_no_extension():
    t = load("turns/MISSION")
    assert t.id == "MISSION"
    assert [(p.speaker, p.start, p.text) for p in t.passages] == [
        ("PAO", -4.0, "Ignition. Liftoff."),
        ("CDR", 0.0, "Roger. Clock."),
        ("CC", 62.0, "Apollo 11, Houston. You're good at 1 minute."),
        ("CDR", 93784.0, "One day in."),
    ]


def test_sidecar_metadata_gives_roles_title_link_and_estimated_times():
    found = sources.discover([str(FIXTURES / "turns")]).files
    assert "debate.json" not in {s.path.name for s in found}  # metadata, not a transcript
    t = load("turns/debate.said")
    assert t.meta.title == "Biden, Trump (1 of 2)"
    assert t.meta.date == "2020-09-29"
    assert t.meta.url == "https://www.youtube.com/watch?v=WRUSNGrZeHk"
    assert t.meta.duration == 100
    assert [(p.speaker, p.role) for p in t.passages] == [
        ("Chris Wallace", "Moderator"),
        ("Joe R Biden", "Democratic nominee for President"),
        ("Donald J Trump", "Republican nominee for President"),
        ("Chris Wallace", "Moderator"),
    ]
    assert t.passages[2].text == "How are you doing?"  # [crosstalk 00:01:02] is not speech
    assert all(p.estimated for p in t.passages)
    assert t.passages[0].start == 0 and t.passages[-1].end == 100


def test_sidecar_speakers_split_turns_the_parser_could_not_tell_from_prose():
    # `Audience questioner:` (a lower-case word) and `Announcer offscreen:` (used once, after a
    # dash) are labels only because the sidecar lists them.
    t = load("turns/town-hall.said")
    assert [(p.speaker, p.role, p.text) for p in t.passages] == [
        ("Carole Simpson", "Moderator", "Welcome to the town hall. And I think the first question is over here."),
        ("Audience questioner", "Audience questioner", "Yes. What will you do about jobs?"),
        ("Bill J Clinton", "Democratic nominee for President", "We will build them. We will invest in the -"),
        ("Announcer offscreen", "Announcer offscreen", "The pool has lost the audio for a moment."),
        ("Bill J Clinton", "Democratic nominee for President", "As I was saying, invest in people."),
    ]


def test_transcript_without_timestamps_has_empty_times(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("Ann Lee: Hello.\n\nBo Chen: Hi there.\n\nAnn Lee: Bye.\n")
    (source,) = sources.discover([str(path)]).files
    t = sources.load(source)
    assert [(p.speaker, p.start, p.end) for p in t.passages] == [
        ("Ann Lee", None, None),
        ("Bo Chen", None, None),
        ("Ann Lee", None, None),
    ]


def test_single_prose_label_is_not_a_speaker(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("Slides: see the link.\n\nSome notes about the talk.\n\nMore notes here.\n")
    (source,) = sources.discover([str(path)]).files
    t = sources.load(source)
    assert {p.speaker for p in t.passages} == {""}


# --- Podcast JSON and HTML --------------------------------------------------


def test_podcasting_json_word_segments_merge_into_passages():
    t = load("podcast/words.json")
    assert t.format == "podcast-json"
    assert rows(t) == [
        ("Darth Vader", 0.5, 2.25, "I am your father."),
        ("Luke Skywalker", 3.0, 3.5, "Nooo!"),
    ]


def test_whisper_json_with_diarization():
    t = load("podcast/whisper.json")
    assert rows(t) == [("Speaker 00", 0.0, 2.4, "Hello there."), ("Speaker 01", 2.4, 4.0, "General Kenobi.")]


def test_podcast_namespace_html():
    t = load("podcast/episode.html")
    assert t.format == "podcast-html"
    assert [(p.speaker, p.start, p.text) for p in t.passages] == [
        ("Alban", 0.0, "It's so nice to record this show & plan it."),
        ("Kevin", 30.0, "You guys remember when we went all in on video?"),
        ("Alban", 3723.0, "I never said that."),
    ]


def test_plain_prose_with_front_matter_keeps_its_date_and_title():
    # The White House archive's readouts and statements have no speaker turns: read as plain prose,
    # their front matter was a passage of its own and 1,625 passages mentioning Ukraine had no date.
    from indexer.transcripts.formats.plain import parse

    parsed = parse(
        "---\ntags: statements-releases\ndate: '2021-12-09'\ntitle: \"Readout of a Call\"\n---\n \n"
        "President Biden spoke today with President Zelenskyy.\n\nThey discussed the border.\n"
    )
    assert (parsed.meta.date, parsed.meta.title) == ("2021-12-09", "Readout of a Call")
    assert [t.text for t in parsed.turns] == [
        "President Biden spoke today with President Zelenskyy.",
        "They discussed the border.",
    ]


def test_podcast_html_with_a_malformed_declaration_keeps_what_came_before_and_says_so():
    from indexer.transcripts.formats.podcast import parse_html

    parsed = parse_html("<cite>Ann:</cite><time>0:01</time><p>Hi there.</p><![0 <cite>Bo:</cite><p>Lost.</p>")
    assert [(t.speaker, t.start, t.text) for t in parsed.turns] == [("Ann", 1.0, "Hi there.")]
    assert parsed.notes == [
        "malformed markup (expected name token at '<![0 <cite>Bo:</cite'): the rest of the file is not read"
    ]


# --- Detection, forcing, refusing ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt"),
        ("0:00:01.000,0:00:02.000\nHi\n", "sbv"),
        ('{"segments": [{"startTime": 1, "body": "Hi"}]}', "podcast-json"),
        ("<cite>Ann:</cite><time>0:01</time><p>Hi</p>", "podcast-html"),
        ("02:52\nLead.\nBody.", "newsvideo"),
        ("Ann: Hi.\nBo: Hello.\nAnn: Bye.\n", "turns"),
        ("Just some notes.\nMore notes.", "plain"),
    ],
)
def test_detection_by_content(text, name):
    assert formats.detect(text).name == name


def test_an_srt_saved_as_txt_is_read_as_srt(tmp_path):
    path = tmp_path / "captions.txt"
    path.write_bytes((FIXTURES / "captions" / "newsroom-cc.srt").read_bytes())
    (source,) = sources.discover([str(path)]).files
    assert sources.load(source).format == "srt"


def test_format_can_be_forced(tmp_path):
    path = tmp_path / "talk.txt"
    path.write_text("02:52\nAnn Lee: this is not a news video.\n")
    (source,) = sources.discover([str(path)]).files
    assert sources.load(source).format == "newsvideo"
    assert sources.load(source, "turns").passages[0].speaker == "Ann Lee"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.srt", "this is not a subtitle file\n", "not a valid srt file"),
        ("notes.json", '{"title": "no segments"}', "JSON of no known transcript shape (keys: title)"),
        ("cut.json", '{"jobName": "x", "results": {"items": [{"type"', "invalid JSON (Expecting"),
        ("bad.json", '{"segments": [', "invalid JSON"),
        ("old.stl", "EBU STL bytes", "EBU STL captions are not supported"),
        ("notes.smi", "<SAMI><BODY>no sync at all</BODY></SAMI>", "not a valid sami file"),
        ("empty.vtt", "WEBVTT\n\n", "no transcript text found"),
        # A malformed declaration (the HTML parser pycaption used asserted on it; found by Hypothesis).
        ("odd.smi", "<SAMI><![0 <SYNC Start=1>", "no captions in it"),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content)
    (source,) = sources.discover([str(path)]).files
    with pytest.raises(UnreadableFile) as raised:
        sources.load(source)
    assert raised.value.reason.startswith(reason), raised.value.reason


def test_extensionless_file_that_is_not_a_transcript_is_passed_over(tmp_path):
    # (Not named LICENSE: a walk passes that over by its name before reading it, `transcripts.ignore`.)
    (tmp_path / "TERMS").write_text("Permission is hereby granted, free of charge.\n")
    (source,) = sources.discover([str(tmp_path)]).files
    with pytest.raises(sources.NotATranscript):
        sources.load(source)


# --- Shared text helpers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<i>Hi</i> &amp; <font color=red>bye</font>", "Hi & bye"),
        ("&lt;b&gt;escaped&lt;/b&gt; tags", "escaped tags"),
        ("a --> b >> c", "a b c"),
        ("{\\an8}Top line", "Top line"),
        ("<00:00:01.000><c>word</c>", "word"),
    ],
)
def test_strip_markup(raw, clean):
    assert strip_markup(raw) == clean


@pytest.mark.parametrize(
    ("label", "readable"),
    [
        ("MS. PSAKI", "Ms. Psaki"),
        ("THE PRESIDENT", "The President"),
        ("SPEAKER_1", "Speaker 1"),
        ("MAN 2", "Man 2"),
        ("CDR", "CDR"),
        ("PAO", "PAO"),
        ("Q", "Q"),
        ("Alban", "Alban"),
    ],
)
def test_readable_speaker(label, readable):
    assert readable_speaker(label) == readable


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:01:02,500", 62.5),
        ("01:02.250", 62.25),
        ("7.380", 7.38),
        ("1:02:03", 3723),
        ("01:02:03:04", 93784),
        ("-00:00:00:04", -4),
        ("1:75", None),
        ("abc", None),
    ],
)
def test_parse_clock(text, seconds):
    assert parse_clock(text) == seconds


def test_fixture_paths_exist():
    assert Path(FIXTURES / "turns" / "MISSION").is_file()


def test_words_in_brackets_are_kept_and_only_sound_cues_dropped(tmp_path):
    path = tmp_path / "briefing.md"
    path.write_text(
        "MS. PSAKI: The Office of Science and Technology Policy's (OSTP) prior request stands. (Applause.)\n\n"
        "Q: And the (U.S.) side? (LAUGHTER) And NATO's (NATO) answer (inaudible) came late.\n\n"
        "MS. PSAKI: (MUSIC) Senator McCain (R-AZ) agreed.\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path)
    assert [p.text for p in t.passages] == [
        "The Office of Science and Technology Policy's (OSTP) prior request stands.",
        "And the (U.S.) side? And NATO's (NATO) answer came late.",
        "Senator McCain (R-AZ) agreed.",
    ]


def test_a_clock_time_in_prose_is_words_not_a_timestamp(tmp_path):
    path = tmp_path / "briefing.md"
    path.write_text(
        "MS. PSAKI: The statement will go out this evening. It'll be out at\n"
        "8:30 Eastern. We will have more tomorrow.\n\n"
        "Q: And the speech?\n\n"
        "MS. PSAKI: Tomorrow, at\n"
        "10:15 in the morning, in the Rose Garden.\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path)
    assert [(p.start, p.text) for p in t.passages] == [
        (None, "The statement will go out this evening. It'll be out at 8:30 Eastern. We will have more tomorrow."),
        (None, "And the speech?"),
        (None, "Tomorrow, at 10:15 in the morning, in the Rose Garden."),
    ]


def test_bare_clock_times_are_timestamps_where_the_file_writes_them_throughout(tmp_path):
    path = tmp_path / "log.md"
    path.write_text(
        "Ann Lee: Good evening.\n\n00:00:05 The ferry left late.\n\n00:00:12 Ice closed the strait.\n\n"
        "00:00:20 The islands wait for fuel.\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path)
    assert [p.start for p in t.passages if p.start is not None and not p.estimated][:3] == [5, 12, 20]


def test_markdown_in_a_plain_file_is_read_as_every_reader_reads_it(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text(
        "### Statement by the Press Secretary\n\n"
        "The President met the [Prime Minister](https://example.gov/briefing-room/2021/jy2250) today, "
        "and **welcomed** the *agreement*.\n\n"
        "\\###\n\n"
        "- The talks resume on Monday.\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path, "plain")
    assert [p.text for p in t.passages] == [
        "The President met the Prime Minister today, and welcomed the agreement.",
        "The talks resume on Monday.",
    ]


def test_a_transcribers_correction_is_kept_beside_the_word_said(tmp_path):
    from indexer.engine.querying.search import search
    from indexer.engine.storage.writer import index_paths

    path = tmp_path / "remarks.md"
    path.write_text(
        "THE PRESIDENT: We have a <s>handicapped</s> \\[handpicked\\] group here, and 5 \\[million\\] "
        "\\[inaudible\\] jobs. (Applause.)\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path)
    assert t.passages[0].text == "We have a handicapped [handpicked] group here, and 5 [million] jobs."
    index_paths(tmp_path / "ix", [str(path)])
    for word in ("handpicked", "handicapped", "million"):  # what was said, and what was meant
        assert search(tmp_path / "ix", word).total == 1, word
