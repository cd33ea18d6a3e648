"""Every `--help` example runs on the bundled `seeds/` demo (issue 33).

Examples used to name a transcript called `debate` that no user's index has.
Here each example of each command is run as a user would paste it (a shell,
the installed `soundbite`, in a folder holding a copy of `seeds/`), in the
order the commands are listed, `index seeds/` first. The demo's transcript has
no date, so the `trend` examples first say how to give one and exit 1; given
one as that message says (a sidecar), they draw their timelines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import SEEDS, as_a_shell_starts_it, soundbite_command, soundbite_environment

# Examples that run until Ctrl-C or need a search cluster: their commands are tested elsewhere
# (test_watch, test_serve, test_push).
NOT_RUN_HERE = ("--watch", "soundbite serve", "soundbite push")
EXIT_1 = {"soundbite stats --notes": "the demo's one file left no notes"}
UNDATED_MESSAGE = "soundbite: no transcript in the index at {} has a date"


def examples() -> list[str]:
    from typer.main import get_command

    from indexer.cli.app import app

    found = []
    for command in get_command(app).commands.values():
        for line in re.findall(r"^\s*\$ (.*)$", command.epilog or "", re.MULTILINE):
            found.append(re.sub(r"\s+#.*$", "", line).strip())
    return found


def shell(example: str, folder: Path) -> subprocess.CompletedProcess:
    env = soundbite_environment()
    env["PATH"] = f"{Path(soundbite_command()).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        ["sh", "-c", example],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=as_a_shell_starts_it,
    )


def test_every_help_example_runs_on_the_seeds_demo(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    every = examples()
    assert every[0] == "soundbite index seeds/" and len(every) >= 25
    assert not [example for example in every if "debate" in example]
    skipped = [example for example in every if any(part in example for part in NOT_RUN_HERE)]
    assert len(skipped) == 6, skipped  # (a new example is run here unless it is one of these kinds)
    trends = [example for example in every if example.startswith("soundbite trend")]
    assert len(trends) == 3
    for example in every:
        if example in skipped:
            continue
        done = shell(example, tmp_path)
        if example in trends:
            assert done.returncode == 1 and done.stdout == "", example
            assert done.stderr.startswith(UNDATED_MESSAGE.format(tmp_path / "index")), done.stderr
            continue
        assert (example, done.returncode) == (example, 1 if example in EXIT_1 else 0), done.stderr
        assert "error" not in done.stderr, done.stderr

    # Given a date as the message says, the timelines are drawn.
    sidecar = tmp_path / "seeds" / "cgtn-trump-putin-helsinki-summit.json"
    sidecar.write_text(json.dumps({"date": "2018-07-15"}), encoding="utf-8")
    assert shell("soundbite index -q", tmp_path).returncode == 0
    for example in trends:
        done = shell(example, tmp_path)
        assert (example, done.returncode, done.stderr) == (example, 0, "")
    rows = (tmp_path / "putin.csv").read_text(encoding="utf-8").split("\n")
    assert rows[0] == "period,start,series,passages,total,value"  # (its lines once ended in a `\u000d`)
    assert [row for row in rows if ",putin,0," not in row][1:] == ["2018-07-15,2018-07-15,putin,5,,5.0", ""]
    assert shell("soundbite trend putin kgb --by month", tmp_path).stdout.split() == [
        "month",
        "putin",
        "kgb",
        "2018-07",
        "5",
        "1",
    ]
