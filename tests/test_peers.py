"""The caption libraries' own test inputs (`../shared/corpus/peers/`): soundbite keeps every word they read.

Each file is read by soundbite and by the library it comes from (pycaption or
pysubs2, on the same decoded text). Every word the library reads must be in
soundbite's passages (their text, speakers and labels), except what a
documented rule leaves out, listed here file by file with its reason, so that
a reader that starts keeping one of them, or loses another, fails this test.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

import pytest
from conftest import shared_path

from indexer.errors import UnreadableFile
from indexer.transcripts import sources
from indexer.transcripts.decode import decode
from indexer.transcripts.text import drop_sound_cues

pytestmark = pytest.mark.shared

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLOSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

SOUND_CUE_IN_ANGLES = "a sound cue in angle brackets (`<LAUGHING & WHOOPS!>`), read as markup"
FIRST_LANGUAGE = "a SAMI file with several languages is read in its first"
ANNOTATION = "WebVTT ruby annotation text (`<rt>`) is markup, not speech"
# file: (the words soundbite does not keep, why)
DOCUMENTED = {
    **{
        f"pycaption/{name}": ({"laughing", "whoops"}, SOUND_CUE_IN_ANGLES)
        for name in (
            "dfxp__sample_dfxp.dfxp",
            "dfxp__sample_dfxp_default_styling_p_tags.dfxp",
            "dfxp__sample_dfxp_for_legacy_writer_input.dfxp",
            "dfxp__sample_dfxp_for_legacy_writer_output.dfxp",
            "dfxp__sample_dfxp_from_sami_with_positioning.dfxp",
            "dfxp__sample_dfxp_output.dfxp",
            "dfxp__sample_dfxp_to_dfxp_output.dfxp",
            "dfxp__sample_dfxp_without_region_and_style.dfxp",
            "sami__sample_sami.smi",
            "scc__sample_scc_pop_on.scc",
            "srt__sample_srt.srt",
            "srt__sample_srt_ascii.srt",
            "webvtt__sample_webvtt.vtt",
            "webvtt__sample_webvtt_from_dfxp.vtt",
            "webvtt__sample_webvtt_from_sami.vtt",
            "webvtt__sample_webvtt_from_srt.vtt",
        )
    },
    "pycaption/sami__sample_sami_with_multi_lang.smi": ({"schmetterling"}, FIRST_LANGUAGE),
    "pycaption/sami__sample_sami_with_separate_multi_lang.smi": ({"english", "text"}, FIRST_LANGUAGE),
    "pycaption/scc__sample_scc_with_extended_characters.scc": (
        {"märtha"},
        "a label on a caption of its own, with no words after it, names nobody who speaks",
    ),
    "pycaption/webvtt__sample_webvtt_with_structural_tags.vtt": ({"textannotation"}, ANNOTATION),
}
# Files soundbite refuses, each with the reason it gives.
REFUSED = {
    "pycaption/webvtt__sample_webvtt_last_cue_zero_start.vtt": "no transcript text found",  # a sound cue only
    # Its captions are HTML5 entities only: `&starf;` is the star it names (★), no word (pycaption leaves the
    # letters `starf`).
    "pycaption/sami__sample_sami_including_html5_entityref.smi": "no transcript text found",
}


def peer_words(path, text: str) -> Counter | None:
    """The words the file's own library reads in it, sound cues left out; None if it reads none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "pycaption" in path.parts:
            import pycaption

            for reader in (
                pycaption.DFXPReader,
                pycaption.SAMIReader,
                pycaption.SCCReader,
                pycaption.SRTReader,
                pycaption.WebVTTReader,
            ):
                try:
                    if reader().detect(text):
                        captions = reader().read(text)
                        said = [c.get_text() for lang in captions.get_languages() for c in captions.get_captions(lang)]
                        return _words(said)
                except Exception:  # the library's own failure: nothing to compare with
                    return None
            return None
        import pysubs2

        try:
            subtitles = pysubs2.SSAFile.from_string(text)
        except Exception:
            return None
        return _words([event.plaintext for event in subtitles if not event.is_comment])


def _words(lines: list[str]) -> Counter:
    said = " ".join(drop_sound_cues(line) for text in lines for line in text.split("\n"))
    return _tokens(said)


def _tokens(text: str) -> Counter:
    """Words, and each Chinese or Japanese character on its own (they are joined without spaces)."""
    counted = Counter()
    for word in _WORD.findall(text):
        if _CLOSE_SCRIPT.search(word):
            counted.update(word)
        else:
            counted[word.lower()] += 1
    return counted


def peer_files():
    folder = shared_path("corpus", "peers")
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", peer_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_word_a_peer_library_reads_is_kept(path):
    name = f"{path.parent.name}/{path.name}"
    text, _ = decode(path.read_bytes(), name)
    expected = peer_words(path, text)
    try:
        transcripts = sources.load_all(sources.SourceFile(path, path.stem))
    except (UnreadableFile, sources.NotATranscript) as problem:
        reason = getattr(problem, "reason", str(problem))
        if expected is None or not expected:  # the library reads no words in it either (a broken sample)
            return
        assert name in REFUSED and REFUSED[name] in reason, f"{name} refused: {reason}"
        return
    assert name not in REFUSED, f"{name} is read now: take it out of REFUSED"
    if expected is None:
        return
    ours = _tokens(
        " ".join(f"{p.text} {p.speaker} {p.label}" for transcript in transcripts for p in transcript.passages)
    )
    lost = set(expected - ours)
    documented, _reason = DOCUMENTED.get(name, (set(), ""))
    assert lost == documented, f"{name}: lost {sorted(lost)}, documented {sorted(documented)}"
