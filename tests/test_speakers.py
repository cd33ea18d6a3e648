"""One person, one name: readable labels, honorifics resolved within a transcript, forms grouped in the index.

Fixtures of our own (capitalised and mixed labels in one file, honorific-only
labels with and without a full-name mention, two people sharing a surname,
accents, a mission transcript of call signs), then the White House briefings
of ../shared and a check over the whole corpus that only speakers change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import read_transcripts, shared_path
from test_commands import run

from indexer.cli import commands
from indexer.engine.features.browse import speakers
from indexer.engine.querying.search import count_by, search
from indexer.engine.storage.writer import index_paths
from indexer.model import SearchOptions
from indexer.transcripts import sources
from indexer.transcripts import speakers as speaker_names
from indexer.transcripts.speakers import person_key

GAGGLE = """---
title: "Press Gaggle by Press Secretary Karine Jean-Pierre En Route Philadelphia"
date: '2022-06-14'
---

MS. JEAN-PIERRE:  All right.  Hey, everybody.  I have one quick thing at the top.

Q:  Thank you, Karine.  On inflation?

MS. JEAN-PIERRE:  We are focused on prices.

Q:  And on the trip?

Ms. Jean-Pierre:  The President travels tomorrow.

MR. KIRBY:  On Ukraine, the aid continues.

AIDE:  Last question.
"""
# Nobody is named in full: the honorific forms stay, one spelling each.
BRIEFING = """---
title: "Press Briefing by the National Security Council"
date: '2023-01-05'
---

MR. KIRBY:  Good afternoon.  Sanctions first.

Q:  On sanctions?

Mr. Kirby:  We will announce more sanctions.

Q:  When?

MR. SULLIVAN:  Next week, I expect.
"""
# Another Sullivan, named in full in the text: never merged with the first by surname alone.
HEARING = """---
title: "Remarks at a Senate hearing"
date: '2016-03-01'
---

THE CHAIRMAN:  I recognise the senator from Alaska, Dan Sullivan.

MR. SULLIVAN:  Thank you.  Sanctions matter to Alaska.

THE CHAIRMAN:  Thank you, senator.
"""
ACCENTS = """---
title: "Remarks by Administrator Isabel Guzmán"
date: '2022-02-01'
---

ADMINISTRATOR GUZMÁN:  Small businesses are the backbone.

Q:  And sanctions?

Administrator Guzman:  Not my department.
"""
MISSION = """00:00:01 CDR: Houston, Tranquility Base here.
00:00:05 CAPCOM: Roger, Tranquility.
00:00:09 CC: We copy you on the ground.
00:00:12 CDR: The Eagle has landed.
00:00:15 ARMSTRONG: That's one small step.
00:00:19 CC: Copy.
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    folder = tmp_path_factory.mktemp("people")
    for name, text in {
        "gaggle.md": GAGGLE,
        "briefing.md": BRIEFING,
        "hearing.md": HEARING,
        "accents.md": ACCENTS,
        "mission.txt": MISSION,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("people-index") / "ix"
    assert not index_paths(index, [str(folder)]).skipped
    return folder, index


def speakers_of(folder: Path, name: str) -> list[tuple[str, str]]:
    """(speaker, label as written) of each passage of one fixture file."""
    source = next(f for f in sources.discover([str(folder)]).files if f.path.name == name)  # with its sidecar
    (transcript,) = sources.load_all(source)
    return [(p.speaker, p.label) for p in transcript.passages]


def test_capitals_and_full_names_within_one_transcript(people):
    folder, _ = people
    assert speakers_of(folder, "gaggle.md") == [
        ("Karine Jean-Pierre", "MS. JEAN-PIERRE"),
        ("Q", ""),
        ("Karine Jean-Pierre", "MS. JEAN-PIERRE"),
        ("Q", ""),
        ("Karine Jean-Pierre", "Ms. Jean-Pierre"),
        ("Mr. Kirby", "MR. KIRBY"),  # nobody here is named Kirby in full
        ("Aide", "AIDE"),
    ]


def test_honorific_forms_stay_one_spelling_without_a_full_name(people):
    folder, _ = people
    assert speakers_of(folder, "briefing.md") == [
        ("Mr. Kirby", "MR. KIRBY"),
        ("Q", ""),
        ("Mr. Kirby", ""),
        ("Q", ""),
        ("Mr. Sullivan", "MR. SULLIVAN"),
    ]


def test_a_full_name_in_the_text_resolves_and_roles_read_well(people):
    folder, _ = people
    assert speakers_of(folder, "hearing.md") == [
        ("The Chairman", "THE CHAIRMAN"),
        ("Dan Sullivan", "MR. SULLIVAN"),
        ("The Chairman", "THE CHAIRMAN"),
    ]


def test_front_matter_a_sidecar_and_an_introduction_name_people_in_full(tmp_path):
    (tmp_path / "listed.md").write_text(
        "---\ntitle: Weekly call\nspeakers:\n  - name: Adrienne Watson\n---\n\n"
        "MS. WATSON:  Thanks for joining.\n\nQ:  A question.\n\nMS. WATSON:  An answer.\n",
        encoding="utf-8",
    )
    (tmp_path / "call.md").write_text(
        "---\ntitle: Background call\n---\n\nMR. PRICE:  Good morning.\n\nQ:  Hello.\n\nMR. PRICE:  Next.\n",
        encoding="utf-8",
    )
    (tmp_path / "call.json").write_text(json.dumps({"speakers": [{"name": "Ned Price"}]}), encoding="utf-8")
    (tmp_path / "intro.md").write_text(
        "---\ntitle: Gaggle\n---\n\nMS. JEAN-PIERRE:  Hi, everybody. I'm Karine Jean-Pierre.\n\n"
        "Q:  Hi.\n\nMS. JEAN-PIERRE:  Go ahead.\n",
        encoding="utf-8",
    )
    assert [s for s, _ in speakers_of(tmp_path, "listed.md")] == ["Adrienne Watson", "Q", "Adrienne Watson"]
    assert [s for s, _ in speakers_of(tmp_path, "call.md")] == ["Ned Price", "Q", "Ned Price"]
    assert [s for s, _ in speakers_of(tmp_path, "intro.md")] == ["Karine Jean-Pierre", "Q", "Karine Jean-Pierre"]


def test_captions_keep_the_label_as_written_too(tmp_path):
    (tmp_path / "panel.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\n>> ANNA LEE: Welcome to the panel.\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\n>> BOB RAY: Thank you, Anna Lee.\n\n"
        "3\n00:00:07,000 --> 00:00:09,000\n>> MS. LEE: And now the news.\n\n"
        "4\n00:00:10,000 --> 00:00:12,000\n>> Someone else entirely.\n",
        encoding="utf-8",
    )
    assert speakers_of(tmp_path, "panel.srt") == [
        ("Anna Lee", "ANNA LEE"),
        ("Bob Ray", "BOB RAY"),
        ("Anna Lee", "MS. LEE"),  # named in full in the captions themselves
        ("", ""),  # a new turn nobody names: no label carried over either
    ]


def test_call_signs_stay_and_names_among_them_read_well(people):
    folder, _ = people
    assert [s for s, _ in speakers_of(folder, "mission.txt")] == ["CDR", "CAPCOM", "CC", "CDR", "Armstrong", "CC"]


def test_speakers_groups_case_accents_and_honorifics_but_not_surnames(people):
    _, index = people
    found = {s.speaker: s for s in speakers(index)}
    assert found["Karine Jean-Pierre"].passages == 3
    assert found["Karine Jean-Pierre"].aliases == ["MS. JEAN-PIERRE", "Ms. Jean-Pierre"]
    assert (found["Mr. Kirby"].passages, found["Mr. Kirby"].transcripts) == (3, 2)
    assert found["Mr. Kirby"].aliases == ["MR. KIRBY"]
    # Two Sullivans: one named in full in his transcript, one not. Neither joins the other.
    assert found["Dan Sullivan"].passages == 1 and found["Mr. Sullivan"].passages == 1
    # Accents and case: one administrator.
    guzman = [s for s in found.values() if person_key(s.speaker) == "administrator guzman"]
    assert len(guzman) == 1 and guzman[0].passages == 2
    forms = sorted([guzman[0].speaker, *guzman[0].aliases])
    assert forms == ["ADMINISTRATOR GUZMÁN", "Administrator Guzman", "Administrator Guzmán"]
    keys = [person_key(name) for name in found]
    assert len(keys) == len(set(keys))


def test_speaker_accepts_any_form_and_count_by_groups(people):
    _, index = people
    for form in ("ms jean-pierre", "MS. JEAN-PIERRE", "Karine Jean-Pierre", "karine"):
        hits = search(index, "*", SearchOptions(limit=0, speaker=form)).hits
        assert {h.passage.speaker for h in hits} == {"Karine Jean-Pierre"}, form
    hits = search(index, "sanctions", SearchOptions(limit=0, speaker="guzman")).hits
    assert [h.passage.speaker for h in hits] == []
    counts = dict(count_by(index, "sanctions", "speaker"))
    assert counts["Mr. Kirby"] == 2 and "MR. KIRBY" not in counts
    assert counts["Dan Sullivan"] == 1


def test_trend_split_by_speaker_is_one_series_a_person(people):
    from indexer.engine.features.trend import trend

    _, index = people
    found = trend(index, ["backbone OR department"], SearchOptions(), by="year", split_by="speaker")
    shown = next(s.speaker for s in speakers(index) if person_key(s.speaker) == "administrator guzman")
    assert [(one.name, sum(one.counts)) for one in found.series] == [(shown, 2)]  # the name `speakers` shows


def test_json_keeps_the_label_as_written(people):
    _, index = people
    code, out, _, _ = run(commands.search, query="prices", index=index, json_output=True)
    (hit,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and (hit["speaker"], hit["speaker_label"]) == ("Karine Jean-Pierre", "MS. JEAN-PIERRE")
    code, out, _, _ = run(commands.speakers, index=index, json_output=True)
    rows = {row["speaker"]: row for row in map(json.loads, out.splitlines())}
    assert rows["Karine Jean-Pierre"]["aliases"] == ["MS. JEAN-PIERRE", "Ms. Jean-Pierre"]
    assert rows["Q"]["aliases"] == []


@pytest.mark.shared
def test_the_white_house_briefings_name_each_person_once(tmp_path):
    folder = shared_path("corpus", "speaker-lines", "wh-briefings")
    index = tmp_path / "ix"
    index_paths(index, [str(folder)])
    found = speakers(index)
    names = [s.speaker for s in found]
    assert len({person_key(n) for n in names}) == len(names)
    # No honorific form beside the full name of the same surname: one person, two spellings.
    full = {n.split()[-1] for n in names if len(n.split()) >= 2 and not speaker_names.honorific_surname(n)}
    assert [n for n in names if (speaker_names.honorific_surname(n) or ("", ""))[1] in full] == []
    assert {"Jen Psaki", "Karine Jean-Pierre", "John Kirby", "Jake Sullivan"} <= set(names)
    assert not [n for n in names if n.isupper() and len(n) > 2 and n not in ("AIDE",)]


@pytest.mark.shared
@pytest.mark.slow
def test_only_speakers_change_on_the_whole_corpus(monkeypatch):
    corpus = shared_path("corpus")
    files = sources.discover([str(corpus)]).files

    def passages_of(source):
        try:
            return [
                [(p.number, p.text, p.start, p.end, p.estimated, p.kind, p.role) for p in t.passages]
                for t in sources.load_all(source)
            ]
        except Exception as exc:  # unreadable either way: the same problem
            return repr(exc)

    after = {str(s.path): passages_of(s) for s in files if not sources.is_dataset(s)}
    monkeypatch.setattr(speaker_names, "resolve", lambda passages, meta: None)
    before = {str(s.path): passages_of(s) for s in files if not sources.is_dataset(s)}
    assert len(before) > 150
    assert [path for path in before if before[path] != after[path]] == []


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("CDR (TRANQ)", "CDR (TRANQ)"),  # a mission's call sign and station, as the transcript writes them
        ("CC (HOUSTON)", "CC (HOUSTON)"),
        ("AT&T", "AT&T"),  # a brand: a character no name has
        ("SEN. JOHN MCCAIN (R-AZ)", "Sen. John McCain (R-AZ)"),
        ("BRIAN WU (NBC)", "Brian Wu (NBC)"),
        ("JOHN LI", "John Li"),
        ("MS. PSAKI", "Ms. Psaki"),
        ("RUTH ABERNATHY-KOLE", "Ruth Abernathy-Kole"),
    ],
)
def test_call_signs_codes_and_brands_keep_their_capitals(label, shown):
    from indexer.transcripts.text import readable_speaker

    assert readable_speaker(label) == shown


def test_bold_headings_and_lead_ins_are_not_speakers(tmp_path):

    statement = tmp_path / "statement.md"
    statement.write_text(
        "MS. PSAKI: Good afternoon. Two announcements.\n\n"
        "**Nominations Sent To The Senate**\n\n"
        "Jane Roe, of Ohio, to be an Assistant Secretary.\n\n"
        "**Here's what they're saying** Governors praised the move on tariffs.\n\n"
        "**Annex I**\n\nThe principles of the agreement.\n\n"
        "MS. PSAKI: That is all for today.\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(statement)
    # A heading's words are the document's, nobody's speech: they open a passage with no speaker, which
    # the lines under them continue until the next label.
    assert [(p.speaker, p.text) for p in t.passages] == [
        ("Ms. Psaki", "Good afternoon. Two announcements."),
        (
            "",
            "Nominations Sent To The Senate Jane Roe, of Ohio, to be an Assistant Secretary. "
            "Here's what they're saying Governors praised the move on tariffs.",  # (a lead-in is words)
        ),
        ("", "Annex I The principles of the agreement."),
        ("Ms. Psaki", "That is all for today."),
    ]

    podcast = tmp_path / "podcast.md"  # a file that does label speakers in bold without a colon, throughout
    podcast.write_text(
        "**Ann Lee** Welcome back.\n\n**Bob Ray** Glad to be here.\n\n**Ann Lee** Let's start.\n\n**Bob Ray** Sure.\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(podcast)
    assert [p.speaker for p in t.passages] == ["Ann Lee", "Bob Ray", "Ann Lee", "Bob Ray"]


def test_an_inline_label_starts_its_speaker_and_no_one_is_another_persons_alias(tmp_path):
    from indexer.engine.features.browse import speakers
    from indexer.engine.features.stats import index_stats
    from indexer.engine.storage.writer import index_paths

    folder = tmp_path / "debates"
    folder.mkdir()
    (folder / "debate.md").write_text(
        "---\nspeakers: [Jim Lehrer, George W Bush, John F Kerry]\n---\n"
        "Jim Lehrer: Good evening. The first question goes to you, Senator Kerry.\n\n"
        "John F Kerry: I can make America safer.\n\n"
        "George W Bush: I will not make decisions that are wrong for America. Jim Lehrer: New question, "
        "Mr. President. Do you believe diplomacy works?\n\n"
        "George W Bush: I do.\n\n"
        "MR. LEHRER: Senator Kerry, 90 seconds.\n",
        encoding="utf-8",
    )
    index_paths(tmp_path / "ix", [str(folder)])
    found = {s.speaker: s for s in speakers(tmp_path / "ix")}
    assert set(found) == {"Jim Lehrer", "George W Bush", "John F Kerry"}
    assert found["Jim Lehrer"].aliases == ["MR. LEHRER"]  # a form of his name, never another person's
    assert found["George W Bush"].aliases == []
    assert found["Jim Lehrer"].passages == 3  # the question asked inside Bush's line is Lehrer's
    assert index_stats(tmp_path / "ix").speakers == len(found) == 3
