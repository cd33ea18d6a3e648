"""Speech-to-text services' JSON: what most newsroom transcripts are now made of.

One reader per service family, each from its documented output and the
example responses in the makers' SDKs and tests:

    Amazon Transcribe  {"jobName", "results": {"items": [...], "speaker_labels" | "channel_labels"}}
                       Call Analytics: {"JobName", "Transcript": [{"ParticipantRole", "Items"}]}
    Google Speech      {"results": [{"alternatives": [{"words": [{"startTime": "1.3s", "speakerTag"}]}]}]}
                       v2: startOffset/endOffset, speakerLabel; an operation's {"response": {...}}
    Azure Speech       batch {"recognizedPhrases": [{"offsetInTicks", "speaker", "channel", "nBest"}]},
                       fast {"durationMilliseconds", "phrases"}, SDK {"RecognitionStatus", "NBest"}
    Deepgram           {"metadata", "results": {"channels": [{"alternatives": [{"words"}]}], "utterances"}}
    AssemblyAI         {"status", "audio_duration", "utterances" | "words" (milliseconds)}
    Rev.ai, Rev.com    {"monologues": [{"speaker", "elements": [{"type", "value", "ts", "end_ts"}]}]}
    Speechmatics       {"format": "2.9", "results": [{"type", "start_time", "alternatives": [{"speaker"}]}]}
    IBM Watson         {"results": [{"final", "alternatives": [{"timestamps": [[w, s, e]]}]}], "speaker_labels"}
    whisper.cpp        {"systeminfo", "model", "transcription": [{"offsets": {"from", "to"}, "text"}]}

Only the top alternative is read; rejected hypotheses, placeholder tokens
(`%HESITATION`, whisper.cpp's `[_BEG_]`) and job metadata never are. Each
reader brings its file to `words.Word`s, and `words.turns_from_words` cuts
the passages. Detection is by content, whatever the extension: the file is
parsed once (`load`) and each family looks at its keys.
"""

from __future__ import annotations

import functools
import json
import re

from indexer.errors import UnreadableFile
from indexer.model import Parsed, TranscriptMeta, Turn
from indexer.transcripts.clock import parse_clock, plausible
from indexer.transcripts.cues import Cue, merge_cues
from indexer.transcripts.language import code_of
from indexer.transcripts.words import Word, channel_name, cues_from_words, punctuation_side, turns_from_words

TRANSCRIBE = "transcribe"
GOOGLE = "google-speech"
AZURE = "azure-speech"
DEEPGRAM = "deepgram"
ASSEMBLYAI = "assemblyai"
REV = "rev"
SPEECHMATICS = "speechmatics"
WATSON = "watson"
WHISPER_CPP = "whisper-cpp"
NAMES = (TRANSCRIBE, GOOGLE, AZURE, DEEPGRAM, ASSEMBLYAI, REV, SPEECHMATICS, WATSON, WHISPER_CPP)

_UNNAMED = "\x00turn "  # a voice that changed, with no name
_SPECIAL_TOKEN = re.compile(r"\[_[A-Za-z0-9_]+\]")
_HESITATION = {"%HESITATION", "%hesitation"}
_ISO_DURATION = re.compile(r"^P(?:T)?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")


@functools.lru_cache(maxsize=2)
def load(text: str):
    """The file's JSON (parsed once for every family's sniff), or None when it is not JSON.

    Control characters inside strings are allowed: whisper.cpp writes them raw."""
    head = text[:64].lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return None
    try:
        return json.loads(text.lstrip("\ufeff"), strict=False)
    except RecursionError:
        return None
    except ValueError:
        pass
    # JSON Lines: what a streaming client saves, a message a line (Azure's SDK results, Deepgram's).
    first = text[:4000]
    if "RecognitionStatus" not in first and '"Results"' not in first:
        return None  # (a dataset's JSON Lines are the dataset reader's)
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if len(lines) < 2 or not all(line.lstrip().startswith("{") for line in lines[:3]):
        return None
    try:
        return [json.loads(line, strict=False) for line in lines]
    except (ValueError, RecursionError):
        return None


def _dict(text: str) -> dict:
    data = load(text)
    return data if isinstance(data, dict) else {}


def loaded(text: str, shape=dict):
    """The file's JSON for a reader, or UnreadableFile saying why it is not one (`--format` forces any)."""
    data = load(text)
    if not isinstance(data, shape):
        raise UnreadableFile("", invalid_json_reason(text))
    return data


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _get(value, *keys, default=None):
    """A nested value (`_get(d, "results", "items")`), `default` where any step is missing."""
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return default
        if value is None:
            return default
    return value


def seconds(value, unit: float = 1.0) -> float | None:
    """A time in seconds from what services write: numbers (in `unit`s of a second), numeric strings,
    `"1.500s"` (Google), `{"seconds": "5", "nanos": 4e8}` (Google via Node), `PT1M2.5S` (Azure),
    `00:01:02,500` (Rev.com, whisper.cpp)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        found = float(value) * unit
    elif isinstance(value, str):
        text = value.strip()
        try:
            found = float(text[:-1] if text.endswith("s") else text) * unit
        except ValueError:
            iso = _ISO_DURATION.match(text)
            if iso and any(iso.groups()):
                hours, minutes, secs = (float(part or 0) for part in iso.groups())
                found = hours * 3600 + minutes * 60 + secs
            else:
                found = parse_clock(text)
                if found is None:
                    return None
    elif isinstance(value, dict) and ("seconds" in value or "nanos" in value):
        try:
            found = float(value.get("seconds") or 0) + float(value.get("nanos") or 0) / 1e9
        except (TypeError, ValueError):
            return None
    else:
        return None
    return round(found, 3) if found == found else None  # to the millisecond (ticks and floats add noise); NaN is none


class _Times:
    """Counts what a file's times get wrong, for one note each."""

    def __init__(self):
        self.impossible = 0
        self.backwards = 0
        self.untimed = 0
        self._last = 0.0

    def check(self, start: float | None, end: float | None) -> tuple[float | None, float | None]:
        if start is not None and not plausible(start):
            self.impossible += 1
            start = None
        if end is not None and not plausible(end):
            self.impossible += 1
            end = None
        if start is not None and end is not None and end < start:
            self.backwards += 1
            end = start
        return start, end

    def notes(self, what: str = "word") -> list[str]:
        out = []
        if self.impossible:
            out.append(
                f"{self.impossible} {what} time(s) no recording can have (negative, or past 1,000 hours): not used"
            )
        if self.backwards:
            out.append(f"{self.backwards} {what}(s) ending before they start: ended at their start")
        if self.untimed:
            out.append(f"{self.untimed} {what}(s) without a time: kept, at the time of the {what} before")
        return out


def _parsed(turns: list[Turn], language="", duration=None, notes=None) -> Parsed:
    meta = TranscriptMeta(language=code_of(language) if isinstance(language, str) else "")
    if isinstance(duration, (int, float)) and not isinstance(duration, bool) and 0 < duration < 3.6e6:
        meta.duration = float(duration)
    return Parsed(meta, turns, notes=list(notes or []))


def _by_channel(groups: dict[str, list[Word]]) -> list[Turn]:
    """Several channels' words (a phone call's two sides): each channel's cues, merged in time order."""
    if len(groups) <= 1:
        return turns_from_words(next(iter(groups.values()), []))
    cues: list[Cue] = []
    for words in groups.values():
        cues.extend(cues_from_words(words))
    cues.sort(key=lambda cue: cue.start)
    return merge_cues(cues)


def _channel_speaker(words: list[Word], channel) -> list[Word]:
    """Where a file has channels but no diarization, the channel is the speaker."""
    name, _label = channel_name(channel)
    for word in words:
        if not word.speaker:
            word.speaker = name
    return words


# --- Amazon Transcribe -----------------------------------------------------------------------


def sniff_transcribe(text: str) -> bool:
    data = _dict(text)
    results = data.get("results")
    if isinstance(results, dict) and ("items" in results or "transcripts" in results):
        return "jobName" in data or "accountId" in data or isinstance(results.get("items"), list)
    transcript = data.get("Transcript")
    return isinstance(transcript, list) and ("JobName" in data or "JobStatus" in data or "Participants" in data)


def _aws_item_words(items: list, speakers: dict[float, str], times: _Times) -> list[Word]:
    words = []
    for item in items:
        if not isinstance(item, dict):
            continue
        alternative = _get(item, "alternatives", 0, default={})
        content = alternative.get("content") if isinstance(alternative, dict) else None
        if not isinstance(content, str) or not content.strip():
            continue
        label = item.get("speaker_label") or ""
        if item.get("type") == "punctuation":
            words.append(Word(content, speaker=label, attaches=punctuation_side(content) or "previous"))
            continue
        start, end = times.check(seconds(item.get("start_time")), seconds(item.get("end_time")))
        if start is None:
            times.untimed += 1
        elif not label:
            label = speakers.get(round(start, 3), "")
        words.append(Word(content, start, end, label))
    return words


def parse_transcribe(text: str) -> Parsed:
    data = loaded(text)
    times = _Times()
    if isinstance(data.get("Transcript"), list):  # Call Analytics
        return _parse_call_analytics(data, times)
    results = data.get("results") if isinstance(data.get("results"), dict) else {}
    status = data.get("status")
    if isinstance(status, str) and status.upper() not in ("COMPLETED", ""):
        raise UnreadableFile("", f"an Amazon Transcribe job that is {status.lower()}, not completed: no transcript")
    # Older diarized jobs name the speaker only in `speaker_labels`: a word's speaker by its start time.
    speakers: dict[float, str] = {}
    for segment in _list(_get(results, "speaker_labels", "segments")):
        for item in _list(_get(segment, "items")):
            start = seconds(_get(item, "start_time"))
            if start is not None and isinstance(item.get("speaker_label"), str):
                speakers[round(start, 3)] = item["speaker_label"]
    channels = _list(_get(results, "channel_labels", "channels"))
    if channels and not speakers:
        groups = {}
        for channel in channels:
            label = str(_get(channel, "channel_label", default=f"ch_{len(groups)}"))
            words = _aws_item_words(_list(_get(channel, "items")), {}, times)
            groups[label] = _channel_speaker(words, label)
        turns = _by_channel(groups)
    else:
        words = _aws_item_words(_list(results.get("items")), speakers, times)
        if not words:  # a job without word items: its whole transcript, untimed
            whole = " ".join(str(_get(t, "transcript", default="")) for t in _list(results.get("transcripts")))
            words = [Word(whole, 0.0, 0.0)] if whole.strip() else []
        turns = turns_from_words(words)
    language = results.get("language_code") or _get(results, "language_codes", 0, "language_code", default="")
    return _parsed(turns, language, notes=times.notes())


def _parse_call_analytics(data: dict, times: _Times) -> Parsed:
    words = []
    for turn in _list(data.get("Transcript")):
        if not isinstance(turn, dict):
            continue
        role = str(turn.get("ParticipantRole") or "")
        items = [item for item in _list(turn.get("Items")) if isinstance(item, dict)]
        if not items:
            start, end = times.check(
                seconds(turn.get("BeginOffsetMillis"), 0.001), seconds(turn.get("EndOffsetMillis"), 0.001)
            )
            words.append(Word(str(turn.get("Content") or ""), start, end, role))
            continue
        for item in items:
            content = item.get("Content")
            if not isinstance(content, str) or not content.strip():
                continue
            if item.get("Type") == "punctuation":
                words.append(Word(content, speaker=role, attaches=punctuation_side(content) or "previous"))
                continue
            start, end = times.check(
                seconds(item.get("BeginOffsetMillis"), 0.001), seconds(item.get("EndOffsetMillis"), 0.001)
            )
            words.append(Word(content, start, end, role))
    return _parsed(turns_from_words(words), str(data.get("LanguageCode") or ""), notes=times.notes())


# --- Google Cloud Speech-to-Text -------------------------------------------------------------


def _google_body(data: dict) -> dict:
    """The recognition response inside an operation (`{"done": true, "response": {...}}`), or inside a
    v2 batch response's first file (`{"results": {"gs://…": {"inlineResult": {"transcript": {...}}}}}`)."""
    response = data.get("response")
    if isinstance(response, dict) and "results" in response:
        data = response
    results = data.get("results")
    if isinstance(results, dict) and results and "transcripts" not in results and "items" not in results:
        first = next(iter(results.values()))
        inner = _get(first, "inlineResult", "transcript") or _get(first, "transcript")
        if isinstance(inner, dict):
            return inner
    return data


def sniff_google(text: str) -> bool:
    data = _google_body(_dict(text))
    results = data.get("results")
    if not isinstance(results, list) or not results or "result_index" in data or "format" in data:
        return False
    first = next((r for r in results if isinstance(r, dict)), {})
    return isinstance(first.get("alternatives"), list) and "final" not in first and "type" not in first


def _first(d: dict, *keys):
    for key in keys:
        if key in d:
            return d[key]
    return None


def parse_google(text: str) -> Parsed:
    data = _google_body(loaded(text))
    results = [r for r in _list(data.get("results")) if isinstance(r, dict)]
    times = _Times()

    def word_list(result) -> list[dict]:
        return [w for w in _list(_get(result, "alternatives", 0, "words")) if isinstance(w, dict)]

    def speaker_of(word: dict) -> str:
        label = _first(word, "speakerLabel", "speaker_label")
        if isinstance(label, str) and label.strip():
            return label.strip()
        tag = _first(word, "speakerTag", "speaker_tag")
        return str(tag) if isinstance(tag, int) and not isinstance(tag, bool) and tag > 0 else ""

    # With diarization the last result repeats every word of the file with its speaker: read only it.
    last = word_list(results[-1]) if results else []
    diarized = any(speaker_of(w) for w in last)
    chosen = results[-1:] if diarized else results
    groups: dict[str, list[Word]] = {}
    previous_end = 0.0
    for result in chosen:
        channel = _first(result, "channelTag", "channel_tag")
        key = str(channel) if isinstance(channel, int) and channel > 0 else ""
        words = groups.setdefault(key, [])
        result_end = seconds(_first(result, "resultEndTime", "result_end_time", "resultEndOffset", "result_end_offset"))
        found = word_list(result)
        if not found:
            transcript = _get(result, "alternatives", 0, "transcript", default="")
            if isinstance(transcript, str) and transcript.strip():
                start, end = times.check(previous_end, result_end if result_end is not None else previous_end)
                words.append(Word(transcript, start, end))
        for item in found:
            word = item.get("word")
            if not isinstance(word, str):
                continue
            start = seconds(_first(item, "startTime", "start_time", "startOffset", "start_offset"))
            end = seconds(_first(item, "endTime", "end_time", "endOffset", "end_offset"))
            start, end = times.check(start if start is not None else 0.0, end)
            words.append(Word(word, start, end, speaker_of(item)))
        if result_end is not None:
            previous_end = result_end
    if len(groups) > 1:
        groups = {key: _channel_speaker(words, key) for key, words in groups.items()}
    language = next(
        (_first(r, "languageCode", "language_code") for r in results if _first(r, "languageCode", "language_code")), ""
    )
    return _parsed(_by_channel(groups), language or "", notes=times.notes())


# --- Azure Speech ----------------------------------------------------------------------------


def _azure_records(data) -> list[dict]:
    """The real-time SDK's saved results: an object, a list of them, or JSON Lines of them."""
    if isinstance(data, dict):
        return [data]
    return [r for r in _list(data) if isinstance(r, dict)]


def sniff_azure(text: str) -> bool:
    data = load(text)
    if isinstance(data, dict) and (
        isinstance(data.get("recognizedPhrases"), list)
        or isinstance(data.get("combinedRecognizedPhrases"), list)
        or isinstance(data.get("AudioFileResults"), list)
        or (isinstance(data.get("phrases"), list) and "durationMilliseconds" in data)
    ):
        return True
    records = _azure_records(data)
    return bool(records) and all("RecognitionStatus" in r for r in records[:3]) and "Offset" in records[0]


def _azure_time(d: dict, name: str) -> float | None:
    """`offset`/`duration` of a phrase or word: milliseconds, ticks (100 ns) or ISO 8601, whichever is given."""
    for key, unit in ((f"{name}Milliseconds", 0.001), (f"{name}InTicks", 1e-7), (f"{name}InSeconds", 1.0)):
        if key in d:
            return seconds(d[key], unit)
    for key in (name, name[:1].upper() + name[1:]):
        if isinstance(d.get(key), str):
            return seconds(d[key])
        if isinstance(d.get(key), (int, float)):
            return seconds(d[key], 1e-7)
    return None


def parse_azure(text: str) -> Parsed:
    data = loaded(text, (dict, list))
    times = _Times()
    groups: dict[str, list[Word]] = {}
    speakers = False
    language = ""
    duration = None
    phrases: list[dict] = []
    if isinstance(data, dict) and isinstance(data.get("AudioFileResults"), list):
        for audio in _list(data["AudioFileResults"]):
            for segment in _list(_get(audio, "SegmentResults")):
                if isinstance(segment, dict):
                    best = _get(segment, "NBest", 0, default={})
                    phrases.append(
                        {
                            "display": _get(best, "Display", default=""),
                            "offset": seconds(segment.get("OffsetInSeconds")),
                            "duration": seconds(segment.get("DurationInSeconds")),
                            "speaker": segment.get("SpeakerId"),
                            "channel": segment.get("ChannelNumber"),
                            "status": segment.get("RecognitionStatus"),
                        }
                    )
    elif isinstance(data, dict) and ("recognizedPhrases" in data or "combinedRecognizedPhrases" in data):
        duration = _azure_time(data, "duration")
        for phrase in _list(data.get("recognizedPhrases")):
            if not isinstance(phrase, dict):
                continue
            best = _get(phrase, "nBest", 0, default={})
            language = language or phrase.get("locale") or ""
            phrases.append(
                {
                    "display": best.get("display") if isinstance(best, dict) else "",
                    "words": _list(_get(best, "displayWords")),
                    "offset": _azure_time(phrase, "offset"),
                    "duration": _azure_time(phrase, "duration"),
                    "speaker": phrase.get("speaker", _get(best, "speaker")),
                    "channel": phrase.get("channel"),
                    "status": phrase.get("recognitionStatus"),
                }
            )
    elif isinstance(data, dict) and isinstance(data.get("phrases"), list):  # fast transcription
        duration = seconds(data.get("durationMilliseconds"), 0.001)
        for phrase in _list(data["phrases"]):
            if isinstance(phrase, dict):
                language = language or phrase.get("locale") or ""
                phrases.append(
                    {
                        "display": phrase.get("text"),
                        "offset": seconds(phrase.get("offsetMilliseconds"), 0.001),
                        "duration": seconds(phrase.get("durationMilliseconds"), 0.001),
                        "speaker": phrase.get("speaker"),
                        "channel": phrase.get("channel"),
                    }
                )
    else:  # the real-time SDK's results, saved
        for record in _azure_records(data):
            best = _get(record, "NBest", 0, default={})
            phrases.append(
                {
                    "display": (best.get("Display") if isinstance(best, dict) else None) or record.get("DisplayText"),
                    "offset": seconds(record.get("Offset"), 1e-7),
                    "duration": seconds(record.get("Duration"), 1e-7),
                    "speaker": record.get("SpeakerId"),
                    "channel": record.get("Channel"),
                    "status": record.get("RecognitionStatus"),
                }
            )
    for phrase in phrases:
        if phrase.get("status") not in (None, "Success"):
            continue
        display = phrase.get("display")
        if not isinstance(display, str) or not display.strip():
            continue
        speaker = phrase.get("speaker")
        speaker = "" if speaker in (None, "", "Unknown") else str(speaker)
        speakers = speakers or bool(speaker)
        channel = phrase.get("channel")
        words = groups.setdefault("" if channel is None else str(channel), [])
        timed = [w for w in phrase.get("words") or [] if isinstance(w, dict) and isinstance(w.get("displayText"), str)]
        if timed:
            for item in timed:
                start = _azure_time(item, "offset")
                length = _azure_time(item, "duration")
                start, end = times.check(start, start + length if start is not None and length is not None else None)
                words.append(Word(item["displayText"], start, end, speaker))
            continue
        start = phrase.get("offset")
        length = phrase.get("duration")
        start, end = times.check(start, start + length if start is not None and length is not None else None)
        if start is None:
            times.untimed += 1
        words.append(Word(display, start, end, speaker))
    if len(groups) > 1 and not speakers:
        groups = {key: _channel_speaker(words, key) for key, words in groups.items()}
    elif len(groups) > 1:
        groups = {"": sorted((w for ws in groups.values() for w in ws), key=lambda w: w.start or 0.0)}
    return _parsed(_by_channel(groups), language, duration, times.notes())


# --- Deepgram --------------------------------------------------------------------------------


def sniff_deepgram(text: str) -> bool:
    data = load(text)
    if isinstance(data, list):  # the streaming API's messages, saved as a list or a line each
        return bool(data) and all(isinstance(m, dict) and m.get("type") == "Results" for m in data[:3])
    data = data if isinstance(data, dict) else {}
    return isinstance(data.get("metadata"), dict) and isinstance(_get(data, "results", "channels"), list)


def _deepgram_stream(messages: list) -> dict:
    """Streaming messages as the pre-recorded response's shape: the final ones' words, per channel."""
    channels: dict[int, list] = {}
    for message in messages:
        if not isinstance(message, dict) or message.get("type") != "Results" or message.get("is_final") is False:
            continue
        index = _get(message, "channel_index", 0, default=0)
        channels.setdefault(index if isinstance(index, int) else 0, []).extend(
            _list(_get(message, "channel", "alternatives", 0, "words"))
        )
    return {
        "metadata": {},
        "results": {"channels": [{"alternatives": [{"words": words}]} for _, words in sorted(channels.items())]},
    }


def parse_deepgram(text: str) -> Parsed:
    data = loaded(text, (dict, list))
    data = _deepgram_stream(data) if isinstance(data, list) else data if isinstance(data, dict) else {}
    results = data.get("results") if isinstance(data.get("results"), dict) else {}
    times = _Times()
    channels = [c for c in _list(results.get("channels")) if isinstance(c, dict)]
    groups: dict[str, list[Word]] = {}
    utterances = [u for u in _list(results.get("utterances")) if isinstance(u, dict)]
    if utterances:
        for utterance in utterances:
            transcript = utterance.get("transcript")
            if not isinstance(transcript, str) or not transcript.strip():
                continue
            start, end = times.check(seconds(utterance.get("start")), seconds(utterance.get("end")))
            speaker = utterance.get("speaker")
            key = str(utterance.get("channel", 0)) if len(channels) > 1 else ""
            groups.setdefault(key, []).append(Word(transcript, start, end, "" if speaker is None else str(speaker)))
    else:
        for index, channel in enumerate(channels):
            best = _get(channel, "alternatives", 0, default={})
            words = groups.setdefault(str(index) if len(channels) > 1 else "", [])
            found = [w for w in _list(_get(best, "words")) if isinstance(w, dict)]
            for item in found:
                word = item.get("punctuated_word") or item.get("word")
                if not isinstance(word, str):
                    continue
                start, end = times.check(seconds(item.get("start")), seconds(item.get("end")))
                speaker = item.get("speaker")
                words.append(Word(word, start, end, "" if speaker is None else str(speaker)))
            transcript = _get(best, "transcript", default="")
            if not found and isinstance(transcript, str) and transcript.strip():
                words.append(Word(transcript, 0.0, seconds(_get(data, "metadata", "duration"))))
    if len(groups) > 1 and not any(w.speaker for ws in groups.values() for w in ws):
        groups = {key: _channel_speaker(words, key) for key, words in groups.items()}
    language = _get(channels, 0, "detected_language", default="")
    return _parsed(_by_channel(groups), language, seconds(_get(data, "metadata", "duration")), times.notes())


# --- AssemblyAI ------------------------------------------------------------------------------


_ASSEMBLYAI_KEYS = ("audio_duration", "audio_url", "language_model", "acoustic_model", "punctuate", "format_text")


def sniff_assemblyai(text: str) -> bool:
    data = _dict(text)
    if "segments" in data or not any(key in data for key in _ASSEMBLYAI_KEYS):
        return False
    # (A failed job has `"words": null`: still AssemblyAI's, to say it failed.)
    return any(key in data for key in ("utterances", "words", "sentences", "paragraphs"))


def parse_assemblyai(text: str) -> Parsed:
    data = loaded(text)
    status = data.get("status")
    if isinstance(status, str) and status not in ("completed", ""):
        reason = f": {data['error']}" if isinstance(data.get("error"), str) else ""
        raise UnreadableFile("", f"an AssemblyAI transcript that is {status}, not completed{reason}")
    times = _Times()
    units = []
    for key in ("utterances", "paragraphs", "sentences", "words"):
        units = [u for u in _list(data.get(key)) if isinstance(u, dict)]
        if units:
            break
    groups: dict[str, list[Word]] = {}
    speakers = False
    for unit in units:
        content = unit.get("text")
        if not isinstance(content, str) or not content.strip():
            continue
        start, end = times.check(seconds(unit.get("start"), 0.001), seconds(unit.get("end"), 0.001))
        speaker = unit.get("speaker")
        speaker = "" if speaker is None else str(speaker)
        speakers = speakers or bool(speaker)
        channel = unit.get("channel")
        groups.setdefault("" if channel is None else str(channel), []).append(Word(content, start, end, speaker))
    if not groups and isinstance(data.get("text"), str) and data["text"].strip():
        groups[""] = [Word(data["text"], 0.0, seconds(data.get("audio_duration")))]
    if len(groups) > 1 and not speakers:
        groups = {key: _channel_speaker(words, key) for key, words in groups.items()}
    elif len(groups) > 1:
        groups = {"": sorted((w for ws in groups.values() for w in ws), key=lambda w: w.start or 0.0)}
    return _parsed(
        _by_channel(groups), data.get("language_code") or "", seconds(data.get("audio_duration")), times.notes()
    )


# --- Rev.ai and Rev.com ----------------------------------------------------------------------


def sniff_rev(text: str) -> bool:
    data = _dict(text)
    monologues = data.get("monologues")
    return isinstance(monologues, list) and all(isinstance(m, dict) for m in monologues[:5])


def parse_rev(text: str) -> Parsed:
    data = loaded(text)
    times = _Times()
    names = {}
    for speaker in _list(data.get("speakers")):  # Rev.com: [{"id": 1, "name": "Jen Psaki"}]
        if isinstance(speaker, dict) and speaker.get("name"):
            names[str(speaker.get("id"))] = str(speaker["name"])
    words = []
    for monologue in _list(data.get("monologues")):
        if not isinstance(monologue, dict):
            continue
        number = monologue.get("speaker")
        label = (
            monologue.get("speaker_name")
            or _get(monologue, "speaker_info", "display_name")
            or names.get(str(number))
            or ("" if number is None else str(number))
        )
        label = str(label)
        first = len(words)
        for element in _list(monologue.get("elements")):
            if not isinstance(element, dict) or not isinstance(element.get("value"), str):
                continue
            value = element["value"]
            kind = element.get("type")
            if kind == "unknown" or not value.strip():
                continue  # `<inaudible>` placeholders, and the spaces Rev gives as punctuation
            if kind == "punct":
                words.append(Word(value.strip(), speaker=label, attaches=punctuation_side(value.strip()) or "previous"))
                continue
            start = seconds(element.get("ts", element.get("timestamp")))
            end = seconds(element.get("end_ts", element.get("end_timestamp")))
            start, end = times.check(start, end)
            if start is None:
                times.untimed += 1
            words.append(Word(value, start, end, label))
        if len(words) > first:  # a new monologue is a new turn, even by the same voice
            words[first].speaker = label
    return _parsed(turns_from_words(words), notes=times.notes())


# --- Speechmatics ----------------------------------------------------------------------------


def sniff_speechmatics(text: str) -> bool:
    data = _dict(text)
    results = data.get("results")
    if isinstance(results, list) and (isinstance(data.get("format"), str) or data.get("message") == "AddTranscript"):
        first = next((r for r in results if isinstance(r, dict)), None)
        return first is None or ("alternatives" in first and "type" in first)
    words = data.get("words")  # the V1 API's JSON: every value a string
    return (
        isinstance(words, list) and bool(words) and isinstance(words[0], dict) and {"name", "time"} <= words[0].keys()
    )


def parse_speechmatics(text: str) -> Parsed:
    data = loaded(text)
    times = _Times()
    if "results" not in data and isinstance(data.get("words"), list):
        return _parse_speechmatics_v1(data, times)
    groups: dict[str, list[Word]] = {}
    speakers = False
    for item in _list(data.get("results")):
        if not isinstance(item, dict) or item.get("type") not in ("word", "punctuation", "entity"):
            continue
        best = _get(item, "alternatives", 0, default={})
        content = best.get("content") if isinstance(best, dict) else None
        if not isinstance(content, str) or not content.strip():
            continue
        speaker = best.get("speaker")
        speaker = "" if speaker in (None, "UU") else str(speaker)
        speakers = speakers or bool(speaker)
        words = groups.setdefault(str(item.get("channel") or ""), [])
        if item.get("type") == "punctuation":
            attaches = item.get("attaches_to", "previous")
            side = {"previous": "previous", "both": "previous", "next": "next"}.get(attaches, "")
            words.append(Word(content, speaker=speaker, attaches=side))
            continue
        start, end = times.check(seconds(item.get("start_time")), seconds(item.get("end_time")))
        words.append(Word(content, start, end, speaker))
    if len(groups) > 1 and not speakers:
        groups = {key: _channel_speaker(words, key) for key, words in groups.items()}
    language = _get(data, "metadata", "transcription_config", "language", default="")
    return _parsed(_by_channel(groups), language, seconds(_get(data, "job", "duration")), times.notes())


def _parse_speechmatics_v1(data: dict, times: _Times) -> Parsed:
    turns_at = []
    for speaker in _list(data.get("speakers")):
        if isinstance(speaker, dict):
            start = seconds(speaker.get("time"))
            length = seconds(speaker.get("duration")) or 0.0
            if start is not None:
                turns_at.append((start, start + length, str(speaker.get("name") or "")))
    words = []
    for item in _list(data.get("words")):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        start = seconds(item.get("time"))
        length = seconds(item.get("duration")) or 0.0
        start, end = times.check(start, start + length if start is not None else None)
        content = item["name"]
        side = punctuation_side(content)
        label = next((name for a, b, name in turns_at if start is not None and a <= start <= b), "")
        words.append(Word(content, None if side else start, None if side else end, label, side))
    return _parsed(turns_from_words(words), notes=times.notes())


# --- IBM Watson ------------------------------------------------------------------------------


def sniff_watson(text: str) -> bool:
    data = _dict(text)
    results = data.get("results")
    if not isinstance(results, list) or not results or "format" in data:
        return False
    first = next((r for r in results if isinstance(r, dict)), {})
    if "results" in first and "result_index" in first:  # an asynchronous job's wrapper
        return True
    return isinstance(first.get("alternatives"), list) and ("final" in first or "result_index" in data)


def parse_watson(text: str) -> Parsed:
    data = loaded(text)
    times = _Times()
    documents = [data]
    first = _get(data, "results", 0, default={})
    if isinstance(first, dict) and "results" in first:  # an asynchronous job: each result a whole response
        status = data.get("status")
        if isinstance(status, str) and status != "completed":
            raise UnreadableFile("", f"an IBM Watson job that is {status}, not completed: no transcript")
        documents = [d for d in _list(data.get("results")) if isinstance(d, dict)]
    words = []
    previous_end = 0.0
    for document in documents:
        labels = {}
        for label in _list(document.get("speaker_labels")):
            if isinstance(label, dict) and label.get("speaker") is not None:
                start = seconds(label.get("from"))
                if start is not None:
                    labels[round(start, 2)] = str(label["speaker"])
        for result in _list(document.get("results")):
            if not isinstance(result, dict) or result.get("final") is False:
                continue
            best = _get(result, "alternatives", 0, default={})
            stamps = [s for s in _list(_get(best, "timestamps")) if isinstance(s, list) and len(s) >= 3]
            if not stamps:
                transcript = _get(best, "transcript", default="")
                if isinstance(transcript, str) and transcript.strip():
                    words.append(Word(transcript, previous_end, previous_end))
                    times.untimed += 1
                continue
            for token, start, end in (s[:3] for s in stamps):
                if not isinstance(token, str) or token in _HESITATION or token.startswith("D_"):
                    continue
                start, end = times.check(seconds(start), seconds(end))
                speaker = labels.get(round(start, 2), "") if start is not None else ""
                words.append(Word(token, start, end, speaker))
                previous_end = end if end is not None else previous_end
    return _parsed(turns_from_words(words), notes=times.notes())


# --- whisper.cpp -----------------------------------------------------------------------------


def sniff_whisper_cpp(text: str) -> bool:
    data = _dict(text)
    return isinstance(data.get("transcription"), list) and any(
        k in data for k in ("systeminfo", "model", "params", "result")
    )


def parse_whisper_cpp(text: str) -> Parsed:
    data = loaded(text)
    times = _Times()
    segments = [s for s in _list(data.get("transcription")) if isinstance(s, dict)]
    # tinydiarize (`-tdrz`) says only where the voice changes: turns without names.
    tinydiarize = any("speaker_turn_next" in segment for segment in segments)
    turn = 0
    words = []
    for segment in segments:
        if not isinstance(segment.get("text"), str):
            continue
        content = " ".join(_SPECIAL_TOKEN.sub(" ", segment["text"]).split())
        offsets = segment.get("offsets") if isinstance(segment.get("offsets"), dict) else {}
        start = seconds(offsets.get("from"), 0.001)
        end = seconds(offsets.get("to"), 0.001)
        if start is None:  # only the `timestamps` strings (`00:00:01,500`)
            start = seconds(_get(segment, "timestamps", "from"))
            end = seconds(_get(segment, "timestamps", "to"))
        start, end = times.check(start, end)
        if start is None:
            times.untimed += 1
        speaker = segment.get("speaker")
        label = "" if speaker in (None, "?", "") else str(speaker)
        if not label and tinydiarize:
            label = f"{_UNNAMED}{turn}"
        if segment.get("speaker_turn_next"):
            turn += 1
        if content:
            words.append(Word(content, start, end, label))
    turns = turns_from_words(words)
    for item in turns:
        if item.speaker.startswith(_UNNAMED):
            item.speaker = item.label = ""
    return _parsed(
        turns,
        _get(data, "result", "language", default="") or _get(data, "params", "language", default=""),
        notes=times.notes(),
    )


def invalid_json_reason(text: str) -> str | None:
    """Why a file that should be JSON is not one of the known shapes, in a few words."""
    try:
        data = json.loads(text.lstrip("\ufeff"), strict=False)
    except ValueError as exc:
        return f"invalid JSON ({exc.msg} at line {exc.lineno}): truncated or not JSON"
    except RecursionError:
        return "JSON too deeply nested to read"
    if isinstance(data, dict):
        keys = ", ".join(sorted(map(str, data))[:6])
        return f"JSON of no known transcript shape (keys: {keys})"
    return f"JSON of no known transcript shape (a {type(data).__name__})"
