"""One way to replace a file whole: the manifest, the push record, the `current` link and `export -o`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from indexer import atomic


def gone_pid() -> int:
    """The id of a process that has ended (a child, waited for)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_the_owner_of_a_temporary_file_is_read_from_its_name():
    assert atomic.owner(".soundbite.json.4242.k3j_x9.part") == 4242
    assert atomic.owner(".current.77.link.part") == 77
    assert atomic.owner("files.json.4242.tmp") == 4242  # as earlier versions named them
    for other in ("notes.part", ".a.part", "files.json", "x.tmp", ".a.b.c.part", "MAIN_x.seg"):
        assert atomic.owner(other) is None, other


def test_leftovers_of_processes_that_are_gone_are_removed_and_a_live_ones_kept(tmp_path):
    dead, alive = gone_pid(), os.getpid()
    names = [f".out.csv.{dead}.abc.part", f".out.csv.{alive}.def.part", f"files.json.{dead}.tmp", "keep.txt"]
    for name in names:
        (tmp_path / name).write_text("x")
    atomic.remove_leftovers(tmp_path, "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
    atomic.remove_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([names[1], "keep.txt"])


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "data.json"
    target.write_text("old")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), atomic.replaced(target) as out:
        out.write("half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["data.json"]
    with atomic.replaced(target) as out:
        out.write("new")
    assert target.read_text() == "new" and oct(target.stat().st_mode & 0o777) == "0o640"


def test_a_link_is_replaced_in_one_step(tmp_path):
    (tmp_path / "gen-1").mkdir()
    (tmp_path / "gen-2").mkdir()
    atomic.replace_link(tmp_path / "current", "gen-1")
    atomic.replace_link(tmp_path / "current", "gen-2")
    assert os.readlink(tmp_path / "current") == "gen-2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "gen-1", "gen-2"]
