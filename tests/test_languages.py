"""Every language the news is reported in: transcripts in 17 languages, queries as their speakers would type them.

`tests/languages/` holds transcripts written for these tests (speaker turns,
Markdown with front matter, WebVTT, SubRip named with a language tag, and
eight files that say nothing of their language) and `queries.tsv`: each query
with the passage it must find (a distinctive part of its text) and that
passage's speaker as the file labels it. Another inflection, a name, a part of
an unspaced run, the other Chinese script, a phrase, accents left off.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from indexer.cli.app import app
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths

LANGUAGES = Path(__file__).parent / "languages"

# What each file's language is decided to be (declared, by name, by script, or identified).
EXPECTED_LANGUAGE = {
    "fabuhui.zh-Hans.srt": "zh",
    "caijing-jiaodian.vtt": "zh",
    "teirei-kaiken.vtt": "ja",
    "jeochulsan-daechaek.vtt": "ko",
    "nam-thuam-chiangmai.txt": "th",
    "nashra-iqtisadiya.md": "ar",
    "kisan-andolan.txt": "hi",
    "nedelya-v-tsifrakh.txt": "ru",
    "deprem-hazirligi.txt": "tr",
    "bao-so-5.vi.srt": "vi",
    "stadtrat-verkehr.md": "de",
    "crues-pas-de-calais.txt": "fr",
    "entrevista-sequia.md": "es",
    "noticias.pt-BR.srt": "pt",
    "banjir-jakarta.txt": "id",
    "zhouhui-q3.txt": "zh",
    "aloodegi-tehran.txt": "fa",
}


def queries() -> list[dict]:
    with (LANGUAGES / "queries.tsv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def languages_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("languages-index")
    report = index_paths(index_dir, [str(LANGUAGES / name) for name in EXPECTED_LANGUAGE])
    assert not report.skipped
    return index_dir


def found_with_speaker(index_dir: Path, row: dict) -> tuple[bool, list[tuple[str, str, str]]]:
    """Whether the row's passage is among the query's hits (in its file), with the row's speaker."""
    result = search(index_dir, row["query"], limit=0, transcript=Path(row["file"]).stem.split(".")[0] + "*")
    seen = [(hit.transcript.id, hit.passage.speaker, hit.passage.label) for hit in result.hits]
    for hit in result.hits:
        if row["passage_contains"] in hit.passage.text:
            return row["speaker"] in (hit.passage.speaker, hit.passage.label), seen
    return False, seen


@pytest.mark.parametrize(
    "row",
    queries(),
    ids=lambda row: f"{row['file']}:{row['query']}",
)
def test_query_finds_its_passage_with_its_speaker(languages_index, row):
    found, seen = found_with_speaker(languages_index, row)
    assert found, f"{row['query']!r} ({row['why']}) should find {row['passage_contains']!r} by {row['speaker']}: {seen}"


def test_an_exact_word_ranks_above_the_compound_that_holds_it(languages_index):
    result = search(languages_index, "Konzept", limit=0, transcript="stadtrat-verkehr")
    assert [(hit.passage.speaker, hit.passage.number) for hit in result.hits] == [
        ("Jürgen Weiß", 10),
        ("Moderatorin", 1),
    ]


def test_looser_forms_count_only_in_their_languages_passages(tmp_path):
    # The same compound in an English transcript and a German one: the head is found in the German only.
    (tmp_path / "en.txt").write_text("ANCHOR: The word Straßenbahnlinien was on a sign in Munich today.\n")
    (tmp_path / "de.txt").write_text("Moderatorin: Zwei neue Straßenbahnlinien werden gebaut, sagt die Stadt.\n")
    (tmp_path / "tr.txt").write_text("Sunucu: Deprem çantası hazır mı, diye sorduk vatandaşlara bugün.\n")
    index_dir = tmp_path / "index"
    index_paths(index_dir, [str(tmp_path / name) for name in ("en.txt", "de.txt", "tr.txt")])
    assert [hit.transcript.id for hit in search(index_dir, "Linie", limit=0).hits] == ["de"]
    assert [hit.transcript.id for hit in search(index_dir, "Straßenbahnlinien", limit=0).hits] == ["de", "en"]
    assert [hit.transcript.id for hit in search(index_dir, "çanta", limit=0).hits] == ["tr"]


def test_every_language_is_decided(languages_index):
    runner = CliRunner()
    result = runner.invoke(app, ["search", "*", "--index", str(languages_index), "-n", "0", "--json"])
    assert result.exit_code == 0, result.output
    decided = {}
    for line in result.output.splitlines():
        hit = json.loads(line)
        decided[Path(hit["path"]).name] = hit["language"]
    assert decided == EXPECTED_LANGUAGE


def test_language_filter(languages_index):
    runner = CliRunner()
    result = runner.invoke(app, ["search", "*", "--index", str(languages_index), "-n", "0", "--json", "-l", "zh,ja"])
    assert result.exit_code == 0
    names = {Path(json.loads(line)["path"]).name for line in result.output.splitlines()}
    assert names == {"fabuhui.zh-Hans.srt", "caijing-jiaodian.vtt", "zhouhui-q3.txt", "teirei-kaiken.vtt"}
    result = runner.invoke(app, ["search", "*", "--index", str(languages_index), "-l", "en"])
    assert result.exit_code == 1  # no English transcript here
    result = runner.invoke(app, ["search", "*", "--index", str(languages_index), "-l", "klingon"])
    assert result.exit_code == 2
    assert "--language 'klingon' is not a language" in result.output


# Letters of each script, the marks written with them where the script has such (vowel signs, harakat,
# tone marks), and whether it is written without spaces between words.
SCRIPTS = {
    "latin": ("abcdefghijklmnopqrstuvwxyzàéîöüçñßøğış", "", False),
    "cyrillic": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїє", "", False),
    "greek": ("αβγδεζηθικλμνξοπρστυφχψωάέή", "", False),
    "arabic": ("ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآةىکی", "\u064e\u064f\u0650\u0651", False),
    "hebrew": ("אבגדהוזחטיכלמנסעפצקרשת", "", False),
    "devanagari": ("कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह", "\u093e\u093f\u0940\u0941\u0942\u0947\u0948\u094b\u0902", False),
    "hangul": ("".join(map(chr, range(0xAC00, 0xAC00 + 400, 7))), "", False),
    "han": ("".join(map(chr, range(0x4E00, 0x4E00 + 600, 3))), "", True),
    "kana": ("".join(map(chr, [*range(0x3042, 0x3094, 2), *range(0x30A2, 0x30F4, 2)])), "", True),
    "thai": ("กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮ", "\u0e31\u0e34\u0e35\u0e38\u0e48\u0e49", True),
}


@st.composite
def script_word(draw, script: str) -> str:
    letters, marks, _ = SCRIPTS[script]
    units = []
    for _ in range(draw(st.integers(1 if SCRIPTS[script][2] else 2, 5))):
        unit = draw(st.sampled_from(letters))
        if marks and draw(st.booleans()):
            unit += draw(st.sampled_from(marks))
        units.append(unit)
    return "".join(units)


@st.composite
def passage_words(draw) -> tuple[str, list[str]]:
    """A passage of words in one or two scripts, as those scripts write them, and its words."""
    scripts = draw(st.lists(st.sampled_from(sorted(SCRIPTS)), min_size=1, max_size=2, unique=True))
    pieces, words = [], []
    for script in scripts:
        run = draw(st.lists(script_word(script), min_size=1, max_size=6))
        words.extend(run)
        pieces.append(("" if SCRIPTS[script][2] else " ").join(run))
    return " ".join(pieces), words


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(passage=passage_words())
def test_every_word_of_any_script_is_found_by_itself(tmp_path_factory, passage):
    text, words = passage
    folder = tmp_path_factory.mktemp("words")
    (folder / "passage.txt").write_text(text + "\n", encoding="utf-8")
    index_dir = folder / "index"
    report = index_paths(index_dir, [str(folder / "passage.txt")])
    assert report.passages == 1, report
    for word in words:
        result = search(index_dir, word)
        assert result.total == 1, (word, text)
        assert result.hits[0].matches, (word, text)


def test_stats_and_show_say_the_language(languages_index):
    runner = CliRunner()
    stats = runner.invoke(app, ["stats", "--index", str(languages_index), "--json"])
    languages = json.loads(stats.output)["languages"]
    assert languages["zh"] == {"transcripts": 3, "passages": 29}
    assert set(languages) == set(EXPECTED_LANGUAGE.values())
    show = runner.invoke(app, ["show", "nedelya-v-tsifrakh", "--index", str(languages_index)])
    assert show.exit_code == 0
    assert show.output.splitlines()[0].endswith("(ru)")


def test_the_cluster_mapping_stems_each_language_of_the_index():
    from indexer.engine.features.cluster import mapping

    made = mapping(("en", "fr", "zh", "vi"))
    text = made["mappings"]["properties"]["text"]
    assert set(text["fields"]) == {"exact", "fr"}  # Chinese is bigrams, Vietnamese is not stemmed
    assert text["fields"]["fr"]["analyzer"] == "soundbite_fr"
    assert made["settings"]["analysis"]["filter"]["soundbite_stem_fr"] == {
        "type": "stemmer",
        "language": "light_french",
    }
    assert made["mappings"]["properties"]["language"] == {"type": "keyword"}


def test_did_you_mean_stays_in_the_query_words_script(languages_index):
    assert search(languages_index, "путн").suggestion == "путин"
    assert search(languages_index, "日本经济新闻社").suggestion is None


def test_a_latin_abbreviation_in_parentheses_inside_another_script_is_speech_not_a_sound_cue():
    from indexer.transcripts.text import drop_sound_cues

    arabic = "موقف صندوق النقد الدولي (IMF) من هذه الأرقام"
    assert drop_sound_cues(arabic) == arabic
    assert drop_sound_cues("Позиция (NATO) ясна (смех)") == "Позиция (NATO) ясна"
    assert drop_sound_cues("Thank you (APPLAUSE) all") == "Thank you all"  # in English text it is a cue
    assert drop_sound_cues("(التصفيق)") == ""


def test_a_few_words_are_not_enough_to_name_a_language():
    from indexer.transcripts.language import decide

    assert [decide("", "x.srt", text) for text in ("hi", "ok go", "Привет всем")] == ["en", "en", "ru"]
    assert decide("", "x.txt", "Le gouvernement a annoncé ce matin de nouvelles mesures contre les crues.") == "fr"
