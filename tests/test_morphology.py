"""The looser forms a query word is also asked for where a stem falls short (`indexer.engine.analysis.morphology`)."""

from __future__ import annotations

from indexer.engine.analysis.morphology import chain_word, spaced_forms, tails, unspaced_forms


def test_a_compound_language_indexes_long_stems_reversed_each_once():
    text = "Die Verkehrsberuhigungsmaßnahmen und Straßenbahnlinien, Straßenbahnlinien. Kurz: die Bahn."
    assert tails(text, "de").split() == ["mhanssamsgnugihurebsrhekrev", "inilnhabnessarts"]
    assert tails(text, "fr") == ""
    assert tails("", "de") == ""


def test_a_compound_language_asks_for_heads_and_starts_of_four_letters_on():
    assert spaced_forms("Maßnahme", "de") == [("start", "massnahm"), ("head", "mhanssam")]
    assert spaced_forms("Rat", "de") == []
    assert spaced_forms("Maßnahme", "fr") == []


def test_stacked_suffixes_are_asked_for_by_the_words_beginning():
    assert spaced_forms("güçlendirme", "tr") == [("begins", "guclendir")]
    assert spaced_forms("çanta", "tr") == [("begins", "cant")]
    assert spaced_forms("ev", "tr") == []


def test_indonesian_nasal_prefixes_put_back_or_take_away_the_swallowed_letter():
    assert spaced_forms("penutupan", "id") == [("stem", "tutup")]
    assert spaced_forms("mengirim", "id") == [("stem", "kirim")]
    assert spaced_forms("tutup", "id") == [("stem", "utup")]
    assert spaced_forms("menyapu", "id") == []  # Snowball puts the s back itself: sapu


def test_korean_and_japanese_words_lose_their_ending_in_their_languages_only():
    assert unspaced_forms("비판하다", {"ko"}) == ["비판"]
    assert unspaced_forms("정부가", {"ko"}) == ["정부"]
    assert unspaced_forms("정부가", {"ja", "zh"}) == []
    assert unspaced_forms("가다", {"ko"}) == []  # nothing would be left of it but one syllable
    assert unspaced_forms("検討する", {"ja"}) == ["検討"]
    assert unspaced_forms("記者会見", {"ja"}) == []


def test_overlapping_bigrams_spell_their_word_and_separate_ones_do_not():
    assert chain_word(["비판", "판하", "하다"]) == "비판하다"
    assert chain_word(["习近", "近平", "污染"]) is None
    assert chain_word([]) is None


def test_an_index_made_before_compound_heads_is_searched_without_them():
    from indexer.engine.querying.query import parse_query
    from indexer.engine.storage.schema import TEXT_TAILS, build_schema

    current = build_schema()
    older = build_schema()
    older.remove(TEXT_TAILS)
    assert "text_tails:tpeznok" in str(parse_query("Konzept", current, ["de"]))
    assert "text_tails" not in str(parse_query("Konzept", older, ["de"]))
    assert "text:konzept*" in str(parse_query("Konzept", older, ["de"]))  # the start of a compound still is
