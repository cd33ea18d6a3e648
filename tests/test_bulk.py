"""The bulk path writes what Whoosh's own writer writes: posting for posting, hit for hit.

Two ways to the same index: soundbite's `index_paths` (segments written by
`bulk.SegmentBuilder`) and a reference made by Whoosh's `IndexWriter` from
the same documents in the same order. Compared posting by posting (ids,
weights, positions, block statistics, term statistics, field lengths, stored
fields, columns), then as a user sees them: hits, order, scores, snippets,
counts, suggestions and `show` for 65 queries on the fixtures and on a
generated corpus big enough for many posting blocks; and on random small
corpora, updated run after run (files added, changed, deleted), with the
postings of the live documents keyed by transcript and passage.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.engine.features import browse
from indexer.engine.querying.search import count_by, search
from indexer.engine.storage import schema, store, writer
from indexer.engine.storage.writer import index_paths
from indexer.model import SearchOptions
from indexer.transcripts import sources

COMMON = "the of and to a in that is it was we are not for on with he as you do at this but his by from".split()
RARE = [f"{a}{b}" for a in ("sanction", "harbour", "ferry", "bridge", "summit") for b in ("", "s", "ed", "ing")]
# Words with other forms: joined by a sign (also indexed whole), dotted (also their parts).
SIGNED = ["AT&T", "C++", "C#", "django.contrib", "jen@example.com", "U.S."]
NAMES = ["Ann Lee", "Bo Chen", "Élodie Durand", "Tomás Ruiz", "Nathan King"]


def reference_index(index_dir: Path, folder_paths: list[str], into: Path) -> Path:
    """A copy of soundbite's index whose Whoosh files Whoosh's own writer made, from the same documents."""
    shutil.copytree(index_dir, into, symlinks=True)
    generation = store.current_generation(into)
    for path in generation.iterdir():
        if path.name.startswith(("MAIN", "_MAIN")):
            path.unlink()
    index = store.storage_of(generation).create_index(schema.build_schema())
    whoosh_writer = index.writer()
    for source in sources.discover(folder_paths, exclude=[into]).files:
        try:
            transcripts = list(sources.iter_transcripts(source))
        except (sources.NotATranscript, sources.UnreadableFile):
            continue
        for transcript in transcripts:
            for doc in schema.documents(transcript):
                whoosh_writer.add_document(**doc)
    whoosh_writer.commit()
    return into


def postings_by_document(index_dir: Path) -> dict:
    """Every live posting, keyed by (field, term) and then by (transcript, passage): weight and value."""
    index = store.open_for_search(index_dir)
    with index.reader() as reader:
        key_of = {docnum: (stored[schema.TRANSCRIPT], stored[schema.PASSAGE]) for docnum, stored in reader.iter_docs()}
        found = {}
        for name in index.schema.names():
            if not index.schema[name].indexed:
                continue
            for term in reader.lexicon(name):
                matcher = reader.postings(name, term)
                entries = {}
                while matcher.is_active():
                    if matcher.id() in key_of:
                        entries[key_of[matcher.id()]] = (matcher.weight(), matcher.value())
                    matcher.next()
                if entries:
                    found[(name, term)] = entries
        lengths = {
            (name, key_of[d]): reader.doc_field_length(d, name)
            for d in key_of
            for name in index.schema.names()
            if index.schema[name].scorable
        }
        stored = {key_of[d]: reader.stored_fields(d) for d in key_of}
    return {"postings": found, "lengths": lengths, "stored": stored}


def raw_segments(index_dir: Path) -> dict:
    """Term statistics, postings with their block statistics, lengths, stored fields and columns, by docnum."""
    index = store.open_for_search(index_dir)
    out = {}
    with index.reader() as reader:
        for name in index.schema.names():
            field = index.schema[name]
            if field.indexed:
                out[("total length", name)] = reader.field_length(name)
                for term in reader.lexicon(name):
                    info = reader.term_info(name, term)
                    out[("term", name, term)] = (
                        info.weight(),
                        info.doc_frequency(),
                        info.min_length(),
                        info.max_length(),
                        info.max_weight(),
                    )
                    matcher = reader.postings(name, term)
                    rows = []
                    while matcher.is_active():
                        rows.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_weight()))
                        matcher.next()
                    out[("postings", name, term)] = rows
            if field.column_type:
                out[("column", name)] = [repr(v) for v in reader.column_reader(name)]
        for docnum in range(reader.doc_count_all()):
            out[("stored", docnum)] = reader.stored_fields(docnum)
            for name in index.schema.names():
                if index.schema[name].scorable:
                    out[("length", name, docnum)] = reader.doc_field_length(docnum, name)
    return out


def _vocabulary(draw: float) -> list[str]:
    return COMMON if draw < 0.8 else RARE if draw < 0.98 else SIGNED


def write_corpus(folder: Path, transcripts: int, seed: int) -> None:
    """Speaker-turn transcripts of common and rare words: common terms fill many 128-posting blocks."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(transcripts):
        turns = []
        for _ in range(rng.randint(2, 8)):
            words = [rng.choice(_vocabulary(rng.random())) for _ in range(rng.randint(3, 90))]
            words[0] = words[0].capitalize()
            turns.append(f"{rng.choice(NAMES)}: {' '.join(words)}.")
        (folder / f"t{number:04d}.txt").write_text("\n\n".join(turns) + "\n")


QUERIES = [
    "Putin",
    "the",
    "KGB",
    "sanctions",
    "sanction",
    "Putin AND Trump",
    "Putin OR Macron",
    "cheque OR highways",
    "Putin NOT KGB",
    "evening -debate",
    '"Miss Universe"',
    '"relationship Putin"~3',
    '"the harbour"',
    '"we are not"',
    "speaker:trump",
    'speaker:"nathan king"',
    "speaker:ann",
    "role:minister",
    'role:"prime minister"',
    "network:cgtn",
    "place:helsinki",
    "reporter:king",
    "transcript:cgtn*",
    "sanct*",
    "harb*",
    "Puttin~",
    "sanctoins~2",
    "elodie",
    "tomas",
    "ELODIE cheque",
    "Putin^2 summit",
    "(Putin OR Trump) AND summit",
    "ferry bridge",
    "ferrying",
    "summits",
    "*",
    "zzzzqqqq",
    "Puttin KGB",
    "sumit",
    "AT&T",
    "C++",
    "contrib",
    '"the AT&T"',
]
OPTIONS = [
    SearchOptions(limit=0),
    SearchOptions(limit=3, offset=2),
    SearchOptions(limit=0, speaker="king"),
    SearchOptions(limit=0, role="president"),
    SearchOptions(limit=0, network="cgtn"),
    SearchOptions(limit=0, transcript="turns/*"),
    SearchOptions(limit=0, after="1:00", before="2:30"),
    SearchOptions(limit=0, after="-1:00"),
    SearchOptions(limit=0, since="2021", until="2024-03"),
    SearchOptions(limit=0, sort="time"),
    SearchOptions(limit=5, context=1),
]
# 43 queries with all their hits, 11 option sets on 2 queries each: 65 searches a corpus.
CASES = [(query, SearchOptions(limit=0)) for query in QUERIES] + [
    (query, options) for options in OPTIONS for query in ("the", "Putin OR ann")
]


def hits_as_seen(index_dir: Path) -> list:
    seen = []
    for query, options in CASES:
        result = search(index_dir, query, options)
        seen.append(
            (
                query,
                result.total,
                result.transcripts,
                result.suggestion,
                [
                    (
                        h.transcript.id,
                        h.passage.number,
                        round(h.score, 9),
                        h.snippet,
                        h.matches,
                        [(c.number, c.text) for c in h.context],
                    )
                    for h in result.hits
                ],
            )
        )
    for field in schema.COUNT_COLUMNS:
        seen.append(("count", field, count_by(index_dir, "the OR Putin", field)))
    return seen


@pytest.mark.parametrize("corpus", ["fixtures", pytest.param("generated", marks=pytest.mark.slow)])
def test_the_bulk_path_answers_every_query_as_whoosh_s_writer(tmp_path, corpus, monkeypatch):
    if corpus == "fixtures":
        paths = [str(SEEDS), str(FIXTURES)]
    else:
        write_corpus(tmp_path / "corpus", 400, seed=7)
        paths = [str(tmp_path / "corpus")]
        monkeypatch.setattr(writer, "PARALLEL_FROM_FILES", 10**9)  # one segment, documents in file order
    ours = tmp_path / "ours"
    index_paths(ours, paths)
    theirs = reference_index(ours, paths, tmp_path / "theirs")
    assert raw_segments(ours) == raw_segments(theirs)
    assert hits_as_seen(ours) == hits_as_seen(theirs)
    ids = sorted({h.transcript.id for h in search(ours, "*", limit=0).hits})
    for name in ids[:: max(1, len(ids) // 8)]:
        assert browse.show(ours, name, passage=1, context=1) == browse.show(theirs, name, passage=1, context=1)
    if corpus == "generated":  # many blocks: the longest posting lists span several
        index = store.open_for_search(ours)
        with index.reader() as reader:
            assert reader.doc_frequency(schema.TEXT, b"the") > 10 * 128


def test_workers_run_their_parent_s_code_whatever_the_working_folder_holds(tmp_path, monkeypatch):
    # `python -c` puts the working folder first on a worker's path: run from a folder with another
    # `indexer` package in it (another project's, another checkout of this one), workers imported that.
    decoy = tmp_path / "elsewhere" / "indexer"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the decoy indexer package was imported')\n")
    write_corpus(tmp_path / "corpus", 20, seed=4)
    monkeypatch.setattr(writer, "PARALLEL_FROM_FILES", 1)
    monkeypatch.chdir(decoy.parent)
    report = index_paths(tmp_path / "ix", [str(tmp_path / "corpus")])
    assert report.added == 20 and not report.skipped
    assert len(store.open_for_search(tmp_path / "ix")._segments()) == writer.WORKERS


def test_worker_processes_write_the_same_postings_in_their_own_segments(tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus", 120, seed=3)
    paths = [str(tmp_path / "corpus")]
    monkeypatch.setattr(writer, "PARALLEL_FROM_FILES", 1)
    ours = tmp_path / "ours"
    index_paths(ours, paths)
    index = store.open_for_search(ours)
    assert len(index._segments()) == writer.WORKERS
    theirs = reference_index(ours, paths, tmp_path / "theirs")
    assert postings_by_document(ours) == postings_by_document(theirs)
    scored = [
        sorted((h.transcript.id, h.passage.number, round(h.score, 9)) for h in search(ix, "the ann", limit=0).hits)
        for ix in (ours, theirs)
    ]
    assert scored[0] == scored[1]


transcript_text = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.lists(
            st.sampled_from(COMMON[:6] + RARE[:6] + ["Ünïcode", "x.y.z", "co-op", "it's", *SIGNED]),
            min_size=1,
            max_size=300,
        ),
    ),
    min_size=1,
    max_size=6,
    # Each turn opens in plain English, so that the transcript is read as English: the reference writer
    # (Whoosh's own) stems every passage in English, whatever language a few random words look like.
).map(lambda turns: "\n\n".join(f"{name}: It is not for us to say. {' '.join(words)}." for name, words in turns) + "\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    runs=st.lists(
        st.dictionaries(
            st.sampled_from([f"f{i}.txt" for i in range(8)]), st.one_of(st.none(), transcript_text), max_size=5
        ),
        min_size=1,
        max_size=4,
    ),
    spill=st.sampled_from([1, 50, 10**7]),
)
def test_random_corpora_updated_run_after_run_read_back_posting_for_posting(tmp_path_factory, monkeypatch, runs, spill):
    # Each run writes, rewrites (a text) or deletes (None) some files, then indexes the folder; the
    # bulk writer spills its postings to disk every `spill` postings, so runs of spilled postings join.
    monkeypatch.setattr(writer, "BYTES_A_POSTING", 48 * 2**20 // spill)  # the default 48 MB / this = postings held
    root = tmp_path_factory.mktemp("random")
    folder = root / "corpus"
    folder.mkdir()
    ours = root / "ours"
    for run in runs:
        for name, text in run.items():
            if text is None:
                (folder / name).unlink(missing_ok=True)
            else:
                (folder / name).write_text(text)
        if any(folder.iterdir()) or store.exists(ours):
            index_paths(ours, [str(folder)])
    if not store.exists(ours):
        return
    theirs = reference_index(ours, [str(folder)], root / "theirs")
    assert postings_by_document(ours) == postings_by_document(theirs)
