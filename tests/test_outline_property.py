"""Property: render a generated heading tree as plan text; parsing it gives the same outline back, and the
chunks of the parsed text are exact slices that together hold every body sentence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.outline import match_heading, parse_outline

_DIGITS = "零一二三四五六七八九"
WORDS = st.text(alphabet="科技创新发展规划目标企业平台人才产业园区建设完善推进加强服务体系", min_size=2, max_size=12)
SENTENCE = st.builds(
    lambda w, end: w + end,
    st.text(alphabet="科技创新发展企业平台人才建设服务，", min_size=3, max_size=60).filter(
        lambda s: not s.startswith("，")
    ),
    st.sampled_from(["。", "；", "！"]),
)
BODY = st.lists(SENTENCE, min_size=0, max_size=4).map("".join)


def cn(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十"""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


# Levels: (marker for the n-th heading, separator between marker and title)
LEVELS = [
    (lambda n: f"第{cn(n)}章", " "),
    (lambda n: f"第{cn(n)}节", " "),
    (lambda n: f"{cn(n)}、", ""),
    (lambda n: f"（{cn(n)}）", ""),
]


@st.composite
def trees(draw, depth: int = 0):
    """A list of (title, body, children) at one level."""
    if depth >= len(LEVELS):
        return []
    count = draw(st.integers(min_value=0 if depth else 1, max_value=3))
    return [(draw(WORDS), draw(BODY), draw(trees(depth + 1)) if draw(st.booleans()) else []) for _ in range(count)]


def render(tree, depth=0, path=()):
    """-> (text lines, expected [(path)], bodies)"""
    lines, expected, bodies = [], [], []
    for n, (title, body, children) in enumerate(tree, start=1):
        marker, sep = LEVELS[depth]
        heading = f"{marker(n)}{sep}{title}"
        p = (*path, heading)
        lines.append(heading)
        expected.append(p)
        if body:
            lines.append(body)
            bodies.append((p, body))
        sub_lines, sub_expected, sub_bodies = render(children, depth + 1, p)
        lines += sub_lines
        expected += sub_expected
        bodies += sub_bodies
    return lines, expected, bodies


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_rendered_outline_parses_back(tree):
    lines, expected, bodies = render(tree)
    raw = "\n\n".join(lines)
    text = clean(raw).text
    assert text == "\n".join(lines)  # headings and short bodies are never joined
    outline = parse_outline(text)
    assert [s.path for s in outline.sections] == expected
    assert all(match_heading(s.heading) for s in outline.sections)
    chunks = chunk_document("t", text, outline.segments, [], 20, 80)
    for c in chunks:
        assert text[c.start : c.end] == c.text
    for path, body in bodies:
        assert "".join(c.text for c in chunks if c.heading_path == path) == body
