"""Transcript metadata from key-value data: YAML front matter and sidecar JSON files.

A Markdown transcript's front matter and a `talk.json` beside `talk.said` name
the same facts with the same keys (title, date, media URL, duration, place,
speakers and their roles), so one reader serves the formats and the source
stage alike.
"""

from __future__ import annotations

from indexer.model import Parsed, TranscriptMeta
from indexer.transcripts.names import fold


def meta_from(data: dict) -> tuple[TranscriptMeta, list[str]]:
    """Transcript metadata from front matter or a sidecar file's keys."""
    meta = TranscriptMeta()
    fact = data.get("fact") if isinstance(data.get("fact"), dict) else {}
    meta.title = " ".join(str(data.get("title") or fact.get("title") or "").split())
    date = data.get("date") or data.get("published_time") or fact.get("primaryDate") or ""
    meta.date = str(date)[:10]
    for key in ("media", "media_url", "url", "source_url", "youtube", "video"):
        if isinstance(data.get(key), str) and data[key].startswith("http"):
            meta.url = data[key]
            break
    if not meta.url and isinstance(data.get("youtubeId"), str):
        meta.url = f"https://www.youtube.com/watch?v={data['youtubeId']}"
    duration = data.get("durationSeconds") or data.get("duration")
    if isinstance(duration, (int, float)) and duration > 0:
        meta.duration = float(duration)
    location = data.get("location")
    if isinstance(location, dict):
        meta.place = ", ".join(str(v) for v in (location.get("placename"), location.get("cityState")) if v)
    speakers = []
    for item in data.get("speakers") or []:
        if isinstance(item, str):
            speakers.append(item)
        elif isinstance(item, dict):
            speakers.append(str(item.get("fullName") or item.get("name") or ""))
    return meta, [s for s in speakers if s]


def speaker_roles(data: dict) -> dict[str, str]:
    """Each listed speaker's role, keyed by the folded name (`speakers: [{name, role}]`)."""
    roles = {}
    for item in data.get("speakers") or []:
        if isinstance(item, dict) and item.get("role"):
            name = item.get("fullName") or item.get("name") or ""
            roles[fold(str(name))] = str(item["role"])
    return roles


def merge_sidecar(parsed: Parsed, data: dict) -> None:
    """Fill what the transcript itself left empty: metadata, and the roles of the speakers it names."""
    found, _speakers = meta_from(data)
    for key, value in vars(found).items():
        if value and not getattr(parsed.meta, key):
            setattr(parsed.meta, key, value)
    roles = speaker_roles(data)
    for turn in parsed.turns:
        if not turn.role and fold(turn.speaker) in roles:
            turn.role = roles[fold(turn.speaker)]
