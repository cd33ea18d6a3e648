"""Transcript metadata from key-value data: YAML front matter and sidecar JSON files.

A Markdown transcript's front matter and a `talk.json` beside `talk.said` name
the same facts with the same keys (title, date, media URL, duration, place,
speakers and their roles), so one reader serves the formats and the source
stage alike.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.model import Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import MAX_SECONDS
from indexer.transcripts.language import code_of
from indexer.transcripts.names import fold

# YAML front matter: `---` lines around it at the very start of a file (Jekyll's, Hugo's, Pandoc's).
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def front_matter(text: str) -> tuple[dict, str]:
    """(the front matter's keys, the text after it); ({}, text) without one or when it is not YAML."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = _load_yaml(match.group("yaml"))
    except Exception:  # malformed front matter is prose, not an error; so is one with aliases
        return {}, text
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def _load_yaml(source: str):
    """YAML's safe subset without anchors and aliases: front matter never needs them, and 700 bytes
    of aliases referring to aliases grow into gigabytes once anything walks them (a "billion laughs")."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("aliases are not read in front matter")
            return super().compose_node(parent, index)

    return yaml.load(source, Loader=NoAliases)  # a SafeLoader, aliases refused


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
    if isinstance(duration, (int, float)) and not isinstance(duration, bool) and 0 < duration <= MAX_SECONDS:
        meta.duration = float(duration)  # (1e308, Infinity and NaN are no recording's length)
    location = data.get("location")
    if isinstance(location, dict):
        meta.place = ", ".join(str(v) for v in (location.get("placename"), location.get("cityState")) if v)
    speakers = []
    listed = data.get("speakers") or []
    for item in listed.values() if isinstance(listed, dict) else listed:
        if isinstance(item, str):
            speakers.append(item)
        elif isinstance(item, dict):
            speakers.append(str(item.get("fullName") or item.get("name") or ""))
    meta.people = [s for s in speakers if s]
    for key in ("language", "lang", "languageCode", "language_code", "locale"):
        if isinstance(data.get(key), str) and code_of(data[key]):
            meta.language = code_of(data[key])
            break
    return meta, list(meta.people)


def speaker_roles(data: dict) -> dict[str, str]:
    """Each listed speaker's role, keyed by the folded name (`speakers: [{name, role}]`)."""
    roles = {}
    listed = data.get("speakers") or []
    for item in listed.values() if isinstance(listed, dict) else listed:
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
    _, listed = meta_from(data)
    if isinstance(data.get("speakers"), dict):
        name_voices(parsed.turns, data["speakers"])
    roles = speaker_roles(data)
    askers = frozenset(name for name, role in roles.items() if _ASKS.search(role))
    parsed.turns[:] = split_at_listed_speakers(parsed.turns, listed, askers)
    for turn in parsed.turns:
        if not turn.role and fold(turn.speaker) in roles:
            turn.role = roles[fold(turn.speaker)]


# The roles of those who ask the questions in a debate or interview.
_ASKS = re.compile(r"(?i)moderator|host|anchor|interviewer|panelist|questioner")


def name_voices(turns: list[Turn], voices: dict) -> None:
    """A speech service's voices named by a sidecar: `{"speakers": {"spk_0": {"name": "Jen Psaki",
    "role": "Press Secretary"}}}` (or `{"spk_0": "Jen Psaki"}`). The service's label stays as the
    speaker's label; the name is what `show`, `speakers` and `--speaker` use."""
    for turn in turns:
        entry = next((voices[key] for key in (turn.label, turn.speaker) if key and key in voices), None)
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            continue
        name = " ".join(str(entry.get("name") or entry.get("fullName") or "").split())
        if name:
            turn.label = turn.label or turn.speaker
            turn.speaker = name
        if entry.get("role") and not turn.role:
            turn.role = " ".join(str(entry["role"]).split())


def split_at_listed_speakers(turns: list[Turn], names: list[str], askers: frozenset[str] = frozenset()) -> list[Turn]:
    """Turns cut where a listed speaker's label (`Audience questioner: `) follows a sentence.

    A parser cannot tell `Audience questioner:` or `Announcer offscreen:` (a
    lower-case word, or a label used once) from prose; the sidecar or front
    matter that lists them can. The label's words are the speaker, not text.
    A moderator's question inside another speaker's turn (`askers`, folded
    names: `… wrong for America. Jim Lehrer: New question, Mr. President. Do
    you believe …? North Korea, first, I do.`) runs to its question mark; the
    answer after it is the turn's own speaker's again.
    """
    names = [n for n in names if n.strip()]
    if not names or not turns:
        return turns
    label = re.compile(
        r"(?:^|(?<=[.!?…\"”')\]\-–—])\s)(?P<name>"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r"):\s+",
        re.IGNORECASE,
    )
    spelled = {fold(n): n for n in names}
    result: list[Turn] = []
    for turn in turns:
        cuts = list(label.finditer(turn.text))
        if not cuts:
            result.append(turn)
            continue
        head = turn.text[: cuts[0].start()].strip()
        if head:
            result.append(replace(turn, text=head, end=None))
        for i, cut in enumerate(cuts):
            end = cuts[i + 1].start() if i + 1 < len(cuts) else len(turn.text)
            text = turn.text[cut.end() : end].strip()
            answer = ""
            if head and fold(cut["name"]) in askers:
                text, answer = _question_and_answer(text)
            if text:
                first = not head and i == 0  # the turn's own start and times belong to its first voice
                result.append(
                    replace(
                        turn,
                        text=text,
                        speaker=spelled[fold(cut["name"])],
                        label=cut["name"],  # as written here: the turn's own label was another voice's
                        role="",
                        start=turn.start if first else None,
                        end=turn.end if i == len(cuts) - 1 and not answer else None,
                    )
                )
            if answer:
                result.append(replace(turn, text=answer, start=None, end=turn.end if i == len(cuts) - 1 else None))
    return result


_SENTENCE = re.compile(r"[^.!?…]*[.!?…]+[\"”')\]]*\s*|[^.!?…]+$")


def _question_and_answer(text: str) -> tuple[str, str]:
    """A moderator's words up to the last question in their first five sentences, and what follows them
    (the answer), or all of it where it asks nothing and nothing follows."""
    sentences = _SENTENCE.findall(text)
    questions = [n for n, sentence in enumerate(sentences[:5]) if sentence.rstrip(" \"”')]").endswith("?")]
    asked = questions[-1] if questions else None
    if asked is None or asked == len(sentences) - 1:
        return text, ""
    return "".join(sentences[: asked + 1]).strip(), "".join(sentences[asked + 1 :]).strip()


def archive_meta(xml_text: str, identifier: str) -> tuple[TranscriptMeta, str | None]:
    """The Internet Archive's `<identifier>_meta.xml`: (metadata, None), or (empty, why it was not used).

    `contributor` is the network, `program` and `title` as given, `start_time`
    (UTC) with `utc_offset` the air time, in the station's local time with its
    offset; the local date is the transcript's date; `runtime` its duration;
    `identifier-access` its URL.
    """
    import xml.etree.ElementTree as ElementTree

    meta = TranscriptMeta()
    try:
        root = ElementTree.fromstring(xml_text)
    except ElementTree.ParseError as exc:
        return meta, f"not XML ({exc})"

    def field(name: str) -> str:
        found = root.find(name)
        return " ".join((found.text or "").split()) if found is not None else ""

    named = field("identifier")
    if named and named != identifier:
        return meta, f"describes {named}, not {identifier}"
    meta.network = field("contributor")
    meta.program = field("program")
    meta.title = field("title")
    meta.url = field("identifier-access")
    runtime = field("runtime")
    if runtime:
        from indexer.transcripts.clock import parse_clock

        meta.duration = parse_clock(runtime)
    meta.aired, meta.date = air_time(field("start_time"), field("utc_offset"))
    meta.date = meta.date or field("date")[:10]
    return meta, None


def air_time(start_utc: str, utc_offset: str) -> tuple[str, str]:
    """(`2013-02-04T17:00:00-05:00`, `2013-02-04`) from `2013-02-04 22:00:00` and `-500`."""
    from datetime import datetime, timedelta, timezone

    try:
        at = datetime.strptime(start_utc.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return "", ""
    offset = utc_offset.strip()
    if offset and offset.lstrip("+-").isdigit() and len(offset) <= 5:
        sign = -1 if offset.startswith("-") else 1
        digits = offset.lstrip("+-").zfill(4)
        hours, minutes = int(digits[:-2]), int(digits[-2:])
        if hours > 14 or minutes >= 60:  # no time zone is further from UTC: the offset is a mistake
            return "", ""
        try:
            at = at.astimezone(timezone(sign * timedelta(hours=hours, minutes=minutes)))
        except (ValueError, OverflowError):  # year 1 moved back before year 1
            return "", ""
    return at.isoformat(), at.date().isoformat()
