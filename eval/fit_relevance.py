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
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from config import Settings
from eval.qa import load_qa
from planqa import PlanQA

FOLDS = 10
FALSE_REFUSAL_COST = 2.0
L2 = 1e-3  # ridge on the standardised weights: keeps the fit finite when the classes nearly separate
PROBABILITIES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    question: str
    coverage: float
    dense: float
    positive: bool


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


def collect(qa: PlanQA, paths: list[Path], positive: bool) -> list[Sample]:
    out = []
    for path in paths:
        for item in load_qa(path):
            if positive and not item.answerable:
                continue
            ans = qa.ask(item.question, item.history)
            r = ans.relevance
            if r is None or r.dense is None:  # refused by scope first, or decided on coverage alone (English)
                continue
            out.append(Sample(item.id, item.question, r.coverage, r.dense, positive))
    return out


def fit(x: np.ndarray, y: np.ndarray, iters: int = 20000, lr: float = 0.5) -> Model:
    mu, sd = x.mean(0), x.std(0) + 1e-12
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    n_pos, n = y.sum(), len(y)
    weight = np.where(y == 1, n / (2 * n_pos), n / (2 * (n - n_pos)))  # class-balanced
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= lr * (z.T @ g / n + L2 * w)
        b -= lr * g.mean()
    w_raw = w / sd
    return Model(w_coverage=float(w_raw[0]), w_dense=float(w_raw[1]), bias=float(b - w_raw @ mu))


def cross_validated(x: np.ndarray, y: np.ndarray, seed: int = 0) -> np.ndarray:
    """Each sample's logit from a model fitted without its fold."""
    order = np.random.default_rng(seed).permutation(len(y))
    out = np.zeros(len(y))
    for fold in np.array_split(order, FOLDS):
        train = np.setdiff1d(order, fold)
        m = fit(x[train], y[train])
        out[fold] = m.logit(x[fold, 0], x[fold, 1])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", required=True)
    ap.add_argument("--positives", nargs="+", type=Path, required=True)
    ap.add_argument("--negatives", nargs="+", type=Path, required=True)
    args = ap.parse_args(argv)
    qa = PlanQA.open(Settings(llm="none", corpus_dirs=[Path(p) for p in args.corpus]))
    samples = collect(qa, args.positives, True) + collect(qa, args.negatives, False)
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
    for p in PROBABILITIES:
        cut = math.log(p / (1 - p))
        refused = int(((cv < cut) & (y == 1)).sum())
        accepted = int(((cv >= cut) & (y == 0)).sum())
        cost = FALSE_REFUSAL_COST * refused / n_pos + accepted / n_neg
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
