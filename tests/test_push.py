"""`soundbite push`: against a local HTTP endpoint (`fake_cluster`) for the client side and the failure paths,
and against a real OpenSearch or Elasticsearch cluster when SOUNDBITE_OPENSEARCH_URL names one.

What the fake endpoint proves: which requests are sent (only what changed),
that 429s and dropped connections are retried and nothing is lost or sent
twice as a copy, that every mistake is one line and exit 2, and that the
local index is only read. What it cannot prove, the integration test does:
that a real cluster accepts the mapping and the documents and finds them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from pathlib import Path

import pytest
from conftest import run_soundbite
from fake_cluster import FakeCluster
from typer.testing import CliRunner

from indexer.cli import commands
from indexer.cli.app import app
from indexer.cli.environment import Environment
from indexer.engine.storage.writer import index_paths
from indexer.settings import Settings


def caption(number: int, words: str = "harbour") -> str:
    return "".join(
        f"{cue}\n00:00:{cue * 5:02d},000 --> 00:00:{cue * 5 + 4:02d},000\n"
        f"- Speaker {cue % 2}: {words} story {number} part {cue}.\n\n"
        for cue in range(1, 4)
    )


def write_corpus(folder: Path, numbers, words: str = "harbour") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"story-{number:03d}.srt").write_text(caption(number, words), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "captions"
    write_corpus(folder, range(20))
    index = tmp_path / "ix"
    assert not index_paths(index, [str(folder)]).skipped
    return folder, index


def push(index, url, terminal=False, backoff=0.01, api_key=None, **params) -> tuple[int, str, str]:
    env = Environment(
        io.StringIO(),
        io.StringIO(),
        stdout_isatty=terminal,
        stderr_isatty=terminal,
        settings=Settings(push_backoff=backoff, opensearch_api_key=api_key),
    )
    code = commands.run(commands.push, env, url=url, index=index, **params)
    return code, env.stdout.getvalue(), env.stderr.getvalue()


def local_ids(index) -> dict:
    """{_id: document} as `export --format opensearch` writes them: what the cluster must hold."""
    from indexer.engine.features.cluster import cluster_document
    from indexer.engine.features.export import exported, passage_id, shared_transcript_ids

    shared = shared_transcript_ids(index)
    with exported(index) as found:
        return {passage_id(hit, shared): cluster_document(hit) for hit in found.hits}


def index_files(index: Path) -> dict:
    """Every file of the index but push's own record, with a hash of its content."""
    return {
        str(p.relative_to(index)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(index.rglob("*"))
        if p.is_file() and p.name != "pushed.json"
    }


def test_a_first_push_creates_the_index_and_sends_every_passage(corpus):
    _, index = corpus
    before = index_files(index)
    with FakeCluster() as cluster:
        code, out, err = push(index, cluster.url)
        assert (code, err) == (0, "")
        assert cluster.docs() == local_ids(index) and len(cluster.docs()) == 60
        created = cluster.indexes["soundbite"]["body"]
        assert created["mappings"]["properties"]["text"]["analyzer"] == "soundbite_stemmed"
        assert ("PUT", "/soundbite") in cluster.requests
    assert out.startswith(f"Pushed to {cluster.url} index soundbite (index created): 60 created, 0 updated, 0 deleted")
    assert "20 files sent, 0 unchanged, 0 removed" in out
    assert index_files(index) == before  # the local index is only read


def test_a_progress_bar_on_a_terminal_and_nothing_on_a_pipe(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        code, out, err = push(index, cluster.url, terminal=True)
        assert code == 0 and "pushing" in err and "\x1b[" in err and out.startswith("Pushed to")
    with FakeCluster() as cluster:
        assert push(index, cluster.url, terminal=False)[2] == ""
        assert push(index, cluster.url, terminal=True, quiet=True)[1:] == ("", "")


def test_a_second_push_sends_only_what_changed(corpus):
    folder, index = corpus
    with FakeCluster() as cluster:
        assert push(index, cluster.url)[0] == 0
        sent = cluster.bulk_lines()
        code, out, _ = push(index, cluster.url)
        assert code == 0 and cluster.bulk_lines() == sent  # nothing at all
        assert out == f"{cluster.url} index soundbite is up to date: 20 files unchanged since the last push\n"

        write_corpus(folder, range(20, 30))  # 10 new transcripts
        (folder / "story-003.srt").write_text(caption(3, "changed"), encoding="utf-8")  # one changed
        (folder / "story-004.srt").unlink()  # one gone
        index_paths(index, None)
        first = len(cluster.bulk_bodies)
        code, out, _ = push(index, cluster.url)
        lines = [line for body in cluster.bulk_bodies[first:] for line in body]
        ops = [(op, meta["_id"]) for line in lines for op, meta in line.items() if op in ("index", "delete")]
        assert code == 0
        assert sorted(ops) == sorted(
            [("index", f"story-{n:03d}#{p}") for n in [*range(20, 30), 3] for p in (1, 2, 3)]
            + [("delete", f"story-004#{p}") for p in (1, 2, 3)]
        )
        assert "30 created, 3 updated, 3 deleted, 0 failed; 11 files sent, 18 unchanged, 1 removed" in out
        assert cluster.docs() == local_ids(index)
        assert cluster.docs()["story-003#1"]["text"] == "changed story 3 part 1."


def test_a_transcript_that_got_shorter_loses_its_surplus_passages(corpus):
    folder, index = corpus
    with FakeCluster() as cluster:
        push(index, cluster.url)
        (folder / "story-007.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nOnly one now.\n", encoding="utf-8")
        index_paths(index, None)
        code, out, _ = push(index, cluster.url)
        assert code == 0 and "0 created, 1 updated, 2 deleted" in out
        assert cluster.docs() == local_ids(index) and "story-007#2" not in cluster.docs()


def test_429s_are_retried_with_back_off_and_nothing_is_lost(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        cluster.too_many = 2
        began = time.perf_counter()
        code, _, err = push(index, cluster.url, backoff=0.2)
        waited = time.perf_counter() - began
        assert (code, err) == (0, "")
        assert cluster.docs() == local_ids(index)
        assert waited >= 0.2 + 0.4  # two waits, the second twice the first
        assert [m for m, p in cluster.requests if p.endswith("/_bulk")].count("POST") == 3


def test_a_dropped_connection_is_resumed_and_every_passage_arrives_once(corpus, monkeypatch):
    from indexer.engine.features import cluster as cluster_module

    _, index = corpus
    monkeypatch.setattr(cluster_module, "CHUNK_SIZE", 10)  # several bulk requests
    with FakeCluster() as cluster:
        cluster.drop, cluster.drop_after_lines = 2, 40  # the third request, then the next, are cut off
        code, out, err = push(index, cluster.url)
        assert (code, err) == (0, "")
        assert "2 lost connections resumed" in out
        assert cluster.docs() == local_ids(index)
        assert "60 created, 0 updated" in out  # each once: the lost requests were never stored


def test_an_unreachable_cluster_is_one_line_and_nothing_is_remembered(corpus, tmp_path):
    _, index = corpus
    with FakeCluster() as cluster:
        url = cluster.url
    code, out, err = push(index, url)  # the port is closed now
    assert (code, out) == (2, "")
    assert err.startswith(f"soundbite: error: {url}: cannot connect (") and err.count("\n") == 1
    assert not (index / "pushed.json").exists()


def test_wrong_credentials_and_an_api_key(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        cluster.password = "s3cret"
        code, _, err = push(index, cluster.url, user="admin", password="wrong")
        assert (code, err) == (2, f"soundbite: error: {cluster.url}: the cluster refused the credentials (401)\n")
        assert push(index, cluster.url, user="admin", password="s3cret")[0] == 0
    with FakeCluster() as cluster:
        cluster.api_key = "k3y"
        assert push(index, cluster.url)[0] == 2
        assert push(index, cluster.url, api_key="k3y")[0] == 0 and len(cluster.docs()) == 60


def test_failed_items_are_listed_exit_2_and_sent_again_next_time(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        cluster.reject = {"story-005#2"}
        code, out, err = push(index, cluster.url)
        assert code == 2
        assert err == (
            "soundbite: failed: story-005#2: 400 mapper_parsing_exception: "
            "failed to parse field [start] of type [float]\n"
        )
        assert "59 created, 0 updated, 0 deleted, 1 failed" in out
        cluster.reject = set()
        first = len(cluster.bulk_bodies)
        code, out, _ = push(index, cluster.url)
        resent = [line["index"]["_id"] for body in cluster.bulk_bodies[first:] for line in body if "index" in line]
        assert code == 0 and sorted(resent) == ["story-005#1", "story-005#2", "story-005#3"]
        assert cluster.docs() == local_ids(index)


def test_a_mapping_conflict_is_one_line_before_anything_is_sent(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        cluster.indexes["soundbite"] = {"mappings": {"properties": {"start": {"type": "keyword"}}}, "docs": {}}
        code, out, err = push(index, cluster.url)
        assert (code, out) == (2, "")
        assert err == (
            f"soundbite: error: index 'soundbite' on {cluster.url} has 'start' as keyword, soundbite writes it as "
            "float: use another --index-name or delete that index\n"
        )
        assert cluster.bulk_bodies == []


def test_bad_urls_and_index_names(corpus):
    _, index = corpus
    assert push(index, "localhost:9200")[2] == (
        "soundbite: error: 'localhost:9200' is not a cluster URL: give http(s)://HOST[:PORT]\n"
    )
    code, _, err = push(index, "http://localhost:9", index_name="News!")
    assert code == 2 and err.startswith("soundbite: error: --index-name 'News!'")


def test_each_cluster_and_index_name_is_remembered_apart(corpus):
    _, index = corpus
    with FakeCluster() as one, FakeCluster() as two:
        push(index, one.url)
        push(index, two.url, index_name="news")
        push(index, one.url, index_name="news")
        assert len(one.docs("news")) == len(two.docs("news")) == len(one.docs()) == 60
        remembered = json.loads((index / "pushed.json").read_text())
        assert sorted(remembered) == sorted([f"{one.url} soundbite", f"{two.url} news", f"{one.url} news"])


def test_credentials_are_never_written(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        cluster.password = "s3cret"
        url = cluster.url.replace("http://", "http://admin:s3cret@")
        assert push(index, url)[0] == 0
    assert "s3cret" not in (index / "pushed.json").read_text()


def test_through_typer_and_the_installed_command(corpus):
    _, index = corpus
    with FakeCluster() as cluster:
        result = CliRunner().invoke(app, ["push", cluster.url, "--index", str(index), "-q"])
        assert (result.exit_code, result.stdout) == (0, "")
        assert len(cluster.docs()) == 60
        done = run_soundbite("push", cluster.url, "--index", index)
        assert done.returncode == 0 and "is up to date" in done.stdout
    done = run_soundbite("push", cluster.url, "--index", index, env={"SOUNDBITE_PUSH_BACKOFF": "0"})
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


# Against a real cluster

REAL = os.environ.get("SOUNDBITE_OPENSEARCH_URL")


@pytest.mark.skipif(
    not REAL, reason="SOUNDBITE_OPENSEARCH_URL names no cluster (docs/cluster.md: run one in a container)"
)
def test_a_real_cluster_takes_the_mapping_and_finds_the_passages(corpus):
    from opensearchpy import OpenSearch

    folder, index = corpus
    name = f"soundbite-test-{os.getpid()}"
    client = OpenSearch(hosts=[REAL], verify_certs=False, ssl_show_warn=False)
    try:
        code, out, err = push(index, REAL, index_name=name, insecure=True)
        assert (code, err) == (0, ""), out
        client.indices.refresh(index=name)
        assert client.count(index=name)["count"] == 60
        found = client.search(index=name, body={"query": {"match": {"text": "harbours"}}})  # stemmed: harbour
        assert found["hits"]["total"]["value"] == 60
        exact = client.search(index=name, body={"query": {"term": {"speaker.keyword": "Speaker 1"}}})
        assert exact["hits"]["total"]["value"] > 0
        (folder / "story-004.srt").unlink()
        index_paths(index, None)
        assert push(index, REAL, index_name=name, insecure=True)[0] == 0
        client.indices.refresh(index=name)
        assert client.count(index=name)["count"] == 57
    finally:
        client.indices.delete(index=name, ignore=[404])
