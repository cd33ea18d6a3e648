"""What a person at a terminal sees (issue 33), on a pseudo-terminal of a fixed size read back through a
terminal emulator: text wrapped at word boundaries with its indent, a progress bar that fits a narrow
terminal with the run's notes printed above it, long output paged; and on a pipe, none of it."""

from __future__ import annotations

import io
import itertools
import re
import shutil

import pytest
from conftest import SEEDS, run_in_terminal, run_soundbite, terminal_screen

from indexer.cli.environment import Environment
from indexer.cli.render.speakers import write_speakers
from indexer.cli.render.stats import write_stats
from indexer.model import IndexStats, SpeakerCount

pytest.importorskip("pyte")


def words(text: str) -> list[str]:
    return text.split()


def test_hits_wrap_at_word_boundaries_keeping_their_indent(seed_index):
    shown = terminal_screen(run_in_terminal("search", "putin", "--index", seed_index, columns=60), 60)
    piped = run_soundbite("search", "putin", "--index", seed_index).stdout
    # Only the spacing differs from what a pipe gets: no word was cut (`their pro` / `jections`).
    timing = r"\(\d+ ms\)"
    assert words(re.sub(timing, "", " ".join(shown))) == words(re.sub(timing, "", piped))
    assert max(len(row) for row in shown) <= 60
    text_rows = [row for row in shown if row.startswith("    ")]
    assert len(text_rows) > len([line for line in piped.splitlines() if line.startswith("    ")])  # it wrapped
    # Every row of a passage's text is indented as its first: none starts at the edge.
    for before, row in itertools.pairwise(shown):
        if before.startswith("    ") and row and not row.startswith("cgtn-") and not re.match(r"\d+ hits", row):
            assert row.startswith("    "), (before, row)
    # On a pipe a passage's fragment is one line, whatever the width.
    assert max(len(line) for line in piped.splitlines()) > 60


def test_the_speakers_and_stats_tables_wrap_their_last_column_at_words_under_itself():
    out = io.StringIO()
    env = Environment(out, io.StringIO(), stdout_isatty=True, columns=60)
    forms = ["MS. JEAN-PIERRE", "Ms. Jean-Pierre", "KARINE JEAN-PIERRE", "Press Secretary Jean-Pierre"]
    write_speakers([SpeakerCount("Karine Jean-Pierre", 120, 14, forms), SpeakerCount("Q", 9, 3, [])], env, False)
    lines = out.getvalue().splitlines()
    assert lines[0] == "speaker             passages  transcripts  also written"
    column = lines[0].index("also written")
    assert lines[1].startswith("Karine Jean-Pierre       120           14  MS. JEAN-PIERRE,")
    assert all(len(line) <= 60 for line in lines)
    continued = [line for line in lines[2:] if line.startswith(" ")]
    assert continued and all(line[:column].isspace() and not line[column].isspace() for line in continued)
    assert words(" ".join(lines[1:-1]))[4:] == words(", ".join(forms))
    assert lines[-1] == "Q                          9            3"
    # Narrower, the column leaves too little room: its lines go on after a short indent, never at the edge.
    out = io.StringIO()
    write_speakers(
        [SpeakerCount("Karine Jean-Pierre", 120, 14, forms)], Environment(out, io.StringIO(), True, columns=50), False
    )
    assert out.getvalue().splitlines() == [
        "speaker             passages  transcripts",
        "    also written",
        "Karine Jean-Pierre       120           14",
        "    MS. JEAN-PIERRE, Ms. Jean-Pierre, KARINE",
        "    JEAN-PIERRE, Press Secretary Jean-Pierre",
    ]

    out = io.StringIO()
    stats = IndexStats(
        index="/srv/news/index",
        generation="gen-1",
        transcripts=3,
        files=3,
        passages=40,
        speakers=5,
        formats={"vtt": 2, "srt": 1},
        languages={code: {"transcripts": 1, "passages": 13} for code in ("en", "fr", "de")},
        roots=["/srv/news/transcripts/the-archive-of-the-evening-bulletins-since-1998"],
        excludes=["drafts/", "*.md"],
        ignore_files=True,
        size_bytes=2**20,
        updated="2026-12-07 10:00:00",
        schema_version=1,
    )
    write_stats(stats, Environment(out, io.StringIO(), stdout_isatty=True, columns=60), False)
    lines = out.getvalue().splitlines()
    at = lines.index("languages    en 1 (13 passages), fr 1 (13 passages), de 1")
    assert lines[at + 1] == "             (13 passages)"
    assert "roots        /srv/news/transcripts/the-archive-of-the-evening-bulletins-since-1998" in lines


def test_the_progress_bar_fits_60_columns_and_notes_go_above_it_leaving_no_frozen_bar(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    for n in range(150):
        (folder / f"report-{n}.txt").write_text(
            (SEEDS / "cgtn-trump-putin-helsinki-summit.txt").read_text() + f"\n{n}\n"
        )
    for n in range(3):
        (folder / f"memo-{n}.txt").write_bytes(b"\x00 not text")
    written = run_in_terminal("index", folder, "--index", tmp_path / "ix", columns=60)
    # Each frame of the bar, as drawn (a frame ends where the line is cleared or ended): it fits whole.
    frames = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", frame) for frame in re.split(r"\r\x1b\[2K|\r\n|\x1b\[1A", written)]
    bars = [frame for frame in frames if "files" in frame]
    assert bars and all(len(frame) <= 60 and "…" not in frame for frame in bars), bars
    shown = terminal_screen(written, 60)
    text = "\n".join(shown)
    for n in range(3):  # each note whole, on lines of its own (wrapped by the terminal at 60 columns)
        assert f"soundbite: skipped {folder / f'memo-{n}.txt'}: binary file (contains NUL bytes" in text.replace(
            "\n", ""
        )
    assert "━" not in text and "files ·" not in text  # the bar left nothing behind
    assert "Indexed 150 transcripts: 150 added, 0 updated, 0 removed, 0 unchanged, 3 skipped;" in " ".join(shown)


@pytest.fixture
def pager_log(tmp_path):
    return tmp_path / "paged.txt"


def test_show_pages_long_output_on_a_terminal_only(seed_index, pager_log, tmp_path):
    pager = {"PAGER": f"cat > {pager_log}"}
    transcript = "cgtn-trump-putin-helsinki-summit"
    # Longer than a 10-row screen: through the pager (which gets the colours), nothing on the terminal.
    written = run_in_terminal("show", transcript, "--index", seed_index, rows=10, env=pager)
    assert terminal_screen(written, 80) == []
    paged = pager_log.read_text(encoding="utf-8")
    assert "\x1b[" in paged and re.sub(r"\x1b\[[0-9;]*m", "", paged).startswith(transcript)
    plain = run_soundbite("show", transcript, "--index", seed_index, env=pager)
    assert re.sub(r"\x1b\[[0-9;]*m", "", paged).split() == plain.stdout.split()
    pager_log.unlink()
    # A pipe, --no-pager, or output that fits the screen: no pager.
    assert plain.returncode == 0 and not pager_log.exists()
    written = run_in_terminal("show", transcript, "--index", seed_index, "--no-pager", rows=10, env=pager)
    assert terminal_screen(written, 80)[0].startswith(transcript) and not pager_log.exists()
    written = run_in_terminal("show", transcript, "--index", seed_index, rows=500, env=pager)
    assert terminal_screen(written, 80)[0].startswith(transcript) and not pager_log.exists()
    # SOUNDBITE_PAGER is taken before PAGER; a pager that is not there is a note, and the text is shown.
    written = run_in_terminal(
        "show", transcript, "--index", seed_index, rows=10, env={"SOUNDBITE_PAGER": "no-such-pager-here"}
    )
    shown = terminal_screen(written, 80)
    assert "soundbite: note: the pager 'no-such-pager-here' was not found" in shown
    assert any(row.startswith(transcript) for row in shown)
    assert shutil.which("sh")
