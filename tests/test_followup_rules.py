"""Follow-ups without the LLM: the previous turn's topic is carried when the new question only changes the place or
the year, points back (这方面, 类似的, 那…呢) or brings a new topic with 呢; a question naming no place keeps the
previous one's."""

from __future__ import annotations

import pytest

from answer.rewrite import is_followup, rewrite_followup

PLACES = ["达州", "达州市", "利州", "利州区", "广元市利州区", "广元", "广元市", "阿坝州", "阿坝", "安徽", "安徽省"]
EN_PLACES = [*PLACES, "Dazhou", "Lizhou"]
PLAN_WORDS = {"定", "钠", "牵头", "部门"}.__contains__  # nouns and verbs of the plans, for short topics


@pytest.mark.parametrize(
    ("previous", "question", "standalone"),
    [
        # only the year changes
        ("利州区2025年高价值发明专利量目标是多少？", "2035年呢？", "利州区2035年高价值发明专利量目标是多少？"),
        # …to two years, asked in Sichuan words (好多 for 多少)
        (
            "利州2020年高价值发明专利有多少件？",
            "2025年和2035年分别要到好多？",
            "利州2025年和2035年高价值发明专利有多少件？",
        ),
        (
            "利州区技术合同登记交易额2025年目标是多少？",
            "基数是多少，2020年的",
            "利州区技术合同登记交易额2020年目标是多少？",
        ),
        # only the place changes
        ("达州2020年科技型中小企业有多少家？", "利州区2020年呢？", "利州区2020年科技型中小企业有多少家？"),
        ("达州2025年高新技术企业目标是多少", "那广元那边呢？", "广元2025年高新技术企业目标是多少"),
        # …also to a place no document covers (the scope then says so), not joined to the covered one
        ("利州区2025年研发经费投入强度目标是多少？", "那旺苍县呢？", "旺苍县2025年研发经费投入强度目标是多少？"),
        # a pointer back with a topic of its own: both topics
        (
            "达州的高新技术企业培育有什么计划？",
            "这方面有没有专门的资金？",
            "达州的高新技术企业培育有什么计划？ 有没有专门的资金",
        ),
        # a new topic with 呢 that ends in the same word as the old one replaces it
        ("安徽对企业级工业互联网平台奖补多少？", "跨行业跨领域的平台呢？", "安徽对跨行业跨领域的平台奖补多少？"),
        (
            "阿坝州有条件共享的政务数据，部门多久要答复？",
            "那有条件开放的数据呢，多久处理？",
            "阿坝州有条件开放的数据，部门多久要答复？ 多久处理",
        ),
        # …and joins it otherwise
        (
            "利州区到2025年要新建几个省级重点实验室？",
            "市级工程技术研究中心呢",
            "利州区到2025年要新建几个省级重点实验室？ 市级工程技术研究中心",
        ),
        # …and a head right after a pointer (这个目标) is the previous topic, not a new one that replaces it
        (
            "利州数字经济发展的目标是啥？",
            "为这个目标，要先构建完善个啥子体系？",
            "利州数字经济发展的目标是啥？ 为目标，要先构建完善个啥子体系",
        ),
        # a new question that names no place keeps the previous place
        ("利州区十四五期间要签订多少科技合作项目？", "区校合作对接会要开几次？", "利州区 区校合作对接会要开几次？"),
        # …unless it names a place of its own, covered or not
        ("达州2025年高新技术企业目标是多少", "成都有什么政策", "成都有什么政策"),
        ("达州2025年高新技术企业目标是多少", "利州区如何实施科技特派员制度？", "利州区如何实施科技特派员制度？"),
        # a period or 那时候 changes the time like a year does
        (
            "利州区高新技术产业主营业务收入2035年目标是多少？",
            "那十三五末是多少",
            "利州区高新技术产业主营业务收入十三五末目标是多少？",
        ),
        ("达州2020年技术市场合同成交额是多少？", "那十二五末的时候呢", "达州十二五末技术市场合同成交额是多少？"),
        (
            "利州2020年公民具备科学素质的比例是多少？",
            "远景2035年定的多少？",
            "利州2035年公民具备科学素质的比例是多少？",
        ),
        # 那边 points back to the place's turn (it had left 边 as a topic)
        ("达州对违背科研诚信的行为怎么处理？", "利州那边呢", "利州对违背科研诚信的行为怎么处理？"),
        ("达州点名支持哪些企业建高水平创新载体？", "利州那边点名的有哪些？", "利州点名支持哪些企业建高水平创新载体？"),
        # city and district: the district, written last, is the place asked about
        ("达州研发费用加计扣除这块怎么说的？", "广元利州那边呢", "利州研发费用加计扣除这块怎么说的？"),
        # an elliptical question (short, no place, no pointer) asks about the previous question's subject
        ("安徽要加密飞日本、韩国的全货机航线吗？", "谁牵头？", "安徽要加密飞日本、韩国的全货机航线吗？ 谁牵头？"),
        (
            "RCEP意见里要建国别商品税率对比清单吗？",
            "这事归哪个部门管？",
            "RCEP意见里要建国别商品税率对比清单吗？ 归哪个部门管",
        ),
        # …and what it asks is kept when the previous question asked something else (yes/no, then how many)
        (
            "安徽工业互联网行动计划里要建创新中心这类载体吗？",
            "建几个？",
            "安徽工业互联网行动计划里要建创新中心这类载体吗？ 建几个？",
        ),
        # English follow-ups: the new place or year put into the previous question, then the follow-up
        (
            "What is Dazhou's 2025 target for high-tech enterprises?",
            "And for Lizhou?",
            "What is Lizhou's 2025 target for high-tech enterprises? And for Lizhou?",
        ),
        (
            "What was Dazhou's contribution rate of S&T progress in 2020?",
            "And what's the target for 2030?",
            "What was Dazhou's contribution rate of S&T progress in 2030? And what's the target for 2030?",
        ),
        # a new year with a topic of its own: the year goes into the previous question before the topic joins it,
        # so the question asks for 2030 alone, not 2025 and 2030 (dev33 u6053)
        (
            "利州高价值发明专利量2025年目标是多少？",
            "那2030年这一项的目标值又是好多件？",
            "利州高价值发明专利量2030年目标是多少？ 2030年项的目标值又是好多件",
        ),
        # a new place with a topic of its own is put into the previous question once, not again with the topic
        # (dev40 u7128 had become `达州达州在场馆是咋打算…`)
        (
            "利州打算靠啥场馆来提升全民科学素质？",
            "那达州在场馆这块是咋打算的？",
            "达州在场馆是咋打算靠啥场馆来提升全民科学素质？",
        ),
        # …but a place no document is called stands alone, for the scope to read (not Lizhou's value)
        (
            "What is Lizhou's 2025 target for high-tech enterprises?",
            "What about Jiange County?",
            "What about Jiange County?",
        ),
    ],
)
def test_followups_carry_the_previous_topic(previous, question, standalone):
    assert rewrite_followup(question, [(previous, "…")], EN_PLACES, knows=PLAN_WORDS) == standalone


def test_what_counts_as_a_followup():
    assert is_followup("类似的计划还有吗", PLACES)
    assert is_followup("基数是多少，2020年的", PLACES)  # no topic of its own
    assert is_followup("市级工程技术研究中心呢", PLACES)
    assert not is_followup("区校合作对接会要开几次？", PLACES)
    assert not is_followup("我们是利州一家做电磁阀的，产品老被仿冒，专利被侵权了，这方面区里能提供哪些保护？", PLACES)


def test_without_history_nothing_changes():
    assert rewrite_followup("那广元那边呢？", [], PLACES) == "那广元那边呢？"


def test_a_topic_the_rules_cannot_place_joins_the_previous_question():
    """No rule puts 科研人员个人出了偏差 in the place of a topic of the previous question: it is searched beside it
    (there is no model rewrite to ask; answer/rewrite.py). A new place still takes the old one's place, so the
    question is about the new place alone."""
    history = [("达州对创新失败有没有容错？", "…")]
    assert (
        rewrite_followup("科研人员个人出了偏差呢？", history, PLACES)
        == "达州对创新失败有没有容错？ 科研人员个人出了偏差"
    )
    seeds = [("达州说要建哪些种质资源圃？", "…")]
    assert rewrite_followup("这方面有没有说要培养人？", seeds, PLACES) == "达州说要建哪些种质资源圃？ 有没有说要培养人"
    moved = rewrite_followup("那利州有没有培养种业人才？", seeds, PLACES)
    assert "利州" in moved and "达州" not in moved


def test_a_short_topic_of_the_plans_words_is_a_topic():
    """`钠这块呢？` asks about 钠, a word of the plans the previous question lacks; `基数` is no word of theirs."""
    plan_words = {"钠", "锂", "资源", "科研", "项目"}.__contains__
    history = [("达州规划对锂资源重点支持哪些科研项目？", "…")]
    assert (
        rewrite_followup("钠这块呢？", history, PLACES, knows=plan_words) == "达州规划对锂资源重点支持哪些科研项目？ 钠"
    )
    # 玻纤 is a topic too, although jieba tags it l (a fixed expression), not n
    fibre = [("达州玄武岩纤维产业有什么技术方向？", "…")]
    assert (
        rewrite_followup("玻纤呢？", fibre, PLACES, knows={"玻纤"}.__contains__)
        == "达州玄武岩纤维产业有什么技术方向？ 玻纤"
    )
    # without knowing the plans' words, a one-character topic is none (the previous question stays)
    assert rewrite_followup("钠这块呢？", history, PLACES) == "达州规划对锂资源重点支持哪些科研项目？"
    # a word the previous question already holds only points back
    assert rewrite_followup("锂这块呢？", history, PLACES, knows=plan_words) == "达州规划对锂资源重点支持哪些科研项目？"
    # a residue the plans do not hold stays no topic
    previous = [("利州区技术合同登记交易额2025年目标是多少？", "…")]
    assert (
        rewrite_followup("基数是多少，2020年的", previous, PLACES, knows=plan_words)
        == "利州区技术合同登记交易额2020年目标是多少？"
    )


def test_a_follow_up_names_a_new_topic_only_with_a_plan_noun_no_earlier_question_named():
    """`政务云那边有什么安排` after a question on 千企上云: 政务 is new (云 was in 上云, 安排 is a verb); `谁牵头？`
    asks about the previous topic (牵头 is a verb); a noun asked before is no new topic."""
    from answer.rewrite import new_topic_words

    earlier = "达州千企上云计划要培育多少家上云示范企业？"
    assert new_topic_words(["政务", "云", "安排"], earlier, lambda t: True) == ["政务"]
    assert new_topic_words(["牵头"], earlier, lambda t: True) == []
    assert new_topic_words(["示范", "企业"], earlier, lambda t: True) == []
    assert new_topic_words(["政务"], earlier, lambda t: False) == []  # not a word of the plans


def test_the_words_that_point_back_are_not_the_follow_ups_own():
    from answer.rewrite import without_pointers

    assert without_pointers("数字贸易这块呢？").split() == ["数字贸易", "呢？"]
    assert without_pointers("政务云那边有什么安排").split() == ["政务云", "有什么安排"]
    assert without_pointers("那它们合作主要是要建个啥？").split() == ["那", "合作主要是要建个啥？"]  # 它们, not 它


def test_a_new_place_takes_every_mention_of_the_old_one():
    """`利州搞乡村振兴科技支撑行动是助力啥子利州？` then `那青川县的…又是咋个安排的？` asks about 青川县 alone: the second 利州
    left in kept the question in 利州区's plan (dev27 u5102 was answered with 利州's measures)."""
    q = rewrite_followup(
        "那青川县的乡村振兴科技支撑又是咋个安排的？",
        [("利州搞乡村振兴科技支撑行动是助力啥子利州？", "助力魅力利州建设。")],
        PLACES,
    )
    assert "青川县" in q and "利州" not in q


def test_a_follow_up_on_the_things_just_named_is_answered_from_their_passage(hash_qa):
    """`跟这些学校是通过啥子形式绑在一起的？` after a list of universities asks how of those very ones: the passage
    holding the list leads (建立技术联盟, 加大与四川大学…合作), not another passage on 新材料 (dev34 u6168)."""
    history = [("达州新材料跟哪些大学合作？", "四川大学、西南交大、四川轻化工大学等高校和科研院所。")]
    a = hash_qa.ask("那跟这些学校是通过啥子形式绑在一起的？", history)
    assert "技术联盟" in a.text


def test_a_follow_up_that_moves_an_indicator_to_the_other_plan_finds_that_plans_row(hash_qa):
    """`达州那边呢？` after 利州区's 技术合同登记交易额: 达州's table names the same indicator 技术市场合同成交额 (both in
    万元), and its row answers, as a comparison of the two plans finds it (dev3 u474 had been told
    规划未规定2025年的目标值)."""
    history = [("利州区2025年技术合同登记交易额目标多少？", "2480万元")]
    a = hash_qa.ask("达州那边呢？", history)
    assert a.text.splitlines()[1].startswith("达州市技术市场合同成交额：2025年 50000万元")
    assert "未规定" not in a.text
