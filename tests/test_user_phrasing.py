"""Questions as users phrase them (issue 12): what is asked after a self-description, details in headings, lists
that a plan's own headings give, comparisons that name no place, and what the refusal was decided from."""

from __future__ import annotations

import re

import pytest
from conftest import hash_qa_with

from answer.detail import Asked, asked_detail, asking_sentences, supplies
from index.query import lexical_query


@pytest.fixture(scope="module")
def external_qa(tmp_path_factory):
    """The two plans and three external texts (包头, 北京 数据专区, 安徽 RCEP), hashing embedder, extractive."""
    return hash_qa_with(tmp_path_factory, "var-ext", "baotou*.txt", "*data-zone*.txt", "*RCEP*.txt")


def test_asking_sentences_are_the_question_not_the_self_description():
    q = "我们在达州生产磷酸盐，现在以工业级为主，年产几万吨，想往高端精细产品转。规划里磷化工支持什么方向？"
    assert asking_sentences(q) == ["规划里磷化工支持什么方向？"]
    assert asked_detail(q) is None  # 年产几万吨 describes the firm; it is not asked for
    assert (
        asked_detail("我们在达州做触摸屏模组，四十来人，给几家手机厂配套。市里对触摸显示这块有什么技术方向？") is None
    )
    # a joined follow-up asks what its last sentence asks: 个, not the previous question's 家
    joined = "利州区到2025年要培育几家产教融合发展示范企业？ 那生产性实训基地要建几个"
    assert asked_detail(joined) == Asked("value", "这一数值", "个", ())
    assert asking_sentences("达州科技进步贡献率十三五末是多少，规划要提到多少？") == [
        "达州科技进步贡献率十三五末是多少，规划要提到多少？"
    ]


def test_details_in_hours_and_in_headings_are_given():
    span = asked_detail("RCEP国家的货物到安徽海关，一般多久放行？ 快件和易腐的东西")
    assert span is not None and span.kind == "duration"
    assert supplies(span, "对易腐货物和快件实行6小时内放行便利措施")
    score = asked_detail("包头考评里筑牢安全防护体系这块多少分")
    path = ("附件", "六、筑牢安全防护体系（5分）", "（一）建立健全安全防护管理机制", "79．健全安全监测")
    assert supplies(score, "79．健全安全监测、测评审查和联合检查常态化工作机制。", path)  # an ancestor heading
    assert not supplies(score, "79．健全安全监测、测评审查和联合检查常态化工作机制。", path[:1])


def test_an_english_question_asks_for_details_with_its_glossary_terms():
    amount = asked_detail(lexical_query("How much money does Dazhou put into the cultivation fund each year?"))
    assert amount is not None and amount.kind == "amount"
    target = asked_detail(lexical_query("What is Lizhou's R&D intensity target for 2030?"))
    assert target is not None and target.kind == "value" and target.years == ("2030",)


def test_a_list_question_gets_the_sub_headings_of_the_heading_it_names(external_qa):
    a = external_qa.ask("北京数据专区的几条基本原则是什么")
    first = a.text.splitlines()[1]
    assert first.startswith("二、基本原则：")
    for principle in ("政府引导、市场运作", "授权运营、创新引领", "依法合规、安全可控"):
        assert principle in first
    assert first.count("[") == 3  # each principle cited
    for c in a.citations:
        assert c.quote in external_qa.chunk(c.chunk_id).text


def test_a_list_written_as_paragraphs_with_run_in_leads_gets_the_leads(real_qa):
    """达州's 基本原则 are four paragraphs under one heading, each opened by its name (`坚持创新驱动。…`): the answer
    lists the four names, each cited to the passage quoting its lead (dev18 u3595)."""
    a = real_qa.ask("达州这个科技创新规划一共定了哪几条基本原则？")
    first = a.text.splitlines()[1]
    assert first.startswith("第二节 基本原则：")
    for principle in ("坚持创新驱动", "坚持集群牵引", "坚持开放合作", "坚持生态强基"):
        assert principle in first
    for c in a.citations:
        assert c.quote in real_qa.chunk(c.chunk_id).text


def test_the_parts_of_a_plans_goals_are_the_leads_beside_its_table(real_qa):
    """利州's 主要目标 are four run-in leads and 表1 under one heading: asked which parts the goals fall into, the
    answer lists the leads, not the table's rows that share 科技创新, and no 2025 value is called missing (dev18
    u3597)."""
    a = real_qa.ask("利州十四五科技创新的主要目标，分成了哪几个方面来写？")
    first = a.text.splitlines()[1]
    assert first.startswith("（三）主要目标：")
    for goal in ("创新实力明显增强", "创新要素加快聚集", "协同创新高效推进", "创新活力充分释放"):
        assert goal in first
    assert "规划未规定" not in a.text


def test_a_list_of_the_plans_own_period_asks_no_value():
    assert asked_detail("利州十四五科技创新的主要目标，分成了哪几个方面来写？") is None
    value = asked_detail("达州十四五末高新技术企业要达到多少家？")
    assert value is not None and value.kind == "value"
    another_year = asked_detail("利州到2030年有哪些目标？")  # a list for another year: that year is still checked
    assert another_year is not None and another_year.years == ("2030",)
    one_value = asked_detail("安徽工业互联网行动计划2025年的目标是什么")  # one target, not a list (dev u190)
    assert one_value is not None and one_value.years == ("2025",)


def test_run_in_leads_are_short_first_sentences_followed_by_more():
    from answer.answerer import _run_in_leads
    from ingest.schema import Chunk

    text = "——创新实力明显增强。专利申请量年均增长10％。\n坚持开放合作。实施更为主动的合作战略。\n到2025年，构建区域创新体系。"
    chunk = Chunk(id="c", doc_id="d", heading_path=("主要目标",), text=text, start=0, end=len(text))
    assert [name for name, _, _ in _run_in_leads(chunk)] == ["创新实力明显增强", "坚持开放合作"]


def test_a_question_for_one_value_is_not_a_list(external_qa):
    a = external_qa.ask("利州区到2025年要新建几个省级重点实验室？")
    assert "：（一）" not in a.text.splitlines()[1]


def test_a_score_in_a_heading_answers_and_is_not_called_missing(external_qa):
    a = external_qa.ask("包头考评里筑牢安全防护体系这块多少分")
    assert not a.refused and "规划未规定" not in a.text
    assert "5分" in a.text.splitlines()[1]


def test_a_follow_up_about_hours_is_answered(external_qa):
    history = [("RCEP国家的货物到安徽海关，一般多久放行？", "符合正常放行条件的48小时内放行。")]
    a = external_qa.ask("那快件和易腐的东西呢？", history)
    assert not a.refused and "规划未提及" not in a.text and "6小时" in a.text


def test_two_plans_compared_without_naming_them(hash_qa):
    a = hash_qa.ask("两个规划里技术合同交易额到2025年分别要达到多少？")
    assert not a.refused
    assert {c.region for c in a.citations} >= {"达州市", "广元市利州区"}


def test_a_comparison_shows_each_plan_what_a_question_about_it_alone_would(hash_qa):
    """Each plan's best sentence alone left 利州区's count out: its best sentence names 院士（专家）工作站 without one."""
    a = hash_qa.ask("截至“十三五”末，达州和利州各建了多少家院士（专家）工作站？")
    assert "40 家院士（专家）工作站" in a.text and "院士工作站1家" in a.text
    assert {c.region for c in a.citations} == {"达州市", "广元市利州区"}


def test_a_whole_city_asked_for_a_count_gets_no_district_figures(hash_qa):
    a = hash_qa.ask("广元市全市十四五期间要新建几个省级重点实验室")
    assert a.refused and "广元市" in a.text and not a.citations


def test_the_answer_says_what_its_relevance_was_decided_from(real_qa):
    answered = real_qa.ask("我们是达州一家做冷链物流的公司，有十几台冷藏车，主要运生鲜。规划里对冷链物流有提到吗？")
    assert not answered.refused and answered.relevance is not None and answered.relevance.about
    r = answered.to_json()["relevance"]
    assert set(r) == {"about", "coverage", "dense", "probability", "topic"} and 0.0 <= r["probability"] <= 1.0
    refused = real_qa.ask("达州低保怎么申请？一个月能领多少钱？")
    assert refused.refused and refused.relevance is not None and not refused.relevance.about
    assert refused.to_json()["relevance"]["about"] is False


def test_no_yes_is_read_off_a_sentence_that_barely_shares_the_question(real_qa):
    vague = real_qa.ask("达州冬天空气老是雾蒙蒙的，搞科技的能不能帮忙治一治")
    assert not vague.refused  # p ≈ 0.45: about 大气污染治理, in the plan's other words
    assert not vague.text.splitlines()[1].startswith(("能。", "不能。"))
    clear = real_qa.ask("达州有没有科技型中小企业的培育计划？")
    assert clear.text.splitlines()[1].startswith("有。")


def test_the_unit_a_question_asks_for():
    from answer.direct import asks_part

    assert asks_part("阿坝政务数据资源管理办法里，讲数据安全保障的是第几章？") == "章"
    assert asks_part("达州规划里讲人才的是哪一节？") == "节"
    assert asks_part("哪一条规定了政务数据归国家所有") == "条"
    assert asks_part("Which chapter covers data security?") == "章"
    assert asks_part("第几批院士工作站") is None and asks_part("达州有几章？ 哪些") is None
    # its asking words are no topic of the lexical query (部分 is a rare plan word)
    assert "部分" not in lexical_query("利州区规划哪一部分讲知识产权？")
    assert "chapter" not in lexical_query("Which chapter covers data security?").lower()


def test_a_question_for_a_part_is_answered_with_the_heading(external_qa):
    a = external_qa.ask("达州规划第几章讲组织保障")
    assert a.text.splitlines()[1].startswith("第四章 组织保障[")
    # several parts that treat it, each down to the heading that names it, each cited
    a = external_qa.ask("利州区规划哪一部分讲知识产权？")
    lines = a.text.splitlines()
    assert lines[1].startswith("五、实施成果转化工程，推进知识产权创造应用[")
    assert any(line.endswith("（二）推进知识产权改革创新[2]") for line in lines)
    for c in a.citations:
        assert c.quote in external_qa.chunk(c.chunk_id).text
    # down to a 专栏 that names it
    a = external_qa.ask("达州规划哪一章提到了玄武岩纤维的关键技术？")
    assert a.text.splitlines()[1].startswith("第三章 重点任务 › 第三节 构建产业创新发展格局 › ")
    assert "专栏 8 达州玄武岩纤维产业关键技术[" in a.text.splitlines()[1]
    # no heading holds the question's words: the part that holds the best evidence, then that evidence
    a = external_qa.ask("达州规划哪一章提到了计算机软件著作权？")
    assert a.text.splitlines()[1].startswith("第一章 规划背景[") and "计算机软件著作权" in a.text.splitlines()[2]


def test_a_documents_own_year_is_not_a_missing_year(external_qa):
    # 包头市2022年数字政府建设考评办法 is 2022's: its undated figures are 2022's, not missing
    a = external_qa.ask("包头2022年数字政府建设考评里，要联通市本级多少个部门的政务数据？")
    assert "规划未规定2022年" not in a.text and "50个部门" in a.text


def test_two_plans_are_the_corpus_two_plans_though_one_was_not_retrieved(external_qa):
    """`两个规划…分别` in a corpus holding two plans (规划 in the title) and other texts means those two plans, even
    when the hits reached only one of them beside a text that is no plan (包头's 考评办法)."""
    idx = external_qa._index
    hits = _first_passages(external_qa, "baotou", "dazhou")
    compared = external_qa._answerer._compared("两个规划分别点名了哪些本地高校？", hits)
    assert {idx.docs[d].region for d in compared} == {"达州市", "广元市利州区"}


def test_two_places_are_two_plans_places_when_two_plans_are_retrieved(external_qa):
    """`两地…分别` (dev4 u879): the best-retrieved text of another kind (包头's 考评办法) does not displace a plan when
    two plans were retrieved; with one plan retrieved, 两地 stays the two best-retrieved places."""
    hits = _first_passages(external_qa, "lizhou", "baotou", "dazhou")
    lz, bt, dz = (h.chunk.doc_id for h in hits)
    question = "回顾“十三五”，两地在研发投入上分别取得了什么成绩？"
    assert external_qa._answerer._compared(question, hits) == (lz, dz)
    assert external_qa._answerer._compared(question, hits[:2]) == (lz, bt)


def _first_passages(qa, *doc_prefixes: str) -> list:
    """One hit per document named by its id's prefix, ranked in the order given: each document's first passage."""
    from index.retriever import Hit

    idx = qa._index
    first = {}
    for chunk in idx.chunks:
        first.setdefault(chunk.doc_id, chunk)
    docs = [next(d for d in first if d.startswith(prefix)) for prefix in doc_prefixes]
    return [Hit(first[d], idx.docs[d], 1.0 - i / 10, i + 1) for i, d in enumerate(docs)]


def test_which_indicators_a_table_counts_in_a_unit(real_qa):
    """利州表1的指标里哪几项的计量单位是％ was refused (dev19 u3756): the first line names the four rows, each cited
    to its row, whose values follow."""
    a = real_qa.ask("利州表1的9项指标里，哪几项的计量单位是％？")
    assert not a.refused
    first = a.text.splitlines()[1]
    assert "以％计的指标有4项" in first
    for name in ("综合科技创新水平指数", "研发经费投入强度", "研发经费年均增速", "公民具备科学素质的比例"):
        assert name in first
    assert "高新技术企业数" not in a.text  # counted in 家
    assert len(a.citations) == 4 and all(real_qa.chunk(c.chunk_id).kind == "table" for c in a.citations)


def test_a_comparison_shows_each_plans_sentences_under_its_place_and_section(hash_qa):
    """A reader comparing two plans sees which plan says what, and the section heading that often states the aim
    its items never repeat (达州's 专栏2 省级创新型城市建设重点任务)."""
    a = hash_qa.ask("截至“十三五”末，达州和利州各建了多少家院士（专家）工作站？")
    lines = a.text.splitlines()[1:]
    labels = [i for i, line in enumerate(lines) if line.endswith("：") and "[" not in line]
    assert labels and labels[0] == 0, a.text
    cited = {c.n: c for c in a.citations}
    for start, end in zip(labels, [*labels[1:], len(lines)], strict=True):
        region = lines[start].split("（")[0].rstrip("：")
        numbers = {int(n) for line in lines[start + 1 : end] for n in re.findall(r"\[(\d+)\]", line)}
        assert numbers and {cited[n].region for n in numbers} == {region}
    assert any(line.startswith("达州市（") for line in lines) and any(
        line.startswith("广元市利州区（") for line in lines
    )


def test_a_heading_that_says_what_is_asked_answers_first(hash_qa):
    """A plan states a section's aim in its heading and its measures never repeat it (dev27 u5055)."""
    a = hash_qa.ask("利州的创新生态优化行动，是要丰富啥子利州的内涵？")
    assert a.text.splitlines()[1] == "开展创新生态优化行动，丰富活力利州内涵[1]"
    # nor does the title of the list asked for, which says nothing the question does not (eval/qa.jsonl d14)
    b = hash_qa.ask("达州玻纤产业的关键技术有哪些？")
    assert "玻纤产业关键技术[" not in b.text and "窑炉" in b.text
