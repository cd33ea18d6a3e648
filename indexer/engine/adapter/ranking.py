"""How passages are ranked: BM25F, with a prior against passages of a few words.

Whoosh's BM25F with its defaults (B 0.75) rewards short passages so much that
"On tariffs?" and "Inflation, you said?" outranked every answer on the
briefings. The setting here was chosen on a ranking test with graded
judgements (`bench/ranking.py`: 58 topical queries on the briefings and the
debates, 1,052 judged passages) under the rule that the known-item test
(a passage searched for by its rarest words) keeps its MRR@10:

| setting | NDCG@10 | known-item MRR@10, briefings / debates |
|---|---:|---:|
| B 0.75 (Whoosh's defaults, before) | 0.539 | 0.886 / 0.993 |
| B 0.75, prior 20 words (chosen) | 0.723 | 0.886 / 0.993 |
| B 0.3 | 0.843 | 0.872 / 0.980 |

A lower B ranks topical answers better still, but loses passages asked for by
their own words to longer ones holding the same words; the prior discounts
only passages under 20 words, which seldom answer anything and are seldom the
passage a user is after.

- `TEXT_B`: how much a passage's length discounts its words, for what was said.
- `PRIOR_WORDS`: a passage of n words, fewer than PRIOR_WORDS, scores n / PRIOR_WORDS
  of its BM25F score: a prior that a passage of a few words rarely answers
  anything ("On tariffs?"). Zero: none.
"""

from __future__ import annotations

import functools

TEXT_B = 0.75
B = 0.75
K1 = 1.2
PRIOR_WORDS = 20.0


def weighting(text_field: str):
    """The weighting model every searcher scores with; `text_field` is what was said."""
    return _model_class()(text_field, B=B, K1=K1, **{f"{text_field}_B": TEXT_B})


@functools.cache
def _model_class():
    from whoosh.scoring import BM25F, BM25FScorer, bm25

    class PriorScorer(BM25FScorer):
        """BM25F times the length prior. Its bounds are BM25F's own (the prior is at most 1), so Whoosh's
        block-max skipping stays exact."""

        def __init__(self, searcher, fieldname, text, B, K1, qf, prior: float):
            self.prior = prior
            super().__init__(searcher, fieldname, text, B, K1, qf=qf)
            info = searcher.term_info(fieldname, text)
            self._maxquality = self._bound(info.max_weight(), info.min_length())  # (setup's had the prior)

        def _bound(self, weight, length):
            return bm25(self.idf, weight, length, self.avgfl, self.B, self.K1)

        def _score(self, weight, length):
            return self._bound(weight, length) * min(1.0, length / self.prior)

        def block_quality(self, matcher):
            return self._bound(matcher.block_max_weight(), matcher.block_min_length())

    class PassageBM25F(BM25F):
        def __init__(self, text_field: str, **kwargs):
            self.text_field = text_field
            super().__init__(**kwargs)

        def scorer(self, searcher, fieldname, text, qf=1):
            if fieldname != self.text_field or not PRIOR_WORDS or not searcher.schema[fieldname].scorable:
                return super().scorer(searcher, fieldname, text, qf=qf)
            B = self._field_B.get(fieldname, self.B)
            return PriorScorer(searcher, fieldname, text, B, self.K1, qf, PRIOR_WORDS)

    return PassageBM25F
