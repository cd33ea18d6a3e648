"""The shapes the words-kept test found in real files, each on a fixture of our own.

Every test here is a line or two as the real corpora write it (White House
briefings, Changelog, Talk Python, mission logs, subtitle sites, TV archives)
and what soundbite must make of it: every word kept where it was said, and
only what the format says is not speech left out.
"""

from __future__ import annotations

from conftest import read_transcripts

from indexer.transcripts import sources
from indexer.transcripts.decode import decode


def read(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    transcripts, notes = read_transcripts(path)
    return [(p.speaker, p.text) for t in transcripts for p in t.passages], notes


def words_of(passages) -> str:
    return " ".join(text for _, text in passages)


# --- captions ---------------------------------------------------------------------------------


def test_a_cue_without_its_timing_line_or_with_times_none_can_read_keeps_its_words(tmp_path):
    srt = (
        "1\n00:00:00,500 --> 00:00:07,000\nCaption one.\n\n2\nCaption two.\n\n"
        "3\n00:00:11,890 --> 00:00:16,320\nThree.\n"
    )
    passages, notes = read(tmp_path, "missing.srt", srt)
    assert words_of(passages) == "Caption one. Caption two. Three."
    assert "1 block of text without a timing line: kept, with the cue before" in notes
    vtt = "WEBVTT\n\n00:00:00.500 --> 00:00:07.000\nOne.\n\n00:00:07.000 --> 00:00:1d.890\nTwo.\n"
    passages, notes = read(tmp_path, "bad.vtt", vtt)
    assert words_of(passages) == "One. Two."
    assert any("none can read" in note for note in notes)


def test_a_release_tag_said_in_a_sentence_is_speech_and_a_credit_cue_is_not(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\nSubtitles: @someone (^^V^^)\n\n"
        "2\n00:00:04,000 --> 00:00:08,000\nAnd it even supports 1080p without devouring bandwidth.\n\n"
        "3\n00:00:09,000 --> 00:00:10,000\nMovie.2019.1080p.BluRay.x264\n\n"
        "4\n00:00:11,000 --> 00:00:13,000\nSubtitles: @someone (^^V^^)\n"
    )
    passages, _ = read(tmp_path, "film.srt", srt)
    assert passages == [("", "And it even supports 1080p without devouring bandwidth.")]


def test_a_mixed_case_label_after_chevrons_names_the_speaker(tmp_path):
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA tool here real quick.\n\n"
        "00:00:02.000 --> 00:00:03.000\n>>Dimitris: Oh, yeah.\n"
    )
    passages, _ = read(tmp_path, "panel.vtt", vtt)
    assert passages == [("", "A tool here real quick."), ("Dimitris", "Oh, yeah.")]


def test_a_two_byte_sequence_that_would_be_a_control_character_is_the_code_pages_letters():
    # cp1251 Serbian: `ОБЕЗГЛАВЉЕНИ` holds the bytes C2 8A (`ВЉ`), which UTF-8 would read as a control.
    line = "НАЂЕН ОБЕЗГЛАВЉЕНИ ЛЕШ. Што је не би дао мени?\n"
    data = (line * 4).encode("cp1251") + " ♪".encode() * 3
    text, encoding = decode(data, "x.srt")
    assert encoding == "utf-8+cp1251"
    assert "ОБЕЗГЛАВЉЕНИ" in text


# --- speaker-turn transcripts -------------------------------------------------------------------


def test_mission_links_are_their_words_and_metalines_are_not(tmp_path):
    log = (
        '[00:00:00:02]\n_page : 8\n_images: [\n    {\n        "filename" : "a.jpg"\n    }\n    ]\n'
        "CDR: Stand by for [glossary:S-IVB] to [glossary:COI].\n\n[00:00:00:05]\n"
        "CC: We'll be in orbit at [time:115800|32:10]. Pilot sleeps\n     07:15 to 11:15.\n"
        "     Acquisition: 04:16. Over.\n"
    )
    passages, _ = read(tmp_path, "TEC", log)
    assert passages == [
        ("CDR", "Stand by for S-IVB to COI."),
        ("CC", "We'll be in orbit at 32:10. Pilot sleeps 07:15 to 11:15. Acquisition: 04:16. Over."),
    ]


def test_bold_handles_are_speakers_and_a_memo_field_is_not(tmp_path):
    md = (
        "**Mat Ryer:** Are you worried about them?\n\n**conejoninja**: Yes.\n\n"
        "**sam boyer:** Glad to be back.\n\n**Mat Ryer:** Good.\n"
    )
    passages, _ = read(tmp_path, "show.md", md)
    assert [s for s, _ in passages] == ["Mat Ryer", "conejoninja", "sam boyer", "Mat Ryer"]
    memo = "**TO: WHITE HOUSE COMMS STAFF**\n**FROM: CEA STAFF**\n\nPresident Trump has acted.\n"
    passages, _ = read(tmp_path, "memo.md", memo)
    assert {s for s, _ in passages} == {""}
    assert words_of(passages) == "TO: WHITE HOUSE COMMS STAFF FROM: CEA STAFF President Trump has acted."


def test_headings_over_labels_are_words_and_one_word_over_nothing_is_a_moment(tmp_path):
    md = (
        "**Jerod Santo:** Let's take a break.\n\n**Break:**\n\n**Jerod Santo:** We're back.\n\n"
        "Break: \\[57:26\\] to \\[58:16\\]\n\n**Climate Advocacy Organizations:**\n\n"
        "**Sierra Club:** “It is about jobs.”\n\n**Sierra Club:** Again.\n"
    )
    passages, _ = read(tmp_path, "episode.md", md)
    assert passages == [
        ("Jerod Santo", "Let's take a break."),
        ("Jerod Santo", "We're back."),
        ("", "Climate Advocacy Organizations"),
        ("Sierra Club", "“It is about jobs.”"),
        ("Sierra Club", "Again."),
    ]


def test_times_in_and_out_of_prose(tmp_path):
    txt = (
        "00:40:49 <v Michael>So are you matching my intent?\n\n"
        "00:41:02 am I matching it, whether it's faster or not.\n\n00:41:30 Yes.\n\n"
    )
    passages, _ = read(tmp_path, "talk.txt", txt)
    assert "am I matching it, whether it's faster or not." in words_of(passages)
    md = (
        "South Lawn\n\n11:07 A.M. EST\n\nTHE PRESIDENT: It is embargoed until 1:00 a.m. Eastern and\n"
        "5:00 a.m. GMT. Take \\[52:28\\] care.\n"
    )
    passages, _ = read(tmp_path, "remarks.md", md)
    assert words_of(passages) == "South Lawn It is embargoed until 1:00 a.m. Eastern and 5:00 a.m. GMT. Take care."


def test_corrections_sounds_and_numbers_where_changelog_and_briefings_write_them(tmp_path):
    md = (
        "**Adam Stacoviak:** 32.\n\n**Jerod Santo:** 32. So you can go up to 32 \\[unintelligible 00:05:32.12\\] "
        "there (I think it's \\[unintelligible 00:53:16.28\\]).\n\n"
        "**Jerod Santo:** Our officials are \\[senior administration\nofficials\\]. "
        "\\[[Statement](https://example.org/x),\n5/15/23\\]\n"
    )
    passages, _ = read(tmp_path, "friends.md", md)
    assert passages == [
        ("Adam Stacoviak", "32."),
        ("Jerod Santo", "32. So you can go up to 32 there (I think it's)."),
        ("Jerod Santo", "Our officials are [senior administration officials]. [Statement, 5/15/23]"),
    ]


def test_parentheses_that_are_words_and_parentheses_that_are_stage_directions(tmp_path):
    md = (
        "THE PRESIDENT: Say it with me (for the umpteenth time): we move up.\n"
        "(Applause.)  And Mary <s>Kay</s> \\[Gay\\] Scanlon as well.  (Applause.)\n"
        "(The audience sings “Happy Birthday”)\nOh, son of a gun! (Laughter) We're going backwards.\n"
        "The Department of Agriculture\n(USDA)\nand its partners.\n(Cross-talk)\n\n"
        "Q: (August 24, 2021) What happened?\n\nMS. PSAKI: Thank you.\n"
    )
    passages, _ = read(tmp_path, "briefing.md", md)
    assert passages[0] == (
        "The President",
        "Say it with me (for the umpteenth time): we move up. And Mary Kay [Gay] Scanlon as well. "
        "Oh, son of a gun! We're going backwards. The Department of Agriculture (USDA) and its partners.",
    )
    assert passages[1] == ("Q", "(August 24, 2021) What happened?")


def test_markdown_in_a_plain_file_over_lines_and_inside_words(tmp_path):
    md = (
        '---\ntitle: A release\n---\n \n<figure>\n<img\nsrc="https://www.example.gov/a.jpg"\n'
        'style="width:650px" />\n</figure>\nThe [U.S.-Caribbean Partnership to Address the Climate\nCrisis\n'
        "2030](https://example.gov/pacc-2030/) met in W*ashington, D.C*. and fiv**e** cities.\n"
    )
    passages, _ = read(tmp_path, "release.md", md)
    text = words_of(passages)
    assert "https" not in text and "img" not in text and "pacc" not in text
    assert "The U.S.-Caribbean Partnership to Address the Climate Crisis 2030 met in Washington, D.C. and five" in text


def test_a_documents_participants_are_words_and_a_meetings_attendees_line_is_not(tmp_path):
    readout = "The Vice President met leaders.\n\nParticipants:\n\n• Dr. Kristyn Brandi, Board Chair\n"
    passages, _ = read(tmp_path, "readout.txt", readout)
    assert "Participants: • Dr. Kristyn Brandi, Board Chair" in words_of(passages)


def test_a_dataset_line_timed_before_the_one_above_keeps_the_texts_order(tmp_path):
    rows = 'identifier,text,times\nshow1,>> first words here. >> second words there. >> third words.,"0,10,5,20"\n'
    passages, _ = read(tmp_path, "archive.csv", rows)
    assert words_of(passages).split() == "first words here. second words there. third words.".split()


def test_a_moderators_question_inside_an_answer_gives_the_answer_back(tmp_path):
    (tmp_path / "debate.json").write_text(
        '{"speakers": [{"fullName": "Jim Lehrer", "role": "Moderator"}, '
        '{"fullName": "George W Bush", "role": "President"}]}',
        encoding="utf-8",
    )
    said = (
        "Jim Lehrer: Good evening.\n\n"
        "George W Bush: I will not make decisions that are wrong for America. Jim Lehrer: New question, "
        "Mr. President. Do you believe that diplomacy can work? North Korea, first, I do. I hope so.\n"
    )
    (tmp_path / "debate.said").write_text(said, encoding="utf-8")
    (source,) = sources.discover([str(tmp_path)]).files  # (the folder: the sidecar pairs with its transcript)
    (transcript,) = sources.iter_transcripts(source, None, None, None, [])
    assert [(p.speaker, p.text) for p in transcript.passages] == [
        ("Jim Lehrer", "Good evening."),
        ("George W Bush", "I will not make decisions that are wrong for America."),
        ("Jim Lehrer", "New question, Mr. President. Do you believe that diplomacy can work?"),
        ("George W Bush", "North Korea, first, I do. I hope so."),
    ]
