"""Query text to a Whoosh query: checked first, so a malformed query is a message, not a surprise.

The syntax is Whoosh's own query parser with the fuzzy-word plugin (words,
"phrases"~slop, AND/OR/NOT, prefix*, fuzzy~, field:value) over the default
fields with their BM25F weights. Whoosh's parser is lenient: an unbalanced
quote or a dangling operator silently becomes some other query. `check_query`
refuses those with a message saying what to fix; `-word` is rewritten to
`NOT word`; adjacent-word phrases get soundbite's faster matcher.

Queries come in any language with none given: three words say too little to
guess from. Each word of the passage text is asked for in every language the
index holds (its stem in each, and the word as written where the index holds
more than English), and a word of a script written without spaces is the
phrase of its bigrams (`analysis`).
"""

from __future__ import annotations

import functools
import re

from indexer.engine.analysis import ENGLISH, WORD, fold, has_sign, is_unspaced, morphology, pieces, stem
from indexer.engine.storage.schema import (
    DEFAULT_FIELDS,
    LANGUAGE,
    MENTIONS_FIRST,
    QUERY_FIELDS,
    TEXT,
    TEXT_EXACT,
    TEXT_TAILS,
)
from indexer.errors import BadQuery

OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
MAX_QUERY_WORDS = 200  # a phrase of more is a paragraph: its words are each looked up, and matched in order
MAX_QUERY_CHARS = 10_000
MAX_EDITS = 2  # Lucene's and Elasticsearch's cap on a fuzzy word's edits: beyond it every word matches
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?!//)")
# A quoted phrase (kept as it is) or a minus that starts a word.
_MINUS = re.compile(r"\"[^\"]*\"|(?:(?<=\s)|(?<=^)|(?<=\())-(?=[\w\"(])")


def check_query(text: str) -> None:
    """Raise BadQuery for what Whoosh's lenient parser would silently misread."""
    if not text.strip():
        raise BadQuery("empty query: give at least one word to search for")
    if len(text) > MAX_QUERY_CHARS or len(text.split()) > MAX_QUERY_WORDS:
        raise BadQuery(
            f"a query of {len(text.split()):,} words and {len(text):,} characters: at most {MAX_QUERY_WORDS} words "
            f"and {MAX_QUERY_CHARS:,} characters (search for a shorter stretch of the quote)"
        )
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
    for fuzzy in re.finditer(r"(\w)~(\d+)", unquoted):  # every fuzzy word: one past the cap takes minutes
        if int(fuzzy.group(2)) <= MAX_EDITS:
            continue
        raise BadQuery(
            f"fuzzy words allow at most {MAX_EDITS} edits (as in Lucene), not {fuzzy.group(2)}: write word~{MAX_EDITS}"
        )
    _check_numbers(text)
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
    # (A transcript pattern is a glob over ids, resolved against the list of them: `transcript:debates/*`.)
    patterns = re.sub(r"(?<![\w\"])transcript:\S+", " ", unquoted)
    if text.strip() != "*" and re.search(r"(?<![\w\"])[*?]", patterns):
        raise BadQuery(f"a wildcard in {text!r} needs letters before it: write sanct*, not *tion")


MAX_BOOST = 1000.0
MAX_SLOP = 1000
# (The look-behind starts a word only at its beginning: without it, a 100,000-letter word with no `~`
# was tried from each of its letters, minutes of backtracking.)
_AFTER_TILDE = re.compile(r'(?P<before>"|(?<![\w*?])[\w*?]+)~(?P<spec>[^\s()"]*)')
_AFTER_CARET = re.compile(r"\^(?P<spec>[^\s()\"~]*)")
_FUZZY_SPEC = re.compile(r"(?P<edits>\d*)(?:/(?P<prefix>\d+))?")
_BOOST_SPEC = re.compile(r"\d+(?:\.\d+)?|\.\d+")


def _check_numbers(text: str) -> None:
    """A fuzzy word's `~N/P`, a phrase's `~slop` and a boost's `^N` as numbers in their ranges: Whoosh
    reads `Putin^-1` as two words and `putin~1/9` fails inside it; each is one line here instead."""
    for match in _AFTER_TILDE.finditer(text):
        before, spec = match.group("before"), match.group("spec")
        if before == '"':  # "a phrase"~slop
            if not (spec.isdigit() and int(spec) <= MAX_SLOP):
                raise BadQuery(
                    f'a phrase\'s ~{spec} in {text!r}: give the words it may lie apart, 0 to {MAX_SLOP}: "a b"~3'
                )
            continue
        fuzzy = _FUZZY_SPEC.fullmatch(spec)
        if fuzzy is None:
            raise BadQuery(f"{before}~{spec}: write word~ or word~N (N edits, 0 to {MAX_EDITS}), or word~N/P")
        prefix = fuzzy.group("prefix")
        if prefix is not None and not 1 <= int(prefix) <= len(before):
            raise BadQuery(
                f"{before}~{spec}: /P is how many first letters must match, 1 to {len(before)} for {before!r}"
            )
    for match in _AFTER_CARET.finditer(text):
        spec = match.group("spec")
        if not _BOOST_SPEC.fullmatch(spec) or not 0 < float(spec) <= MAX_BOOST:
            raise BadQuery(f"a boost ^{spec} in {text!r}: give a number above 0 and at most {MAX_BOOST:g}: word^2")


def minus_to_not(text: str) -> str:
    """`-word` (outside phrases) means `NOT word`, also inside parentheses.

    Whoosh's PlusMinusPlugin handles it only at the top level and treats the
    hyphen in `well-known` as an operator, so the rewrite is done here.
    """
    return _MINUS.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "NOT ", text)


# `=word` and `="a phrase"`: the words as written, not their stems (`=building` is not `build`).
_EXACT = re.compile(r'(?<![\w=:])=("[^"]*"|[^\s()"]+)')


def exact_words(text: str) -> str:
    """`=word` as the word itself (`text_exact`, the unstemmed words, in any case and accents: as Google's
    quotes and Elasticsearch's `.exact` fields mean it); `="a phrase"` as the phrase whose every word is
    there as written."""

    def exact(match: re.Match[str]) -> str:
        said = match.group(1)
        words = re.findall(r"[\w'’]+", said)
        if not words:
            return said
        terms = " AND ".join(f"{TEXT_EXACT}:{w}" for w in words)
        return f"({said} AND {terms})" if said.startswith('"') else f"({terms})"

    return _EXACT.sub(exact, text) if "=" in text else text


def parse_query(text: str, schema, languages=(ENGLISH,), whole_words: bool = False):
    """`text` as a Whoosh query over an index holding transcripts in `languages` (ISO 639-1 codes).

    `whole_words`: every passage of the index has its words joined by a sign whole (`at&t`, `c++`).

    `*` is every passage: Whoosh's `Every()`, the document list, rather than an Every over each default
    field, which reads every posting of every word of the field (a minute on 374,000 passages)."""
    from whoosh.query import Every, NullQuery

    from indexer.engine.adapter.phrases import adjacent_phrases

    check_query(text)
    if text.strip() == "*":
        return Every()
    query = _plain_words(text, schema)
    if query is not None:
        if query is NullQuery or isinstance(query, type(NullQuery)):
            raise BadQuery(f"nothing to search for in {text!r}: every word is one the index leaves out")
        return adjacent_phrases(in_languages(query, languages, with_tails=TEXT_TAILS in schema.names()))
    from whoosh.qparser import MultifieldPlugin

    from indexer.engine.adapter.fuzzy import FuzzyWordsPlugin

    parser = _parser_class()(None, schema)
    parser.whole_words = whole_words
    parser.add_plugin(MultifieldPlugin(list(DEFAULT_FIELDS), fieldboosts=MENTIONS_FIRST))
    parser.add_plugin(FuzzyWordsPlugin({TEXT: TEXT_EXACT}))
    try:
        query = parser.parse(minus_to_not(exact_words(text)))
    except Exception as exc:  # the parser's own failures are rare and unhelpful
        raise BadQuery(f"cannot parse query {text!r} ({type(exc).__name__})") from None
    if query is NullQuery or isinstance(query, type(NullQuery)):
        raise BadQuery(f"nothing to search for in {text!r}: an operator needs words on both sides")
    return adjacent_phrases(in_languages(query, languages, with_tails=TEXT_TAILS in schema.names()))


def _plain_words(text: str, schema):
    """The query Whoosh's parser makes of `text` when it is only plain words (`sanctions iran`), made
    without the parser, else None.

    Most searches are a few plain words, and Whoosh's query parser (its plugins, taggers and the
    regular expressions they compile at import) is about 4 ms of a terminal search's start-up. For
    plain words the parser does little: each word, unfielded, is the Or of the default fields' terms
    (as `MultifieldPlugin` writes them, each field's boost from MENTIONS_FIRST), the words are ANDed,
    and the tree is normalized. Here each word is put through each field's own query analysis as the
    parser does; a word that any field cuts into several pieces, a field that parses its own queries,
    or anything beyond ASCII letters and digits goes to the parser. (The equivalence with the parser
    is tested word by word on real indexes' vocabularies.)"""
    words = text.split()
    if not all(word.isascii() and word.isalnum() and word not in OPERATORS and word != "TO" for word in words):
        return None
    from whoosh.query import And, Or, Term

    ors = []
    for word in words:
        terms = []
        for fieldname in DEFAULT_FIELDS:
            field = schema[fieldname]
            if field.self_parsing():
                return None
            tokens = list(field.process_text(word, mode="query", tokenize=True, removestops=True))
            if len(tokens) > 1:
                return None
            if tokens:
                terms.append(Term(fieldname, tokens[0], boost=MENTIONS_FIRST.get(fieldname, 1.0)))
        ors.append(Or(terms))
    return And(ors).normalize()


def parse_for(text: str, index):
    """`text` as a Whoosh query over an opened index (`store.open_for_search`): its schema, its transcripts'
    languages, whether it holds words joined by a sign whole."""
    return parse_query(text, index.schema, index.languages, index.whole_words)


@functools.cache
def _parser_class():
    from whoosh.qparser import QueryParser
    from whoosh.query import And, Or

    class Parser(QueryParser):
        """Whoosh's parser, where a word that the analyzer cuts into several pieces is the phrase of them:
        units of a script without spaces (`习近平`: two bigrams), a change of script (`q3的budget`), and
        words joined by a sign (`AT&T`, `COVID-19`)."""

        whole_words = False  # the index holds words joined by a sign whole in every passage

        def multitoken_query(self, spec, texts, fieldname, termclass, boost):
            # A word written joined is its pieces side by side: `COVID-19`, `9/11`, `well-known` are the
            # phrase of their pieces, not each piece anywhere in the passage (`AT&T` found 2,640 briefings
            # for the two letters apart). A word joined by a sign is also indexed whole (`at&t`, `c++`):
            # that is what it asks for, or, in an index made before whole words were, the whole or the
            # phrase of its pieces (`C++`, whose only piece is `c`, is always asked for whole).
            whole = [text for text in texts if has_sign(text)]
            parts = [text for text in texts if not has_sign(text)]
            field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
            if field is not None and not field.format.supports("positions") and len(texts) > 1:
                # A field without positions (the words as written, `=0㐀`) has no phrases: every piece.
                return And([termclass(fieldname, text, boost=boost) for text in (whole or parts)])
            if whole:
                found = termclass(fieldname, whole[0], boost=boost)
                if self.whole_words or len(parts) < 2:
                    return found
                return Or([found, self.phraseclass(fieldname, parts, boost=boost)])
            if len(texts) > 1:
                return self.phraseclass(fieldname, texts, boost=boost)
            return super().multitoken_query(spec, texts, fieldname, termclass, boost)

    return Parser


def is_single_unit(word: str) -> bool:
    """A single character (with its marks) of a script without spaces: asked for as a prefix."""
    found = pieces(word)
    return len(found) == 1 and found[0][2] != WORD and is_unspaced(word)


def in_languages(query, languages, with_tails: bool = True):
    """The query with each passage-text word stemmed in every one of `languages`.

    The text field's analyzer leaves query words unstemmed and unfolded (the
    stemmers need the accents); here a word becomes its stem in each language,
    and, where the index holds more than English, also the word as written
    (`text_exact`), so that an over-stemmed query still finds its word, and the
    looser forms of `morphology` (compound parts, stacked suffixes, Korean and
    Japanese endings) in the passages of the languages that need them. The
    alternatives of one word are a DisjunctionMax: a passage scores by the best
    of them, not by their sum. An English-only index gets exactly the terms it
    always did. A single unspaced character becomes a prefix of the bigrams.
    `with_tails`: the index has compounds' heads (`text_tails`; not one made before them).
    """
    from whoosh.query import And, Or, Phrase, Prefix, Term, Wildcard

    from indexer.engine.adapter.disjunction import best_of_class

    DisjunctionMax = best_of_class()
    languages = sorted(set(languages) or {ENGLISH}, key=lambda code: (code != ENGLISH, code))
    multilingual = languages != [ENGLISH]

    english = ENGLISH in languages

    def own_language(query, stemmed, written):
        """A stem another language's stemmer makes, and English's does not, only in passages of that
        language: French stems `Yellen` to `yell` and Spanish `Medicaid` to `medic`, which English
        passages hold for `yelling` and `medical` (all the top ten for `Yellen` were yelling)."""
        if not multilingual or not english:
            return query
        if isinstance(written, str):
            made_by = [code for code in languages if stem(written, code) == stemmed]
        else:
            made_by = [code for code in languages if tuple(stem(w, code) for w in written) == tuple(stemmed)]
        if ENGLISH in made_by:
            return query
        # (As `_loose`: a language term of no weight, Whoosh 2.7's Require matcher being broken.)
        terms = [Term(LANGUAGE, code, boost=0.0) for code in made_by]
        return And([query, terms[0] if len(terms) == 1 else Or(terms)])

    def word(node):
        text = node.text
        if has_sign(text):  # a word joined by a sign, whole: indexed as written (folded), never stemmed
            return Term(TEXT, fold(text), boost=node.boost)
        if is_unspaced(text):
            return Prefix(node.fieldname, text, boost=node.boost) if is_single_unit(text) else node
        stems = list(dict.fromkeys(stem(text, language) for language in languages))
        alternatives = [own_language(Term(TEXT, s, boost=node.boost), s, text) for s in stems]
        if multilingual and fold(text) not in stems:
            alternatives.append(Term(TEXT_EXACT, fold(text), boost=node.boost))
        for language in languages:
            for how, form in morphology.spaced_forms(text, language):
                if how != "head" or with_tails:
                    alternatives.append(_loose(how, form, language, node.boost))
        return alternatives[0] if len(alternatives) == 1 else DisjunctionMax(alternatives)

    def phrase(node):
        variants = list(
            dict.fromkeys(
                tuple(w if is_unspaced(w) else stem(w, language) for w in node.words) for language in languages
            )
        )
        made = [
            own_language(
                Phrase(TEXT, list(words), slop=node.slop, boost=node.boost, char_ranges=node.char_ranges),
                words,
                node.words,
            )
            for words in variants
        ]
        whole = morphology.chain_word(node.words) if all(map(is_unspaced, node.words)) else None
        if whole:
            for form in morphology.unspaced_forms(whole, languages):
                made.append(_loose("units", form, "ko" if is_hangul(form) else "ja", node.boost))
        if len(made) == 1:
            return made[0]
        return DisjunctionMax(made) if whole else Or(made)

    def swap(node):
        fieldname = getattr(node, "fieldname", None)
        kind = type(node)
        if fieldname == TEXT:
            if kind is Term and isinstance(node.text, str):
                return word(node)
            if kind is Phrase:
                return phrase(node)
            if isinstance(node, (Prefix, Wildcard)) and isinstance(node.text, str):
                node.text = fold(node.text)
            return node
        if kind is Term and isinstance(node.text, str) and fieldname in QUERY_FIELDS and is_single_unit(node.text):
            return Prefix(fieldname, node.text, boost=node.boost)
        return node

    return query.accept(swap)


def is_hangul(word: str) -> bool:
    return all("\uac00" <= char <= "\ud7a3" for char in word)


def _loose(how: str, form: str, language: str, boost: float):
    """A looser form of a query word (`morphology`), counted only in passages of `language`, at a
    fraction of a full match's score."""
    from whoosh.query import And, Phrase, Prefix, Term

    boost *= morphology.LOOSE_BOOST
    if how == "stem":
        found = Term(TEXT, form, boost=boost)
    elif how == "start":
        found = Prefix(TEXT, form, boost=boost)
    elif how == "head":
        found = Prefix(TEXT_TAILS, form, boost=boost)
    elif how == "begins":
        found = Prefix(TEXT_EXACT, form, boost=boost)
    else:  # "units": an unspaced word's bigrams
        units = morphology.units(form)
        found = Term(TEXT, units[0], boost=boost) if len(units) == 1 else Phrase(TEXT, units, boost=boost)
    # Whoosh's Require (scored by its first query only) has a broken matcher in 2.7; a language term of
    # no weight does the same.
    return And([found, Term(LANGUAGE, language, boost=0.0)])
