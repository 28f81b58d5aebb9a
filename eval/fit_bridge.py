"""Fit the bridge of index/bridge.py (users' words -> the plans' words) from questions written blind, and measure it.

    PLANQA_DATA_DIR=var/eval python -m eval.fit_bridge --corpus corpus --corpus tests/data/external            # fit
    PLANQA_DATA_DIR=var/eval python -m eval.fit_bridge --corpus corpus --corpus tests/data/external --cross    # measure

Training pairs: each answerable item of the dev files (eval/user_qa/dev*.jsonl; never a test split) without
history, as (the tokens of its lexical query, the tokens of its evidence strings). A follow-up is left out: alone it
does not say what it asks about. Only plan words the index holds are kept.

`--cross` fits on the even-numbered dev files and measures retrieval on the odd ones, then the reverse, for several
bridge weights: hit@1, hit@5 and MRR@10 of the passages the answerer searches (the question's documents, as
answer/scope.py reads them, 12 passages) with no bridge and with the bridge of the other half. This is how the
constants of index/bridge.py were chosen; the shipped table is fitted on every dev file.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

from answer.scope import Scope, resolve_scope
from config import Settings
from eval.qa import QAItem, RetrievalScores, first_hit_rank, load_qa
from eval.run import _passages
from index.bridge import BRIDGE_FILE, BRIDGE_WEIGHT, Bridge, fit
from index.query import lexical_query
from index.retriever import Hit
from index.sparse import jieba_tokenize
from planqa import PlanQA

DEV = Path("eval/user_qa")


def dev_files(folder: Path = DEV) -> list[Path]:
    return sorted(folder.glob("dev*.jsonl"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))


def training_items(files: Sequence[Path]) -> list[QAItem]:
    return [it for f in files for it in load_qa(f) if it.answerable and it.evidence and not it.history]


def pairs_of(items: Sequence[QAItem], vocabulary) -> list[tuple[list[str], list[str]]]:
    return [
        (jieba_tokenize(lexical_query(it.question, vocabulary)), [t for e in it.evidence for t in jieba_tokenize(e)])
        for it in items
    ]


def halves(files: Sequence[Path]) -> list[list[Path]]:
    """The dev files in two halves by their place in `files` (even, odd): one fits, the other measures."""
    return [[f for i, f in enumerate(files) if i % 2 == k] for k in (0, 1)]


def bridge_of(files: Sequence[Path], vocabulary) -> Bridge:
    """The bridge fitted on the training items of `files`, to the index's words."""
    return fit(pairs_of(training_items(files), vocabulary), vocabulary.knows)


def searched(qa: PlanQA, item: QAItem) -> tuple[Scope, list[Hit]]:
    """The answerer's own search for a question: its documents (answer/scope.py), their names left out, top_k."""
    answerer = qa._answerer
    scope = resolve_scope(item.question, answerer.index.docs, answerer.english_places)
    return scope, answerer.search(item.question, scope.doc_ids, qa.settings.top_k)


def _ranks(qa: PlanQA, items: Sequence[QAItem]) -> list[int | None]:
    return [first_hit_rank(it, _passages(searched(qa, it)[1])) for it in items]


def _summary(ranks: list[int | None]) -> str:
    s, n = RetrievalScores(list(ranks)).summary(), len(ranks)
    hits = "  ".join(f"{k} {s[k] * n:.0f} ({s[k]:.3f})" for k in ("hit@1", "hit@5"))
    return f"{hits}  MRR@10 {s['mrr@10']:.3f}  n={n}"


def cross(qa: PlanQA, files: Sequence[Path], weights: Sequence[float]) -> None:
    retriever = qa._answerer.retriever
    vocabulary = retriever.index.terms
    parts = halves(files)
    totals: dict[float, list[int | None]] = {w: [] for w in (0.0, *weights)}
    for k in (0, 1):
        bridge, test = bridge_of(parts[1 - k], vocabulary), training_items(parts[k])
        for w in totals:
            retriever.bridge, retriever.config = bridge, dataclasses.replace(retriever.config, bridge_weight=w)
            ranks = _ranks(qa, test)
            totals[w] += ranks
            print(f"half {k}  weight {w:<4}  {_summary(ranks)}", flush=True)
    for w, ranks in totals.items():
        print(f"both halves  weight {w:<4}  {_summary(ranks)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fit_bridge", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, help="corpus folder (repeatable)")
    parser.add_argument("--out", type=Path, default=BRIDGE_FILE)
    parser.add_argument("--cross", action="store_true", help="measure by cross-fitting instead of writing the table")
    parser.add_argument("--weights", type=float, nargs="+", default=[BRIDGE_WEIGHT])
    args = parser.parse_args(argv)
    qa = PlanQA.open(Settings(corpus_dirs=args.corpus or [Path("corpus")], llm="none"))
    files = dev_files()
    if args.cross:
        cross(qa, files, args.weights)
        return 0
    vocabulary = qa._answerer.retriever.index.terms
    items = training_items(files)
    bridge = fit(pairs_of(items, vocabulary), vocabulary.knows)
    bridge.save(args.out)
    print(f"{args.out}: {len(bridge.links)} question words, {len(bridge)} links, from {len(items)} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
