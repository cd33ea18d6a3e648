"""SAMI: HTML's unclosed tags, languages by class, captions cleared by `&nbsp;`, read in one pass.

The documents are ours, in the shapes Microsoft's SAMI specification and
broadcasters' files take (upper-case tags left open, a style sheet inside a
comment, classes per language). The peers' samples are compared word for word
with pycaption in `test_peers.py`.
"""

from __future__ import annotations

import pytest
from conftest import read_transcripts

from indexer.errors import UnreadableFile
from indexer.transcripts.formats import sami

HEAD = """<SAMI><HEAD><TITLE>Harbour report (not said)</TITLE>
<STYLE TYPE="text/css"><!--
P { margin-left: 8pt; }
.ENCC { Name: English; lang: en-US; SAMI_Type: CC; }
.FRCC { Name: French; lang: fr-FR; }
--></STYLE></HEAD><BODY>
"""


def read(tmp_path, body: str):
    path = tmp_path / "report.smi"
    path.write_text(HEAD + body + "</BODY></SAMI>\n")
    (transcript,), notes = read_transcripts(path)
    return transcript, notes


def test_open_tags_clears_and_the_last_caption(tmp_path):
    body = (
        "<SYNC Start=1000><P Class=ENCC>&gt;&gt; RUTH ABERNATHY-KOLE: Good evening.<BR>The harbour closed."
        "<SYNC Start=4000><P Class=ENCC>&nbsp;"
        "<SYNC Start=9000><P Class=ENCC>&gt;&gt; The boats stayed in port."
    )
    t, notes = read(tmp_path, body)
    assert t.format == "sami"
    assert [(p.speaker, p.text, p.start, p.end) for p in t.passages] == [
        ("Ruth Abernathy-Kole", "Good evening. The harbour closed.", 1, 4),  # ended by the clearing `&nbsp;`
        ("", "The boats stayed in port.", 9, 13),  # the last caption: four seconds
    ]
    assert notes == []


def test_languages_by_class_the_most_captions_read_the_others_named(tmp_path):
    body = (
        "<SYNC Start=1000><P Class=ENCC>The ferry did not sail.<P Class=FRCC>Le bac n'est pas parti."
        "<SYNC Start=3000><P Class=ENCC>Ice closed the strait.<P Class=FRCC>&nbsp;"
        "<SYNC Start=5000><P>A caption whose language is not named.</P></SYNC>"
    )
    t, notes = read(tmp_path, body)
    assert [(p.text, p.start, p.end) for p in t.passages] == [
        ("The ferry did not sail. Ice closed the strait. A caption whose language is not named.", 1, 9),
    ]
    assert notes == ["captions in several languages: read the en-US ones, not fr-FR"]


def test_words_in_a_sync_without_a_paragraph_and_a_sync_without_a_start(tmp_path):
    body = (
        "<SYNC Start=2000>Words straight in the sync.</SYNC>"
        "<SYNC><P Class=ENCC>No start of its own.</P></SYNC>"
        "<SYNC Start=6000><P Class=ENCC>Last.</P></SYNC>"
    )
    t, notes = read(tmp_path, body)
    assert " ".join(p.text for p in t.passages) == "Words straight in the sync. No start of its own. Last."
    assert notes == ["1 caption(s) in a SYNC without a start time: placed at the time before them"]


def test_times_beyond_any_recording_and_nothing_to_read():
    captions, _ = sami._read("<SAMI><BODY><SYNC Start=1e308><P>Lost time.<SYNC Start=-5><P>Negative.")
    assert [c.start for c in captions] == [0.0, 0.0]  # no time: placed at the start, with a note
    with pytest.raises(UnreadableFile, match="no captions in it"):
        sami.parse_sami("<SAMI><BODY><SYNC Start=1><P>&nbsp;</P></SYNC></BODY></SAMI>")
    with pytest.raises(UnreadableFile, match="nested more than 200"):
        sami.parse_sami("<SAMI><BODY><SYNC Start=1><P>" + "<SPAN>" * 300 + "deep")


def test_many_captions_at_one_time_end_together():
    body = "<SYNC Start=1000>" + "<P Class=ENCC>Same time." * 5 + "<SYNC Start=2000><P Class=ENCC>&nbsp;"
    captions, _ = sami._read(HEAD + body)
    sami._ends(captions)
    assert [(c.start, c.end) for c in captions] == [(1.0, 2.0)] * 5 + [(2.0, 6.0)]
