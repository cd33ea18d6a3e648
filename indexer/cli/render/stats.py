"""`soundbite stats`: what the index holds, as aligned lines or one JSON object; `--notes`, the files' notes."""

from __future__ import annotations

import json
from dataclasses import asdict

from indexer.cli.environment import Environment
from indexer.model import IndexStats


def write_stats(found: IndexStats, env: Environment, as_json: bool) -> None:
    stats = asdict(found)
    if as_json:
        env.stdout.write(json.dumps(stats, ensure_ascii=False) + "\n")
        return
    formats = ", ".join(f"{name} {count:,}" for name, count in stats["formats"].items()) or "-"
    languages = (
        ", ".join(
            f"{code} {entry['transcripts']:,} ({entry['passages']:,} passages)"
            for code, entry in stats["languages"].items()
        )
        or "-"
    )
    rows = [
        ("index", stats["index"]),
        ("transcripts", f"{stats['transcripts']:,}"),
        ("files", f"{stats['files']:,}"),
        ("passages", f"{stats['passages']:,}"),
        ("speakers", f"{stats['speakers']:,}"),
        ("formats", formats),
        ("languages", languages),
        ("roots", "\n             ".join(stats["roots"]) or "-"),
        ("excludes", "\n             ".join(stats["excludes"]) or "-"),
        ("ignore", ".soundbiteignore files, README, LICENSE ..." if stats["ignore_files"] else "off (--no-ignore)"),
        ("size", f"{stats['size_bytes'] / 2**20:,.1f} MiB"),
        ("updated", stats["updated"] or "never"),
    ]
    for key, value in rows:
        env.stdout.write(f"{key:<12} {value}\n")


def write_notes(found: list[tuple[str, str]], env: Environment, as_json: bool) -> None:
    """`stats --notes`: a `path: note` line each, or JSON Lines of {"path", "note"}."""
    for path, note in found:
        if as_json:
            env.stdout.write(json.dumps({"path": path, "note": note}, ensure_ascii=False) + "\n")
        else:
            env.stdout.write(f"{path}: {note}\n")
