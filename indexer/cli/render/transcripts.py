"""`soundbite list`: the transcripts an index holds, two lines each, or JSON Lines."""

from __future__ import annotations

import json
from dataclasses import asdict

from indexer.cli.environment import Environment
from indexer.cli.render import format_time, plural, write_lines
from indexer.model import TranscriptSummary

SPEAKERS_SHOWN = 3  # on a line; `--json` gives them all


def write_transcripts(found: list[TranscriptSummary], env: Environment, as_json: bool) -> None:
    """Each transcript's id (what `show` and `-t` take), then what it is: date, length, passages,
    speakers, title."""
    if as_json:
        for summary in found:
            env.stdout.write(json.dumps(asdict(summary), ensure_ascii=False) + "\n")
        return
    for s in found:
        speakers = ", ".join(s.speakers[:SPEAKERS_SHOWN])
        if len(s.speakers) > SPEAKERS_SHOWN:
            speakers += f" and {len(s.speakers) - SPEAKERS_SHOWN} more"
        facts = [
            s.date,
            format_time(s.duration) if s.duration else "",
            plural(s.passages, "passage"),
            speakers,
            s.title,
        ]
        lines = [[(s.id, None)], [("    " + " · ".join(fact for fact in facts if fact), None)]]
        write_lines(lines, env.stdout, False, env.columns)
