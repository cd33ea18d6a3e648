"""The people file (issue 33): who is who, in the user's own words.

`soundbite.toml` beside the index, or `--people FILE` (remembered), merges the
forms of a name, names a label by the transcript's date, takes the speaker off
a label that is nobody (its words stay) and sets roles; `speakers` says which
names came from it; a changed file is applied again from the index, without
reading a transcript; a file that is wrong is one line, exit 2, and the index
as it was. Through Typer's CliRunner in-process (where a reader is spied on)
and the installed command; then on the real White House briefings.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from conftest import run_soundbite, shared_path, start_soundbite
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.transcripts import people, sources

A = """---
title: Press Briefing by Press Secretary Jen Psaki
date: '2021-03-01'
---

THE PRESIDENT:  Thank you all for coming to the harbour today.

MR. ZIENTS:  Vaccines are arriving in every state this week.

MS. PSAKI:  We will take a few questions about the pipeline.

White House: the smallpox campaign was the model for this one.

Q  Will the pipeline be finished by summer?
"""
B = """---
title: Remarks
date: '2025-02-01'
---

THE PRESIDENT:  The tariffs start on Monday.

ZIENTS:  I am only visiting the lighthouse.
"""
UNDATED = """---
title: Undated remarks
---

THE PRESIDENT:  Nobody knows when this was said about the canal.
"""

PEOPLE = """\
# Who is who in these briefings.
not_people = ["White House"]

[[person]]
name = "Jeff Zients"
forms = ["Mr. Zients", "zients"]
role = "COVID-19 Response Coordinator"

[[person]]
name = "Jen Psaki"
role = "Press Secretary"

[[person]]
name = "Joe Biden"
forms = [{ form = "The President", from = 2021-01-20, until = 2025-01-20 }]

[[person]]
name = "Donald Trump"
forms = [{ form = "THE PRESIDENT", from = "2025-01-20" }]
"""


@pytest.fixture
def place(tmp_path):
    """Transcripts in `t/`, the index at `index/`: a people file beside it is `soundbite.toml`."""
    folder = tmp_path / "t"
    folder.mkdir()
    for name, text in (("a.md", A), ("b.md", B), ("undated.md", UNDATED)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder, tmp_path / "index"


def invoke(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result


def speakers(index: Path) -> dict[str, dict]:
    result = invoke("speakers", "--index", index, "--json")
    assert result.exit_code == 0, result.stderr
    return {row["speaker"]: row for row in map(json.loads, result.stdout.splitlines())}


def hits(index: Path, query: str, *options) -> list[dict]:
    result = invoke("search", query, "--index", index, "--json", "--limit", 0, *options)
    return [json.loads(line) for line in result.stdout.splitlines()]


def named(index: Path) -> dict[str, int]:
    return {name: row["passages"] for name, row in speakers(index).items()}


def test_merged_dated_dropped_and_given_roles_from_soundbite_toml_beside_the_index(place):
    folder, index = place
    (index.parent / "soundbite.toml").write_text(PEOPLE, encoding="utf-8")
    result = invoke("index", folder, "--index", index)
    assert result.exit_code == 0, result.stderr
    # The undated transcript's `THE PRESIDENT` is left as the file says, and counted.
    assert result.stdout.rstrip().endswith(
        "; 1 passage left as written: the people file dates their label, their transcript has no date"
    )
    found = speakers(index)
    assert {name: (row["passages"], row["from"], row["merged"]) for name, row in found.items()} == {
        "Jeff Zients": (2, "soundbite.toml", ["Mr. Zients", "Zients"]),
        "Joe Biden": (1, "soundbite.toml", ["The President"]),
        "Donald Trump": (1, "soundbite.toml", ["The President"]),
        "The President": (1, "transcripts", []),
        "Jen Psaki": (1, "transcripts", []),  # named by the transcript; only its role is the file's
        "Q": (1, "transcripts", []),
    }
    assert found["Jeff Zients"]["aliases"] == ["MR. ZIENTS", "Mr. Zients", "ZIENTS", "Zients"]
    # Dates: the same label, two people.
    assert [h["speaker"] for h in hits(index, "harbour")] == ["Joe Biden"]
    assert [(h["speaker"], h["speaker_label"]) for h in hits(index, "tariffs")] == [("Donald Trump", "THE PRESIDENT")]
    # Nobody: every word is still found, and no one said it.
    (dropped,) = hits(index, "smallpox")
    assert (dropped["speaker"], dropped["role"], dropped["speaker_label"]) == ("", "", "White House")
    assert dropped["text"] == "the smallpox campaign was the model for this one."
    # Roles: set where the person speaks, searchable as any role.
    assert [(h["speaker"], h["role"]) for h in hits(index, "pipeline", "--role", "press secretary")] == [
        ("Jen Psaki", "Press Secretary")
    ]
    assert {h["role"] for h in hits(index, "speaker:zients")} == {"COVID-19 Response Coordinator"}
    # The table says where each name came from.
    table = invoke("speakers", "--index", index).stdout.splitlines()
    assert table[0].split() == ["speaker", "passages", "transcripts", "from", "also", "written"]
    assert table[1].split()[:5] == ["Jeff", "Zients", "2", "2", "soundbite.toml"]
    assert "transcripts" in next(line for line in table if line.startswith("Q "))


def test_without_a_people_file_nothing_changes_and_speakers_has_no_from_column(place):
    folder, index = place
    assert invoke("index", folder, "--index", index).exit_code == 0
    # (`Zients` and `Mr. Zients` are one person: an honorific is no other name.)
    assert named(index) == {"The President": 3, "Jen Psaki": 1, "Mr. Zients": 2, "Q": 1, "White House": 1}
    assert {row["from"] for row in speakers(index).values()} == {"transcripts"}
    assert "from" not in invoke("speakers", "--index", index).stdout.splitlines()[0]


def test_a_changed_people_file_is_applied_again_without_reading_a_transcript(place, monkeypatch, tmp_path):
    folder, index = place
    toml = index.parent / "soundbite.toml"
    toml.write_text(PEOPLE, encoding="utf-8")
    assert invoke("index", folder, "--index", index).exit_code == 0
    unchanged = invoke("index", "--index", index)  # the same file: nothing to do
    assert unchanged.stdout.startswith("Indexed 3 transcripts: 0 added, 0 updated, 0 removed, 3 unchanged")
    assert "people file" not in unchanged.stdout

    def no_reading(*args, **kwargs):
        raise AssertionError("a transcript was read")

    for name in ("read_bytes", "iter_transcripts", "load_all", "file_hash"):
        monkeypatch.setattr(sources, name, no_reading)
    # Zients merged no more, the heading a person again, a role by date (an open range is dated too).
    changed = PEOPLE.replace('not_people = ["White House"]', "not_people = []")
    changed = changed.replace('forms = ["Mr. Zients", "zients"]', 'forms = ["Mr. Zients"]')
    changed = changed.replace(
        'forms = [{ form = "The President", from = 2021-01-20, until = 2025-01-20 }]',
        'forms = [{ form = "The President", until = 2025-01-20 }]\n'
        'roles = [{ role = "President", from = 2021-01-20, until = 2025-01-20 }]',
    )
    toml.write_text(changed, encoding="utf-8")
    result = invoke("index", "--index", index)
    assert result.exit_code == 0, result.stderr
    # a.md: the heading, Biden's role; b.md: Zients. undated.md: as it was.
    assert result.stdout.rstrip().endswith(
        "; people file soundbite.toml changed: 3 passages renamed; 1 passage left as written: the people file "
        "dates their label, their transcript has no date"
    ), result.stdout
    assert named(index) == {
        "Joe Biden": 1,
        "Donald Trump": 1,
        "The President": 1,
        "Jeff Zients": 1,
        "Jen Psaki": 1,
        "Zients": 1,
        "Q": 1,
        "White House": 1,
    }
    assert [(h["speaker"], h["role"]) for h in hits(index, "harbour")] == [("Joe Biden", "President")]
    assert [(h["speaker"], h["role"]) for h in hits(index, "canal")] == [("The President", "")]
    assert [h["speaker"] for h in hits(index, "smallpox")] == ["White House"]
    assert [h["speaker"] for h in hits(index, "lighthouse")] == ["Zients"]
    monkeypatch.undo()

    # What was written again is what a fresh index with the new file holds, field for field.
    fresh = tmp_path / "fresh"
    assert invoke("index", folder, "--index", fresh / "index", "--people", toml).exit_code == 0
    assert export(index) == export(fresh / "index")
    # Taken away, the transcripts' own names come back.
    toml.unlink()
    result = invoke("index", "--index", index)
    assert "; no people file now: 4 passages given the transcripts' names back" in result.stdout
    plain = tmp_path / "plain"
    assert invoke("index", folder, "--index", plain).exit_code == 0
    assert export(index) == export(plain)


def export(index: Path) -> list[dict]:
    result = invoke("export", "--index", index)
    assert result.exit_code == 0
    # (in the order of the passages' ids: a file written again is at the index's end)
    return sorted((json.loads(line) for line in result.stdout.splitlines()), key=lambda row: row["id"])


def test_a_people_file_given_with_an_option_is_remembered_by_later_runs(place):
    folder, index = place
    elsewhere = index.parent / "names" / "people.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(PEOPLE, encoding="utf-8")
    # One beside the index too: the file given wins, and keeps winning.
    (index.parent / "soundbite.toml").write_text('not_people = ["Q"]\n', encoding="utf-8")
    done = run_soundbite("index", folder, "--index", index, "--people", elsewhere)
    assert done.returncode == 0, done.stderr
    assert named(index)["Jeff Zients"] == 2 and "Q" in named(index)
    elsewhere.write_text(PEOPLE.replace('"Mr. Zients", "zients"', '"Mr. Zients"'), encoding="utf-8")
    done = run_soundbite("index", "--index", index)
    assert "; people file people.toml changed: 1 passage renamed;" in done.stdout, done.stdout
    assert named(index)["Jeff Zients"] == 1 and speakers(index)["Jeff Zients"]["from"] == "people.toml"
    # Gone, it is missed: not silently forgotten.
    elsewhere.unlink()
    done = run_soundbite("index", "--index", index)
    assert done.returncode == 2
    assert done.stderr == (
        f"soundbite: error: the people file {elsewhere}, given with --people before, is not there: "
        "give --people FILE, or --no-people to index without one\n"
    )
    # --no-people forgets it; then soundbite.toml beside the index is the people file.
    done = run_soundbite("index", "--index", index, "--no-people")
    assert done.returncode == 0 and "no people file now: 5 passages" in done.stdout, done.stdout
    done = run_soundbite("index", "--index", index)
    assert "people file soundbite.toml changed: 1 passage renamed" in done.stdout
    assert "Q" not in named(index)


def test_index_watch_uses_the_people_file_for_what_it_indexes(place):
    folder, index = place
    elsewhere = index.parent / "people.toml"
    elsewhere.write_text(PEOPLE, encoding="utf-8")
    assert run_soundbite("index", folder, "--index", index, "--people", elsewhere).returncode == 0
    # Remembered: a plain --watch names new transcripts with it.
    process = start_soundbite("index", "--watch", folder, "--index", index, "--settle", 0.2)
    try:
        line = ""
        while "watching for changes" not in line:
            line = process.stderr.readline()
            assert line, "the watcher ended before it was watching"
        (folder / "new.md").write_text(B.replace("tariffs", "ferries"), encoding="utf-8")
        line = process.stderr.readline()  # the batch's line
        assert line.startswith("soundbite: +1 ~0 -0 transcripts, 2 passages"), line
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert process.returncode == 0
    assert [(h["speaker"], h["transcript"]) for h in hits(index, "ferries")] == [("Donald Trump", "new")]


BAD = [
    (
        "[[person]]\nnmae = 'Jeff Zients'\n",
        "line 2: unknown key 'nmae' in a [[person]] (it takes name, forms, role, roles)",
    ),
    ("[[person]]\nforms = ['Zients']\n", 'a [[person]] without a name: give name = "..."'),
    (
        "[[person]]\nname = 'Joe Biden'\nforms = [{ form = 'The President', from = '2021-1-20' }]\n",
        "line 3: the from of 'The President' in the forms of 'Joe Biden' is '2021-1-20', not a date: write YYYY-MM-DD",
    ),
    (
        "[[person]]\nname = 'Joe Biden'\nforms = [{ form = 'The President', from = '2021-02-30' }]\n",
        "line 3: the from of 'The President' in the forms of 'Joe Biden' is '2021-02-30', a day that does not exist",
    ),
    (
        "[[person]]\nname = 'Joe Biden'\nforms = [{ form = 'The President', from = 2021-01-20, until = 2025-01-20 }]\n"
        "\n[[person]]\nname = 'Donald Trump'\nforms = [{ form = 'THE PRESIDENT', from = 2024-11-05 }]\n",
        "line 7: the form 'THE PRESIDENT' is given for 'Joe Biden' and 'Donald Trump' over days that overlap "
        "(from 2021-01-20 until 2025-01-20 and from 2024-11-05)",
    ),
    (
        "not_people = ['Q']\n[[person]]\nname = 'Q'\nforms = ['q']\n",
        "the form 'Q' is given for 'Q' and not_people over days that overlap (both undated)",
    ),
    ("[[person]]\nname = 'Joe Biden'\nforms = [{ form = 'X', from = 2021-01-20, until = 2020-01-01 }]\n", "line 3: "),
    ("[[person]]\nname = 'Joe Biden\n", "line 2: not valid TOML: "),
    ("[[person]]\nname = 'Joe Biden'\nforms = ['Mr. Biden',\nrole = 'President'\n", "line 4: not valid TOML: "),
    ("people = []\n", "line 1: unknown key 'people' (a people file holds [[person]] tables and not_people)"),
    (
        "[[person]]\nname = 'A'\nrole = 'x'\nroles = []\n",
        "line 4: 'A' has both role and roles: give one (roles for roles by date)",
    ),
]


@pytest.mark.parametrize(("text", "said"), BAD)
def test_a_people_file_that_is_wrong_is_one_line_exit_2_and_the_index_as_it_was(place, text, said):
    folder, index = place
    toml = index.parent / "soundbite.toml"
    toml.write_text(PEOPLE, encoding="utf-8")
    assert invoke("index", folder, "--index", index).exit_code == 0
    before = snapshot(index)
    toml.write_text(text, encoding="utf-8")
    result = invoke("index", "--index", index)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"soundbite: error: {toml}, ") and result.stderr.count("\n") == 1, result.stderr
    assert said in result.stderr
    assert result.stdout == ""
    assert snapshot(index) == before
    # A new file, bad from the start, makes no index at all.
    result = invoke("index", folder, "--index", index.parent / "other")
    assert result.exit_code == 2 and not (index.parent / "other" / "current").exists()


def snapshot(index: Path) -> dict[str, bytes]:
    return {str(p.relative_to(index)): p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()}


def test_the_installed_command_says_what_is_wrong_in_one_line(place):
    folder, index = place
    given = index.parent / "people.toml"
    given.write_text(
        "[[person]]\nname = 'Joe Biden'\nforms = [{ form = 'The President', from = 2021-01-20T12:00:00 }]\n"
    )
    done = run_soundbite("index", folder, "--index", index, "--people", given)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"soundbite: error: {given}, line 3: the from of 'The President' in the forms of 'Joe Biden' has a time "
        "of day: give a date, YYYY-MM-DD\n"
    )
    done = run_soundbite("index", folder, "--index", index, "--people", index.parent / "missing.toml")
    assert (done.returncode, done.stderr) == (
        2,
        f"soundbite: error: --people {index.parent / 'missing.toml'}: no such file\n",
    )
    assert not index.exists() or not (index / "current").exists()


def test_forms_match_in_any_case_punctuation_and_spacing_aside():
    assert people.match_key("MR. ZIENTS") == people.match_key("Mr Zients") == people.match_key(" mr.  zients ")
    assert people.match_key("Jean-Pierre") == people.match_key("JEAN - PIERRE") == "jean pierre"
    assert people.match_key("Administrator Guzmán") == "administrator guzman"
    assert people.match_key("Mr. Zients") != people.match_key("Jeff Zients")


def test_dated_forms_hold_from_their_first_day_until_the_day_before_until():
    found = people.parse(PEOPLE)
    rules = found.forms["the president"]
    assert [(r.person, r.span.start, r.span.end) for r in rules] == [
        ("Joe Biden", "2021-01-20", "2025-01-20"),
        ("Donald Trump", "2025-01-20", ""),
    ]
    from indexer.model import Passage

    def name_on(day: str) -> str:
        passage = Passage(1, "words", speaker="The President", label="THE PRESIDENT")
        people.apply(found, [passage], day)
        return passage.speaker

    assert [name_on(d) for d in ("2021-01-19", "2021-01-20", "2025-01-19", "2025-01-20", "", "2024")] == [
        "The President",
        "Joe Biden",
        "Joe Biden",
        "Donald Trump",
        "The President",  # no date: left as written
        "The President",  # a year is not a day
    ]


@pytest.mark.shared
def test_the_white_house_briefings_with_a_people_file(tmp_path):
    briefings = shared_path("corpus", "speaker-lines", "wh-briefings")
    (tmp_path / "soundbite.toml").write_text(
        """\
# Headings the transcripts broke onto a speaker's line: the words stay, nobody said them.
not_people = ["White House"]

[[person]]
name = "Joe Biden"
forms = [{ form = "The President", from = 2021-01-20, until = 2025-01-20 }]
role = "President"

[[person]]
name = "Jen Psaki"
forms = ["Ms. Psaki", "Psaki"]
roles = [{ role = "Press Secretary", from = 2021-01-20, until = 2022-05-13 }]

[[person]]
name = "Jeff Zients"
forms = ["Mr. Zients"]

[[person]]
name = "Anthony Fauci"
forms = ["Dr. Fauci"]

[[person]]
name = "Senior Administration Official"
forms = ["Senior Administrive Official"]
""",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    done = run_soundbite("index", briefings, "--index", index)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Indexed 20 transcripts: 20 added") and "left as written" not in done.stdout
    found = speakers(index)
    top = {name: (row["passages"], row["transcripts"], row["from"], row["merged"]) for name, row in found.items()}
    assert {name: top[name] for name in list(top)[:5]} == {
        "Q": (426, 17, "transcripts", []),
        "Senior Administration Official": (210, 7, "soundbite.toml", ["Senior Administrive Official"]),
        "Jen Psaki": (181, 3, "transcripts", []),
        "Karine Jean-Pierre": (167, 3, "transcripts", []),
        "Joe Biden": (128, 4, "soundbite.toml", ["The President"]),
    }
    assert top["Jeff Zients"] == (29, 1, "soundbite.toml", ["Mr. Zients"])
    assert top["Anthony Fauci"] == (13, 1, "soundbite.toml", ["Dr. Fauci"])
    assert not {"The President", "Mr. Zients", "Dr. Fauci", "White House"} & set(found)
    # Passages with a speaker: 1,463 of the 1,480 without the people file; the heading's are nobody's now.
    assert sum(row["passages"] for row in found.values()) == 1462
    # The heading's words are all there.
    (heading,) = hits(index, '"virtually everybody is going to wind up getting exposed"')
    assert (heading["speaker"], heading["speaker_label"]) == ("", "White House")
    roles = {h["role"] for h in hits(index, "speaker:psaki")}
    assert roles == {"Press Secretary"}


def test_a_push_after_the_people_file_changed_sends_the_files_it_renamed(place):
    import io

    from fake_cluster import FakeCluster

    from indexer.cli import commands
    from indexer.cli.environment import Environment
    from indexer.engine.features.cluster import cluster_document
    from indexer.engine.features.export import exported, passage_id, shared_transcript_ids
    from indexer.settings import Settings

    def push(url) -> str:
        env = Environment(io.StringIO(), io.StringIO(), False, False, settings=Settings(push_backoff=0.01))
        assert commands.run(commands.push, env, url=url, index=index) == 0, env.stderr.getvalue()
        return env.stdout.getvalue()

    folder, index = place
    toml = index.parent / "soundbite.toml"
    toml.write_text(PEOPLE, encoding="utf-8")
    assert invoke("index", folder, "--index", index).exit_code == 0
    with FakeCluster() as cluster:
        push(cluster.url)
        toml.write_text(PEOPLE.replace('not_people = ["White House"]', "not_people = []"), encoding="utf-8")
        assert "changed: 1 passage renamed" in invoke("index", "--index", index).stdout
        # The file's content is the same; its passages are not: it is sent again, and only it.
        assert "; 1 file sent, 2 unchanged, 0 removed" in push(cluster.url)
        shared = shared_transcript_ids(index)
        with exported(index) as found:
            assert cluster.docs() == {passage_id(hit, shared): cluster_document(hit) for hit in found.hits}
        assert cluster.docs()["a#4"]["speaker"] == "White House"
        assert "is up to date" in push(cluster.url)


def test_index_workers_apply_the_people_file_too(place, monkeypatch):
    from indexer.engine.storage import writer

    folder, index = place
    (index.parent / "soundbite.toml").write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(writer, "PARALLEL_FROM_FILES", 1)  # two worker processes, as for a large run
    assert invoke("index", folder, "--index", index).exit_code == 0
    assert named(index) == {
        "Jeff Zients": 2,
        "Joe Biden": 1,
        "Donald Trump": 1,
        "The President": 1,
        "Jen Psaki": 1,
        "Q": 1,
    }
