"""The passages of an answer stand in the order of their best evidence sentences (evidence.passages_in_order), not
in the fused search's; each keeps its search rank."""

from __future__ import annotations

from answer.evidence import Evidence, passages_in_order
from index.retriever import Hit
from ingest.schema import Chunk, DocMeta

DZ = DocMeta(doc_id="dz", title="达州市科技创新规划", short_title="达州市科技创新规划", region="四川省达州市")
LZ = DocMeta(doc_id="lz", title="利州区科技创新规划", short_title="利州区科技创新规划", region="四川省广元市利州区")


def hit(doc: DocMeta, n: int, rank: int) -> Hit:
    text = f"第{n}段。其二句。"
    return Hit(
        Chunk(id=f"{doc.doc_id}:{n}", doc_id=doc.doc_id, heading_path=(), text=text, start=0, end=9), doc, 1.0, rank
    )


def sentence(h: Hit, start: int = 0) -> Evidence:
    return Evidence(h, start, start + 4, 0.5, 0.5)


def test_passages_follow_their_best_sentences_then_the_search_order():
    a, b, c, d = (hit(DZ, n, rank) for n, rank in ((1, 1), (2, 2), (3, 3), (4, 4)))
    # the search put a first; the sentence ranking put b's sentence first, then a's, then b's second one
    ordered = passages_in_order([a, b, c, d], [sentence(b), sentence(a), sentence(b, 4), sentence(d)])
    assert [h.chunk.id for h in ordered] == ["dz:2", "dz:1", "dz:4", "dz:3"]  # c, never ranked, after the ranked
    assert [h.rank for h in ordered] == [2, 1, 4, 3]  # each keeps the search's rank


def test_places_compared_take_turns():
    """达州 and 利州 are ranked apart (Answerer._evidence): each one's best passage, then each one's second."""
    d1, d2, l1, l2 = hit(DZ, 1, 1), hit(DZ, 2, 2), hit(LZ, 1, 3), hit(LZ, 2, 4)
    ordered = passages_in_order(
        [d1, d2, l1, l2], [sentence(d2), sentence(d2, 4), sentence(d1)], [sentence(l2), sentence(l1)]
    )
    assert [h.chunk.id for h in ordered] == ["dz:2", "lz:2", "dz:1", "lz:1"]


def test_a_passage_ranked_but_not_in_the_search_is_kept():
    """A place compared with no hit of its own is searched apart (Answerer._evidence): its passages count."""
    d1, l1 = hit(DZ, 1, 1), hit(LZ, 1, 1)
    assert [h.chunk.id for h in passages_in_order([d1], [sentence(d1)], [sentence(l1)])] == ["dz:1", "lz:1"]


def test_an_answer_lists_first_the_passage_it_quotes(real_qa):
    """`在达州搞科研项目万一没搞成功，会不会被追责哦` (dev9 u1907): the fused search ranks the passage on 宽容失败
    below others that share the question's words; the sentence ranking puts it first, and so does the answer."""
    a = real_qa.ask("在达州搞科研项目万一没搞成功，会不会被追责哦")
    assert "宽容失败" in a.text
    assert a.retrieved[0].chunk.id == a.citations[0].chunk_id
    assert a.retrieved[0].rank > 1  # the search alone had put another passage first
    assert sorted(h.rank for h in a.retrieved) == list(range(1, len(a.retrieved) + 1))  # every passage kept
