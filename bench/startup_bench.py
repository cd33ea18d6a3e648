"""What a terminal search spends before it searches: the imports, module by module, as `-X importtime` says.

    python bench/startup_bench.py                    # the seeds, 15 runs
    python bench/startup_bench.py --index IX --query press --runs 21
    python bench/startup_bench.py --index IX --query press --tantivy TANTIVY_DIR

Every `soundbite search` is a fresh process (issue 31: imports at most 40 ms).
This runs, as whole processes of this checkout's code with compiled bytecode
(as an install has it): the bare interpreter (`python -c pass`), the imports of
a plain search alone, and the whole search to a pipe; medians of `--runs`.
Then one `-X importtime` run per round gives each module's own import time:
their medians, summed by package and listed module by module, largest first
(`-X importtime` adds its own cost: read the shares, the totals are a little
high). `--tantivy DIR` adds Tantivy's whole-process search of the same passages
(`tantivy_reference.py build` makes DIR from `index_bench.py`'s passage dump)
and soundbite's ratio to it, the figure issue 31 sets at most 2.5x. Writes
bench/results/startup.json and docs/benchmarks/startup.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from procstat import save_results  # noqa: E402

# What a plain text search imports before it opens the index (`indexer.cli.commands.search` and what it calls).
SEARCH_IMPORTS = (
    "import indexer.cli.entry, indexer.cli.commands, indexer.engine.querying.search, "
    "indexer.cli.render.hits, indexer.engine.adapter.postings"
)
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def environment() -> dict:
    """This checkout's code first on the path, bytecode as an install has it, no user settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOUNDBITE_INDEX", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")}
    return {**env, "PYTHONPATH": str(ROOT)}


def wall(command: list[str], env: dict) -> float:
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True)
    if done.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed:\n{done.stderr.decode(errors='replace')[-800:]}")
    return time.perf_counter() - began


def own_times(command: list[str], env: dict) -> dict[str, float]:
    """Each module's own import time in ms, from one `-X importtime` run of `command`."""
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=env, capture_output=True, text=True)
    found = {}
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            found[match.group(4)] = int(match.group(1)) / 1000
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", help="an index to search (default: the seeds, indexed into the work folder)")
    parser.add_argument("--workdir", default=os.environ.get("SOUNDBITE_BENCH_DIR", "/tmp/soundbite-bench"))
    parser.add_argument("--query", default="Putin")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--tantivy", help="a Tantivy index of the same passages (tantivy_reference.py build)")
    args = parser.parse_args()
    env = environment()
    python = sys.executable
    os.chdir(ROOT.parent)  # (no `indexer` folder in the working folder: the code on PYTHONPATH is the one run)
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "indexer")], env=env, check=True)
    if args.index is None:
        args.index = str(Path(args.workdir) / "seeds-index")
        seeds = [python, "-P", "-m", "indexer", "index", str(ROOT / "seeds"), "--index", args.index, "-q"]
        subprocess.run(seeds, env=env, check=True)
    search = [python, "-P", "-m", "indexer", "search", args.query, "--index", args.index]
    commands = {
        "interpreter (python -c pass)": [python, "-P", "-c", "pass"],
        "imports of a plain search": [python, "-P", "-c", SEARCH_IMPORTS],
        f"search {args.query!r} to a pipe": search,
    }
    if args.tantivy:
        reference = [python, str(HERE / "tantivy_reference.py"), "search", args.tantivy, args.query]
        commands[f"Tantivy (Python) search {args.query!r} to a pipe"] = reference
    times: dict[str, list[float]] = defaultdict(list)
    modules: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(wall(command, env) * 1000)
        for module, ms in own_times(search, env).items():
            modules[module].append(ms)
    medians = {name: statistics.median(values) for name, values in times.items()}
    interpreter = medians["interpreter (python -c pass)"]
    own = {module: statistics.median(values) for module, values in modules.items()}
    packages: dict[str, float] = defaultdict(float)
    for module, ms in own.items():
        top = module.split(".")[0]
        packages[top if top in ("indexer", "whoosh") else "standard library and others"] += ms
    lines = [
        f"Whole processes of this checkout's code, medians of {args.runs} runs; `{args.index}`.",
        "",
        "| what | median | less the interpreter |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {ms:.1f} ms | {ms - interpreter:.1f} ms |" for name, ms in medians.items()),
        "",
        f"Target (issue 31): the imports of a search at most 40 ms: "
        f"{medians['imports of a plain search'] - interpreter:.1f} ms.",
        *(
            [
                f"Target (issue 31): the whole search at most 2.5x Tantivy's: "
                f"{medians[f'search {args.query!r} to a pipe'] / medians[name]:.2f}x."
                for name in medians
                if name.startswith("Tantivy")
            ]
        ),
        "",
        f"Own import time by package (`-X importtime`, medians; {len(own)} modules, "
        f"{sum(own.values()):.1f} ms in all, its own cost included):",
        "",
        "| package | ms |",
        "| --- | ---: |",
        *(f"| {name} | {ms:.1f} |" for name, ms in sorted(packages.items(), key=lambda item: -item[1])),
        "",
        "The 25 modules that take longest to import themselves:",
        "",
        "| module | ms |",
        "| --- | ---: |",
        *(f"| `{module}` | {ms:.2f} |" for module, ms in sorted(own.items(), key=lambda item: -item[1])[:25]),
    ]
    save_results("startup", "\n".join(lines), {"medians_ms": medians, "packages_ms": dict(packages), "modules_ms": own})


if __name__ == "__main__":
    main()
