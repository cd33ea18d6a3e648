"""The library end to end: files into an index, queries into hits."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, SEED, SEEDS

from indexer.engine.querying.search import search
from indexer.engine.storage import store
from indexer.engine.storage.writer import index_paths
from indexer.errors import BadQuery, IndexBusy, IndexIncompatible, IndexMissing
from indexer.settings import Settings


def doc_count(index_dir) -> int:
    index = store.open_for_search(index_dir)
    with index.searcher() as searcher:
        return searcher.doc_count()


def test_kgb_is_one_hit_by_trump_late_in_the_video(seed_index):
    result = search(seed_index, "KGB")
    assert result.total == 1
    (hit,) = result.hits
    assert hit.transcript.id == "cgtn-trump-putin-helsinki-summit"
    assert (hit.passage.speaker, hit.passage.role) == ("Donald Trump", "US President")
    assert hit.passage.estimated is True
    assert 172 * 2 / 3 < hit.passage.start < hit.passage.end <= 172
    assert [hit.passage.text[a:b] for a, b in hit.matches] == ["KGB"]
    assert "KGB" in hit.snippet.plain
    marked = [text for f in hit.snippet.fragments for text, matched in f.parts if matched]
    assert marked == ["KGB"]


def test_phrase_miss_universe_is_narration_by_nathan_king(seed_index):
    (hit,) = search(seed_index, '"Miss Universe"').hits
    assert (hit.passage.speaker, hit.passage.role) == ("Nathan King", "reporter")
    assert [hit.passage.text[a:b] for a, b in hit.matches] == ["Miss", "Universe"]


def test_stemming_finds_other_forms_and_marks_the_words_as_written(seed_index):
    (hit,) = search(seed_index, "sanction").hits
    assert [hit.passage.text[a:b] for a, b in hit.matches] == ["sanctions"]


def test_hits_are_ranked_by_score_and_limited(seed_index):
    result = search(seed_index, "Putin", limit=2)
    assert result.total == 5
    assert len(result.hits) == 2
    assert result.transcripts == 1
    everything = search(seed_index, "Putin", limit=0)
    scores = [hit.score for hit in everything.hits]
    assert scores == sorted(scores, reverse=True)
    assert len(everything.hits) == 5
    # Two mentions in one short soundbite outrank one mention in narration.
    assert everything.hits[0].passage.speaker == "Donald Trump"


def test_speaker_filter_matches_any_part_of_the_name_in_any_case(fixture_index):
    trump = search(fixture_index, "Putin", speaker="TRUMP", limit=0)
    assert [hit.passage.number for hit in trump.hits] == [10]
    assert search(fixture_index, "Putin", speaker="donald trump").total == 1
    assert search(fixture_index, "Putin", speaker="obama").total == 0
    # Accents do not matter.
    elodie = search(fixture_index, "cheque", speaker="elodie")
    assert [hit.passage.speaker for hit in elodie.hits] == ["Élodie Durand-Smith"]


def test_field_queries_and_boolean_operators(fixture_index):
    assert {h.passage.speaker for h in search(fixture_index, "speaker:hollande", limit=0).hits} == {"François Hollande"}
    roles = {h.passage.role for h in search(fixture_index, "role:minister", limit=0).hits}
    assert roles == {"French Finance Minister", "Minister of Finance, Peru"}
    both = search(fixture_index, "debt AND relief", limit=0)
    assert both.total == 1
    assert all("debt" in h.passage.text.lower() and "relief" in h.passage.text.lower() for h in both.hits)
    assert search(fixture_index, "Putin NOT Trump", limit=0).total == 0  # all five name both
    assert search(fixture_index, "Putin NOT KGB", limit=0).total == 4
    assert search(fixture_index, "Putin AND NOT KGB", limit=0).total == 4
    assert search(fixture_index, "Putin -KGB", limit=0).total == 4
    assert search(fixture_index, "KGB OR cheque", limit=0).total == 2
    network = search(fixture_index, "network:bbc", limit=0)
    assert {h.transcript.id for h in network.hits} == {"world-bank-debt-forum"}


def test_accents_and_case_do_not_matter_in_text(fixture_index):
    assert search(fixture_index, "francois").total == search(fixture_index, "François").total == 2


def test_reindexing_replaces_a_file_and_never_duplicates(tmp_path):
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [str(SEEDS)])
    counts = (
        doc_count(index_dir),
        search(index_dir, "Putin").total,
        search(index_dir, "KGB").total,
    )
    index_paths(index_dir, [str(SEEDS)])
    index_paths(index_dir, [str(SEED)])  # the same file named directly
    assert (
        doc_count(index_dir),
        search(index_dir, "Putin").total,
        search(index_dir, "KGB").total,
    ) == (counts)
    assert counts == (11, 5, 1)


def test_changed_file_is_replaced_as_a_unit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "report.txt")
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [str(folder)])
    (folder / "report.txt").write_text("0:30\nA short lead about tariffs.\nNarration only.\n")
    report = index_paths(index_dir, [str(folder)])
    assert report.passages == 2
    assert doc_count(index_dir) == 2
    assert search(index_dir, "KGB").total == 0
    assert search(index_dir, "tariffs").total == 1


def test_bad_files_are_skipped_and_nothing_indexed_is_lost(tmp_path):
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [str(SEEDS)])
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    shutil.copy(FIXTURES / "newsvideo" / "world-bank-debt-forum.txt", folder / "good.txt")
    seen = []
    report = index_paths(index_dir, [str(folder), str(tmp_path / "missing")], on_skip=seen.append)
    assert (report.added, report.transcripts) == (1, 2)
    assert sorted(p.reason.split(" (")[0] for p in report.skipped) == ["binary file", "empty file"]
    assert seen == report.skipped
    assert report.missing == [f"{tmp_path / 'missing'}: no such file or directory"]
    assert search(index_dir, "KGB").total == 1  # from the earlier run
    assert search(index_dir, "cheque").total == 1  # from this one


def test_files_differing_only_by_extension_keep_it_in_their_ids(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "talk.txt")
    (folder / "talk.md").write_text("Notes about the KGB talk.\n")
    index_paths(tmp_path / "ix", [str(folder)])
    ids = {hit.transcript.id for hit in search(tmp_path / "ix", "KGB", limit=0).hits}
    assert ids == {"talk.txt", "talk.md"}


def test_malformed_queries_say_what_to_fix(seed_index):
    with pytest.raises(BadQuery, match="unbalanced quote"):
        search(seed_index, '"Miss Universe')
    with pytest.raises(BadQuery, match="unbalanced parentheses"):
        search(seed_index, "(Putin OR Trump")
    with pytest.raises(BadQuery, match="unknown field 'spekaer'"):
        search(seed_index, "spekaer:trump")
    with pytest.raises(BadQuery, match="empty query"):
        search(seed_index, "   ")
    with pytest.raises(BadQuery, match="no searchable words in query"):
        search(seed_index, "()")
    for dangling in ("Putin AND", "OR Putin", "Putin AND OR Trump", "NOT"):
        with pytest.raises(BadQuery, match="needs a word on each side"):
            search(seed_index, dangling)
    with pytest.raises(BadQuery, match="has no value"):
        search(seed_index, "speaker: Putin")
    # Lower-case operators are words, and times are not fields.
    assert search(seed_index, "and").total == 5
    assert search(seed_index, "10:30").total == 0


def test_missing_and_incompatible_indexes(tmp_path):
    with pytest.raises(IndexMissing, match="no index at"):
        search(tmp_path / "nowhere", "KGB")
    index_dir = tmp_path / "old"
    index_paths(index_dir, [str(SEEDS)])
    manifest = store.read_manifest(index_dir)
    manifest.schema_version = 1
    manifest.save(store.current_generation(index_dir))
    with pytest.raises(IndexIncompatible, match="--rebuild"):
        search(index_dir, "KGB")
    with pytest.raises(IndexIncompatible, match="--rebuild"):
        index_paths(index_dir, [str(SEEDS)])
    index_paths(index_dir, rebuild=True)  # re-scans the folders it remembers
    assert search(index_dir, "KGB").total == 1


def test_a_second_writer_is_told_the_index_is_busy(tmp_path, monkeypatch):
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [str(SEEDS)])
    waited = []
    with store.run_lock(index_dir, 0), pytest.raises(IndexBusy, match="being updated by another soundbite"):
        index_paths(index_dir, [str(SEEDS)], on_wait=lambda: waited.append(True), settings=Settings(lock_wait=0.3))
    assert waited == [True]
    assert search(index_dir, "KGB").total == 1


def test_snippets_show_whole_sentences_and_mark_clipping(seed_index):
    hits = {hit.passage.number: hit for hit in search(seed_index, "Putin", limit=0).hits}
    # Passage 4 is one sentence: shown whole, past the "U.S." abbreviation.
    (whole,) = hits[4].snippet.fragments
    assert whole.text == hits[4].passage.text
    assert (whole.clipped_start, whole.clipped_end) == (False, False)
    # Passage 6 opens with a long sentence: the fragment ends at the end of
    # the matching sentence and says that the passage began earlier.
    (clipped,) = hits[6].snippet.fragments
    assert clipped.text.endswith("when it comes to Putin, many ask, does Trump seem to give him a pass?")
    assert (clipped.clipped_start, clipped.clipped_end) == (True, False)
    assert hits[6].snippet.plain.startswith("… ")
    assert hits[6].passage.text.endswith(clipped.text)


def test_fragments_that_score_the_same_are_chosen_earliest_first_every_time():
    from indexer.engine.querying.highlight import SNIPPET_FRAGMENTS, Wanted, highlight
    from indexer.engine.storage.schema import stemming_analyzer

    # Five sentences, each with one match, far apart: they score the same. Whoosh's own choice
    # among them went by the fragments' memory addresses, so it changed from run to run.
    filler = " ".join(["and so on"] * 40)
    text = " ".join(f"Sentence {n} names the harbour. {filler}." for n in range(5))
    wanted = Wanted(frozenset({"harbour"}), (), frozenset())
    chosen = set()
    for _ in range(20):
        fragments = highlight(text, wanted, stemming_analyzer())[0].fragments
        chosen.add(tuple(n for f in fragments for n in range(5) if f"Sentence {n} names" in f.text))
    assert chosen == {tuple(range(SNIPPET_FRAGMENTS))}


def test_passage_matched_by_speaker_only_shows_its_opening(seed_index):
    hit = search(seed_index, "speaker:trump", limit=1).hits[0]
    assert hit.matches == []
    assert hit.snippet.plain == hit.passage.text  # short enough to show whole


def test_a_transcript_s_metadata_is_stored_once_and_every_hit_has_it(seed_index):
    from indexer.engine.storage.schema import PASSAGE, TITLE

    index = store.open_for_search(seed_index)
    with index.reader() as reader:
        titled = sorted(stored[PASSAGE] for _, stored in reader.iter_docs() if TITLE in stored)
        untimed_or_timed = {stored[PASSAGE]: stored.get("start") for _, stored in reader.iter_docs()}
    assert titled == [1]  # kept with the first passage only
    hits = search(seed_index, "Putin", limit=0).hits
    assert {h.transcript.meta.title for h in hits} == {
        "Of all of Trump's relationships with world leaders, "
        "the one with Vladimir Putin has captured the most attention."
    }
    assert {h.transcript.meta.network for h in hits} == {"CGTN"}
    assert [h.passage.start for h in hits] == [untimed_or_timed[h.passage.number] for h in hits]  # its own times
