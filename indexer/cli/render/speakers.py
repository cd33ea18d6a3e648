"""`soundbite speakers`: every speaker with passage and transcript counts, as a table or JSON Lines."""

from __future__ import annotations

import json

from indexer.cli.environment import Environment
from indexer.cli.render import write_lines
from indexer.model import SpeakerCount


def write_speakers(found: list[SpeakerCount], env: Environment, as_json: bool) -> None:
    """A line a person; where a people file gave any name, a `from` column says which it gave."""
    if as_json:
        for s in found:
            row = {
                "speaker": s.speaker,
                "passages": s.passages,
                "transcripts": s.transcripts,
                "aliases": s.aliases,
                "from": s.origin,
                "merged": s.merged,
            }
            env.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not found:  # (nothing found prints nothing, as grep: the status says it)
        return
    width = max([7, *(len(s.speaker) for s in found)])
    aliases = any(s.aliases for s in found)
    origins = any(s.origin != "transcripts" for s in found)
    source = max([4, *(len(s.origin) for s in found)]) if origins else 0
    origin_head = f"  {'from':<{source}}" if origins else ""
    head = f"{'speaker':<{width}}  passages  transcripts{origin_head}" + ("  also written" if aliases else "")
    lines = [[(head, None)]]
    for s in found:
        origin = f"  {s.origin:<{source}}" if origins else ""
        also = ("  " + ", ".join(s.aliases)) if s.aliases else ""
        lines.append([(f"{s.speaker:<{width}}  {s.passages:>8,}  {s.transcripts:>11,}{origin}{also}".rstrip(), None)])
    # On a terminal, a long list of forms wraps at its words under "also written".
    write_lines(lines, env.stdout, False, env.columns, hanging=width + 25 + len(origin_head))
