"""Text clean-up shared by every format: markup out, speaker labels readable, times parsed.

Whatever a parser leaves behind, `strip_markup` is applied to every passage
(see `passages.build_passages`), so no tag, entity, cue arrow or `>>` marker
reaches the index, whichever format the text came from.
"""

from __future__ import annotations

import html
import re

from indexer.transcripts.names import HONORIFICS, PARTICLES, cap_word, is_upper_label

# A tag: `<i>`, `<font color=…>`, `<00:00:04.160>`, `</>`, and a bare one written with spaces (`< /  i >`).
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,4000}>|<\s*/?\s*[A-Za-z]{1,10}\s*>|<\d[\d:.]*>|</>")
_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")
_ARROW = re.compile(r"\s*-->\s*")
_CHEVRONS = re.compile(r"(?:^|\s)>>+\s*|\s*<<+(?:\s|$)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# A link: its words (over a line break too, with escaped brackets: `[<sup>\[1\]</sup>](…)`), then its address.
_MD_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.){0,500})\]\((?:[^()\s]|\([^()\s]*\))*\)")
# Bold and italics: `**word**`, `__word__`, and `*word*`, `_word_` outside a word (`snake_case`, `2*3*4` stay).
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\*)|(?<![\w_])_(?!_))(?=[^\s*_])(.+?)(?<=[^\s*_])(?:\1)(?![\w])")
_SPACE = re.compile(r"\s+")
# An asterisk inside a word, or closing one before punctuation (`W*ashington, D.C*.`); not between digits.
_INNER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])|(?<=[^\W_])\*(?=[.,;:!?])")
_INNER_BOLD = re.compile(r"\*\*(?=[^\W_])|(?<=[^\W_])\*\*")
_BULLET = re.compile(r"(?m)^\s*[-*+]\s+")
_GLUED_BOLD = re.compile(r"(?<=[^\W_])\*\*(?=[^\W_][^*\n]{0,60}:\*\*)")


def strip_markup(text: str) -> str:
    """Plain words only: no HTML/VTT tags, entities, ASS overrides, cue arrows or `>>`."""
    # Each pattern only where its first character is: most passages have none of them.
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "{" in text:
        text = _ASS_OVERRIDE.sub(" ", text)
    if "-->" in text:
        text = _ARROW.sub(" ", text)
    if ">>" in text or "<<" in text:
        text = _CHEVRONS.sub(" ", text)
    # Unescaping can reveal a tag (`&lt;i&gt;`): remove what appeared, and
    # any stray angle bracket with it.
    if "<" in text or ">" in text:
        text = _TAG.sub(" ", text).replace("<", " ").replace(">", " ")
    if not text.isascii():
        text = _BIDI.sub("", text)
    return " ".join(text.split())  # (white space as `\s` means it: `str.isspace`)


# Bidirectional marks and embeddings: they steer display, say nothing, and break words apart in a search.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Chinese and Japanese write no space between words or sentences: characters (and their punctuation)
# whose lines are joined without one.
_CLOSE_SCRIPT = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_NO_SPACE_END = re.compile(f"[{_CLOSE_SCRIPT}]$")
_NO_SPACE_START = re.compile(f"^[{_CLOSE_SCRIPT}]")
_UNSPACED_CHAR = re.compile(f"[{_CLOSE_SCRIPT}\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f\uac00-\ud7af]")


def join_lines(parts) -> str:
    """Lines or sentences run together as `" ".join` does, but with no space between two Chinese or
    Japanese characters (`今天的会议` / `主要讨论预算` is one sentence, not two words)."""
    out = ""
    for i, part in enumerate(parts):
        if i and not (_NO_SPACE_END.search(out) and _NO_SPACE_START.match(part)):
            out += " "
        out += part
    return out


def word_count(text: str) -> int:
    """Words as a passage's length counts them: a character of a script without spaces is one."""
    count = len(text.split())
    if not text.isascii():
        unspaced = len(_UNSPACED_CHAR.findall(text))
        if unspaced:
            count += unspaced - sum(1 for word in text.split() if _UNSPACED_CHAR.match(word))
    return count


# Lines transcription apps and meeting tools add that nobody said: app footers, notices, headers.
# Matched whole (after Markdown emphasis and list marks), case-insensitively.
_BOILERPLATE = re.compile(
    r"(?i)^(?:[#>*_\-\s]*)(?:"
    r"transcribed by\s+https?://otter\.ai/?"  # Otter's footer
    r"|transcript by rev\.com"
    r"|this transcript was exported on\b.*"
    r"|.+\(completed\s+\d{1,2}/\d{1,2}/\d{2,4}\)"  # Rev: `interview.mp3 (Completed 10/24/22)`
    r"|page\s+\d+\s+of\s+\d+"
    r"|\(?transcribed by sonix\.ai\b.*"
    r"|.+ (?:started|stopped) transcription"  # Microsoft Teams
    r"|.+ hat die transkription (?:gestartet|gestoppt|beendet)"
    r"|.+-\d{8}_\d{6}-meeting (?:transcript|recording)"
    r"|ki-generierte inhalte können fehlerhaft sein|ai-generated content may be incorrect"
    r"|this editable transcript was computer generated and might contain errors\.?"
    r"(?: people can also change the text after it was created\.?)?"
    r"|people can also change the text after it was created\.?"
    r"|(?:meeting|transcription) ended after \d{1,2}:\d{2}:\d{2}\s*(?:👋)?"  # Google Meet
    r"|esta transcrição editável foi gerada por computador e pode conter erros\..*"
    r"|a (?:transcrição foi encerrada|reunião terminou) (?:após|depois de) \d{1,2}:\d{2}:\d{2}\s*(?:👋)?"
    r"|esta transcripción editable se generó por computadora y puede contener errores\..*"
    r"|la (?:transcripción|reunión) (?:finalizó|terminó) después de \d{1,2}:\d{2}:\d{2}\s*(?:👋)?"
    r"|📖\s*transcript|📝\s*notes|transcript|.+ - transcript"  # Google Meet's heading and title
    r"|(?:\d+h )?(?:\d+m )?\d+s"  # Teams: the meeting's length under its title
    r"|(?:[a-z]+ \d{1,2}|\d{1,2} [a-z]+),? \d{4},? \d{1,2}:\d{2}\s*(?:am|pm)?"  # Teams: when it began
    r")[*_\s]*$"
)
# Google Meet's header: `Attendees` over the list of who joined; not speech either.
# A meeting tool's header over the line of who attended (`Attendees` then `Ann Lee, Bo Ray`), in plain text:
# a document's own list (`**Participants:**` over bullets) is its words.
_ATTENDEES = re.compile(r"(?i)^\s*(?:attendees|participants|teilnehmer|participantes)\s*:?\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s")
_OTTER_FOOTER = re.compile(r"\s*Transcribed by https?://otter\.ai/?", re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """A line that a transcription app or meeting tool added (`Transcribed by https://otter.ai`,
    `Meeting ended after 00:42:10 👋`, `Jane started transcription`): not speech."""
    return len(line) < 300 and _BOILERPLATE.match(line.strip()) is not None


def drop_boilerplate(text: str) -> str:
    """`text` without the lines apps and meeting tools add, nor the attendee list under `Attendees`."""
    if "otter.ai" in text:
        text = _OTTER_FOOTER.sub("", text)  # also where it was glued to the last line of speech
    lines = text.split("\n")
    kept = []
    skip_list = False
    for n, line in enumerate(lines):
        if skip_list and line.strip():
            skip_list = False
            continue  # the attendees' names
        if _ATTENDEES.match(line):
            following = next((later for later in lines[n + 1 :] if later.strip()), "")
            if not _LIST_ITEM.match(following):  # (a document's `Participants:` over its list is its words)
                skip_list = True
                continue
        if not is_boilerplate(line):
            kept.append(line)
    return "\n".join(kept)


def strip_tags(text: str) -> str:
    """HTML tags out, its lines kept: a tag may run over lines (`<a\nhref="…">`)."""
    return _TAG.sub(" ", text) if "<" in text else text


def strip_links(text: str) -> str:
    """Markdown links as their words (`[the memo](https://…)` -> `the memo`): an address is not text."""
    return _MD_LINK.sub(r"\1", text) if "](" in text else text


def strip_markdown(text: str) -> str:
    """Markdown that transcripts use: escapes, links, bold and italics, list bullets (not numbers)."""
    # (Each pattern needs a character the guard looks for: a text without it is left as it is, unread.)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "**" in text:  # a label glued to the word before it (`episode 235, "205**Johnny B:**`) is not one word
        text = _GLUED_BOLD.sub(" **", text)
    if "*" in text or "_" in text:
        text = _MD_EMPHASIS.sub(r"\2", text)
    if "*" in text:  # an asterisk inside a word (`W*ashington, D.C*.`) is markup; between digits (`2*3`) not
        text = _INNER_STAR.sub("", text)
    if "**" in text:  # bold inside a word (`**W**ashington`, `fiv**e**`) is markup all the same
        text = _INNER_BOLD.sub("", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    # A bullet goes; a list's number stays: `32. So you can go up to 32` opens a turn with a word said.
    if "-" in text or "*" in text or "+" in text:
        text = _BULLET.sub("", text)
    return text


_SOUND_CUE = re.compile(r"\[[^\[\]\n]{0,80}\]|\(\s*[^()\n]{0,80}?\s*\)|[♪♫]+[^♪♫\n]{0,200}[♪♫]+|[♪♫]")


# A letter of a script other than Latin (Greek and Cyrillic on): an abbreviation in Latin capitals
# among them is a name, not a sound cue.
_OTHER_SCRIPT_LETTER = re.compile(r"[^\W\d_\u0000-\u036f\u1e00-\u1eff]")
_LATIN_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
_INNER_PADDING = re.compile(r"\(\s+(?=\S)|(?<=\S)\s+\)")
_ORPHAN_PUNCTUATION = re.compile(r"\s+([,.;:!?])(?=\s|$)")
_DOUBLE_PUNCTUATION = re.compile(r"([,;:])\s*([.!?])")


# What captions and transcripts put in brackets for what is heard but not said, one word of it at least
# (`(LAUGHTER)`, `(Applause.)`, `[crosstalk]`, `(BELL RINGS)`): a bracketed capital word not among them is
# an abbreviation someone said or wrote out (`(OSTP)`, `(NATO)`, `(U.S.)`).
SOUND_WORDS = frozenset(
    "applause applauding laughter laughs laughing laugh chuckles chuckling cheers cheering cheer booing boos "
    "music singing sings crosstalk cross-talk inaudible unintelligible indiscernible silence pause sighs sigh "
    "coughs cough "
    "gasps gasp groans groan clapping claps noise noises background foreign speaking language audio video "
    "recording break end begin beginning continued ends static beep beeps bell bells ringing rings siren sirens "
    "gunfire gunshots explosion explosions thunder whistle whistles horn horns knocking knock sniffs sniffles "
    "crying cries screams scream shouts shouting yelling murmurs murmuring whispers whispering off mic mike "
    "camera speaker phone line tape sound sounds playing plays".split()
)


def is_sound_word(word: str) -> bool:
    """Whether a word, its case and punctuation aside, is one of `SOUND_WORDS` (`Laughter.`, `crosstalk`)."""
    return word.lower().strip(".,;:!?") in SOUND_WORDS


def _an_abbreviation(inner: str) -> bool:
    """A bracketed `OSTP`, `U.S.`, `R-AZ`: one capital word that names no sound."""
    word = inner.strip(".").lower()
    # (A capital word in -ING is what is heard, `(SIGHING)`, `(GROANING)`, whether listed or not.)
    return bool(_LATIN_ABBREVIATION.match(inner)) and word not in SOUND_WORDS and not word.endswith("ing")


def drop_sound_cues(text: str) -> str:
    """Remove `[APPLAUSE]`, `[laughs]`, `( clock ticking )`, `♪ music ♪`: not speech.

    Parentheses are kept when they read as speech (mixed case inside a
    sentence), and so is a Latin abbreviation in parentheses inside text of
    another script (`صندوق النقد الدولي (IMF)`): a sound cue there is written
    in the text's own script. Brackets are always editorial.
    """
    if "[" in text or "(" in text or "♪" in text or "♫" in text:  # (else there is no cue to find)
        text = _SOUND_CUE.sub(_cue_replacer(text), text)
    text = " ".join(text.split())  # (as `\s+` to one space, stripped: the same whitespace, in C)
    # What a removed cue leaves behind: `good, [laughs] .` -> `good.` (a space before the mark, now)
    if any(f" {mark}" in text for mark in ",.;:!?"):
        text = _ORPHAN_PUNCTUATION.sub(r"\1", text)
    if "(" in text:
        text = _INNER_PADDING.sub(lambda m: m.group(0).replace(" ", ""), text)  # `(I think it's )` -> `(I think it's)`
    if "," in text or ";" in text or ":" in text:
        text = _DOUBLE_PUNCTUATION.sub(r"\2", text)
    return text


def _cue_replacer(text: str):
    """What `drop_sound_cues` puts for each bracketed or sung stretch of `text`: a space, or the stretch
    itself where it reads as speech."""
    other_script = not text.isascii() and _OTHER_SCRIPT_LETTER.search(text) is not None

    def replace(match: re.Match[str]) -> str:
        cue = match.group(0)
        if cue.startswith("("):
            inner = cue[1:-1].strip()
            whole = text.strip() == cue.strip()
            if other_script and not whole and _LATIN_ABBREVIATION.match(inner):
                return cue
            words = inner.split()
            sound = any(map(is_sound_word, words[:2])) and len(words) <= 4
            # In lower case, a short description (`( clock ticking )`, `(sighs)`) is a sound; a longer aside
            # (`(for the umpteenth time)`, `(automated connections only)`) is words of the sentence.
            described = inner.islower() and (len(words) <= 3 or sound)
            if not (whole or sound or is_upper_label(inner) or described or inner.endswith(".")):
                return cue
            if any(c.isdigit() for c in inner) and not is_sound_word(words[0]):
                return cue  # `(August 24, 2021)`, `(202) 456-1111`: a date or a number, not a sound
            if not whole and _an_abbreviation(inner):
                return cue  # `Technology Policy's (OSTP) request`, `the (U.S.) side`: words of the sentence
        return " "

    return replace


# Mission-control and crew call signs, written in capitals in every transcript.
CALL_SIGNS = {"PAO", "CAPCOM", "EECOM", "FIDO", "GUIDO", "INCO", "FAO", "CMP", "LMP", "SPT", "IMU"}
_VOWEL = re.compile(r"[AEIOUY]")


# Inside a word, what is not part of a name: a word holding it (`AT&T`, `3M`, `F-16`'s digits) is a brand,
# a code or a call sign, and keeps its capitals.
_NOT_IN_NAMES = re.compile(r"[^\w\-'’.]|\d")


def _call_sign(word: str) -> bool:
    """A call sign or code as a mission or a network writes it: CC, CDR, PAO, Q, NBC."""
    return word in CALL_SIGNS or len(word) <= 2 or not _VOWEL.search(word)


def readable_speaker(label: str) -> str:
    """`MS. PSAKI` -> `Ms. Psaki`, `SPEAKER_1` -> `Speaker 1`, `CDR` stays `CDR`, `Alban` stays.

    Call signs keep their capitals, with what a mission adds in brackets (`CDR (TRANQ)`), and so does a
    word with a character no name has (`AT&T`).
    """
    label = _SPACE.sub(" ", label.replace("_", " ")).strip(" :-–—")
    if not label or not is_upper_label(label):
        return label
    words = label.split()
    if _call_sign(words[0]) and words[0] not in HONORIFICS and all(w.startswith("(") for w in words[1:2]):
        return label  # call signs and codes: CC, CDR, PAO, Q; `CDR (TRANQ)`
    out = []
    for i, word in enumerate(words):
        if i > 0 and word in PARTICLES and i < len(words) - 1:
            out.append(word.lower())
        elif word in HONORIFICS or not any(c.isalpha() for c in word):
            out.append(cap_word(word) if any(c.isalpha() for c in word) else word)
        else:
            out.append(_readable_word(word))
    return " ".join(out)


def _readable_word(word: str) -> str:
    """One upper-case word of a name made readable, brackets kept around it: `AT&T` (a character no name
    has) and `(R-AZ)` (in brackets, each part a code) as written; `LI` as `Li`, `(HOUSTON)` as `(Houston)`."""
    core = word.strip("()[],;:")
    at = word.find(core) if core else 0
    before, after = word[:at], word[at + len(core) :]
    bracketed = before.startswith(("(", "["))
    if not core or _NOT_IN_NAMES.search(core) or (bracketed and all(map(_call_sign, filter(None, core.split("-"))))):
        return word
    return before + cap_word(core) + after
