"""TTML and DFXP: every dialect's times, speakers and languages, and files that are not quite XML.

The documents are ours, written from the W3C TTML2 recommendation's time
expressions and containers and from the shapes Apple's, Netflix's and
broadcasters' files take (word spans with bare-second times, `ttm:agent`
speakers, `<div>`s per language). The peers' own samples are compared word for
word with pycaption in `test_peers.py`.
"""

from __future__ import annotations

import pytest
from conftest import read_transcripts

from indexer.errors import UnreadableFile
from indexer.transcripts import markup
from indexer.transcripts.formats import detect, ttml

NS = 'xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"'


def read(tmp_path, body: str, head: str = "", tt: str = "", name: str = "captions.ttml"):
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<tt {NS} {tt}><head>{head}</head><body>{body}</body></tt>'
    )
    (transcript,), notes = read_transcripts(path)
    return transcript, notes


def passages(transcript):
    return [(p.speaker, p.text, p.start, p.end) for p in transcript.passages]


def test_every_time_expression_of_the_standard(tmp_path):
    body = (
        '<div><p begin="00:00:01.250" end="00:00:02.5">Clock time with a fraction.</p>'
        '<p begin="00:00:03:12" end="00:00:04:00">Clock time with frames.</p>'
        '<p begin="5s" dur="1500ms">An offset and a duration.</p>'
        '<p begin="210f" end="240f">Frames as an offset.</p>'
        '<p begin="90000t" end="100000t">Ticks.</p>'
        '<p begin="0.2m" end="0.25m">Minutes.</p></div>'
    )
    t, notes = read(
        tmp_path, body, tt='xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="24" ttp:tickRate="10000"'
    )
    times = [(p.start, p.end) for p in t.passages]
    assert t.format == "dfxp" and notes == []
    # One passage per sentence-ending cue run; the first and last times are what the file wrote.
    assert times[0][0] == pytest.approx(1.25)
    starts = sorted(s for s, _ in times)
    assert starts == sorted(starts)
    words = " ".join(p.text for p in t.passages)
    assert words == (
        "Clock time with a fraction. Clock time with frames. An offset and a duration. "
        "Frames as an offset. Ticks. Minutes."
    )
    clock = ttml._Clock.of({"framerate": "24", "tickrate": "10000"})
    assert clock.seconds("00:00:03:12") == pytest.approx(3.5)
    assert clock.seconds("210f") == pytest.approx(8.75)
    assert clock.seconds("90000t") == pytest.approx(9.0)
    assert clock.seconds("0.25m") == pytest.approx(15.0)
    assert clock.seconds("1h") == 3600
    assert ttml._Clock.of({"framerate": "30", "frameratemultiplier": "1000 1001"}).seconds("00:00:01:15") == (
        pytest.approx(1 + 15 / (30000 / 1001))
    )
    # Apple's bare seconds and minutes:seconds.
    assert clock.seconds("19.764") == pytest.approx(19.764)
    assert clock.seconds("3:58.640") == pytest.approx(238.64)
    # No time a recording has.
    for bad in ("", "soon", "-5s", "1e308s", "9" * 40 + "s", "00:61:00:00", "1x"):
        assert clock.seconds(bad) is None, bad


def test_apple_word_spans_agents_and_absolute_times_in_a_timed_division(tmp_path):
    head = (
        '<metadata><ttm:agent type="person" xml:id="v1"><ttm:name type="full">Mira Okafor</ttm:name></ttm:agent>'
        '<ttm:agent type="person" xml:id="v2"><ttm:name type="full">Jonas Brandt</ttm:name></ttm:agent></metadata>'
    )
    body = (
        '<div begin="19.764" end="40.000">'
        '<p begin="19.764" end="21.900" ttm:agent="v1"><span begin="19.764" end="20.105">The</span> '
        '<span begin="20.105" end="20.326">tide</span> <span begin="20.326" end="21.900">turned.</span></p>'
        '<p begin="24.594" end="26.898" ttm:agent="v2">'
        '<span begin="24.594" end="25.028">We</span> <span begin="25.028" end="26.898">waited.</span></p>'
        "</div>"
    )
    t, notes = read(tmp_path, body, head=head)
    # The division's begin is repeated in its captions: they are absolute, not 19.764 s later.
    assert passages(t) == [
        ("Mira Okafor", "The tide turned.", pytest.approx(19.764), pytest.approx(21.9)),
        ("Jonas Brandt", "We waited.", pytest.approx(24.594), pytest.approx(26.898)),
    ]
    assert notes == []


def test_a_timed_container_moves_captions_that_count_from_it(tmp_path):
    body = (
        '<div begin="10s"><p begin="0s" end="2s">The first part.</p></div>'
        '<div begin="00:01:00.000" end="00:01:30.000"><p begin="5s" end="7s">Five seconds into the second part.</p>'
        '<div begin="10s"><p begin="1s" end="2s">Nested: eleven seconds further.</p></div></div>'
    )
    t, _ = read(tmp_path, body)
    assert [(p.text, p.start, p.end) for p in t.passages] == [
        ("The first part.", 10, 12),
        ("Five seconds into the second part.", 65, 67),
        ("Nested: eleven seconds further.", 71, 72),  # 60 + 10 + 1
    ]


def test_captions_missing_a_time_take_their_words_or_their_neighbours(tmp_path):
    body = (
        '<div><p begin="1s" end="3s">One.</p>'
        '<p><span begin="4s" end="4.5s">Timed</span> <span begin="4.5s" end="6s">words.</span></p>'
        '<p begin="7s">No end: it ends where the next begins.</p>'
        "<p>No time at all.</p>"
        '<p begin="12s" end="13s">Last.</p></div>'
    )
    t, notes = read(tmp_path, body)
    cues = ttml._read(tmp_path.joinpath("captions.ttml").read_text())[0]
    assert [(c.begin, c.end) for c in cues] == [(1, 3), (None, None), (7, None), (None, None), (12, 13)]
    assert " ".join(p.text for p in t.passages) == (
        "One. Timed words. No end: it ends where the next begins. No time at all. Last."
    )
    assert t.passages[0].start == 1 and t.passages[-1].end == 13
    assert notes == ["1 caption(s) without a time: placed where the caption before them ends"]


def test_the_language_with_most_captions_is_read_and_the_others_named(tmp_path):
    body = (
        '<div xml:lang="de"><p begin="1s" end="2s">Die Fähre fuhr nicht.</p></div>'
        '<div xml:lang="en"><p begin="1s" end="2s">The ferry did not sail.</p>'
        '<p begin="3s" end="4s">Ice closed the strait.</p></div>'
    )
    t, notes = read(tmp_path, body, tt='xml:lang="en"')
    assert [p.text for p in t.passages] == ["The ferry did not sail. Ice closed the strait."]
    assert notes == ["captions in several languages: read the en ones, not de"]


def test_breaks_spaces_entities_and_styles(tmp_path):
    body = (
        '<div><p begin="1s" end="3s" tts:color="yellow">  &gt;&gt; SARA VANCE:<br/>'
        'Rock &amp; roll   is <span tts:fontStyle="italic">not</span>&#160;dead,\n   it&apos;s&#x20;here.</p></div>'
    )
    t, _ = read(
        tmp_path, body, head='<styling><style xml:id="s1" tts:color="white"/></styling><ttm:title>Not said</ttm:title>'
    )
    assert passages(t) == [("Sara Vance", "Rock & roll is not dead, it's here.", 1, 3)]


def test_files_that_are_not_quite_xml_lose_no_words(tmp_path):
    # An unescaped `&` and `<`, a caption never closed, a prefix on every name, a file cut off mid-caption.
    path = tmp_path / "broken.dfxp"
    path.write_text(
        '<tt:tt xmlns:tt="http://www.w3.org/ns/ttml"><tt:body><tt:div>'
        '<tt:p begin="1s" end="2s">Salt & pepper, 3 < 4.'
        '<tt:p begin="3s" end="4s">Second caption, the first never closed.</tt:p>'
        '<tt:p begin="5s" end="6s">Cut off in the mid'
    )
    (t,), _ = read_transcripts(path)
    # (A lone `<` is no word: every caption reader leaves it out.)
    assert " ".join(p.text for p in t.passages) == (
        "Salt & pepper, 3 4. Second caption, the first never closed. Cut off in the mid"
    )
    assert (t.passages[0].start, t.passages[-1].end) == (1, 6)


def test_entities_declared_in_the_document_are_not_expanded(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<tt {NS}><body><div><p begin="1s" end="2s">Before &c; after.</p></div></body></tt>'
    )
    assert ttml.parse_dfxp(bomb).turns[0].text == "Before &c; after."


def test_nothing_to_read_and_nesting_beyond_any_caption_file(tmp_path):
    with pytest.raises(UnreadableFile, match="no captions in it"):
        ttml.parse_dfxp(f'<tt {NS}><body><div><p begin="1s" end="2s">  </p></div></body></tt>')
    with pytest.raises(UnreadableFile, match="nested more than 200 elements deep"):
        ttml.parse_dfxp(f"<tt {NS}><body>" + "<div>" * 300 + "</div>" * 300 + "</body></tt>")


def test_detected_with_a_prefix_or_an_old_namespace():
    for head in (
        '<tt:tt xmlns:tt="http://www.w3.org/ns/ttml">',
        '<tt xmlns="http://www.w3.org/2006/10/ttaf1">',
        '<?xml version="1.0"?>\n<tt xml:lang="en" xmlns="http://www.w3.org/ns/ttml">',
    ):
        assert detect(head + '<body><div><p begin="1s" end="2s">x</p></div></body></tt>').name == "dfxp", head


def test_the_tokenizer_reads_tags_text_comments_and_stray_brackets():
    found = list(
        markup.events("<!-- a > b --><a:X Y=\"1 &amp; 2\" z='q' bare=v/>t&lt;<![CDATA[<raw>]]><?pi x?></a:x> 1 < 2")
    )
    assert found == [
        markup.Start("x", {"y": "1 & 2", "z": "q", "bare": "v"}, empty=True),
        "t<",
        "<raw>",
        markup.End("x"),
        " 1 ",
        "<",
        " 2",
    ]


def test_the_tokenizer_is_linear_on_brackets_that_never_close():
    # Each `<` that opens no tag is read once, as text (a quadratic scan for its `>` took hours at this size;
    # `bench/linearity.py` measures the time per KB).
    hostile = "<a " * 200_000
    assert sum(1 for _ in markup.events(hostile)) == 400_000  # "<" and "a " for each
