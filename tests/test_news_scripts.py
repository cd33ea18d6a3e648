"""News scripts as agencies and newsrooms write them: every layout passage by passage.

The fixtures in `tests/news-scripts/` are our own, written in the agencies'
and newsrooms' layouts (their own scripts are copyrighted): an AP-style
video script, an AP feed of two stories, a Reuters-style text transcript,
two newsroom VO/SOT scripts and a damaged AP script.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SEEDS, shared_path
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.features.browse import show, speakers
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths
from indexer.model import SHOT, SPEECH, STORYLINE
from indexer.transcripts import formats, sources
from indexer.transcripts.passages import SPEAKING_PACE, word_count

NEWS = ROOT / "tests" / "news-scripts"


def load_all(name: str, format_name: str | None = None):
    (source,) = sources.discover([str(NEWS / name)]).files
    return sources.load_all(source, format_name)


def rows(transcript) -> list[tuple[str, str, str]]:
    return [(p.kind, p.speaker, p.role) for p in transcript.passages]


def test_agency_video_script():
    (t,) = load_all("ap-porto-fishing-protest.txt")
    assert t.format == "agency-video" and t.id == "ap-porto-fishing-protest"
    meta = t.meta
    assert (meta.title, meta.network, meta.place, meta.date, meta.story, meta.duration) == (
        "Portugal Fishing Protest",
        "AP",
        "Porto",
        "2026-03-03",
        "4512781",
        112.0,
    )
    assert rows(t) == [
        (SHOT, "", ""),
        (SHOT, "", ""),
        (SPEECH, "Joaquim Ferreira da Silva", "fisherman"),
        (SHOT, "", ""),
        (SPEECH, "Ana Costa", "Lisbon resident"),
        (SHOT, "", ""),
        (SPEECH, "Rui Almeida", "Minister of the Sea"),
        (SHOT, "", ""),
        (STORYLINE, "", ""),
        (STORYLINE, "", ""),
        (STORYLINE, "", ""),
    ]
    texts = [p.text for p in t.passages]
    assert texts[2].startswith("We have fished these waters") and texts[2].endswith("Where will my son work?")
    assert texts[4] == "The government has forgotten the coast. Nobody in the capital eats what we catch any more."
    # Two quote lines of one soundbite make one passage; client notes and access lines are nowhere.
    assert texts[6] == (
        "We will meet the fishermen's association next week. "
        "The quotas are set in Brussels, not in Lisbon, but we will defend our coast."
    )
    assert not any("NIGHT SHOTS" in x or "CLIENTS" in x or "LENGTH" in x for x in texts)


def test_agency_video_times_share_the_length_among_shots():
    (t,) = load_all("ap-porto-fishing-protest.txt")
    aired = [p for p in t.passages if p.kind != STORYLINE]
    spoken = sum(word_count(p.text) for p in aired if p.kind == SPEECH) / SPEAKING_PACE
    shot = (112.0 - spoken) / sum(1 for p in aired if p.kind == SHOT)
    at = 0.0
    for p in aired:
        assert p.estimated and p.start == pytest.approx(at, abs=0.01)
        at += shot if p.kind == SHOT else word_count(p.text) / SPEAKING_PACE
        assert p.end == pytest.approx(min(at, 112.0), abs=0.01)
    assert aired[-1].end == 112.0
    storyline = [p for p in t.passages if p.kind == STORYLINE]
    assert all(p.start is None and p.end is None and not p.estimated for p in storyline)


def test_a_feed_of_two_stories_is_two_transcripts():
    first, second = load_all("ap-feed-2026-02-13.txt")
    assert (first.id, second.id) == ("ap-feed-2026-02-13/809002", "ap-feed-2026-02-13/809003")
    assert (first.meta.title, first.meta.place, first.meta.date) == ("Kenya Drought Relief", "Marsabit", "2026-02-12")
    assert (second.meta.title, second.meta.network, second.meta.duration) == ("Japan Robot Expo", "Pool", 65.0)
    assert rows(first) == [
        (SHOT, "", ""),
        (SHOT, "", ""),
        (SPEECH, "Amina Wanjiru Otieno", "farmer"),
        (SHOT, "", ""),
        (STORYLINE, "", ""),
    ]
    assert rows(second)[1] == (SPEECH, "Hiroshi Tanaka-Sato", "chief engineer, Kanto Robotics")
    assert first.passages[-1].text == "Aid agencies warned of a fourth failed rainy season in northern Kenya."
    assert second.passages[0].start == 0.0 and second.passages[2].end == 65.0


def test_agency_text_transcript():
    (t,) = load_all("reuters-porto-quotas.txt")
    assert t.format == "agency-text"
    meta = t.meta
    assert (meta.title, meta.network, meta.reporter, meta.place, meta.date) == (
        "Portuguese fishermen block Porto harbour over EU quotas",
        "Reuters",
        "Priya Venkataraman",
        "Porto, Portugal",
        "2026-03-03",
    )
    reporter = (SPEECH, "Priya Venkataraman", "reporter")
    assert rows(t) == [
        (SPEECH, "", "anchor"),
        reporter,
        (SPEECH, "Joaquim Ferreira da Silva", "Fisherman"),
        reporter,
        (SPEECH, "Rui Almeida", "Portuguese Minister of the Sea"),
        reporter,
        (SPEECH, "Claire Dupont", "Baker"),
        (SPEECH, "Pope Francis", ""),
        reporter,
    ]
    texts = [p.text for p in t.passages]
    assert texts[0].startswith("Hundreds of Portuguese fishermen")  # the dateline is metadata, not speech
    assert texts[2] == "We have fished these waters for three generations and now they tell us to stop."
    assert texts[7] == "Those who live from the sea deserve our care."
    assert not any("SOUNDBITE" in x or "SAYING" in x or "Transcript:" in x for x in texts)
    # No duration: a broadcast pace, marked estimated, in order.
    assert all(p.estimated for p in t.passages)
    assert t.passages[1].start == pytest.approx(word_count(texts[0]) / SPEAKING_PACE, abs=0.01)
    assert [p.start for p in t.passages] == sorted(p.start for p in t.passages)


def test_newsroom_script():
    (t,) = load_all("newsroom-harbour-protest.txt")
    assert t.format == "newsroom"
    assert (t.meta.title, t.meta.reporter, t.meta.date, t.meta.duration) == (
        "HARBOUR PROTEST",
        "Tom Becker",
        "2026-03-03",
        90.0,
    )
    assert rows(t) == [
        (SPEECH, "Maria Lopes", "anchor"),
        (SPEECH, "Tom Becker", "reporter"),
        (SHOT, "", ""),
        (SPEECH, "Joaquim Ferreira da Silva", "Fisherman"),
        (SPEECH, "Tom Becker", "reporter"),
        (SPEECH, "Rui Almeida", "Minister of the Sea"),
        (SPEECH, "Maria Lopes", "anchor"),
    ]
    texts = [p.text for p in t.passages]
    assert texts[2] == "horns blaring as a trawler leaves the quay"
    assert texts[5] == "We will meet the association on Monday."
    assert not any(x.startswith(("Slug", "VO", "SOT", "--")) or "pkg" in x for x in texts)
    assert t.passages[-1].end == 90.0


def test_newsroom_vo_without_a_reporter_is_the_anchors():
    (t,) = load_all("newsroom-vo-only.txt")
    assert rows(t) == [
        (SPEECH, "Dev Patel", "anchor"),
        (SPEECH, "Dev Patel", "anchor"),
        (SPEECH, "Ana Reis", "Principal"),
        (SPEECH, "Dev Patel", "anchor"),
    ]
    assert t.meta.duration == 35.0


def test_a_sign_off_names_the_reporter_whose_voice_the_vo_is():
    (t,) = load_all("newsroom-signed-off.txt")
    assert (t.meta.reporter, t.meta.network, t.meta.place) == ("Sofia Reis", "Canal Sul", "Coimbra")
    assert rows(t) == [
        (SPEECH, "", "anchor"),  # ANCHOR: a block the script gives no name for
        (SPEECH, "Sofia Reis", "reporter"),
        (SPEECH, "Ines Moura", "Coimbra Shopkeeper"),
        (SPEECH, "Sofia Reis", "reporter"),
    ]


def test_the_seed_shape_with_labels_the_title_list_cannot_hold():
    (t,) = load_all("newsvideo-harder-labels.txt")
    assert t.format == "newsvideo"
    assert [(p.speaker, p.role) for p in t.passages if p.role not in ("anchor", "reporter")] == [
        ("Jane Doe-Roe", "Emergency Nurse"),
        ("Ana Costa", "Lisbon Resident"),
        ("Joaquim Ferreira da Silva", "Fisherman"),
    ]
    assert (t.meta.reporter, t.meta.network) == ("Filipa Rocha", "Canal Sul")


def test_damaged_script_indexes_what_is_there_and_says_what_it_dropped():
    (t,) = load_all("ap-truncated-cp1252.txt")  # CRLF and LF mixed, cp1252, a bad LENGTH
    assert rows(t) == [(SHOT, "", ""), (SPEECH, "Luísa Matos", "nurse"), (SHOT, "", "")]
    assert t.passages[1].text == "The water came in the night and it never"
    assert t.notes == [
        "LENGTH '1:1x' is not a time: times estimated at a speaking pace",
        "a shot: a SOUNDBITE of Rui Gomes with no quote: left out",
        "a shot: the quote of Luísa Matos never closes: read to the end of the shot",
    ]
    assert t.passages[0].estimated and t.passages[-1].end is not None


def test_each_layout_is_detected_by_content_whatever_the_file_is_called(tmp_path):
    expected = {
        "ap-porto-fishing-protest.txt": "agency-video",
        "ap-feed-2026-02-13.txt": "agency-video",
        "reuters-porto-quotas.txt": "agency-text",
        "newsroom-harbour-protest.txt": "newsroom",
        "newsroom-vo-only.txt": "newsroom",
    }
    for name, fmt in expected.items():
        text = (NEWS / name).read_text()
        assert formats.detect(text).name == fmt, name
        for renamed in ("script.md", "SCRIPT"):
            copy = tmp_path / renamed
            copy.write_text(text)
            (source,) = sources.discover([str(copy)]).files
            assert {t.format for t in sources.load_all(source)} == {fmt}, (name, renamed)
    # --format names each layout.
    assert {"agency-video", "agency-text", "newsroom", "newsvideo"} <= set(formats.names())


def test_look_alikes_are_not_misread():
    interview = (
        "Ann Lee: We cut the SOT from the package.\n\nBob Ray: And the VO?\n\n"
        "Ann Lee: SOT: the mayor, then VO over the harbour.\n\nBob Ray: Slug: it was late.\n"
    )
    assert formats.detect(interview).name == "turns"
    story = "The STORYLINE of the film is simple. SHOTLIST is a word editors use.\n\nNobody says STORY: here."
    assert formats.detect(story).name == "plain"
    assert formats.detect((SEEDS / "cgtn-trump-putin-helsinki-summit.txt").read_text()).name == "newsvideo"
    for fixture in sorted(FIXTURES.rglob("*")):
        if fixture.is_file():
            detected = formats.detect(fixture.read_text(encoding="utf-8", errors="replace")).name
            assert detected not in ("agency-video", "agency-text", "newsroom"), fixture


@pytest.mark.shared
def test_no_file_of_the_real_corpus_reads_as_a_news_script():
    corpus = shared_path("corpus")
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() not in (".tsv", ".xml", ".csv"):
            text = path.read_bytes()[:200000].decode("utf-8", errors="replace")
            assert formats.detect(text).name not in ("agency-video", "agency-text", "newsroom"), path


@pytest.fixture(scope="module")
def news_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("news-index")
    index_paths(index_dir, [str(NEWS), str(SEEDS)])
    return index_dir


def test_speakers_are_only_people(news_index):
    assert {s.speaker for s in speakers(news_index)} == {
        "Nathan King",
        "Donald Trump",
        "Priya Venkataraman",
        "Dev Patel",
        "Joaquim Ferreira da Silva",
        "Rui Almeida",
        "Maria Lopes",
        "Tom Becker",
        "Amina Wanjiru Otieno",
        "Ana Costa",
        "Ana Reis",
        "Claire Dupont",
        "Hiroshi Tanaka-Sato",
        "Luísa Matos",
        "Pope Francis",
        "Ines Moura",
        "Sofia Reis",
        "Jane Doe-Roe",
        "Filipa Rocha",
    }


def test_shots_are_searchable_but_nobody_said_them(news_index):
    (hit,) = search(news_index, '"burning wreckage"').hits
    assert (hit.passage.kind, hit.passage.speaker, hit.transcript.id) == (SHOT, "", "ap-porto-fishing-protest")
    assert search(news_index, '"burning wreckage"', speaker="ferreira").total == 0
    said = search(news_index, "generations", speaker="ferreira", limit=0)
    assert {(h.transcript.id, h.passage.kind) for h in said.hits} == {
        ("ap-porto-fishing-protest", SPEECH),
        ("reuters-porto-quotas", SPEECH),
        ("newsroom-harbour-protest", SPEECH),
    }


def test_kind_in_json_and_a_mark_in_text(news_index):
    runner = CliRunner()
    out = runner.invoke(app, ["search", '"burning wreckage"', "--json", "--index", str(news_index)])
    row = json.loads(out.stdout)
    assert (row["kind"], row["speaker"], row["story"], row["network"]) == ("shot", "", "4512781", "AP")
    text = runner.invoke(app, ["search", '"burning wreckage"', "--index", str(news_index)]).stdout
    assert text.splitlines()[0] == "ap-porto-fishing-protest  ~00:48  [shot]"
    shown = runner.invoke(app, ["show", "ap-feed-2026-02-13/809003", "--index", str(news_index)]).stdout
    assert shown.splitlines()[-2] == "  #4       --:--  [storyline]"
    spoken = json.loads(runner.invoke(app, ["search", "KGB", "--json", "--index", str(news_index)]).stdout)
    assert (spoken["kind"], spoken["story"]) == ("speech", "")


def test_dates_filter_and_stories_are_shown_and_filtered_one_by_one(news_index):
    march = search(news_index, "*", since="2026-03", until="2026-03-31", limit=0)
    assert {h.transcript.id for h in march.hits} == {
        "ap-porto-fishing-protest",
        "reuters-porto-quotas",
        "newsroom-harbour-protest",
    }
    february = search(news_index, "*", until="2026-02", limit=0)
    assert {h.transcript.id for h in february.hits} == {"ap-feed-2026-02-13/809002", "ap-feed-2026-02-13/809003"}
    view = show(news_index, "ap-feed-2026-02-13/809002")
    assert [p.number for p in view.transcript.passages] == [1, 2, 3, 4, 5]
    assert view.transcript.meta.story == "809002"
    only = search(news_index, "*", transcript="*/809003", limit=0)
    assert {h.transcript.id for h in only.hits} == {"ap-feed-2026-02-13/809003"} and only.total == 4
    with pytest.raises(Exception, match="holds several stories"):
        show(news_index, str(NEWS / "ap-feed-2026-02-13.txt"))


def test_a_changed_feed_replaces_all_its_stories(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    feed = folder / "feed.txt"
    shutil.copy(NEWS / "ap-feed-2026-02-13.txt", feed)
    index_dir = tmp_path / "ix"
    first = index_paths(index_dir, [str(folder)])
    assert (first.added, first.transcripts, first.passages) == (2, 2, 9)  # counted by story
    assert search(index_dir, "robot", limit=0).total == 3
    assert index_paths(index_dir, [str(folder)]).unchanged == 2
    # The second story is dropped from the file: all of its passages go with it,
    # and the story left is the file's only one, named by the file.
    feed.write_text(feed.read_text().split("AP-APTN-0915")[0])
    again = index_paths(index_dir, [str(folder)])
    assert (again.added, again.updated, again.removed, again.transcripts, again.passages) == (1, 0, 2, 1, 5)
    assert search(index_dir, "robot", limit=0).total == 0
    assert search(index_dir, "goats").hits[0].transcript.id == "feed"  # one story left: the file's own id


def test_notes_reach_stderr_through_the_command(tmp_path):
    runner = CliRunner()
    done = runner.invoke(app, ["index", str(NEWS / "ap-truncated-cp1252.txt"), "--index", str(tmp_path / "ix")])
    assert done.exit_code == 0
    notes = [line for line in done.stderr.splitlines() if line.startswith("soundbite: note: ")]
    assert len(notes) == 3 and notes[1].endswith("a shot: a SOUNDBITE of Rui Gomes with no quote: left out")


def test_agency_text_and_newsroom_with_missing_or_unclosed_quotes():
    from indexer.transcripts.formats import agency_text, newsroom

    text = (
        "Storm hits coast\n\nHeavy rain flooded the old town on Monday as rivers burst their banks. "
        "Tom Becker reports.\n\nWater rose fast. (SOUNDBITE) (English) SHOPKEEPER, RUI GOMES, SAYING: "
        '(SOUNDBITE) (English) NURSE LUISA MATOS SAYING: "It came in the night and never\n'
    )
    parsed = agency_text.parse(text)
    assert [(t.speaker, t.role, t.text) for t in parsed.turns] == [
        ("", "anchor", "Heavy rain flooded the old town on Monday as rivers burst their banks. Tom Becker reports."),
        ("Tom Becker", "reporter", "Water rose fast."),
        ("Luisa Matos", "Nurse", "It came in the night and never"),
    ]
    assert parsed.notes == [
        "a soundbite of Rui Gomes with no quote: left out",
        "the quote of Luisa Matos never closes: read to the next soundbite",
    ]
    script = (
        "Slug: STORM\nReporter: Tom Becker\n\nVO:\nWater rose fast.\n\n"
        "SOT:\nRUI GOMES/SHOPKEEPER\n\nTAG:\nMore later.\n"
    )
    parsed = newsroom.parse(script)
    assert [(t.speaker, t.role) for t in parsed.turns] == [("Tom Becker", "reporter"), ("", "anchor")]
    assert parsed.notes == ["a SOT of Rui Gomes with no quote: left out"]
