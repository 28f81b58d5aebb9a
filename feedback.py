"""Readers' 👍/👎 on answers, kept in SQLite under the data dir (`<data dir>/feedback.sqlite3`).

    store = FeedbackStore.in_data_dir(settings.data_dir)
    store.add(answer, "down", ("wrong-number",), "2025年应为400家")
    store.export_csv(Path("out.csv"))

Each row keeps what a reviewer needs to judge the answer without re-running it: the answer id, the question, the
answer text, its citations (JSON) and the ids of the passages that were retrieved. A connection is opened per call,
so the store can be used from any thread (the web server answers on several).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from answer.types import Answer
from errors import PlanQAError

RATINGS = ("up", "down")
# reason code -> the label readers see on the page
REASONS = {"wrong-citation": "引用错误", "wrong-number": "数字错误", "off-question": "答非所问", "other": "其他"}
MAX_COMMENT = 2000  # characters; a comment is a note, not a document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    reasons TEXT NOT NULL,        -- JSON list of reason codes
    comment TEXT NOT NULL,
    question TEXT NOT NULL,
    query TEXT NOT NULL,
    answer TEXT NOT NULL,
    route TEXT NOT NULL,
    citations TEXT NOT NULL,      -- JSON list: n, chunk_id, doc_title, heading_path, quote
    retrieved TEXT NOT NULL       -- JSON list of chunk ids, best first
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback (answer_id);
"""

CSV_COLUMNS = (
    "id",
    "created_at",
    "answer_id",
    "rating",
    "reasons",
    "comment",
    "question",
    "query",
    "answer",
    "route",
    "citations",
    "retrieved",
)


class FeedbackError(PlanQAError):
    """Feedback that cannot be stored as given (unknown rating or reason)."""


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    id: int
    created_at: str
    answer_id: str
    rating: str
    reasons: tuple[str, ...]
    comment: str
    question: str
    query: str
    answer: str
    route: str
    citations: tuple[dict, ...]
    retrieved: tuple[str, ...]


class FeedbackStore:
    FILE = "feedback.sqlite3"

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls(Path(data_dir) / cls.FILE)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.executescript(_SCHEMA)
        return conn

    def add(self, answer: Answer, rating: str, reasons: Sequence[str] = (), comment: str = "") -> int:
        """Store one reader's verdict on `answer`; returns the row id."""
        if rating not in RATINGS:
            raise FeedbackError(f"rating must be one of {', '.join(RATINGS)}, not {rating!r}")
        unknown = [r for r in reasons if r not in REASONS]
        if unknown:
            raise FeedbackError(f"unknown feedback reason(s) {unknown}; known: {', '.join(REASONS)}")
        citations = [
            {
                "n": c.n,
                "chunk_id": c.chunk_id,
                "doc_title": c.doc_title,
                "heading_path": list(c.heading_path),
                "quote": c.quote,
            }
            for c in answer.citations
        ]
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            answer.id,
            rating,
            json.dumps(list(dict.fromkeys(reasons)), ensure_ascii=False),
            comment.strip()[:MAX_COMMENT],
            answer.question,
            answer.query or answer.question,
            answer.text,
            str(answer.route),
            json.dumps(citations, ensure_ascii=False),
            json.dumps([h.chunk.id for h in answer.retrieved]),
        )
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, answer_id, rating, reasons, comment, question, query, answer, "
                "route, citations, retrieved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)

    def all(self) -> list[FeedbackRecord]:
        """Every stored row, oldest first (an absent database holds none)."""
        if not self.path.exists():
            return []
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {', '.join(CSV_COLUMNS)} FROM feedback ORDER BY id").fetchall()
        return [
            FeedbackRecord(
                id=r[0],
                created_at=r[1],
                answer_id=r[2],
                rating=r[3],
                reasons=tuple(json.loads(r[4])),
                comment=r[5],
                question=r[6],
                query=r[7],
                answer=r[8],
                route=r[9],
                citations=tuple(json.loads(r[10])),
                retrieved=tuple(json.loads(r[11])),
            )
            for r in rows
        ]

    def export_csv(self, out: Path) -> int:
        """Write every row to `out` (UTF-8 with BOM, so spreadsheet programs read the Chinese); returns the count."""
        records = self.all()
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(CSV_COLUMNS)
            for r in records:
                writer.writerow(
                    (
                        r.id,
                        r.created_at,
                        r.answer_id,
                        r.rating,
                        " ".join(r.reasons),
                        r.comment,
                        r.question,
                        r.query,
                        r.answer,
                        r.route,
                        json.dumps(list(r.citations), ensure_ascii=False),
                        " ".join(r.retrieved),
                    )
                )
        return len(records)
