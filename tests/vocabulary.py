"""A stand-in for the index's vocabulary (index/query.py, `Vocabulary`) in the query tests."""

from __future__ import annotations


class Vocabulary:
    """The index's view of words: which it holds and how rare each is."""

    def __init__(self, idf: dict[str, float]):
        self._idf = idf

    def knows(self, token: str) -> bool:
        return token in self._idf

    def idf(self, token: str) -> float:
        return self._idf[token]
