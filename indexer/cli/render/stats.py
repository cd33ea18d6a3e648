"""`soundbite stats`: what the index holds, as aligned lines or one JSON object; `--notes`, the files' notes;
`--skipped`, the files it could not use."""

from __future__ import annotations

import json
from dataclasses import asdict

from indexer.cli.environment import Environment
from indexer.cli.render import plural, write_lines
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
        ("roots", stats["roots"][0] if stats["roots"] else "-"),
        *(("", root) for root in stats["roots"][1:]),
        ("excludes", stats["excludes"][0] if stats["excludes"] else "-"),
        *(("", pattern) for pattern in stats["excludes"][1:]),
        ("ignore", ".soundbiteignore files, README, LICENSE ..." if stats["ignore_files"] else "off (--no-ignore)"),
        ("skipped", plural(stats["skipped"], "file") + (" (soundbite stats --skipped)" if stats["skipped"] else "")),
        ("size", f"{stats['size_bytes'] / 2**20:,.1f} MiB"),
        ("updated", stats["updated"] or "never"),
    ]
    # On a terminal, a long value (the languages, a folder's path) wraps at its words under the values.
    write_lines([[(f"{key:<12} {value}", None)] for key, value in rows], env.stdout, False, env.columns, hanging=13)


def write_notes(found: list[tuple[str, str]], env: Environment, as_json: bool) -> None:
    """`stats --notes`: a `path: note` line each, or JSON Lines of {"path", "note"}."""
    for path, note in found:
        if as_json:
            env.stdout.write(json.dumps({"path": path, "note": note}, ensure_ascii=False) + "\n")
        else:
            env.stdout.write(f"{path}: {note}\n")


def write_skipped(found: list[tuple[str, str, str]], env: Environment, as_json: bool) -> None:
    """`stats --skipped`: a `path: reason (since …)` line each, or JSON Lines of {"path", "reason", "since"}."""
    for path, reason, since in found:
        if as_json:
            env.stdout.write(json.dumps({"path": path, "reason": reason, "since": since}, ensure_ascii=False) + "\n")
        else:
            env.stdout.write(f"{path}: {reason} (since {since})\n")
