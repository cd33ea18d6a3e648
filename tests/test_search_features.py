"""Search for researchers: query language, filters, order, paging, context, counts, suggestions, links."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import FIXTURES, SEEDS
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.features.browse import show, speakers
from indexer.engine.querying.highlight import Wanted, highlight
from indexer.engine.querying.links import media_link
from indexer.engine.querying.search import count_by, search
from indexer.engine.storage.schema import stemming_analyzer
from indexer.engine.storage.writer import index_paths
from indexer.errors import BadQuery, SoundbiteError
from indexer.model import SearchOptions

SEED_ID = "cgtn-trump-putin-helsinki-summit"


@pytest.fixture
def ix(all_fixtures_index):
    return all_fixtures_index


def passages(result):
    return sorted((hit.transcript.id, hit.passage.number) for hit in result.hits)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


# --- Query language ------------------------------------------------------------------


def test_phrase_with_slop(ix):
    assert passages(search(ix, '"relationship Putin"', limit=0)) == []
    assert passages(search(ix, '"relationship Putin"~3', limit=0)) == [(SEED_ID, 4), (SEED_ID, 8)]


def test_prefix_and_fuzzy(ix):
    assert passages(search(ix, "sanct*", limit=0)) == [(SEED_ID, 3)]
    assert passages(search(ix, "sanctoins~2", limit=0)) == [(SEED_ID, 3)]
    assert search(ix, "Puttin~", limit=0).total == search(ix, "Putin", limit=0).total == 5
    (hit,) = search(ix, "sanct*").hits
    assert [hit.passage.text[a:b] for a, b in hit.matches] == ["sanctions"]


def test_fuzzy_words_match_words_as_written_and_keep_the_first_letter(ix):
    helsinki = search(ix, "Helsinky~", limit=0)
    assert passages(helsinki) == passages(search(ix, "Helsinki", limit=0)) == [(SEED_ID, 8), (SEED_ID, 11)]
    for hit in helsinki.hits:  # the word as written is marked, though the query never named it
        assert {hit.passage.text[a:b] for a, b in hit.matches} == {"Helsinki"}
    assert passages(search(ix, "sanctins~", limit=0)) == [(SEED_ID, 3)]  # one letter missing
    # A swap of two letters is two edits (Whoosh's Levenshtein automaton), so it needs ~2.
    assert search(ix, "sanctoins~", limit=0).total == 0
    assert passages(search(ix, "sanctoins~2", limit=0)) == [(SEED_ID, 3)]
    assert search(ix, "elsinki~", limit=0).total == 0  # a typo in the first letter is not found...
    assert search(ix, "Pu~/2", limit=0).total == 0  # ...and ~/N demands the first N letters
    assert search(ix, "Putn~/3", limit=0).total == 5


def test_field_queries(ix):
    assert {h.transcript.id for h in search(ix, "network:cgtn", limit=0).hits} == {SEED_ID}
    assert {h.transcript.id for h in search(ix, "place:geneva", limit=0).hits} == {"newsvideo/world-bank-debt-forum"}
    moderators = {h.passage.speaker for h in search(ix, "role:moderator", limit=0).hits}
    assert moderators == {"Chris Wallace", "Carole Simpson"}
    assert search(ix, f"transcript:{SEED_ID}", limit=0).total == 11
    assert search(ix, "reporter:haddad", limit=0).transcripts == 1


def test_accents_and_case_do_not_matter(ix):
    assert [h.passage.speaker for h in search(ix, "ELODIE cheque").hits] == ["Élodie Durand-Smith"]
    tomas = [("captions/panel-interview", 2), ("captions/panel-interview", 3)]
    assert passages(search(ix, "tomas", limit=0)) == passages(search(ix, "Tomás", limit=0)) == tomas


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("*tion", "needs letters before it"),
        ('"relationship Putin', "unbalanced quote"),
        ("speaker:", "has no value"),
        ("Putin OR", "needs a word on each side"),
    ],
)
def test_malformed_query_says_what_to_fix(ix, query, message):
    with pytest.raises(BadQuery, match=message):
        search(ix, query)
    result = run("search", query, "--index", ix)
    assert (result.exit_code, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith("soundbite: error: ") and message in line, line


# --- Filters, order, paging --------------------------------------------------------


def test_role_network_and_transcript_filters(ix):
    minister = search(ix, "*", SearchOptions(role="minister", limit=0))
    assert {h.passage.role for h in minister.hits} == {"French Finance Minister", "Minister of Finance, Peru"}
    cgtn = search(ix, "Trump", SearchOptions(network="cgtn", limit=0))
    # Eight passages say "Trump"; passage 5 is spoken by him without saying it.
    assert {h.transcript.id for h in cgtn.hits} == {SEED_ID} and cgtn.total == 9
    globbed = search(ix, "*", SearchOptions(transcript="captions/*", limit=0))
    assert {h.transcript.id for h in globbed.hits} == {
        "captions/newsroom-cc",
        "captions/panel-interview",
        "captions/rolling-auto",
        "captions/seconds-only",
        "captions/youtube",
    }
    by_path = search(ix, "*", SearchOptions(transcript="*/turns/MISSION", limit=0))
    assert {h.transcript.id for h in by_path.hits} == {"turns/MISSION"}


def test_time_filters_include_the_after_boundary_and_exclude_the_before_one(ix):
    def starts(**kw):
        result = search(ix, "*", SearchOptions(transcript="turns/bracket-times", limit=0, sort="time", **kw))
        return [h.passage.start for h in result.hits]

    assert starts() == [5.0, 9.0, 75.0]
    assert starts(after="9") == [9.0, 75.0]
    assert starts(before="9") == [5.0]
    assert starts(after="0:09", before="1:15") == [9.0]
    assert starts(after="00:01:15") == [75.0]
    with pytest.raises(BadQuery, match="is not a time"):
        starts(after="soon")


def test_negative_after_counts_back_from_the_end(ix):
    result = search(ix, "*", SearchOptions(transcript=SEED_ID, after="-0:20", limit=0, sort="time"))
    assert [h.passage.number for h in result.hits] == [10, 11]  # 152.2 s and 169.94 s of 172


def test_date_filters(ix):
    def dated(**kw):
        return {h.transcript.id for h in search(ix, "*", SearchOptions(limit=0, **kw)).hits}

    assert dated(since="2021-01-20") == {"turns/briefing", "turns/headers"}
    assert dated(since="2021-01-21") == {"turns/headers"}
    assert dated(until="2021-01-20") == {"turns/briefing", "turns/debate", "turns/town-hall"}
    assert dated(until="1999-12-31") == {"turns/town-hall"}
    assert dated(since="2020", until="2020") == {"turns/debate"}
    assert dated(since="2024-03", until="2024-03") == {"turns/headers"}
    with pytest.raises(BadQuery, match="is not a date"):
        dated(since="last week")


def test_sort_by_time_orders_by_transcript_then_start(ix):
    result = search(ix, "*", SearchOptions(transcript="turns/*", limit=0, sort="time"))
    keys = [(h.transcript.id, h.passage.start if h.passage.start is not None else 0) for h in result.hits]
    assert keys == sorted(keys)


def test_offset_pages_through_the_ranking(ix):
    everything = [(h.transcript.id, h.passage.number) for h in search(ix, "the", limit=0).hits]
    pages = []
    for offset in range(0, len(everything), 7):
        pages += [(h.transcript.id, h.passage.number) for h in search(ix, "the", offset=offset, limit=7).hits]
    assert pages == everything
    assert len(everything) == 43


# --- Reading around a hit ----------------------------------------------------------


def test_context_brings_the_neighbouring_passages(ix):
    (hit,) = search(ix, '"Miss Universe"', context=2).hits
    assert hit.passage.number == 7
    assert [p.number for p in hit.context] == [5, 6, 8, 9]
    assert hit.context[0].speaker == "Donald Trump"
    (first,) = search(ix, "Of all of Trump's relationships", context=1, limit=1).hits
    assert [p.number for p in first.context] == [2]


def test_context_in_text_and_json_output(ix):
    text = run("search", '"Miss Universe"', "--context", "1", "--index", ix).stdout.splitlines()
    assert text[0].startswith("  | ~01:21  Nathan King: The fact that")
    assert text[1].startswith(f"{SEED_ID}  ~01:47  Nathan King (reporter)")
    assert text[3].startswith("  | ~01:58  Nathan King: Then there is the Muller")
    hit = json.loads(run("search", '"Miss Universe"', "--context", "1", "--json", "--index", ix).stdout)
    assert [(c["passage"], c["speaker"]) for c in hit["context"]] == [(6, "Nathan King"), (8, "Nathan King")]


def test_show_marks_a_passage_and_cuts_to_context(ix):
    view = show(ix, SEED_ID, passage=10, context=1)
    assert [p.number for p in view.transcript.passages] == [9, 10, 11] and view.marked == 10
    assert show(ix, SEED_ID, at="2:40").marked == 10  # 152.2 <= 160 < 169.94
    assert show(ix, SEED_ID, at="0:00").marked == 1
    assert show(ix, SEED_ID, at="1:41").marked == 7  # shown as ~01:41 (starts at 101.06 s)
    assert len(show(ix, SEED_ID).transcript.passages) == 11
    assert show(ix, "debate").transcript.id == "turns/debate"  # a unique last part of the id
    assert show(ix, str(SEEDS / f"{SEED_ID}.txt")).transcript.id == SEED_ID  # or the file's path
    with pytest.raises(SoundbiteError, match="no transcript"):
        show(ix, "nothing-like-this")
    with pytest.raises(SoundbiteError, match="passages 1 to 11"):
        show(ix, SEED_ID, passage=12)


def test_show_command_text_and_json(ix):
    result = run("show", SEED_ID, "--passage", "10", "-C", "1", "--index", ix)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(SEED_ID)
    assert [line[:5] for line in lines[1::2]] == ["  #9 ", "> #10", "  #11"]
    rows = [
        json.loads(line) for line in run("show", SEED_ID, "--at", "2:40", "--json", "--index", ix).stdout.splitlines()
    ]
    assert len(rows) == 11 and [r["passage"] for r in rows if r["marked"]] == [10]
    nothing = run("show", "nothing", "--index", ix)
    assert (nothing.exit_code, nothing.stderr) == (
        2,
        "soundbite: error: no transcript 'nothing' in the index (soundbite list shows them)\n",
    )


# --- Highlighting --------------------------------------------------------------------


def test_phrase_is_marked_as_one_span_and_only_where_it_occurs():
    text = "Miss Smith met Miss Universe in Moscow. The universe is big."
    snippet, words = highlight(text, Wanted(frozenset(), (("miss", "univers"),)), stemming_analyzer())
    marked = [t for f in snippet.fragments for t, m in f.parts if m]
    assert marked == ["Miss Universe"]
    assert [text[a:b] for a, b in words] == ["Miss", "Universe"]
    snippet, words = highlight(text, Wanted(frozenset({"miss"}), (("miss", "univers"),)), stemming_analyzer())
    assert [t for f in snippet.fragments for t, m in f.parts if m] == ["Miss", "Miss Universe"]


def test_phrase_query_marks_only_the_phrase(ix):
    (hit,) = search(ix, '"Trump Tower"').hits
    marked = [t for f in hit.snippet.fragments for t, m in f.parts if m]
    assert marked == ["Trump Tower"]  # not every other "Trump" in the passage
    assert hit.passage.text.count("Trump") == 3


def test_fragments_are_joined_by_an_ellipsis_and_full_shows_everything(tmp_path):
    folder = tmp_path / "long"
    folder.mkdir()
    words = " ".join(f"filler{i}" for i in range(50))
    (folder / "talk.txt").write_text(
        f"Ann Lee: Zebras first. {words}. And zebras again at the end.\nBo Chen: No.\nAnn Lee: Yes.\n"
    )
    index_paths(tmp_path / "ix", [str(folder)])
    (hit,) = search(tmp_path / "ix", "zebras").hits
    assert len(hit.snippet.fragments) == 2
    assert " … " in hit.snippet.plain
    (whole,) = search(tmp_path / "ix", "zebras", full=True).hits
    assert len(whole.snippet.fragments) == 1 and whole.snippet.fragments[0].text == whole.passage.text


# --- Counting and suggesting -----------------------------------------------------


def counted(hit, field: str) -> str:
    """The value of a hit that --count-by FIELD counts."""
    return {
        "speaker": hit.passage.speaker,
        "role": hit.passage.role,
        "transcript": hit.transcript.id,
        "network": hit.transcript.meta.network,
    }[field]


@pytest.mark.parametrize("field", ["speaker", "transcript", "network", "role"])
@pytest.mark.parametrize("query", ["the", "Trump OR minister", "*"])
def test_count_by_matches_a_brute_force_count(ix, field, query):
    brute = Counter(counted(h, field) for h in search(ix, query, limit=0).hits)
    counts = count_by(ix, query, field)
    assert dict(counts) == dict(brute)
    assert [c for _, c in counts] == sorted((c for _, c in counts), reverse=True)


def test_count_by_respects_filters_and_prints_a_table(ix):
    assert count_by(ix, "Putin", "speaker", SearchOptions(speaker="trump")) == [("Donald Trump", 1)]
    result = run("search", "Putin", "--count-by", "speaker", "--index", ix)
    assert result.stdout.splitlines() == [
        "speaker       passages",
        "Nathan King          3",
        "(none)               1",
        "Donald Trump         1",
    ]
    rows = [
        json.loads(x)
        for x in run("search", "Putin", "--count-by", "speaker", "--json", "--index", ix).stdout.split("\n")
        if x
    ]
    assert rows[0] == {"speaker": "Nathan King", "passages": 3}
    nothing = run("search", "zebra", "--count-by", "role", "--index", ix)
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (1, "", "")


def test_no_hits_suggests_a_correction_from_the_index(ix):
    result = search(ix, "Puttin KGB")
    assert (result.total, result.suggestion) == (0, "Putin KGB")
    cli = run("search", "Puttin KGB", "--index", ix)
    assert cli.exit_code == 1
    assert cli.stderr == "Did you mean: Putin KGB?\n"
    assert search(ix, "zzzzqqqq").suggestion is None


def test_speakers_counts_match_the_passages(ix):
    brute_passages = Counter(h.passage.speaker for h in search(ix, "*", limit=0).hits if h.passage.speaker)
    found = speakers(ix)
    assert {s.speaker: s.passages for s in found} == dict(brute_passages)
    trump = next(s for s in found if s.speaker == "Donald Trump")
    assert (trump.passages, trump.transcripts) == (2, 1)
    rows = [json.loads(line) for line in run("speakers", "--json", "--index", ix).stdout.splitlines()]
    assert rows[0] == {
        "speaker": found[0].speaker,
        "passages": found[0].passages,
        "transcripts": found[0].transcripts,
        "aliases": found[0].aliases,
        "from": "transcripts",  # no people file: every name is the transcripts' own
        "merged": [],
    }


# --- Deep links ----------------------------------------------------------------------


def test_media_links():
    assert media_link("https://www.youtube.com/watch?v=abc", 29.6) == "https://www.youtube.com/watch?v=abc&t=29s"
    assert media_link("https://youtu.be/abc", 61) == "https://youtu.be/abc?t=61s"
    assert media_link("https://example.org/ep.mp3", 7.9) == "https://example.org/ep.mp3#t=7"
    assert media_link("https://example.org/ep.mp3", None) == "https://example.org/ep.mp3"


def test_hits_link_to_their_moment(ix):
    (joe,) = search(ix, "doing man").hits
    assert (
        joe.url == "https://www.youtube.com/watch?v=WRUSNGrZeHk&t=37s"
    )  # the moment the words were said, inside the passage (29.6 s)
    (kofi,) = search(ix, "highways").hits
    assert kofi.url == "https://example.org/audio/ep12.mp3#t=8"
    assert search(ix, "KGB").hits[0].url == ""
    text = run("search", "highways", "--index", ix).stdout.splitlines()
    assert text[2] == "    https://example.org/audio/ep12.mp3#t=8"
    hit = json.loads(run("search", "highways", "--json", "--index", ix).stdout)
    assert hit["url"] == "https://example.org/audio/ep12.mp3#t=8"
    assert "url" not in json.loads(run("search", "KGB", "--json", "--index", ix).stdout)


def test_same_id_in_two_folders_never_mixes_passages(tmp_path):
    import shutil

    for name, source in (("a", SEEDS / f"{SEED_ID}.txt"), ("b", FIXTURES / "newsvideo" / "world-bank-debt-forum.txt")):
        (tmp_path / name).mkdir()
        shutil.copy(source, tmp_path / name / "report.txt")
    ix = tmp_path / "ix"
    index_paths(ix, [str(tmp_path / "a")])
    index_paths(ix, [str(tmp_path / "b")])
    with pytest.raises(SoundbiteError, match="several transcripts match 'report'"):
        show(ix, "report")
    view = show(ix, str(tmp_path / "a" / "report.txt"))
    assert len(view.transcript.passages) == 11 and view.transcript.path.endswith("a/report.txt")
    (hit,) = search(ix, "KGB", context=1).hits
    assert [p.number for p in hit.context] == [9, 11]
    assert all("cheque" not in p.text for p in hit.context)


def test_the_total_counts_every_match_of_an_or_with_a_weak_branch(tmp_path):
    # Whoosh's TopCollector replaces its matcher every 10 matches once it holds the top N, and a
    # union then drops a branch whose best score cannot reach the Nth: `ukraine` (text, speaker and
    # role) counted 4,806 of its 9,986 passages in the White House briefings.
    from indexer.engine.storage.writer import index_paths
    from indexer.model import SearchOptions

    filler = " ".join(f"word{n}" for n in range(80))
    # The speaker matches: first with lower scores (a longer name), then higher ones, so that the top 10
    # fill up and then improve (Whoosh raises its minimum score only when a better match comes).
    strong = "\n\n".join(
        [f"UKRAINE DESK OF THE EVENING NEWS: Item {i}." for i in range(15)]
        + [f"UKRAINE: Item {i}." for i in range(15, 30)]
    )
    weak = "\n\n".join(f"ANNA LEE: {filler} Ukraine {filler} {i}." for i in range(15))  # once in a long text
    # Over 5,000 passages: in a smaller segment Whoosh unions the branches as an array, which drops none.
    rest = "\n\n".join(f"BO CHEN: Nothing to see, part {i}." for i in range(5000))
    (tmp_path / "news.txt").write_text(strong + "\n\n" + weak + "\n\n" + rest + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    index_paths(ix, [str(tmp_path / "news.txt")])
    query = "ukraine"  # text, speaker and role
    every = search(ix, query, SearchOptions(limit=0))
    assert every.total == 45
    assert Counter(h.passage.speaker for h in every.hits) == {
        "Ukraine Desk Of The Evening News": 15,
        "Ukraine": 15,
        "Anna Lee": 15,
    }
    for limit in (1, 5, 10, 20):
        found = search(ix, query, SearchOptions(limit=limit))
        assert (found.total, found.transcripts) == (45, 1), limit
