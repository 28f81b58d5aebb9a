"""Sparse retrieval: Okapi BM25 over jieba tokens, with a user dictionary of plan terms.

The tokenizer is a parameter (`SparseIndex(tokenize=str.split)` in unit tests); the default, `jieba_tokenize`,
loads jieba and its dictionaries on first use, never at import time.
"""

from __future__ import annotations

import io
import math
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

PLAN_TERMS = Path(__file__).with_name("plan_terms.txt")
STOPWORDS = Path(__file__).with_name("stopwords.txt")

STATE_FORMAT = "planqa-bm25"
STATE_VERSION = 1

# Single-character Chinese tokens are kept. They carry meaning in these plans (锂, 钾, 钠, 铝, 茶, 竹; 家 and 年 in
# "多少家", "2025年"), and jieba emits a single character whenever it meets a word it does not know, so dropping them
# would drop exactly the words the dictionaries miss. The meaningless ones (的, 了, 是, 在, 和…) are in
# stopwords.txt, and BM25's idf makes frequent characters cheap. Measured on eval/qa.jsonl (the 26 questions with a
# document, evidence and no history; the blank-line paragraphs of both corpus files): keeping them gives hit@1 18/26,
# dropping them 15/26; hit@5 is 24/26 either way.
KEEP_SINGLE_CHARS = True

_lock = threading.Lock()
_jieba: Any = None  # the module-private jieba.Tokenizer, built on first use
_stopwords: frozenset[str] | None = None


def normalize(text: str) -> str:
    """The form in which text is matched: NFKC and lowercase. `"Ｒ＆Ｄ投入" -> "r&d投入"`."""
    return unicodedata.normalize("NFKC", text).lower()


def _data_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a data file, normalised like the text they are matched against."""
    lines = (normalize(line).strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _tokenizer() -> Any:
    """The jieba tokenizer with the plan-term dictionary, built once (about a second) on first use."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" at DEBUG on init
                tokenizer = jieba.Tokenizer()  # our own instance: the global jieba.dt stays untouched
                # A file object, not the path: the entries are normalised first (R&D -> r&d, like the text) and
                # our comment lines are dropped (plain jieba would load "# …" as a word).
                tokenizer.load_userdict(io.StringIO("\n".join(_data_lines(PLAN_TERMS))))
                _jieba = tokenizer
    return _jieba


def stop_words() -> frozenset[str]:
    """The stop words BM25 drops (stopwords.txt, normalised)."""
    global _stopwords
    if _stopwords is None:
        _stopwords = frozenset(_data_lines(STOPWORDS))
    return _stopwords


def _is_word(token: str) -> bool:
    """False for tokens of only whitespace, punctuation or symbols: `"r&d"` and `"1.5%"` are words, `"，"` is not."""
    return any(ch.isalnum() for ch in token)


def jieba_tokenize(text: str) -> list[str]:
    """Search tokens of `text`: NFKC, lowercase, jieba `lcut_for_search` with the plan terms, minus stop words.

    `"我们是高企，研发投入占营收6%"` -> `["高企", "研发", "投入", "研发投入", "占", "营收", "6%"]`.
    """
    stop = stop_words()
    return [
        t
        for t in _cut_for_search(normalize(text))
        if _is_word(t) and t not in stop and (KEEP_SINGLE_CHARS or len(t) > 1 or t.isascii())
    ]


def _cut_for_search(text: str) -> list[str]:
    """jieba's `lcut_for_search`, plus the dictionary words of four or more characters inside longer words.

    `lcut_for_search` adds only the 2- and 3-character dictionary words inside a long word, so the long plan terms
    would hide their 4-character parts: 知识价值信用担保贷款 gives 知识, 价值, 信用, 担保, 贷款 but not 知识价值
    or 担保贷款, which is how a user asks ("用知识价值做担保贷款"). With them, eval/qa.jsonl hit@5 goes from 22 to
    24 of 26.
    """
    tokenizer = _tokenizer()
    tokens = []
    for word in tokenizer.lcut_for_search(text):
        tokens.append(word)
        for n in range(4, len(word)):
            tokens.extend(word[i : i + n] for i in range(len(word) - n + 1) if tokenizer.FREQ.get(word[i : i + n]))
    return tokens


def query_weights(query: str, concept_share: float = 0.85) -> dict[str, float]:
    """Weights of a question's search tokens: a mix of one per token and one per word of the question.

    Search mode cuts a long word into many tokens (科技企业孵化器 -> 科技, 企业, 孵化, 孵化器, 科技企业孵化器), so a
    question's compound nouns outvote its short key words (奖励, 评). With weight `concept_share` each word's tokens
    share one unit between them; the rest is the plain one-per-token count. Measured on eval/qa.jsonl
    (BENCHMARKS.md): hit@1 0.94 -> 0.96 with 0.85.
    With 0.5, `"孵化器奖励"` -> {孵化: 0.67, 化器: 0.67, 孵化器: 0.67, 奖励: 1.0}: 孵化器's three tokens share 0.5
    and get 0.5 each as tokens.
    """
    tokenizer = _tokenizer()
    stop = stop_words()
    per_token = Counter(jieba_tokenize(query))
    shared: Counter[str] = Counter()
    for word in tokenizer.lcut(normalize(query)):
        subs = [t for t in _cut_for_search(word) if _is_word(t) and t not in stop and t in per_token]
        for t in subs:
            shared[t] += 1 / len(subs)
    return {t: (1 - concept_share) * c + concept_share * shared[t] for t, c in per_token.items()}


class SparseIndex:
    """Okapi BM25 over a list of texts, stored as postings (token -> doc ids, term frequencies).

    score(q, d) = sum over query tokens t of  idf(t) * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))
    with idf(t) = log(1 + (N - df(t) + 0.5) / (df(t) + 0.5)), which is always positive. A token repeated in the
    query counts once per occurrence. Search touches only the postings of the query's tokens.
    """

    def __init__(self, tokenize: Callable[[str], list[str]] = jieba_tokenize, k1: float = 1.5, b: float = 0.75):
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        self.tokenize = tokenize
        self.k1 = float(k1)
        self.b = float(b)
        self._set_postings({}, np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        """Number of indexed documents."""
        return len(self._doc_lens)

    def fit(self, texts: Sequence[str]) -> None:
        """Index `texts`; document i is `texts[i]`. Replaces whatever was indexed before."""
        doc_ids: dict[str, list[int]] = {}
        tfs: dict[str, list[int]] = {}
        doc_lens = np.zeros(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            counts = Counter(self.tokenize(text))
            doc_lens[i] = sum(counts.values())
            for token, tf in counts.items():
                doc_ids.setdefault(token, []).append(i)
                tfs.setdefault(token, []).append(tf)
        postings = {t: (np.array(doc_ids[t], dtype=np.int64), np.array(tfs[t], dtype=np.float64)) for t in doc_ids}
        self._set_postings(postings, doc_lens)

    def _set_postings(self, postings: dict[str, tuple[np.ndarray, np.ndarray]], doc_lens: np.ndarray) -> None:
        self._postings = postings
        self._doc_lens = doc_lens
        n = len(doc_lens)
        avgdl = float(doc_lens.mean()) if n else 0.0
        # The length normaliser k1 * (1 - b + b * |d| / avgdl) of each document, computed once.
        self._norm = self.k1 * (1 - self.b + self.b * doc_lens / avgdl) if avgdl > 0 else np.full(n, self.k1)
        self._idf = {t: math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5)) for t, (ids, _) in postings.items()}

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The `k` best (doc index, score) pairs, best first; only documents with a score above 0, and only those
        where the boolean mask `allowed` (one entry per document) is True. Equal scores: lower doc index first."""
        return self.search_weights(Counter(self.tokenize(query)), k, allowed)

    def search_weights(
        self, weights: Mapping[str, float], k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Like `search`, with each query token's weight given (BM25 is linear in them): see `query_weights`."""
        n = len(self)
        if allowed is not None:
            allowed = np.asarray(allowed)
            if allowed.dtype != np.bool_ or allowed.shape != (n,):
                raise ValueError(f"allowed must be a boolean mask of shape ({n},), got {allowed.dtype} {allowed.shape}")
        if k <= 0 or n == 0:
            return []
        ids_parts: list[np.ndarray] = []
        score_parts: list[np.ndarray] = []
        for token, qtf in weights.items():
            if token not in self._postings:
                continue
            ids, tf = self._postings[token]
            ids_parts.append(ids)
            score_parts.append(qtf * self._idf[token] * tf * (self.k1 + 1) / (tf + self._norm[ids]))
        if not ids_parts:
            return []
        docs, inverse = np.unique(np.concatenate(ids_parts), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate(score_parts))
        keep = scores > 0
        if allowed is not None:
            keep &= allowed[docs]
        docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))[:k]
        return [(int(docs[i]), float(scores[i])) for i in order]

    def knows(self, token: str) -> bool:
        """Whether any indexed document holds the token."""
        return token in self._idf

    def idf(self, token: str) -> float:
        """idf of a token as indexed; a token no document holds gets the idf of df = 0 (rarest)."""
        n = len(self)
        return self._idf.get(token, math.log(1 + (n + 0.5) / 0.5) if n else 0.0)

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot: parameters, document lengths and postings. The tokenizer is not part of it;
        pass the same one to `from_state`."""
        return {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "k1": self.k1,
            "b": self.b,
            "doc_lens": self._doc_lens.tolist(),
            "postings": {t: [ids.tolist(), tf.astype(np.int64).tolist()] for t, (ids, tf) in self._postings.items()},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], tokenize: Callable[[str], list[str]] = jieba_tokenize) -> SparseIndex:
        """The index saved by `to_state`, searching with `tokenize` (which must be the tokenizer it was built with)."""
        if state.get("format") != STATE_FORMAT or state.get("version") != STATE_VERSION:
            raise ValueError(
                f"not a {STATE_FORMAT} v{STATE_VERSION} state: format={state.get('format')!r}, "
                f"version={state.get('version')!r}"
            )
        index = cls(tokenize=tokenize, k1=state["k1"], b=state["b"])
        postings = {
            t: (np.array(ids, dtype=np.int64), np.array(tf, dtype=np.float64))
            for t, (ids, tf) in state["postings"].items()
        }
        index._set_postings(postings, np.array(state["doc_lens"], dtype=np.int64))
        return index


class TermStats:
    """Document frequencies of the indexed sentence units: `idf` and `knows` exactly as SparseIndex computes them,
    without the postings. The answer stage weighs question words with these, whatever store does the search."""

    def __init__(self, df: Mapping[str, int], n: int):
        self.n = int(n)
        self._idf = {t: math.log(1 + (self.n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._df = dict(df)

    @classmethod
    def of(cls, index: SparseIndex) -> TermStats:
        return cls({t: len(ids) for t, (ids, _) in index._postings.items()}, len(index))

    def knows(self, token: str) -> bool:
        return token in self._idf

    def idf(self, token: str) -> float:
        return self._idf.get(token, math.log(1 + (self.n + 0.5) / 0.5) if self.n else 0.0)

    def to_state(self) -> dict[str, Any]:
        return {"n": self.n, "df": self._df}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TermStats:
        return cls(state["df"], state["n"])
