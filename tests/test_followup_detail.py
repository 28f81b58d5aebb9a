"""A follow-up asking whether something costs (收不收钱) is answered by the sentence that says it is free, wherever
it ranks among the first few (answer/answerer.py, `_SPECIFIC_DETAILS`), and in its own form: not as the list the
question before it asked for (`_direct`)."""

from __future__ import annotations

import pytest

from answer.detail import Asked
from answer.evidence import Evidence
from answer.scope import Scope
from config import Settings
from index.retriever import Hit
from planqa import PlanQA

MEASURES = """某州政务数据共享管理办法

第一章 总则
第一条 为规范政务数据共享，提高政务服务效能，制定本办法。
第二条 政务数据共享分为无条件共享、有条件共享、不予共享等类型，并在编制目录时确定其共享类型。
第三条 州数据资源主管部门负责统筹协调数据共享工作，建立数据使用部门提需求、数据提供部门作响应的共享机制。
第二章 共享
第四条 政务部门应当通过统一的共享交换平台与其他部门共享数据，逐步整合部门间直连的共享通道。
第五条 政务部门应当无偿共享政务数据。没有法律、行政法规或者党中央、国务院政策依据，不得拒绝其他部门提出的共享申请。
第六条 政务部门应当依据履行职责需要申请共享政务数据，并明确共享数据的应用场景。
"""


@pytest.fixture(scope="module")
def measures_qa(tmp_path_factory) -> PlanQA:
    root = tmp_path_factory.mktemp("fee")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "data-sharing-measures.txt").write_text(MEASURES, encoding="utf-8")
    return PlanQA.open(Settings(data_dir=root / "var", corpus_dirs=[corpus], embedder="hash", llm="none"))


def test_a_follow_up_asking_whether_it_costs_is_answered_by_the_free_of_charge_sentence(measures_qa):
    ans = measures_qa.ask("那部门之间给数据，收不收钱？", (("政务数据共享分哪几种类型？", ""),))
    assert not ans.refused and "未提及是否收费" not in ans.text
    assert "政务部门应当无偿共享政务数据" in ans.text


def _best(qa: PlanQA, words: str, last: str) -> Evidence:
    """The evidence from `words` to the end of the sentence ending in `last`."""
    chunk = next(c for c in qa._index.chunks if words in c.text)
    start = chunk.text.index(words)
    end = chunk.text.index(last, start) + len(last)
    return Evidence(Hit(chunk, qa._index.docs[chunk.doc_id], 1.0, 1), start, end, 0.5, 0.5)


def test_a_follow_up_asking_in_its_own_words_gets_no_direct_line_in_the_form_asked_before(measures_qa):
    """The joined question (`…分哪几种类型？ 那…收不收钱？`) reads as a list question; the follow-up asks none, and the
    clause with two 、 (没有法律、行政法规或者党中央、国务院政策依据) is no answer to it (dev41 u7301)."""
    best = _best(measures_qa, "政务部门应当无偿共享政务数据", "共享申请。")
    typed = "那部门之间给数据，收不收钱？"
    assert measures_qa._answerer._direct(f"政务数据共享分哪几种类型？ {typed}", best, typed) is None
    # a follow-up that only changes the place or year asks in the earlier question's form
    kinds = _best(measures_qa, "政务数据共享分为无条件共享", "共享类型。")
    line = measures_qa._answerer._direct("政务数据共享分哪几种类型？ 那某州呢？", kinds, "那某州呢？")
    assert line is not None and "无条件共享、有条件共享、不予共享" in line


def test_whether_it_costs_is_supplied_by_a_free_of_charge_sentence_under_the_coverage_floor(measures_qa):
    """The joined question's words are the earlier question's (共享, 类型); the sentence that says it is free holds
    few of them, and its 无偿 says all the question asks."""
    answerer = measures_qa._answerer
    query = "政务数据共享分哪几种类型？ 那部门之间给数据，收不收钱？"
    lexical = answerer._lexical(query)
    hits = measures_qa.retrieve(query, 12)
    free = next(h for h in hits if "无偿共享" in h.chunk.text)
    ranked = answerer.scorer.best(lexical, [free], None, query, None)
    assert ranked[0].coverage < answerer.min_coverage  # the floor any other detail's sentence must reach
    asked = Asked("fee", "是否收费")
    found = answerer._supplying(query, Scope(doc_ids=(), foreign=()), hits, None, asked, lexical, [])
    assert found is not None and "无偿共享政务数据" in found.text
