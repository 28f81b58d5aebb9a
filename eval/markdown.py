"""Benchmark reports write their table into BENCHMARKS.md between their own pair of HTML-comment markers."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, body: str, start: str, end: str) -> None:
    """Replace what lies between `start` and `end` in `path` (appending the markers when they are missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = f"{text.rstrip()}\n\n{block}\n".lstrip()
    path.write_text(text, encoding="utf-8")
