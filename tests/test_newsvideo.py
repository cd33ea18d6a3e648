"""The news-video shape: the founding example passage by passage, and its variations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SEED, shared_path

from indexer.transcripts import formats
from indexer.transcripts.formats import newsvideo
from indexer.transcripts.names import MentionIndex, split_name_title
from indexer.transcripts.sources import SourceFile, load

NEWS = FIXTURES / "newsvideo"


def load_file(path: Path):
    return load(SourceFile(path.resolve(), path.stem))


def spoken(transcript):
    return [(p.speaker, p.role) for p in transcript.passages]


def test_seed_passages_in_order_with_speakers_roles_and_estimated_times():
    t = load_file(SEED)
    assert t.format == "newsvideo"
    assert t.meta.duration == 172
    assert t.meta.reporter == "Nathan King"
    assert t.meta.network == "CGTN"
    assert t.meta.place == "Helsinki, Finland"
    assert t.meta.title == (
        "Of all of Trump's relationships with world leaders, "
        "the one with Vladimir Putin has captured the most attention."
    )
    king = ("Nathan King", "reporter")
    trump = ("Donald Trump", "US President")
    assert spoken(t) == [
        ("", "anchor"),
        king,
        king,
        king,
        trump,
        king,
        king,
        king,
        king,
        trump,
        king,
    ]
    assert [p.number for p in t.passages] == list(range(1, 12))
    assert t.passages[4].text.startswith("He's not my enemy. Is he a friend?")
    assert t.passages[4].text.endswith("we get along very well.")
    assert t.passages[-1].text == "Nathan King, CGTN, Helsinki, Finland."
    # Times: estimated, monotonic, contiguous, within 0..172 and ending at the duration.
    assert all(p.estimated for p in t.passages)
    assert t.passages[0].start == 0
    assert t.passages[-1].end == 172
    for before, after in zip(t.passages, t.passages[1:], strict=False):
        assert before.start < after.start
        assert before.end == after.start
        assert 0 <= after.start < after.end <= 172
    kgb = next(p for p in t.passages if "KGB" in p.text)
    assert kgb.speaker == "Donald Trump"
    assert 172 * 2 / 3 < kgb.start < 172


def test_seed_miss_universe_is_narration_by_the_reporter():
    t = load_file(SEED)
    (passage,) = [p for p in t.passages if "Miss Universe" in p.text]
    assert (passage.speaker, passage.role) == ("Nathan King", "reporter")


def test_hours_duration_honorific_hyphen_accent_comma_title_and_three_part_sign_off():
    t = load_file(NEWS / "world-bank-debt-forum.txt")
    assert t.meta.duration == 3750  # 1:02:30
    assert (t.meta.reporter, t.meta.network, t.meta.place) == ("Sarah Ahmed", "BBC", "Geneva")
    ahmed = ("Sarah Ahmed", "reporter")
    assert spoken(t) == [
        ("", "anchor"),
        ahmed,
        ("Prof. Jean-Pierre O’Neill", "Economist, World Bank"),
        ahmed,
        ("Élodie Durand-Smith", "French Finance Minister"),
        ("Maria de la Cruz", "Minister of Finance, Peru"),
        ahmed,
        ahmed,
    ]
    assert t.passages[2].text.startswith("The numbers are stark.")
    assert not any(q in t.passages[2].text for q in '“”"')
    assert t.passages[-1].end == 3750


def test_crlf_and_bom_file_reads_like_any_other():
    t = load_file(NEWS / "lagos-fuel-queues-crlf-bom.txt")
    assert t.meta.duration == 185
    assert (t.meta.reporter, t.meta.network, t.meta.place) == (
        "Omar Haddad",
        "Al Jazeera",
        "Lagos, Nigeria",
    )
    assert spoken(t)[2] == ("Chukwuemeka Okafor-Bello", "Taxi Driver, Lagos")
    assert spoken(t)[4] == ("Sen. Adaeze Nwosu", "Chair, Senate Energy Committee")
    assert all("\r" not in p.text and "\ufeff" not in p.text for p in t.passages)
    assert t.passages[0].text.startswith("Al Jazeera's Omar Haddad")


def test_cp1252_file_keeps_accents_and_curly_quotes():
    t = load_file(NEWS / "hollande-comeback-cp1252.txt")
    assert spoken(t)[2] == ("François Hollande", "Former French President")
    assert spoken(t)[4] == ("Anne-Sophie Lambert", "Party Activist, Corrèze")
    assert t.passages[4].text == "He’s the only one who can unite the left. Everyone here knows it."
    assert t.meta.network == "France 24"


def test_file_without_soundbites_or_sign_off_still_indexes():
    t = load_file(NEWS / "harbour-storm-no-soundbites.txt")
    assert t.format == "newsvideo"
    assert t.meta.duration == 45
    assert (t.meta.reporter, t.meta.network, t.meta.place) == ("", "", "")
    assert [p.role for p in t.passages] == ["anchor", "reporter", "reporter"]
    assert t.passages[-1].end == 45


@pytest.mark.parametrize(
    ("line", "seconds"),
    [
        ("02:52", 172),
        ("2:52", 172),
        ("1:02:30", 3750),
        ("00:00:45", 45),
        ("2:75", None),
        ("252", None),
    ],
)
def test_duration_line(line, seconds):
    assert newsvideo.parse_duration(line) == seconds


def test_detection_prefers_the_duration_line():
    assert formats.detect("02:52\nLead.\nBody.").name == "newsvideo"
    assert formats.detect("Just some notes.\nMore notes.").name == "plain"


MENTIONS = MentionIndex("Vladimir Putin met Ursula von der Leyen. Mr. Li said so. José Ramos-Horta arrived. NATO met.")


@pytest.mark.parametrize(
    ("label", "name", "role"),
    [
        ("DONALD TRUMP US PRESIDENT", "Donald Trump", "US President"),
        ("VLADIMIR PUTIN RUSSIAN PRESIDENT", "Vladimir Putin", "Russian President"),
        (
            "URSULA VON DER LEYEN PRESIDENT, EUROPEAN COMMISSION",
            "Ursula von der Leyen",
            "President, European Commission",
        ),
        (
            "JOSÉ RAMOS-HORTA FORMER PRESIDENT OF TIMOR-LESTE",
            "José Ramos-Horta",
            "Former President of Timor-Leste",
        ),
        ("DR. ANNA BELL NATO SPOKESPERSON", "Dr. Anna Bell", "NATO Spokesperson"),
        ("SHANE O'BRIEN-MCDONALD CHIEF EXECUTIVE", "Shane O'Brien-McDonald", "Chief Executive"),
        ("JOHN SMITH, HEAD OF SALES, ACME", "John Smith", "Head of Sales, Acme"),
        ("HANS MULLER LAWYER", "Hans Muller", "Lawyer"),
        ("JOHN SMITH", "John Smith", ""),
        # The text's mixed-case mention settles a name the title lexicon cannot.
        ("VLADIMIR PUTIN KREMLIN LEADER", "Vladimir Putin", "Kremlin Leader"),
    ],
)
def test_name_and_title_split(label, name, role):
    assert split_name_title(label, MENTIONS) == (name, role)


def test_mention_settles_a_three_word_name_the_default_would_cut():
    mentions = MentionIndex("Yesterday Gabriel García Márquez spoke briefly. María José García agreed.")
    assert split_name_title("GABRIEL GARCÍA MÁRQUEZ NOVELIST", mentions) == (
        "Gabriel García Márquez",
        "Novelist",
    )
    # Without the mention, GARCÍA has no surname ending to keep it in the name.
    assert split_name_title("MARÍA JOSÉ GARCÍA TEACHER", mentions) == ("María José García", "Teacher")
    assert split_name_title("MARÍA JOSÉ GARCÍA TEACHER")[0] == "María José"


@pytest.mark.shared
def test_every_synthetic_soundbite_speaker_and_title_is_recovered(tmp_path):
    """The benchmark generator knows who said what: check every split against it."""
    bench = shared_path("bench", "gen_corpus.py").parent
    sys.path.insert(0, str(bench))
    try:
        import gen_corpus
    finally:
        sys.path.remove(str(bench))
    gen_corpus.main([str(tmp_path), "--count", "150", "--seed", "11"])
    people = {p["name"]: p["title"] for p in gen_corpus.build_entities()["people"]}
    soundbites = 0
    for path in sorted(tmp_path.glob("*.txt")):
        parsed = newsvideo.parse(path.read_text())
        assert parsed.meta.reporter and parsed.meta.network and parsed.meta.place, path
        for turn in parsed.turns:
            if turn.role in ("anchor", "reporter"):
                continue
            soundbites += 1
            assert turn.speaker in people, (path, turn.speaker)
            assert turn.role.upper() == people[turn.speaker], (path, turn.role)
    assert soundbites > 500


def test_upper_case_labels_split_as_people_write_them():
    """bench/name_split.py prints the figures and every miss; this keeps them from sliding back."""
    sys.path.insert(0, str(ROOT / "bench"))
    import name_split

    for path, least in zip(name_split.LISTS.values(), (0.95, 0.75), strict=True):
        total, _, exact, _ = name_split.score(path)
        assert total >= 20 and exact / total >= least, (path.name, exact, total)
    assert split_name_title("JANE DOE-ROE EMERGENCY NURSE") == ("Jane Doe-Roe", "Emergency Nurse")
    assert split_name_title("ANA COSTA LISBON RESIDENT") == ("Ana Costa", "Lisbon Resident")
    assert split_name_title("GABRIEL GARCIA MARQUEZ NOVELIST") == ("Gabriel Garcia Marquez", "Novelist")
