"""Measure the evidence ranking's character share (answer/evidence.py, CHAR_WEIGHT) on the dev questions.

    PLANQA_DATA_DIR=var/eval python -m eval.sweep_chars --corpus corpus --corpus tests/data/external

Items: each single-turn answerable item of the dev files (eval/user_qa/dev*.jsonl; never a test split) whose
question names one region, searched as the answerer searches it (its documents, Settings.top_k passages). The
bridge (index/bridge.py) is fitted on every dev file, so its links would have seen these very questions: each half
of the dev files (by number, as `eval.fit_bridge --cross` halves them) is searched with a bridge fitted on the
other half. For each weight the evidence is ranked as the answerer ranks it and the sentences an answer shows are
chosen by `Answerer._answering`; an item counts when a sentence holding one of its evidence strings is first, in the
first three, or shown. Printed per half and for both, so that a weight chosen on one half can be read on the other.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from answer.evidence import CHAR_WEIGHT, Evidence, stands_alone
from config import Settings
from eval.fit_bridge import bridge_of, dev_files, halves, searched, training_items
from eval.qa import QAItem, norm
from planqa import PlanQA

WEIGHTS = (0.0, 0.3, 0.5, 0.8, 1.2)


def holds(item: QAItem, ev: Evidence) -> bool:
    """The sentence holds one of the item's evidence strings (or, 12 characters or more, lies inside one)."""
    text = norm(ev.text)
    return any(e and (e in text or (len(text) >= 12 and text in e)) for e in map(norm, item.evidence))


def measure(qa: PlanQA, items: Sequence[QAItem], weights: Sequence[float]) -> dict[float, list[int]]:
    """Per weight: items with the evidence first, in the first three, among the sentences shown; and the sentences
    shown in all."""
    answerer = qa._answerer
    scorer = answerer.scorer
    out = {w: [0, 0, 0, 0] for w in weights}
    for it in items:
        scope, hits = searched(qa, it)
        if len({answerer.index.docs[d].region for d in scope.doc_ids}) > 1:
            continue
        words = answerer._lexical(it.question)
        for w in weights:
            scorer.char_weight = w
            ranked = [e for e in scorer.best(words, hits, None, it.question) if not stands_alone(e)]
            shown = answerer._answering(ranked)
            counts = out[w]
            counts[0] += bool(ranked) and holds(it, ranked[0])
            counts[1] += any(holds(it, e) for e in ranked[:3])
            counts[2] += any(holds(it, e) for e in shown)
            counts[3] += len(shown)
    scorer.char_weight = CHAR_WEIGHT
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.sweep_chars", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, help="corpus folder (repeatable)")
    parser.add_argument("--weights", type=float, nargs="+", default=list(WEIGHTS))
    args = parser.parse_args(argv)
    qa = PlanQA.open(Settings(corpus_dirs=args.corpus or [Path("corpus")], llm="none"))
    retriever = qa._answerer.retriever
    parts = halves(dev_files())
    totals = {w: [0, 0, 0, 0] for w in args.weights}
    for k in (0, 1):
        retriever.bridge = bridge_of(parts[1 - k], retriever.index.terms)
        for w, (first, three, shown, sentences) in measure(qa, training_items(parts[k]), args.weights).items():
            totals[w] = [a + b for a, b in zip(totals[w], (first, three, shown, sentences), strict=True)]
            print(f"half {k}  weight {w:<4}  first {first}  first three {three}  shown {shown}  sentences {sentences}")
    for w, (first, three, shown, sentences) in totals.items():
        print(f"both halves  weight {w:<4}  first {first}  first three {three}  shown {shown}  sentences {sentences}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
