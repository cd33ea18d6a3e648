"""Every query, well formed or not, either runs or is refused in one line that names the problem.

Queries are generated from the query grammar (words, phrases with slop,
fields with words and phrases, AND/OR/NOT/-, parentheses, prefixes, fuzzy
words, boosts) and mixed with junk (unbalanced quotes and parentheses,
operators alone, control characters, long input, other scripts). The search
runs in-process on the seed index; the outcome is counted, so the test also
shows that most generated queries are well formed and run.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.engine.querying.search import search
from indexer.errors import BadQuery

WORDS = ["putin", "Trump", "kgb", "relationship", "summit", "the", "of", "Élodie", "sanctions", "zebra", "helsinki"]
FIELDS = ["speaker", "role", "network", "reporter", "place", "transcript", "text"]

word = st.sampled_from(WORDS) | st.text(alphabet="abcdefghijklmnopqrstuvwxyzéßжя中", min_size=1, max_size=8)
phrase = st.builds(
    lambda ws, slop: '"' + " ".join(ws) + '"' + slop,
    st.lists(word, min_size=1, max_size=4),
    st.sampled_from(["", "~1", "~3", "~x"]),
)
term = st.one_of(
    word,
    phrase,
    st.builds(lambda w: w + "*", word),
    st.builds(lambda w, n: f"{w}~{n}", word, st.sampled_from(["", "1", "2", "3", "9"])),
    st.builds(lambda w, b: f"{w}^{b}", word, st.sampled_from(["2", "0.5", "x"])),
    st.builds(lambda f, v: f"{f}:{v}", st.sampled_from([*FIELDS, "spekaer"]), st.one_of(word, phrase)),
    st.builds(lambda w: "-" + w, word),
)
clause = st.recursive(
    term,
    lambda inner: st.one_of(
        st.builds(lambda a, op, b: f"{a} {op} {b}", inner, st.sampled_from(["AND", "OR", "AND NOT", ""]), inner),
        st.builds(lambda a: f"({a})", inner),
        st.builds(lambda a: f"NOT {a}", inner),
    ),
    max_leaves=6,
)
junk = st.one_of(
    st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", ":", "*", "~", "^", "\x00", "\x1b[31m", "🙂", "  ", "-", "\\"]),
    st.text(max_size=20),
    st.just("putin " * 300),
)
queries = st.one_of(
    clause, st.builds(lambda a, b: a + b, clause, junk), st.builds(lambda a, b: a + b, junk, clause), junk
)
OUTCOMES: Counter[str] = Counter()


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(text=queries)
def test_every_query_runs_or_says_what_is_wrong_in_one_line(seed_index, text):
    try:
        result = search(seed_index, text, limit=3)
    except BadQuery as refused:
        message = str(refused)
        assert message and "\n" not in message and "Traceback" not in message
        OUTCOMES["refused"] += 1
    else:
        assert result.total >= len(result.hits)
        OUTCOMES["found" if result.total else "nothing"] += 1
    # (How long a query takes is measured in bench/, never asserted here: a busy machine is not a bug.)


def test_most_generated_queries_run(seed_index):
    """A property test proves little if nearly every generated query is refused."""
    if not OUTCOMES:  # run alone: generate the queries here
        test_every_query_runs_or_says_what_is_wrong_in_one_line(seed_index=seed_index)
    total = sum(OUTCOMES.values())
    print(dict(OUTCOMES))
    assert total >= 100, OUTCOMES
    assert OUTCOMES["found"] + OUTCOMES["nothing"] > total / 3, OUTCOMES
