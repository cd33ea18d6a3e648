"""The documentation: the generated pages match the code, and the README's links lead somewhere."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

from indexer.transcripts.formats import FORMATS


def test_the_generated_pages_say_what_the_code_says():
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "generate.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_every_format_is_in_the_format_list_and_every_command_in_the_reference():
    listed = (ROOT / "docs" / "formats-list.md").read_text()
    assert [fmt.name for fmt in FORMATS if f"| `{fmt.name}` |" not in listed] == []
    reference = (ROOT / "docs" / "commands.md").read_text()
    for name in ("index", "search", "show", "speakers", "stats", "trend", "export", "push"):
        assert f"## soundbite {name}\n" in reference


def test_the_readme_is_a_front_page_whose_links_lead_to_pages():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 150
    assert "pip install -e '.[test]' && pytest -q" in readme  # the command CI runs
    for target in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / target).is_file(), target


def test_every_rule_that_leaves_words_out_is_stated_in_the_readme_and_the_format_page():
    import speech

    readme = (ROOT / "README.md").read_text()
    formats = (ROOT / "docs" / "formats.md").read_text()
    section = formats.split("## What is not speech", 1)[1].split("\n## ", 1)[0]
    for rule in speech.RULES:
        assert f"**{rule}**" in readme, rule
        assert f"- **{rule}**:" in section, rule
    stated = re.findall(r"^- \*\*([^*]+)\*\*:", section, re.MULTILINE)
    assert stated == list(speech.RULES)  # nothing stated that the oracle does not hold to, in its order
