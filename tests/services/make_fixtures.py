"""Writes tests/services/*: one short newscast in every speech service's documented shape."""
import json, pathlib
OUT = pathlib.Path(__file__).resolve().parent
# (speaker index, sentence)
SCRIPT = [
    (0, "Good evening. The flood barrier at Kelso failed at nine o'clock."),
    (1, "We evacuated four thousand people. Nobody was hurt."),
    (0, "Will you rebuild it?"),
    (1, "Yes, by March."),
]
def timeline():
    """[(speaker, token, start, end, is_punct)]"""
    out = []
    t = 0.5
    for spk, sentence in SCRIPT:
        for raw in sentence.split():
            core = raw.rstrip(".,?")
            punct = raw[len(core):]
            out.append((spk, core, round(t, 2), round(t + 0.3, 2), False))
            t += 0.4
            if punct:
                out.append((spk, punct, None, None, True))
        t += 0.6
    return out
TL = timeline()
def dump(name, data):
    (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

# Amazon Transcribe, new style: items with id and speaker_label, audio_segments.
items = []
for i, (spk, tok, s, e, p) in enumerate(TL):
    item = {"id": i, "type": "punctuation" if p else "pronunciation", "alternatives": [{"confidence": "0.0" if p else "0.987", "content": tok}], "speaker_label": f"spk_{spk}"}
    if not p:
        item.update(start_time=f"{s:.3f}", end_time=f"{e:.3f}")
    items.append(item)
dump("transcribe-diarized.json", {"jobName": "kelso-flood", "accountId": "123456789012", "status": "COMPLETED", "results": {
    "language_code": "en-GB",
    "transcripts": [{"transcript": " ".join(s for _, s in SCRIPT)}],
    "speaker_labels": {"channel_label": "ch_0", "speakers": 2, "segments": []},
    "items": items,
    "audio_segments": [{"id": 0, "transcript": SCRIPT[0][1], "start_time": "0.500", "end_time": "4.800", "speaker_label": "spk_0", "items": [0, 1, 2]}]}})
# Amazon Transcribe, older: speaker only in speaker_labels.segments.
old_items = []
segments = []
for spk, tok, s, e, p in TL:
    item = {"type": "punctuation" if p else "pronunciation", "alternatives": [{"confidence": "0.0" if p else "0.95", "content": tok}]}
    if not p:
        item.update(start_time=f"{s:.2f}", end_time=f"{e:.2f}")
        if not segments or segments[-1]["speaker_label"] != f"spk_{spk}":
            segments.append({"start_time": f"{s:.2f}", "end_time": f"{e:.2f}", "speaker_label": f"spk_{spk}", "items": []})
        segments[-1]["items"].append({"start_time": f"{s:.2f}", "end_time": f"{e:.2f}", "speaker_label": f"spk_{spk}"})
        segments[-1]["end_time"] = f"{e:.2f}"
    old_items.append(item)
dump("transcribe-old.json", {"jobName": "kelso-flood-2019", "accountId": "123456789012", "results": {
    "transcripts": [{"transcript": " ".join(s for _, s in SCRIPT)}], "speaker_labels": {"speakers": 2, "segments": segments}, "items": old_items}, "status": "COMPLETED"})
# Amazon Transcribe, channel identification: the two sides of a phone line.
channels = []
for ch in (0, 1):
    ch_items = []
    for spk, tok, s, e, p in TL:
        if spk != ch:
            continue
        item = {"channel_label": f"ch_{ch}", "type": "punctuation" if p else "pronunciation", "alternatives": [{"confidence": "0.0" if p else "0.9", "content": tok}]}
        if not p:
            item.update(start_time=f"{s:.2f}", end_time=f"{e:.2f}")
        ch_items.append(item)
    channels.append({"channel_label": f"ch_{ch}", "items": ch_items})
dump("transcribe-channels.json", {"jobName": "kelso-call", "accountId": "123456789012", "results": {
    "transcripts": [{"transcript": " ".join(s for _, s in SCRIPT)}], "channel_labels": {"number_of_channels": 2, "channels": channels},
    "items": [i for c in channels for i in c["items"]]}, "status": "COMPLETED"})
# Amazon Transcribe Call Analytics.
turns = []
for spk, sentence in SCRIPT:
    mine = [t for t in TL if t[0] == spk]
turn_list = []
current = None
for spk, tok, s, e, p in TL:
    role = ["AGENT", "CUSTOMER"][spk]
    if current is None or current["ParticipantRole"] != role:
        current = {"Id": f"turn-{len(turn_list)}", "ParticipantRole": role, "Content": "", "Items": []}
        turn_list.append(current)
    it = {"Type": "punctuation" if p else "pronunciation", "Content": tok, "Confidence": 0.0 if p else 0.99}
    if not p:
        it.update(BeginOffsetMillis=int(round(s * 1000)), EndOffsetMillis=int(round(e * 1000)))
    current["Items"].append(it)
for t in turn_list:
    timed = [i for i in t["Items"] if "BeginOffsetMillis" in i]
    t["BeginOffsetMillis"] = timed[0]["BeginOffsetMillis"]; t["EndOffsetMillis"] = timed[-1]["EndOffsetMillis"]
    t["Content"] = "".join((" " if i["Type"] == "pronunciation" else "") + i["Content"] for i in t["Items"]).strip()
dump("transcribe-call-analytics.json", {"JobName": "kelso-call.wav", "JobStatus": "COMPLETED", "LanguageCode": "en-GB", "AccountId": "123456789012", "Channel": "VOICE",
    "Participants": [{"ParticipantRole": "AGENT"}, {"ParticipantRole": "CUSTOMER"}], "Transcript": turn_list, "ContentMetadata": {"Output": "Raw"}})

# Google v1 with diarization: results per sentence-ish, the last repeats every word with its speakerTag.
def gword(tok, s, e, tag=None, v2=False):
    w = {("startOffset" if v2 else "startTime"): f"{s:.3f}s", ("endOffset" if v2 else "endTime"): f"{e:.3f}s", "word": tok}
    if tag is not None:
        w["speakerLabel" if v2 else "speakerTag"] = str(tag) if v2 else tag
    return w
def google_words(tag=True, v2=False):
    words = []
    for spk, tok, s, e, p in TL:
        if p:
            words[-1]["word"] += tok
        else:
            words.append(gword(tok, s, e, spk + 1 if tag else None, v2))
    return words
allwords = google_words(tag=False)
results = []
half = len(allwords) // 2
for chunk in (allwords[:half], allwords[half:]):
    results.append({"alternatives": [{"transcript": " ".join(w["word"] for w in chunk), "confidence": 0.93, "words": chunk}],
                    "resultEndTime": chunk[-1]["endTime"], "languageCode": "en-gb"})
results.append({"alternatives": [{"words": google_words(tag=True)}], "resultEndTime": allwords[-1]["endTime"], "languageCode": "en-gb"})
dump("google-v1-diarized.json", {"results": results, "totalBilledTime": "15s", "requestId": "7241947187192076532"})
# Google v2, speaker labels in every result (no repetition), startOffset/endOffset.
v2words = google_words(tag=True, v2=True)
dump("google-v2.json", {"results": [{"alternatives": [{"transcript": " ".join(w["word"] for w in v2words), "confidence": 0.9, "words": v2words}],
    "resultEndOffset": v2words[-1]["endOffset"], "languageCode": "en-GB"}], "metadata": {"totalBilledDuration": "15s"}})
# Google v1 operation with two channels, no diarization, no word times for channel 2.
ch_results = []
for spk, sentence in SCRIPT:
    mine = [w for w, t in zip(google_words(tag=False), [t for t in TL if not t[4]]) if t[0] == spk]
ch_results = []
seq = []
for spk, sentence in SCRIPT:
    n = len(sentence.split())
    seq.append((spk, sentence, n))
i = 0
plain = google_words(tag=False)
for spk, sentence, n in seq:
    chunk = plain[i:i + n]; i += n
    ch_results.append({"alternatives": [{"transcript": sentence, "confidence": 0.9, "words": chunk}], "channelTag": spk + 1, "resultEndTime": chunk[-1]["endTime"], "languageCode": "en-gb"})
dump("google-channels-operation.json", {"name": "4718382012345", "metadata": {"@type": "type.googleapis.com/google.cloud.speech.v1.LongRunningRecognizeMetadata", "progressPercent": 100},
    "done": True, "response": {"@type": "type.googleapis.com/google.cloud.speech.v1.LongRunningRecognizeResponse", "results": ch_results, "totalBilledTime": "15s"}})

# Azure batch: phrases with speaker, ticks, nBest display; the first phrase with displayWords.
def sentences():
    out = []
    for spk, sentence in SCRIPT:
        for part in sentence.replace(". ", ".|").split("|"):
            out.append((spk, part))
    return out
phr = []
i = 0
plain_tl = [t for t in TL if not t[4]]
for spk, sentence in sentences():
    n = len(sentence.split())
    chunk = plain_tl[i:i + n]; i += n
    s, e = chunk[0][2], chunk[-1][3]
    best = {"confidence": 0.9, "lexical": sentence.lower().strip(".?,"), "itn": sentence.lower(), "maskedITN": sentence.lower(), "display": sentence}
    if not phr:
        best["displayWords"] = [{"displayText": w, "offsetInTicks": float(round(t[2] * 1e7)), "durationInTicks": float(round((t[3] - t[2]) * 1e7))}
                                for w, t in zip(sentence.split(), chunk)]
    phr.append({"recognitionStatus": "Success", "channel": 0, "speaker": spk + 1, "offset": f"PT{s}S", "duration": f"PT{round(e - s, 2)}S",
                "offsetInTicks": float(round(s * 1e7)), "durationInTicks": float(round((e - s) * 1e7)), "nBest": [best]})
dump("azure-batch.json", {"source": "https://example.blob.core.windows.net/audio/kelso.wav", "timestamp": "2026-03-01T19:00:00Z",
    "durationInTicks": 150000000, "duration": "PT15S", "combinedRecognizedPhrases": [{"channel": 0, "display": " ".join(s for _, s in SCRIPT)}], "recognizedPhrases": phr})
fast = [{"channel": 0, "speaker": p["speaker"] - 1, "offsetMilliseconds": int(p["offsetInTicks"] / 1e4), "durationMilliseconds": int(p["durationInTicks"] / 1e4),
         "text": p["nBest"][0]["display"], "locale": "en-GB", "confidence": 0.9} for p in phr]
dump("azure-fast.json", {"durationMilliseconds": 15000, "combinedPhrases": [{"text": " ".join(s for _, s in SCRIPT)}], "phrases": fast})
stereo = [{"recognitionStatus": "Success", "channel": p["speaker"] - 1, "offsetInTicks": p["offsetInTicks"], "durationInTicks": p["durationInTicks"], "nBest": p["nBest"][:1]} for p in phr]
stereo = [s for s in stereo if s["channel"] == 0] + [s for s in stereo if s["channel"] == 1]  # grouped by channel, as Azure writes them
for s in stereo:
    s["nBest"] = [{k: v for k, v in s["nBest"][0].items() if k != "displayWords"}]
dump("azure-stereo.json", {"source": "kelso-call.wav", "timestamp": "2026-03-01T19:00:00Z", "durationInTicks": 150000000, "combinedRecognizedPhrases": [], "recognizedPhrases": stereo})

# Deepgram: words with punctuated_word and speaker, utterances.
dwords = []
for spk, tok, s, e, p in TL:
    if p:
        dwords[-1]["punctuated_word"] += tok
    else:
        dwords.append({"word": tok.lower(), "start": s, "end": e, "confidence": 0.99, "speaker": spk, "speaker_confidence": 0.8, "punctuated_word": tok})
utts = []
for w in dwords:
    if not utts or utts[-1]["speaker"] != w["speaker"]:
        utts.append({"start": w["start"], "end": w["end"], "confidence": 0.98, "channel": 0, "transcript": "", "words": [], "speaker": w["speaker"], "id": f"u{len(utts)}"})
    u = utts[-1]; u["words"].append(w); u["end"] = w["end"]; u["transcript"] = (u["transcript"] + " " + w["punctuated_word"]).strip()
meta = {"transaction_key": "deprecated", "request_id": "3c9bd6e4-0000-4000-8000-00000000a1b2", "sha256": "00", "created": "2026-03-01T19:00:00.000Z", "duration": 15.0, "channels": 1, "models": ["m1"], "model_info": {"m1": {"name": "general-nova-3", "version": "2025", "arch": "nova-3"}}}
dump("deepgram-utterances.json", {"metadata": meta, "results": {"channels": [{"alternatives": [{"transcript": " ".join(w["punctuated_word"] for w in dwords), "confidence": 0.99, "words": dwords}], "detected_language": "en"}], "utterances": utts}})
nospk = [{k: v for k, v in w.items() if k not in ("speaker", "speaker_confidence")} for w in dwords]
dump("deepgram-multichannel.json", {"metadata": dict(meta, channels=2), "results": {"channels": [
    {"alternatives": [{"transcript": "", "confidence": 0.99, "words": [w for w, o in zip(nospk, dwords) if o["speaker"] == ch]}]} for ch in (0, 1)]}})

# AssemblyAI: utterances A/B in milliseconds.
aw = [{"text": w["punctuated_word"], "start": int(w["start"] * 1000), "end": int(w["end"] * 1000), "confidence": 0.98, "speaker": "AB"[w["speaker"]]} for w in dwords]
autts = []
for w in aw:
    if not autts or autts[-1]["speaker"] != w["speaker"]:
        autts.append({"speaker": w["speaker"], "text": "", "start": w["start"], "end": w["end"], "confidence": 0.97, "words": []})
    u = autts[-1]; u["words"].append(w); u["end"] = w["end"]; u["text"] = (u["text"] + " " + w["text"]).strip()
base = {"id": "6rlr37h6rb-0000", "status": "completed", "audio_url": "https://example.org/kelso.mp3", "language_code": "en_uk", "audio_duration": 15,
        "punctuate": True, "format_text": True, "speaker_labels": True, "text": " ".join(s for _, s in SCRIPT), "confidence": 0.97}
dump("assemblyai.json", dict(base, words=aw, utterances=autts))
dump("assemblyai-words.json", dict(base, speaker_labels=False, words=[dict(w, speaker=None) for w in aw], utterances=None))
dump("assemblyai-error.json", {"id": "x", "status": "error", "error": "Download error, unable to download https://example.org/kelso.mp3", "audio_url": "https://example.org/kelso.mp3", "words": None})

# Rev.ai: monologues, spaces and punctuation as untimed punct elements.
monos = []
for spk, tok, s, e, p in TL:
    if not monos or monos[-1]["speaker"] != spk:
        monos.append({"speaker": spk, "elements": []})
    els = monos[-1]["elements"]
    if p:
        els.append({"type": "punct", "value": tok})
    else:
        if els:
            els.append({"type": "punct", "value": " "})
        els.append({"type": "text", "value": tok, "ts": s, "end_ts": e, "confidence": 0.97})
monos[1]["elements"].insert(0, {"type": "unknown", "value": "<inaudible>"})
dump("revai.json", {"monologues": monos})
# Rev.com human transcript: speakers named, phrase elements with clock strings.
def clock(x):
    ms = int(round(x * 1000)); h, ms = divmod(ms, 3600000); m, ms = divmod(ms, 60000); s, ms = divmod(ms, 1000)
    return f"{h:02}:{m:02}:{s:02},{ms:03}"
human = []
for n, (spk, sentence) in enumerate(SCRIPT):
    words = [t for t in plain_tl]
human_monos = []
i = 0
for spk, sentence in SCRIPT:
    n = len(sentence.split()); chunk = plain_tl[i:i + n]; i += n
    human_monos.append({"speaker": spk + 1, "speaker_name": ["Sarah Mills", "Tom Reid"][spk], "elements": [
        {"type": "text", "value": sentence, "timestamp": clock(chunk[0][2]), "end_timestamp": clock(chunk[-1][3])}]})
dump("rev-human.json", {"speakers": [{"id": 1, "name": "Sarah Mills"}, {"id": 2, "name": "Tom Reid"}], "monologues": human_monos})

# Speechmatics json-v2: S1/S2, punctuation attaches_to previous, is_eos.
sm = []
for spk, tok, s, e, p in TL:
    if p:
        sm.append({"type": "punctuation", "start_time": sm[-1]["end_time"], "end_time": sm[-1]["end_time"], "attaches_to": "previous", "is_eos": tok in ".?",
                   "alternatives": [{"content": tok, "confidence": 1, "language": "en", "speaker": f"S{spk + 1}"}]})
    else:
        sm.append({"type": "word", "start_time": s, "end_time": e, "alternatives": [{"content": tok, "confidence": 0.98, "language": "en", "speaker": f"S{spk + 1}"}]})
sm.insert(0, {"type": "speaker_change", "start_time": 0.5, "end_time": 0.5, "alternatives": []})
dump("speechmatics.json", {"format": "2.9", "job": {"id": "j1kelso", "created_at": "2026-03-01T19:00:00.000Z", "data_name": "kelso.wav", "duration": 15},
    "metadata": {"created_at": "2026-03-01T19:01:00.000Z", "type": "transcription", "transcription_config": {"language": "en", "diarization": "speaker"}}, "results": sm})

# IBM Watson: final results, timestamps, speaker_labels joined by start time, %HESITATION.
wres = []
labels = []
i = 0
for spk, sentence in SCRIPT:
    n = len(sentence.split()); chunk = plain_tl[i:i + n]; i += n
    stamps = [[t[1].lower(), t[2], t[3]] for t in chunk]
    if spk == 1 and not labels[-1:] == []:
        pass
    wres.append({"final": True, "alternatives": [{"transcript": " ".join(s[0] for s in stamps) + " ", "confidence": 0.91, "timestamps": stamps}]})
    for t in chunk:
        labels.append({"from": t[2], "to": t[3], "speaker": spk, "confidence": 0.6, "final": False})
wres[1]["alternatives"][0]["timestamps"].insert(0, ["%HESITATION", 6.05, 6.1])
wres[1]["alternatives"][0]["transcript"] = "%HESITATION " + wres[1]["alternatives"][0]["transcript"]
wres.append({"final": False, "alternatives": [{"transcript": "by march and", "timestamps": [["by", 13.0, 13.3]]}]})
dump("watson.json", {"result_index": 0, "results": wres, "speaker_labels": labels})

# whisper.cpp full JSON: offsets in milliseconds, special tokens, tinydiarize turns.
segs = []
for k, (spk, sentence) in enumerate(SCRIPT):
    pass
i = 0
for k, (spk, sentence) in enumerate(SCRIPT):
    n = len(sentence.split()); chunk = plain_tl[i:i + n]; i += n
    s, e = chunk[0][2], chunk[-1][3]
    segs.append({"timestamps": {"from": clock(s), "to": clock(e)}, "offsets": {"from": int(round(s * 1000)), "to": int(round(e * 1000))},
                 "text": (" [_BEG_]" if k == 0 else "") + " " + sentence, "tokens": [{"text": "[_BEG_]", "offsets": {"from": 0, "to": 0}, "id": 50364, "p": 0.9}],
                 "speaker_turn_next": k < len(SCRIPT) - 1})
dump("whispercpp.json", {"systeminfo": "AVX = 1 | AVX2 = 1", "model": {"type": "base", "multilingual": True, "vocab": 51865, "ftype": 1},
    "params": {"model": "models/ggml-base.en-tdrz.bin", "language": "en", "translate": False}, "result": {"language": "en"}, "transcription": segs})
print("ok")
