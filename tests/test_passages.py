"""Turns to passages: splitting long turns at sentences, numbering, estimating times."""

from __future__ import annotations

from conftest import read_transcripts

from indexer.model import Passage, Turn
from indexer.transcripts.passages import (
    MAX_WORDS,
    build_passages,
    estimate_times,
    split_long,
    word_count,
)
from indexer.transcripts.sentences import split_sentences


def sentence(i: int, words: int = 15) -> str:
    return "Sentence " + " ".join(f"w{i}x{j}" for j in range(words - 2)) + " end."


def test_split_sentences_keeps_closing_quotes_with_their_sentence():
    text = 'He said "no." Then he left! Did he? Yes... (Maybe.) "Quoted," she said.'
    assert split_sentences(text) == [
        'He said "no."',
        "Then he left!",
        "Did he?",
        "Yes...",
        "(Maybe.)",
        '"Quoted," she said.',
    ]


def test_initials_and_abbreviations_do_not_end_sentences():
    text = "But often U.S. President Trump sweeps it aside. Mr. Putin agrees. Dr. No left."
    assert split_sentences(text) == [
        "But often U.S. President Trump sweeps it aside.",
        "Mr. Putin agrees.",
        "Dr. No left.",
    ]


def test_a_sentence_starts_with_a_capital_of_any_script_a_digit_or_a_letter_without_case():
    text = "Видиш? ż, еј. Хоћеш? Ӑи. Ναι. Ώρα! 1500 left. ¿Qué? ¡Sí! 你好。再见 Done? שלום. अच्छा। ठीक"
    assert split_sentences(text) == [
        "Видиш? ż, еј.",  # a small letter goes on the sentence (ż was taken for a capital)
        "Хоћеш?",
        "Ӑи.",  # a capital outside Russian's А-Я starts one
        "Ναι.",
        "Ώρα!",
        "1500 left.",
        "¿Qué?",
        "¡Sí!",
        "你好。",
        "再见 Done?",
        "שלום.",
        "अच्छा।",
        "ठीक",
    ]


def test_sentence_breaks_within_a_window_are_the_pattern_s_own():
    from indexer.transcripts.sentences import SENTENCE_BREAK

    text = 'One. Two! "Three." four. Five'
    assert [m.end() for m in SENTENCE_BREAK.finditer(text)] == [5, 10, 25]
    assert [m.end() for m in SENTENCE_BREAK.finditer(text, 3, 12)] == [5, 10]
    assert SENTENCE_BREAK.search(text, 11) is not None and SENTENCE_BREAK.search(text, 11).end() == 25
    assert SENTENCE_BREAK.search(text, 0, 5) is None  # what follows the break lies past the window


def test_short_text_is_one_passage():
    assert split_long("Just a few words here.") == ["Just a few words here."]


def test_long_paragraph_splits_at_sentence_ends_into_readable_chunks():
    text = " ".join(sentence(i) for i in range(20))  # 300 words
    chunks = split_long(text)
    assert " ".join(chunks) == text
    assert all(chunk.endswith("end.") for chunk in chunks)
    sizes = [word_count(c) for c in chunks]
    assert all(40 <= s <= MAX_WORDS for s in sizes), sizes
    assert len(chunks) == 4


def test_unpunctuated_run_is_cut_at_words():
    text = " ".join(f"word{i}" for i in range(500))
    chunks = split_long(text)
    assert " ".join(chunks) == text
    assert all(word_count(c) <= MAX_WORDS for c in chunks)


def test_split_turn_keeps_speaker_and_shares_its_span():
    text = " ".join(sentence(i) for i in range(20))
    passages = build_passages([Turn(text, "Ann Lee", "host", 100.0, 400.0), Turn("Short.", "Bo")])
    assert [p.number for p in passages] == list(range(1, len(passages) + 1))
    assert {p.speaker for p in passages[:-1]} == {"Ann Lee"}
    assert passages[0].start == 100.0 and not passages[0].estimated
    assert passages[-2].end == 400.0
    assert all(p.estimated for p in passages[1:-1])
    starts = [p.start for p in passages[:-1]]
    assert starts == sorted(starts)
    assert (passages[-1].speaker, passages[-1].start, passages[-1].end) == ("Bo", None, None)


def test_estimated_times_follow_word_shares_and_end_at_the_duration():
    passages = [Passage(i + 1, " ".join(["w"] * n)) for i, n in enumerate([10, 30, 60])]
    estimate_times(passages, 200)
    assert [(p.start, p.end) for p in passages] == [(0, 20), (20, 80), (80, 200)]
    assert all(p.estimated for p in passages)


def test_a_passage_holds_a_word_or_is_no_passage(tmp_path):

    path = tmp_path / "briefing.txt"
    path.write_text(
        "The briefing began at noon.\n\n\\###\n\n----\n\n!--\n\nQuestions followed, in Ελληνικά too.\n\n—\n",
        encoding="utf-8",
    )
    (t,), _ = read_transcripts(path)
    assert [p.text for p in t.passages] == ["The briefing began at noon.", "Questions followed, in Ελληνικά too."]
    assert [p.number for p in t.passages] == [1, 2]
