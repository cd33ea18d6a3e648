"""`soundbite serve` over real HTTP: the API answers what the command line prints, the token guards the
server off loopback, no URL reaches a file outside what was indexed, media are served by ranges, transcript
text is escaped, and a rebuild while requests run fails none of them."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import wave
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import FIXTURES, SEEDS

from indexer.cli import commands
from indexer.cli.environment import Environment
from indexer.engine.storage.writer import index_paths
from indexer.web.archive import Archive
from indexer.web.server import make_server, needs_token, serve_in_thread

HOSTILE_TITLE = "Tariffs <script>alert('title')</script> <img src=x onerror=alert('img')>"
WAV_SECONDS = 6
WAV_RATE = 8000


def write_wav(path: Path, seconds: int = WAV_SECONDS) -> None:
    """A short silent WAV file: media a player can load and seek in."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(WAV_RATE)
        out.writeframes(b"\x80" * (WAV_RATE * seconds))


@pytest.fixture(scope="module")
def served_index(tmp_path_factory) -> Path:
    """The seeds, the news-video fixtures (dated), a transcript whose metadata holds markup, and captions
    with a WAV file beside them."""
    root = tmp_path_factory.mktemp("serve")
    folder = root / "transcripts"
    folder.mkdir()
    (folder / "hostile-tags.md").write_text(
        f'---\ntitle: "{HOSTILE_TITLE}"\ndate: 2024-05-01\n---\n\n'
        "**Anchor:** Tonight the tariffs story, and what was said about them.\n",
        encoding="utf-8",
    )
    (folder / "harbour-clip.srt").write_text(
        "1\n00:00:00,500 --> 00:00:02,000\nThe harbour opened at dawn.\n\n"
        "2\n00:00:03,000 --> 00:00:05,500\nFishermen said the tariffs would hurt.\n",
        encoding="utf-8",
    )
    write_wav(folder / "harbour-clip.wav")
    for name, day, season in (("dated-summer", "2023-06-10", "summer"), ("dated-spring", "2024-03-20", "spring")):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: The {season} debate\ndate: {day}\n---\n\n**Anchor:** The {season} tariffs debate.\n",
            encoding="utf-8",
        )
    (folder / "Émission 100% spéciale.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nLe phare s'est allumé à l'aube.\n", encoding="utf-8"
    )
    (folder / "podcast-episode.md").write_text(
        "---\ntitle: An episode\nurl: https://media.example.org/audio/episode-12.mp3\n---\n\n"
        "**Host:** Welcome to the episode about lighthouses.\n",
        encoding="utf-8",
    )
    index_dir = root / "index"
    index_paths(index_dir, [str(SEEDS), str(FIXTURES / "newsvideo"), str(folder)])
    return index_dir


@pytest.fixture
def server(served_index):
    """A server of the index on a free loopback port, serving in a thread."""
    running = make_server(Archive(served_index), "127.0.0.1", 0)
    serve_in_thread(running)
    yield running
    running.shutdown()
    running.server_close()


def get(server, path: str, headers: dict | None = None, method: str = "GET"):
    """(status, headers, body bytes) of one request."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request(method, path, headers=headers or {})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, answer, body


def cli_json(index_dir: Path, command, **params) -> list[dict]:
    import io

    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), stdout_isatty=False)
    commands.run(command, env, index=index_dir, json_output=True, **params)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("query", "params"),
    [("Putin", {}), ("tariffs", {"limit": "3"}), ('"Miss Universe"', {}), ("the", {"speaker": "king", "offset": "2"})],
)
def test_api_search_hits_are_the_command_lines(query, params, served_index, server):
    status, _, body = get(
        server, "/api/search?" + "&".join([f"q={quote(query)}", *(f"{k}={v}" for k, v in params.items())])
    )
    assert status == 200
    answer = json.loads(body)
    limit = int(params.get("limit", 20))
    filters = {k: v for k, v in params.items() if k not in ("limit", "offset")}
    expected = cli_json(
        served_index, commands.search, query=query, limit=limit, offset=int(params.get("offset", 0)), **filters
    )
    assert answer["hits"] == expected and expected  # the same keys and values, hit for hit
    assert answer["total"] >= len(expected) and answer["transcripts"] >= 1


def test_api_counts_show_speakers_stats_and_trend_are_the_command_lines(served_index, server):
    answer = json.loads(get(server, "/api/search?q=the&count_by=speaker")[2])
    assert answer["counts"] == cli_json(served_index, commands.search, query="the", count_by="speaker")
    shown = json.loads(get(server, "/api/show?transcript=cgtn-trump-putin-helsinki-summit&at=2:40")[2])
    assert shown == cli_json(served_index, commands.show, transcript="cgtn-trump-putin-helsinki-summit", at="2:40")
    assert [row["passage"] for row in shown if row["marked"]] == [10]
    around = json.loads(get(server, "/api/show?transcript=cgtn-trump-putin-helsinki-summit&passage=5&context=1")[2])
    assert around == cli_json(
        served_index, commands.show, transcript="cgtn-trump-putin-helsinki-summit", passage=5, context=1
    )
    assert [row["passage"] for row in around] == [4, 5, 6]
    assert json.loads(get(server, "/api/speakers")[2]) == cli_json(served_index, commands.speakers)
    assert json.loads(get(server, "/api/stats")[2]) == cli_json(served_index, commands.stats)[0]
    trend = json.loads(get(server, "/api/trend?q=the&by=year")[2])
    assert trend == cli_json(served_index, commands.trend, queries=["the"], by="year") and trend


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/search?q=", 400),
        ("/api/search?q=Putin&limit=abc", 400),
        ("/api/search?q=Putin&limit=0", 400),
        ("/api/search?q=%22unclosed", 400),
        ("/api/show?transcript=no-such-transcript", 404),
        ("/api/show", 400),
        ("/api/show?transcript=harbour-clip&context=one", 400),
    ],
)
def test_bad_requests_are_one_clear_message(path, status, server):
    got, answer, body = get(server, path)
    assert got == status
    assert answer.getheader("Content-Type").startswith("application/json")
    assert json.loads(body)["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/..%2F..%2F..%2Fetc%2Fpasswd",
        "/media/%2Fetc%2Fpasswd",
        "/t/..%2F..%2Fetc%2Fpasswd",
        "/t/%2Fetc%2Fpasswd",
        "/static/..%2Fserver.py",
        "/static/../../pyproject.toml",
        "/media/cgtn-trump-putin-helsinki-summit",  # indexed, but no media beside it
        "/api/show?transcript=..%2F..%2Fetc%2Fpasswd",
        "/nothing-here",
    ],
)
def test_no_url_reaches_a_file_outside_what_was_indexed(path, server):
    status, _, body = get(server, path)
    assert status == 404
    assert b"root:" not in body and b"[project]" not in body


def test_media_beside_a_transcript_is_served_by_ranges(served_index, server):
    wav = next(
        Path(row["path"]).with_suffix(".wav")
        for row in cli_json(served_index, commands.show, transcript="harbour-clip")
    )
    data = wav.read_bytes()
    status, answer, body = get(server, "/media/harbour-clip")
    assert (status, body, answer.getheader("Accept-Ranges")) == (200, data, "bytes")
    assert answer.getheader("Content-Type") in ("audio/x-wav", "audio/wav")
    status, answer, body = get(server, "/media/harbour-clip", {"Range": "bytes=100-199"})
    assert (status, body, answer.getheader("Content-Range")) == (206, data[100:200], f"bytes 100-199/{len(data)}")
    status, answer, body = get(server, "/media/harbour-clip", {"Range": "bytes=-10"})
    assert (status, body) == (206, data[-10:])
    status, answer, body = get(server, "/media/harbour-clip", {"Range": f"bytes={len(data) - 5}-"})
    assert (status, body) == (206, data[-5:])
    status, answer, _ = get(server, "/media/harbour-clip", {"Range": f"bytes={len(data)}-"})
    assert (status, answer.getheader("Content-Range")) == (416, f"bytes */{len(data)}")
    status, answer, body = get(server, "/media/harbour-clip", method="HEAD")
    assert (status, body, answer.getheader("Content-Length")) == (200, b"", str(len(data)))


def test_transcript_text_is_escaped_on_every_page(server):
    for path in ("/search?q=tariffs", "/t/hostile-tags"):
        status, _, body = get(server, path)
        page = body.decode("utf-8")
        assert status == 200
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(&#x27;img&#x27;)&gt;" in page
        assert page.count("<script") == 1  # the page's own, from /static
    # The API gives the text as data, as JSON that no browser takes for a page.
    status, answer, body = get(server, "/api/search?q=tariffs")
    assert answer.getheader("Content-Type") == "application/json; charset=utf-8"
    assert answer.getheader("X-Content-Type-Options") == "nosniff"
    assert HOSTILE_TITLE in [hit["title"] for hit in json.loads(body)["hits"]]


def test_every_answer_keeps_the_page_to_its_own_scripts(server):
    for path in ("/", "/search?q=Putin", "/t/harbour-clip", "/api/stats", "/static/app.js", "/nothing-here"):
        _, answer, _ = get(server, path)
        policy = answer.getheader("Content-Security-Policy")
        assert "script-src 'self'" in policy and "default-src 'none'" in policy, path
        assert answer.getheader("X-Content-Type-Options") == "nosniff"


def test_nothing_writes(server):
    for method in ("POST", "PUT", "DELETE"):
        status, _, body = get(server, "/api/search?q=Putin", method=method)
        assert status == 405 and b"read-only" in body


def test_the_pages_answer_a_shared_url(server):
    status, _, body = get(server, "/search?q=Putin&speaker=trump")
    page = body.decode("utf-8")
    assert status == 200
    assert 'value="Putin"' in page and 'name="speaker" value="trump"' in page
    assert "2 passages in 1 transcript" in page or "passage" in page
    assert page.count('class="hit"') == json.loads(get(server, "/api/search?q=Putin&speaker=trump")[2])["total"]
    status, _, body = get(server, "/t/harbour-clip?at=3.5")
    page = body.decode("utf-8")
    assert 'data-at="3.5"' in page and 'src="/media/harbour-clip"' in page
    assert 'id="p-1" class="passage marked"' in page  # (the two cues are one passage)
    assert 'data-seek="3">00:03</a> Fishermen said the tariffs would hurt.' in page  # a line a cue, each timed


def test_a_media_url_in_the_metadata_plays_from_there_and_only_that_address_is_allowed(server):
    status, answer, body = get(server, "/t/podcast-episode")
    page = body.decode("utf-8")
    assert status == 200
    assert (
        '<audio id="player" controls preload="metadata" src="https://media.example.org/audio/episode-12.mp3">' in page
    )
    policy = answer.getheader("Content-Security-Policy")
    assert "media-src 'self' https://media.example.org;" in policy and "script-src 'self';" in policy
    # Every other page allows no other address.
    _, answer, _ = get(server, "/t/harbour-clip")
    assert "media-src 'self';" in answer.getheader("Content-Security-Policy")
    assert "example.org" not in get(server, "/search?q=lighthouses")[1].getheader("Content-Security-Policy")


def test_a_transcript_named_in_any_characters_opens_from_its_hit(server):
    hit = json.loads(get(server, "/api/search?q=phare")[2])["hits"][0]
    assert "%" in hit["transcript"] and " " in hit["transcript"]
    page = get(server, "/search?q=phare")[2].decode("utf-8")
    link = page.split('class="title" href="', 1)[1].split('"', 1)[0]
    status, _, body = get(server, link.replace("&amp;", "&"))
    assert status == 200 and "Le phare s&#x27;est allumé à l&#x27;aube." in body.decode("utf-8")


def test_off_loopback_every_request_needs_the_token(served_index):
    assert needs_token("0.0.0.0") and needs_token("192.168.1.5") and not needs_token("127.0.0.1")
    guarded = make_server(Archive(served_index), "127.0.0.1", 0, token="s3cret-token")
    serve_in_thread(guarded)
    try:
        for path in ("/", "/api/stats", "/media/harbour-clip", "/t/harbour-clip", "/static/app.js"):
            assert get(guarded, path)[0] == 401, path
        assert get(guarded, "/api/stats", {"Authorization": "Bearer wrong"})[0] == 401
        assert get(guarded, "/api/stats", {"Authorization": "Bearer s3cret-token"})[0] == 200
        status, answer, _ = get(guarded, "/search?q=Putin&token=s3cret-token")
        assert status == 303 and answer.getheader("Location") == "/search?q=Putin"  # the token leaves the URL
        cookie = answer.getheader("Set-Cookie").split(";")[0]
        assert "HttpOnly" in answer.getheader("Set-Cookie")
        assert get(guarded, "/media/harbour-clip", {"Cookie": cookie, "Range": "bytes=0-9"})[0] == 206
        assert get(guarded, "/search?q=Putin", {"Cookie": "soundbite_token=nope"})[0] == 401
    finally:
        guarded.shutdown()
        guarded.server_close()


def test_a_rebuild_while_requests_run_fails_none(tmp_path):
    folder = tmp_path / "transcripts"
    shutil.copytree(SEEDS, folder)
    index_dir = tmp_path / "index"
    index_paths(index_dir, [str(folder)])
    running = make_server(Archive(index_dir), "127.0.0.1", 0)
    serve_in_thread(running)
    answers: list[tuple[int, int]] = []
    done = threading.Event()

    def ask():
        while not done.is_set():
            status, _, body = get(running, "/api/search?q=Putin")
            answers.append((status, json.loads(body).get("total", -1)))

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for asker in askers:
        asker.start()
    try:
        for _ in range(2):
            index_paths(index_dir, [str(folder)], rebuild=True)
        (folder / "zebra.txt").write_text("ANCHOR: A zebra crossed the road.\n", encoding="utf-8")
        index_paths(index_dir, [str(folder)])
        while len(answers) < 30:  # (some answers after the last update, whatever the machine's pace)
            threading.Event().wait(0.01)
    finally:
        done.set()
        for asker in askers:
            asker.join()
        seen_zebra = json.loads(get(running, "/api/search?q=zebra")[2])["total"]
        running.shutdown()
        running.server_close()
    assert answers and all(status == 200 and total == 5 for status, total in answers)
    assert seen_zebra == 1  # the newest state, without a restart


def test_the_installed_command_serves_until_interrupted(served_index, tmp_path):
    """`soundbite serve` as a user runs it: the address on stderr once it listens, the page opened in the
    browser (`--open`: here a stand-in named by $BROWSER), answers, Ctrl-C stops it."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "soundbite"), "serve", "--index", str(served_index), "--port", "0"]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "indexer", *command[1:]]
    env = {**os.environ, "NO_COLOR": "1", "BROWSER": f"{sys.executable} {browser} %s"}
    child = subprocess.Popen([*command, "--open"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stderr.readline()  # (printed once the server listens: the readiness signal)
        assert line.startswith(f"soundbite: serving {served_index} at http://127.0.0.1:"), line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        for _ in range(3000):  # (the browser stand-in writes the address it was given, then exits)
            if opened.exists() and opened.read_text(encoding="utf-8"):
                break
            threading.Event().wait(0.01)
        assert opened.read_text(encoding="utf-8") == f"http://127.0.0.1:{port}/"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/api/stats")
        assert json.loads(connection.getresponse().read())["transcripts"] >= 3
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) == 0
        assert "stopped" in child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_the_chart_counts_the_hits_by_month_or_by_week_over_a_few_months(server):
    from indexer.web.pages import _by_week, _months

    assert _months("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    weeks = _by_week([("2024-05-01", 2), ("2024-05-15", 1), ("2024-05", 9)])
    assert weeks == [("2024-04-29", 2), ("2024-05-06", 0), ("2024-05-13", 1)]  # (a month alone has no week)
    page = get(server, "/search?q=tariffs")[2].decode("utf-8")
    chart = page[page.index('<section class="trend">') :]
    points = chart[chart.index('points="') + 8 :].split('"', 1)[0].split()
    assert "<h2>by month</h2>" in chart and len(points) == 12  # 2023-06 to 2024-05, the months between too
    assert "<span>2023-06</span>" in chart and "<span>2024-05</span>" in chart
    page = get(server, "/search?q=tariffs&since=2024-01")[2].decode("utf-8")
    chart = page[page.index('<section class="trend">') :]
    points = chart[chart.index('points="') + 8 :].split('"', 1)[0].split()
    assert "<h2>by week</h2>" in chart and len(points) == 7  # the weeks of 2024-03-18 to 2024-04-29
    assert "<span>2024-03-18</span>" in chart and "<span>2024-04-29</span>" in chart


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def test_workers_share_the_address_and_stop_together(served_index):
    """`--workers 2`: two processes answer on one address, each from its own searchers; a SIGTERM to the
    command ends them all."""
    command = [sys.executable, "-m", "indexer", "serve", "--index", str(served_index), "--port", "0", "--workers", "2"]
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
    try:
        line = child.stderr.readline()  # (printed once the socket listens, before the workers start)
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        answers = []

        def ask():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/api/search?q=Putin")
            answer = connection.getresponse()
            answers.append((answer.status, json.loads(answer.read())["total"]))

        askers = [threading.Thread(target=ask) for _ in range(8)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        assert answers == [(200, 5)] * 8
        workers = children_of(child.pid)
        assert len(workers) == 2
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=60) == 0
        assert "stopped" in child.stderr.read()
        assert all(not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text() for pid in workers)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
