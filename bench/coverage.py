"""Line coverage of the whole suite, the processes it starts included: the quick search path, the index workers,
`index --watch` and every `soundbite` run as a command, which run only in processes of their own.

    python bench/coverage.py                 # the whole suite; a table of the least covered modules
    python bench/coverage.py -- -m "not slow" tests/test_watch.py

How: coverage.py measures every Python process the suite starts when
COVERAGE_PROCESS_START names its settings and each interpreter calls
`coverage.process_startup()` at start-up. This script writes a `.pth` file that
does so into the environment's site-packages for the length of the run (and
removes it after), the settings into a temporary folder (`parallel`: one data
file a process), runs pytest under coverage, combines the files and prints the
report. Processes that leave with `os._exit` (a search, a worker) save what was
measured first (`indexer.exits.leave`). Forked search workers
(`split_search`) are not counted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pytest_args", nargs="*", help="after --: what pytest runs (default: the whole suite)")
    parser.add_argument("--show", type=int, default=25, help="modules to list, least covered first")
    args = parser.parse_args()
    try:
        import coverage  # noqa: F401
    except ImportError:
        print("coverage is not installed: pip install -e '.[test]'", file=sys.stderr)
        return 2
    site = Path(sysconfig.get_paths()["purelib"])
    hook = site / "soundbite-coverage-subprocesses.pth"
    with tempfile.TemporaryDirectory() as work:
        settings = Path(work) / "coveragerc"
        settings.write_text(
            "[run]\n"
            f"source = {ROOT / 'indexer'}\n"
            "parallel = true\n"
            f"data_file = {Path(work) / '.coverage'}\n"
            "[report]\nskip_covered = false\n"
        )
        env = {**os.environ, "COVERAGE_PROCESS_START": str(settings)}
        hook.write_text("import coverage; coverage.process_startup()\n")
        try:
            run = [
                sys.executable,
                "-m",
                "coverage",
                "run",
                f"--rcfile={settings}",
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
            ]
            suite = subprocess.run([*run, *args.pytest_args], cwd=ROOT, env=env)
        finally:
            hook.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "coverage", "combine", f"--rcfile={settings}", "-q"], cwd=ROOT, env=env)
        report = subprocess.run(
            [sys.executable, "-m", "coverage", "report", f"--rcfile={settings}", "--sort=cover"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    lines = report.stdout.splitlines()
    print("\n".join(lines[:2] + lines[2 : 2 + args.show] + lines[-2:]))
    return suite.returncode


if __name__ == "__main__":
    sys.exit(main())
