"""Searching a whole archive (issue 29): filter-only, `*`, transcript-pattern and time-ordered searches.

They are answered from the postings and the columns rather than by scoring every passage; these tests
hold them to what the scored search gives (the same hits, the same counts), while `bench/archive.py`
measures their speed on the White House briefings.
"""

from __future__ import annotations

import functools

from whoosh.query import Every

from indexer.engine.querying.search import search
from indexer.engine.storage.schema import START_AT, TRANSCRIPT
from indexer.engine.storage.store import open_for_search
from indexer.model import SearchOptions


def index_of(tmp_path, files: dict[str, str]):
    """An index of a folder of `name: text` files (names without `.md`), built through the real writer."""
    from indexer.engine.storage.writer import index_paths

    folder = tmp_path / "t"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    index_paths(tmp_path / "ix", [str(folder)])
    return tmp_path / "ix"


def transcripts_found(index_dir, query: str) -> set[str]:
    return {hit.transcript.id for hit in search(index_dir, query, limit=0).hits}


def ids(result) -> list[tuple[str, int]]:
    return [(hit.transcript.id, hit.passage.number) for hit in result.hits]


def every_passage(index_dir) -> list[tuple[str, int, float]]:
    """Every live passage's (transcript, passage number, start), read straight from the stored fields."""
    index = open_for_search(index_dir)
    with index.searcher() as searcher:
        rows = []
        for docnum in searcher.docs_for_query(Every()):
            stored = searcher.stored_fields(docnum)
            rows.append((stored[TRANSCRIPT], stored["passage"], searcher.reader().column_reader(START_AT)[docnum]))
        return rows


def test_star_finds_every_passage_in_index_order_and_counts_them(all_fixtures_index):
    rows = every_passage(all_fixtures_index)
    result = search(all_fixtures_index, "*", limit=0)
    assert result.total == len(rows) and result.transcripts == len({t for t, _, _ in rows})
    assert sorted(ids(result)) == sorted((t, n) for t, n, _ in rows)
    first = search(all_fixtures_index, "*", limit=5)
    assert ids(first) == ids(result)[:5] and first.total == result.total
    assert {hit.score for hit in result.hits} == {1.0}


def test_time_order_keeps_the_first_n_of_the_whole_sort(all_fixtures_index):
    everything = search(all_fixtures_index, "the", sort="time", limit=0)
    keys = [(hit.transcript.id, hit.passage.start or 0.0) for hit in everything.hits]
    assert keys == sorted(keys)  # by transcript, then start
    for n in (1, 3, 10):
        top = search(all_fixtures_index, "the", sort="time", limit=n)
        assert ids(top) == ids(everything)[:n]
        assert (top.total, top.transcripts) == (everything.total, everything.transcripts)
    page = search(all_fixtures_index, "the", sort="time", limit=3, offset=3)
    assert ids(page) == ids(everything)[3:6]


def test_star_with_filters_is_the_filters_passages(all_fixtures_index):
    speaker = search(all_fixtures_index, "*", speaker="trump", sort="time", limit=0)
    assert speaker.total > 0
    assert all("Trump" in hit.passage.speaker for hit in speaker.hits)
    assert speaker.total == search(all_fixtures_index, "speaker:trump", limit=0).total
    first = search(all_fixtures_index, "*", speaker="trump", sort="time", limit=2)
    assert ids(first) == ids(speaker)[:2]


def test_a_transcript_pattern_matches_ids_and_paths_in_any_case(all_fixtures_index):
    by_id = search(all_fixtures_index, "*", transcript="captions/*", limit=0)
    assert {hit.transcript.id for hit in by_id.hits} == {
        "captions/newsroom-cc",
        "captions/panel-interview",
        "captions/rolling-auto",
        "captions/seconds-only",
        "captions/youtube",
    }
    assert ids(search(all_fixtures_index, "*", transcript="CAPTIONS/*", limit=0)) == ids(by_id)
    # A pattern without a folder matches the end of a path: `*.srt`, `newsroom*`.
    srt = search(all_fixtures_index, "*", transcript="*.srt", limit=0)
    assert {hit.transcript.id for hit in srt.hits} >= {"captions/newsroom-cc"}
    assert all(hit.transcript.path.endswith(".srt") for hit in srt.hits)
    # The query language's `transcript:` pattern is the same filter.
    assert ids(search(all_fixtures_index, "transcript:captions*", limit=0)) == ids(by_id)
    words = search(all_fixtures_index, "deadline", transcript="captions/*", limit=0)
    assert words.total >= 1 and all(hit.transcript.id.startswith("captions/") for hit in words.hits)
    assert search(all_fixtures_index, "*", transcript="nothing-here/*", limit=0).total == 0


def test_hits_are_made_as_they_are_read_not_all_before_the_first(all_fixtures_index, monkeypatch):
    from indexer.engine.querying import search as searching

    made = []
    real = searching._hit
    monkeypatch.setattr(searching, "_hit", lambda *args: made.append(1) or real(*args))
    result = search(all_fixtures_index, "the", limit=0)
    assert result.total > 20 and len(result.hits) == result.total and made == []
    first = next(iter(result.hits))
    assert len(made) == 1 and first.transcript.id
    assert [hit.passage.number for hit in result.hits[:3]] == [hit.passage.number for hit in list(result.hits)[:3]]


def test_list_gives_each_transcript_with_its_facts_and_takes_a_part_of_an_id(all_fixtures_index, tmp_path):
    import json

    from conftest import run_soundbite

    done = run_soundbite("list", "captions/", "--index", str(all_fixtures_index), "--json")
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert {r["id"] for r in rows} == {
        "captions/newsroom-cc",
        "captions/panel-interview",
        "captions/rolling-auto",
        "captions/seconds-only",
        "captions/youtube",
    }
    newsroom = next(r for r in rows if r["id"] == "captions/newsroom-cc")
    assert set(newsroom) == {"id", "path", "title", "date", "network", "duration", "passages", "speakers"}
    assert newsroom["passages"] == 3 and newsroom["speakers"][0] == "Anne O'Malley"
    assert newsroom["path"].endswith("newsroom-cc.srt") and newsroom["duration"] == 22.0
    # Any case, and the search filters: transcripts where Trump speaks.
    upper = run_soundbite("list", "CAPTIONS/", "--index", str(all_fixtures_index), "--json")
    assert upper.stdout == done.stdout
    trump = run_soundbite("list", "--speaker", "trump", "--index", str(all_fixtures_index), "--json")
    listed = [json.loads(line) for line in trump.stdout.splitlines()]
    assert [r["id"] for r in listed] == ["cgtn-trump-putin-helsinki-summit", "turns/debate"]
    assert all(any("Trump" in s for s in r["speakers"]) for r in listed)
    text = run_soundbite("list", "newsroom", "--index", str(all_fixtures_index))
    assert text.stdout.splitlines()[0] == "captions/newsroom-cc"
    assert text.stdout.splitlines()[1].startswith("    00:22 · 3 passages · Anne O'Malley")
    none = run_soundbite("list", "no-such-thing", "--index", str(all_fixtures_index))
    assert (none.returncode, none.stdout) == (1, "")


def test_show_finds_an_id_in_any_case_or_by_part_and_offers_the_closest(all_fixtures_index):
    from conftest import run_soundbite

    index = ("--index", str(all_fixtures_index))
    assert run_soundbite("show", "CAPTIONS/NEWSROOM-CC", *index).returncode == 0
    assert run_soundbite("show", "newsroom", *index).stdout.startswith("captions/newsroom-cc")
    several = run_soundbite("show", "captions", *index)
    assert several.returncode == 2
    assert "5 transcripts match 'captions'" in several.stderr and "soundbite list captions" in several.stderr
    typo = run_soundbite("show", "newsrom-cc", *index)
    assert typo.returncode == 2 and "did you mean captions/newsroom-cc?" in typo.stderr
    assert len(typo.stderr.strip().splitlines()) == 1


def test_a_transcript_pattern_in_the_query_may_end_in_a_folder(all_fixtures_index):
    assert ids(search(all_fixtures_index, "transcript:captions/*", limit=0)) == ids(
        search(all_fixtures_index, "*", transcript="captions/*", limit=0)
    )


def test_a_rare_spelling_beside_a_common_one_is_a_typo_everywhere_a_query_is_given(tmp_path):
    from conftest import run_soundbite

    days = {
        f"day{n:02d}": f"---\ndate: 2024-03-{n % 28 + 1:02d}\n---\n\nANNA LEE: The ceasefire holds on day {n}.\n"
        for n in range(70)
    }
    typo = {"typo": "---\ndate: 2024-04-01\n---\n\nBOB RAY: The ceasfire is over.\n"}
    index = ("--index", str(index_of(tmp_path, days | typo)))
    once = run_soundbite("search", "ceasfire", *index)  # written once: one hit, and the word meant
    assert once.returncode == 0 and "Did you mean: ceasefire?" in once.stderr
    none = run_soundbite("search", "lee ceasfire", *index)
    assert none.returncode == 1 and "Did you mean: lee ceasefire?" in none.stderr
    common = run_soundbite("search", "ceasefire", *index)
    assert common.returncode == 0 and "Did you mean" not in common.stderr
    trend = run_soundbite("trend", "ceasfiree", *index)
    assert trend.returncode == 1 and "Did you mean: ceasefire?" in trend.stderr
    export = run_soundbite("export", "ceasfiree", *index)
    assert export.returncode == 1 and "Did you mean: ceasefire?" in export.stderr


def test_an_equals_sign_asks_for_the_word_as_written_not_its_stem(tmp_path):
    index = index_of(
        tmp_path,
        {
            "a": "ANNA LEE: We will build back better.\n",
            "b": "BOB RAY: They are building back better, they say.\n",
            "c": "ANNA LEE: The Building is closed.\n",
        },
    )
    found = functools.partial(transcripts_found, index)

    assert found('"build back better"') == {"a", "b"}  # stems: building is build
    assert found('="build back better"') == {"a"}
    assert found("building") == {"a", "b", "c"}
    assert found("=building") == {"b", "c"}  # in any case, as written
    assert found("=building -=closed") == {"b"}


def test_another_languages_stem_of_a_word_matches_only_that_languages_passages(tmp_path):
    index = index_of(
        tmp_path,
        {
            "en": "ANNA LEE: They were yelling at me about Yellen.\n\nANNA LEE: More yelling.\n",
            "es": "---\nlanguage: es\n---\n\nPEDRO RUIZ: La secretaria Yellen habló hoy con los ministros.\n",
        },
    )
    hits = search(index, "Yellen", limit=0).hits
    # Spanish stems `Yellen` to `yell`, which the English passages hold for `yelling`: not a hit there.
    assert sorted((hit.transcript.id, hit.passage.number) for hit in hits) == [("en", 1), ("es", 1)]
    yelling = search(index, "yelling", limit=0).hits
    english = {hit.passage.number for hit in yelling if hit.transcript.id == "en"}
    assert english == {1, 2}


def test_a_names_mentions_come_before_that_persons_own_passages(all_fixtures_index):
    hits = list(search(all_fixtures_index, "elodie", limit=0).hits)
    assert "Élodie" in hits[0].passage.text and hits[0].passage.speaker != "Élodie Durand-Smith"
    assert hits[-1].passage.speaker == "Élodie Durand-Smith"  # her own passage still matches, after
    # A name and a word still find the person saying it.
    both = search(all_fixtures_index, "elodie cheque", limit=0)
    assert [hit.passage.speaker for hit in both.hits] == ["Élodie Durand-Smith"]


def test_a_word_joined_by_a_sign_is_its_pieces_side_by_side(tmp_path):
    index = index_of(
        tmp_path,
        {
            "a": "ANNA LEE: We spoke to AT&T about COVID-19 testing.\n",
            "b": "BOB RAY: Look at this, T. It is covid season, 19 days in.\n",
        },
    )
    found = functools.partial(transcripts_found, index)

    assert found("AT&T") == {"a"}  # not `at` and `t` anywhere
    assert found("COVID-19") == {"a"}
    assert found("at t") == {"a", "b"}  # the pieces as words, as before


def test_a_word_joined_by_a_sign_is_indexed_whole_as_well_as_split(tmp_path):
    index = index_of(
        tmp_path,
        {
            "cpp": "ANNA LEE: I wrote C++ at AT&T, then some C# and F#.\n",
            "c": "BOB RAY: Plan C is fine. At T minus ten we go.\n",
            "dots": "CARA DOE: Use django.contrib, write to jen@example.com, from the U.S. in 3.5 days.\n",
        },
    )
    found = functools.partial(transcripts_found, index)

    assert found("C++") == {"cpp"}  # its only piece is `c`: asked for whole
    assert found("c#") == {"cpp"}
    assert found("F#") == {"cpp"}
    assert found("c") == {"cpp", "c"}  # and split: the letter is still a word
    assert found("AT&T") == {"cpp"}  # whole, not the phrase `at t` of "At T minus"
    assert found('"at t"') == {"cpp", "c"}
    assert found('"wrote C++ at AT&T"') == {"cpp"}  # phrases see the words where they always were
    assert found("contrib") == {"dots"}  # a dotted word's parts
    assert found("django.contrib") == {"dots"}
    assert found("example") == {"dots"}
    assert found("jen@example.com") == {"dots"}
    assert found("s") == set()  # initials are not cut: `U.S.` is not `u` and `s`
    assert found("5") == set()  # nor numbers
    hit = next(iter(search(index, "C++").hits))
    assert [hit.passage.text[s:e] for s, e in hit.matches] == ["C++"]
    hit = next(iter(search(index, "contrib").hits))
    assert [hit.passage.text[s:e] for s, e in hit.matches] == ["contrib"]


def test_an_index_made_before_whole_words_asks_for_the_pieces_too(tmp_path):
    # An index whose manifest does not say every passage has whole words (made before, updated since):
    # `AT&T` is the whole word or the phrase of its pieces, so its older passages are still found.
    import json

    from indexer.engine.storage.store import current_generation

    index = index_of(tmp_path, {"a": "ANNA LEE: We spoke to AT&T.\n", "b": "BOB RAY: At T minus ten.\n"})
    assert transcripts_found(index, "AT&T") == {"a"}
    summary = current_generation(index) / "soundbite.json"
    data = json.loads(summary.read_text())
    assert data["whole_words"] is True
    summary.write_text(json.dumps({**data, "whole_words": False}))
    assert transcripts_found(index, "AT&T") == {"a", "b"}


def test_counts_of_star_and_of_filters_alone_are_the_hits_counted(all_fixtures_index):
    from collections import Counter

    from indexer.engine.querying.search import count_by

    for filters in ({}, {"speaker": "trump"}, {"transcript": "captions/*"}):
        hits = list(search(all_fixtures_index, "*", limit=0, **filters).hits)
        for field in ("speaker", "transcript", "network", "role"):
            value = {
                "speaker": lambda h: h.passage.speaker,
                "transcript": lambda h: h.transcript.id,
                "network": lambda h: h.transcript.meta.network,
                "role": lambda h: h.passage.role,
            }[field]
            counted = Counter(value(hit) for hit in hits)
            got = dict(count_by(all_fixtures_index, "*", field, SearchOptions(**filters)))
            if field == "speaker":  # (the forms of one person are counted as one: compare the totals)
                assert sum(got.values()) == sum(counted.values()), (field, filters)
            else:
                assert got == dict(counted), (field, filters)


def test_the_trend_of_star_counts_every_passage_in_the_filters(all_fixtures_index):
    from indexer.engine.features.trend import trend

    everything = trend(all_fixtures_index, ["*"])
    total = search(all_fixtures_index, "*", limit=0)
    assert sum(everything.series[0].counts) + everything.undated == total.total
    filtered = trend(all_fixtures_index, ["*"], SearchOptions(speaker="trump"))
    assert sum(filtered.series[0].counts) + filtered.undated == search(all_fixtures_index, "*", speaker="trump").total


def test_star_counts_transcripts_right_after_some_were_replaced_or_removed(tmp_path):
    index_of(tmp_path, {name: f"ANNA LEE: Passage of {name}.\n\nANNA LEE: More of {name}.\n" for name in "abc"})
    (tmp_path / "t" / "c.md").unlink()
    index = index_of(tmp_path, {"b": "BOB RAY: B again, once.\n"})  # (the same folder, indexed again)
    every = search(index, "*", limit=1)
    assert (every.total, every.transcripts) == (3, 2)


def test_answers_come_before_one_line_questions(tmp_path):
    answer = (
        "The tariffs on steel stay in place while the review runs, and we will look at the tariffs on aluminium "
        "with our partners before the summer, because the cost falls on American families and on the factories "
        "that buy the metal."
    )
    index = index_of(
        tmp_path,
        {
            "briefing": f"Q: On tariffs?\n\nMS. PSAKI: {answer}\n\nQ: Tariffs, you said?\n\nMS. PSAKI: Yes.\n",
        },
    )
    hits = list(search(index, "tariffs", limit=0).hits)
    assert [hit.passage.text for hit in hits] == [answer, "Tariffs, you said?", "On tariffs?"]


def test_the_length_prior_keeps_the_best_n_exact(tmp_path):
    # The prior lowers scores below BM25F's bounds, never above: a search for the best N (which skips
    # blocks by their bounds) returns the first N of the whole ranking.
    import random

    rng = random.Random(5)
    words = "tariffs steel the of and to a in that is it we are not".split()
    files = {}
    for number in range(60):
        turns = [
            f"SPEAKER {n % 3}: " + " ".join(rng.choice(words) for _ in range(rng.choice([1, 3, 8, 30, 90]))) + "."
            for n in range(8)
        ]
        files[f"t{number:02d}"] = "\n\n".join(turns) + "\n"
    index = index_of(tmp_path, files)
    every = [(hit.transcript.id, hit.passage.number) for hit in search(index, "tariffs steel", limit=0).hits]
    assert len(every) > 50
    for limit in (1, 5, 20):
        assert [(h.transcript.id, h.passage.number) for h in search(index, "tariffs steel", limit=limit).hits] == (
            every[:limit]
        )


def test_every_hit_ranked_in_arrays_is_the_order_of_the_best_n(all_fixtures_index):
    # `-n 0` ranks every match in arrays (`RankAllCollector`); `-n N` keeps Whoosh's top-N heap. Both give
    # the same order: best score first, equal scores in index order.
    from indexer.engine.adapter.ranked_all import RankedMatches

    for query in ("the", "Putin OR Trump", "Putin", "speaker:trump OR minister"):
        every = search(all_fixtures_index, query, limit=0)
        assert len(every.hits) == every.total > 3
        pairs = [(hit.transcript.id, hit.passage.number, hit.score) for hit in every.hits]
        scores = [score for _, _, score in pairs]
        assert scores == sorted(scores, reverse=True)
        for limit in (1, 3):
            best = search(all_fixtures_index, query, limit=limit)
            assert [(h.transcript.id, h.passage.number, h.score) for h in best.hits] == pairs[:limit]
    from array import array

    ranked = RankedMatches(array("d", [1.0, 3.0, 2.0]), array("q", [10, 11, 12]), memoryview(array("q", [1, 2, 0])))
    assert list(ranked) == [(3.0, 11), (2.0, 12), (1.0, 10)]
    assert list(ranked[1:]) == [(2.0, 12), (1.0, 10)] and ranked[-1] == (1.0, 10) and len(ranked[:2]) == 2


def test_sort_date_gives_the_newest_transcripts_first_then_time(tmp_path):
    index = index_of(
        tmp_path,
        {
            "old": "---\ndate: 2019-03-01\n---\n[00:00:05] ANNA LEE: Tariffs first.\n\n[00:00:09] EVE KIM: Tariffs.\n",
            "new": "---\ndate: 2024-08-01\n---\n[00:00:02] BOB RAY: Tariffs before.\n\n[00:00:07] EVE KIM: Tariffs.\n",
            "month": "---\ndate: 2024-08\n---\n[00:00:01] CARA DOE: Tariffs in August.\n",
            "undated": "[00:00:03] DAN FOX: Tariffs, no date.\n",
        },
    )
    order = [(h.transcript.id, h.passage.start) for h in search(index, "tariffs", limit=0, sort="date").hits]
    assert order == [("new", 2.0), ("new", 7.0), ("month", 1.0), ("old", 5.0), ("old", 9.0), ("undated", 3.0)]
    for limit in (1, 3):  # the best N kept in a bounded heap: the first N of the whole order
        assert [(h.transcript.id, h.passage.start) for h in search(index, "*", limit=limit, sort="date").hits] == (
            order[:limit]
        )
    near = search(index, "tariffs NEAR/60s tariffs", limit=0, sort="date")
    found = [h.transcript.id for h in near.hits]
    assert found[0] == "new" and found[-1] == "undated"


def test_a_pattern_naming_many_transcripts_is_read_from_the_id_column(tmp_path, monkeypatch):
    # Past MANY_TRANSCRIPTS names, a -t pattern's passages are found by the id column (ids of files named
    # by path from the manifest), not term by term: the same hits, with deleted passages left out.
    from indexer.engine.querying import filters
    from indexer.engine.storage.writer import index_paths

    files = {f"talk{n}": f"ANNA LEE: Tariffs, part {n}.\n\nBOB RAY: Steel {n}.\n" for n in range(6)}
    index = index_of(tmp_path, files)
    (tmp_path / "t" / "talk3.md").write_text("ANNA LEE: Tariffs, changed.\n", encoding="utf-8")
    (tmp_path / "t" / "talk4.md").unlink()
    index_paths(index, [str(tmp_path / "t")])  # the segment now has deleted passages

    def seen(limit=0, **options):
        found = search(index, options.pop("query", "*"), limit=limit, **options)
        return found.total, found.transcripts, ids(found)

    cases = [{"transcript": "talk*"}, {"transcript": "*.md"}, {"transcript": "TALK[1-3]"}, {"query": "tariffs"}]
    for case in cases:
        case = {"transcript": "talk*", **case}
        by_terms = seen(**case)
        monkeypatch.setattr(filters, "MANY_TRANSCRIPTS", 0)
        assert seen(**case) == by_terms, case
        monkeypatch.setattr(filters, "MANY_TRANSCRIPTS", 200)
    assert seen(transcript="talk*")[:2] == (9, 5)
    assert ("talk4", 1) not in seen(transcript="talk*")[2] and ("talk3", 1) in seen(transcript="talk*")[2]


def test_a_hit_says_when_its_first_matched_word_was_said(tmp_path):
    # Six captions merged into one passage: a word in the fifth is reported at its own second, read from
    # the cue times around it (the passage starts at 10 s), not at the passage's start.
    lines = [
        "Good evening and welcome to the programme tonight",
        "we look at the state of the harbour works",
        "and the cost of the ferry crossing this year",
        "the minister spoke to reporters on Monday",
        "about the new bridge and its tolls",
        "and she said the economy would recover by spring.",
    ]
    folder = tmp_path / "c"
    folder.mkdir()
    cues = [
        f"{i}\n00:00:{10 + 5 * (i - 1):02d},000 --> 00:00:{14 + 5 * (i - 1):02d},000\n{t}\n"
        for i, t in enumerate(lines, 1)
    ]
    (folder / "news.srt").write_text("\n".join(cues), encoding="utf-8")
    (folder / "plain.txt").write_text("ANNA LEE: The harbour works run late this year.\n", encoding="utf-8")
    from indexer.engine.storage.writer import index_paths

    index_paths(tmp_path / "ix", [str(folder)])

    def said(word: str, transcript: str = "news"):
        hit = next(h for h in search(tmp_path / "ix", word, limit=0).hits if h.transcript.id == transcript)
        return hit.passage.start, hit.at, hit.at_estimated

    start, at, estimated = said("bridge")  # cue 5: 30-34 s, the fourth of its seven words
    assert start == 10.0 and abs(at - (30 + 4 * 3 / 7)) < 0.01 and estimated
    assert abs(said("economy")[1] - (35 + 4 * 4 / 9)) < 0.01
    assert abs(said("minister")[1] - (25 + 4 * 1 / 7)) < 0.01
    assert abs(said("welcome")[1] - (10 + 4 * 3 / 8)) < 0.01
    assert said("good")[1:] == (10.0, False)  # the passage's first word: its start, as read
    assert said("harbour", "plain")[1:] == (None, True)  # no times in the file


def test_an_exact_word_in_pieces_is_every_piece_where_there_are_no_positions(all_fixtures_index):
    # `=0㐀`: a digit and a Han character, two pieces in `text_exact` (which keeps no positions): every
    # piece, not a phrase that field cannot answer (a traceback before).
    assert search(all_fixtures_index, "=0㐀", limit=0).total == 0
