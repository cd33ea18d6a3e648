"""Query text to a Whoosh query: checked first, so a malformed query is a message, not a surprise.

The syntax is Whoosh's own query parser with the fuzzy-word plugin (words,
"phrases"~slop, AND/OR/NOT, prefix*, fuzzy~, field:value) over the default
fields with their BM25F weights. Whoosh's parser is lenient: an unbalanced
quote or a dangling operator silently becomes some other query. `check_query`
refuses those with a message saying what to fix; `-word` is rewritten to
`NOT word`; adjacent-word phrases get soundbite's faster matcher.
"""

from __future__ import annotations

import re

from indexer.engine.schema import DEFAULT_FIELDS, QUERY_FIELDS
from indexer.errors import BadQuery

OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
MAX_EDITS = 2  # Lucene's and Elasticsearch's cap on a fuzzy word's edits: beyond it every word matches
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?!//)")
# A quoted phrase (kept as it is) or a minus that starts a word.
_MINUS = re.compile(r"\"[^\"]*\"|(?:(?<=\s)|(?<=^)|(?<=\())-(?=[\w\"(])")


def check_query(text: str) -> None:
    """Raise BadQuery for what Whoosh's lenient parser would silently misread."""
    if not text.strip():
        raise BadQuery("empty query: give at least one word to search for")
    if text.strip() != "*" and not re.search(r"\w", text):
        raise BadQuery(f"no searchable words in query {text!r}: give letters or digits to search for")
    if text.count('"') % 2:
        raise BadQuery(f'unbalanced quote in query {text!r}: close the phrase with another "')
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise BadQuery(f"unbalanced parentheses in query {text!r}")
    # A phrase stands for one word here, also as a field's value (`speaker:"donald trump"`).
    unquoted = re.sub(r'(:)?"[^"]*"', lambda m: (m.group(1) or " ") + "_phrase_ ", text)
    for name in _FIELD_PREFIX.findall(unquoted):
        if name not in QUERY_FIELDS:
            raise BadQuery(f"unknown field {name!r} in query: use one of {', '.join(QUERY_FIELDS)}")
    fuzzy = re.search(r"(\w)~(\d+)", unquoted)
    if fuzzy and int(fuzzy.group(2)) > MAX_EDITS:
        raise BadQuery(
            f"fuzzy words allow at most {MAX_EDITS} edits (as in Lucene), not {fuzzy.group(2)}: write word~{MAX_EDITS}"
        )
    if re.search(r"(?<![\w\"]):(\s|$)|\w:(\s|$)", unquoted):
        raise BadQuery(f"a field in {text!r} has no value: write it as field:word")
    words = unquoted.replace("(", " ").replace(")", " ").split()
    for i, word in enumerate(words):
        if word not in OPERATORS:
            continue
        before = words[i - 1] if i > 0 else None
        after = words[i + 1] if i + 1 < len(words) else None
        dangling = after is None or (word != "NOT" and (before is None or before in OPERATORS))
        if dangling and not (word == "NOT" and before in ("AND", "OR") and after):
            raise BadQuery(
                f"{word} in {text!r} needs a word on each side "
                "(operators are upper case; search for the word itself in lower case)"
            )
    if text.strip() != "*" and re.search(r"(?<![\w\"])[*?]", unquoted):
        raise BadQuery(f"a wildcard in {text!r} needs letters before it: write sanct*, not *tion")


def minus_to_not(text: str) -> str:
    """`-word` (outside phrases) means `NOT word`, also inside parentheses.

    Whoosh's PlusMinusPlugin handles it only at the top level and treats the
    hyphen in `well-known` as an operator, so the rewrite is done here.
    """
    return _MINUS.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "NOT ", text)


def parse_query(text: str, schema):
    from whoosh.qparser import MultifieldParser
    from whoosh.query import NullQuery

    from indexer.engine.fuzzy import FuzzyWordsPlugin
    from indexer.engine.phrases import adjacent_phrases

    check_query(text)
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.add_plugin(FuzzyWordsPlugin())
    try:
        query = parser.parse(minus_to_not(text))
    except Exception as exc:  # the parser's own failures are rare and unhelpful
        raise BadQuery(f"cannot parse query {text!r} ({type(exc).__name__})") from None
    if query is NullQuery or isinstance(query, type(NullQuery)):
        raise BadQuery(f"nothing to search for in {text!r}: an operator needs words on both sides")
    return adjacent_phrases(query)
