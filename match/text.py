"""Text helpers of matching: width folding that keeps offsets, clauses, numbers as written. Sentence ends and
containment normalisation are plantext's (the rules every stage shares).
"""

from __future__ import annotations

import re
import unicodedata

from plantext import SENTENCE_END, sentence_spans, split_spans
from plantext import compact as norm

__all__ = ["SENTENCE_END", "clause_spans", "fmt", "norm", "number", "percent", "sentence_spans", "width_fold"]

# Inside a sentence, a clause ends after a comma or a colon. `、` is not a clause end: it joins list items.
CLAUSE_END = re.compile(r"[，,：:]")


def width_fold(text: str) -> str:
    """Full-width forms folded to ASCII one character at a time, so offsets stay exact (plantext.fold lowercases
    and may change the length): `５％（Ｒ＆Ｄ）` -> `5%(R&D)`.

    A character whose NFKC form is longer than one character (`㎡` -> `m2`) is kept as it is.
    """
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def clause_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clauses of text[start:end], cut after each comma or colon, whitespace trimmed:
    `"对A的企业，给予奖补，最高100万元。"` -> [(0, 6), (6, 11), (11, 19)] (each clause keeps its comma)."""
    return split_spans(text, CLAUSE_END, start, end)


def number(text: str) -> float:
    """`"1,000"` -> 1000.0; `"0.5"` -> 0.5 (numbers as the plans write them, width-folded)."""
    return float(text.replace(",", ""))


def fmt(value: float) -> str:
    """A number the way the plans write it: 5.0 -> `5`, 0.5 -> `0.5`, 3000.0 -> `3000`."""
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def percent(ratio: float) -> str:
    """A ratio as a percentage, as written: 0.05 -> `5%`, 0.025 -> `2.5%`."""
    return f"{round(ratio * 100, 6):g}%"
