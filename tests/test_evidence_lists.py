"""A question asking which things (哪些领域的数据专区) ranks first the sentence whose enumeration runs into what is asked
(answer/evidence.py, LIST_INTO_BONUS)."""

from __future__ import annotations

from answer.evidence import EvidenceScorer, _lists_into
from index.retriever import Hit
from ingest.schema import Chunk, DocMeta

DOC = DocMeta(doc_id="bj", title="数据专区意见", short_title="数据专区意见", region="北京市")
WORDS = {"推进": 1.0, "领域": 2.0, "数据": 1.0, "专区": 2.0, "建设": 1.0, "孵化": 2.0, "服务": 1.0}
# the first sentence holds more of the question's words; the second lists the fields into 数据专区
TEXT = (
    "推进数据专区建设，明确各领域数据专区建设的责任分工和工作机制，定期评估各专区的建设进展。"
    "不断推进和深化金融、交通、位置、空间、信用等数据专区，形成典型应用场景。"
)
CHUNK = Chunk(id="bj:1", doc_id="bj", heading_path=("工作目标",), text=TEXT, start=0, end=len(TEXT))


def scorer() -> EvidenceScorer:
    return EvidenceScorer(
        tokenize=lambda text: [w for w in WORDS if w in text],
        idf=lambda t: WORDS.get(t, 0.0),
        knows=lambda t: t in WORDS,
    )


def test_a_which_question_ranks_the_enumeration_into_what_it_asks_first():
    best = scorer().best("要推进哪些领域的数据专区建设？", [Hit(CHUNK, DOC, 1.0, 1)], limit=2)
    assert best[0].text.startswith("不断推进和深化金融")
    assert best[0].coverage < best[1].coverage  # ranking only: the coverage the refusal reads is as measured


def test_a_question_asking_no_list_ranks_by_its_words():
    best = scorer().best("推进数据专区建设的领域分工", [Hit(CHUNK, DOC, 1.0, 1)], limit=2)
    assert best[0].text.startswith("推进数据专区建设")


def test_what_is_asked_is_read_after_the_question_word_or_before_you_hai_xie():
    s = scorer()
    assert s.list_heads("要推进哪些领域的数据专区建设？") == {"领域", "数据", "专区", "建设"}
    assert s.list_heads("孵化服务有哪些") == {"孵化", "服务"}
    assert s.list_heads("能享受到啥子样的孵化服务？") == {"孵化", "服务"}
    assert s.list_heads("数据专区建设什么时候完成") == frozenset()


def test_an_enumeration_runs_into_the_asked_words_after_its_deng_or_its_last_item():
    heads = frozenset({"数据", "专区"})
    assert _lists_into("深化金融、交通、信用等数据专区建设", heads)
    assert _lists_into("提供标准化、便利化、个性化孵育服务", frozenset({"服务"}))
    assert not _lists_into("提供标准化、便利化、个性化孵育服务", frozenset({"孵化", "服务"}))  # two asked: both
    # the asked words stand after the enumeration's clause, or only one of two stands after it
    assert not _lists_into("结合所属领域、区域的管理要求，建设数据专区", heads)
    assert not _lists_into("边应用、边迭代、边完善数据管理", heads)  # one of the two asked words
