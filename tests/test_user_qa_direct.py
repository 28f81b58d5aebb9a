"""A direct answer first: the number, the list or yes/no cut from the best sentence; definitions found by the words
definitions are written with; comparisons retrieve each plan's passages in turn."""

from __future__ import annotations

import pytest

from answer.direct import direct_line, note_asked, question_form
from index.query import lexical_query


def cover(words):
    return lambda text: sum(w in text for w in words) / len(words)


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("北京说的“数据专区”到底是个啥", "definition"),
        ("阿坝州的政务数据共享分成哪几类", "list"),
        ("达州十四五期间要新培养多少名技术经纪人", "number"),
        ("利州区说要搞无霾城市是真的吗", "yesno"),
        ("达州如何实施高新技术企业倍增计划？", "other"),
        ("RCEP税率对比清单由谁负责？", "who"),
        ("智慧养老平台是哪个单位牵头考核的", "who"),
        ("Which department is responsible for the tariff list?", "who"),
        ("有没有人检查它合不合规？", "who"),  # whether someone does it, and who (dev18 u3559)
        ("有没有人才补贴？", "yesno"),  # 人才 is no someone
        ("这个政策什么时候到期", "when"),
        ("谁可以申请这个补贴吗", "yesno"),  # who may apply asks for conditions, not for a responsible unit
        ("这种项目在利州算重点不", "yesno"),  # a verb and 不 at the end asks yes or no (dev17 u3409)
    ],
)
def test_question_forms(question, form):
    assert question_form(question) == form


def test_the_number_clause():
    s = "加大本土技术转移管理人员、技术经纪（理）人等人才培养（育）力度，力争到2025年，新培养100名技术转移技术经纪（理）人。"
    line = direct_line("达州十四五期间要新培养多少名技术经纪人", s, cover(["培养", "技术", "经纪"]))
    assert line == "新培养100名技术转移技术经纪（理）人"


_TWO_MEASURES = (
    "对集成电路、功率器件产业链企业上一年度购置关键研发设备及工具的，省级按其实际购置金额的20%给予奖补，单个企业最高"
    "1000万元；对其上一年度实施产业化项目并实际完成投资1000万元及以上的，省级按项目关键设备购置额的10%给予奖补，"
    "单个企业最高2000万元。"
)


def test_the_number_is_read_in_the_part_of_a_sentence_on_what_is_asked():
    """A sentence of two measures closed by semicolons: the clause with the most question words (关键, 设备) sits
    in the other measure's part (dev39 u6926 was answered with the 10% of 产业化项目)."""
    words = ["功率器件", "企业", "关键", "研发", "设备", "奖补"]
    line = direct_line(
        "我们是做功率器件的企业，买了一批关键研发设备，省里奖补比例是多少？", _TWO_MEASURES, cover(words)
    )
    assert line == "省级按其实际购置金额的20%给予奖补"


def test_a_cap_asked_is_answered_by_the_clause_that_gives_one():
    words = ["功率器件", "企业", "关键", "研发", "设备", "补贴", "上限"]
    line = direct_line("我们是做功率器件的企业，买了一批关键研发设备，省里补贴上限多少？", _TWO_MEASURES, cover(words))
    assert line == "单个企业最高1000万元"
    s = "鼓励企业实施技术改造，省级按照项目设备购置额的10%给予奖补，最高500万元。"
    assert direct_line("技改奖补最多给多少？", s, cover(["技改", "奖补"])) == "最高500万元"


def test_the_list_clause():
    s = "政务数据共享分为无条件共享、有条件共享、不予共享三种类型。"
    line = direct_line("阿坝州的政务数据共享分成哪几类", s, cover(["政务", "数据", "共享"]))
    assert line == "政务数据共享分为无条件共享、有条件共享、不予共享三种类型"


def test_yes_no_is_negated_when_the_passage_forbids():
    s = "运营单位对外提供数据服务时，不得以营利为目的对原始数据以任何形式进行交易。"
    line = direct_line("北京数据专区里的数据能不能拿去卖？", s, cover(["数据", "专区", "卖"]))
    assert line == "不能。不得以营利为目的对原始数据以任何形式进行交易"
    assert direct_line("利州区说要搞无霾城市是真的吗", "建设中国最干净城市、无霾城市。", cover(["无霾"])) == (
        "是。建设中国最干净城市、无霾城市"
    )


def test_no_yes_is_read_off_an_items_note_of_deadline_score_or_unit():
    """包头's items close on `（0.5分）（5月底…，牵头考核单位：市审批服务局）`: the unit's name holds the question's
    审批, but a yes is said from what the item does (dev32 u5792 had been answered `能。市审批服务局）`)."""
    s = (
        "31．按照自治区要求，加快三张数据目录清单认领和填报。强化电子证照、电子签章推广应用，不断减材料、减证明。"
        "（0.5分）（5月底取得阶段性成效并持续推进，牵头考核单位：市审批服务局）"
    )
    line = direct_line("在包头网上办审批，能不能少交材料？", s, cover(["审批", "服务", "材料"]))
    assert line == "能。不断减材料、减证明"
    assert "审批服务局" not in line


def test_an_items_number_is_neither_the_value_nor_part_of_the_yes():
    s = "9．完善“前台综合受理、后台分类办理、统一窗口出件”模式，各级大厅综合一窗率达90%以上。"
    assert (
        direct_line("包头是不是一个窗口就能办？", s, cover(["窗口"]))
        == "是。完善“前台综合受理、后台分类办理、统一窗口出件”模式"
    )
    s = "2．到2025年，培育高新技术企业3.5万家以上。"
    assert direct_line("要培育多少高新技术企业", s, cover(["高新技术企业", "培育"])) == "培育高新技术企业3.5万家以上"


def test_a_prohibition_the_question_states_itself_gives_no_yes_or_no():
    """`列成不开放的政府数据，以后有没有可能放出来`: the passage's 不得开放 names the data the question is about (its
    premise), so no 没有 is read from it; a question that does not say so is still told 不能."""
    s = "涉及国家秘密、商业秘密、个人隐私，以及法律、法规、规章规定不得开放的政务数据，列入不予开放类。"
    words = cover(["政务数据", "开放", "隐私"])
    assert direct_line("阿坝那些涉及隐私、列成不开放的政府数据，以后有没有可能放出来给大家用？", s, words) is None
    assert direct_line("阿坝的政务数据都能开放吗？", s, words).startswith("不能。")


def test_a_harm_asked_about_is_not_affirmed_by_the_measure_against_it():
    """会不会被泄露: the plan's answer is a protection, so its 会 would say the data will leak; a passage that forbids
    the harm still says 不会, and a plain 会…吗 keeps its 会."""
    s = "保障数据安全，加强个人信息安全保护，提高信息安全事件动态预警、响应、处置能力。"
    line = direct_line("在利州用手机办事，个人信息会不会被泄露", s, cover(["个人信息", "泄露"]))
    assert line == "加强个人信息安全保护"
    s = "对因技术路线选择失误造成创新失败的，予以从轻、减轻或免于问责。"
    assert direct_line("科研项目没搞成功，会被追责吗", s, cover(["问责"])) == "予以从轻、减轻或免于问责"
    s = "禁止垄断经营，保障公平竞争。"
    assert direct_line("数据专区会不会被哪家公司垄断哦？", s, cover(["垄断"])) == "不会。禁止垄断经营"
    s = "建设科普基地，开展青少年科技教育活动。"
    assert direct_line("达州会建科普基地吗", s, cover(["科普", "基地"])) == "会。建设科普基地"


def test_who_and_when_are_read_from_the_bracketed_note_or_the_clause():
    s = "29．拓展智慧养老服务平台功能，为老年人提供便捷养老服务。（0.5分）（10月底完成，牵头考核单位：市民政局）"
    assert direct_line("智慧养老平台由哪个单位牵头？", s, cover(["养老"])) == "10月底完成，牵头考核单位：市民政局"
    assert direct_line("智慧养老平台什么时候完成？", s, cover(["养老"])) == "10月底完成，牵头考核单位：市民政局"
    s = "对于尚无明确领域或区域归属的数据专区，先期由北京市经济和信息化局进行监管和指导，后续视实际情况交由相关部门进行监管。"
    assert direct_line("没有领域归属的专区归谁管？", s, cover(["专区"])) == "先期由北京市经济和信息化局进行监管和指导"
    # a later clause of one unit's duties is that unit's: the sentence names it first
    s = "北京市经济和信息化局负责数据专区的统筹协调和监督指导；承担综合基础类数据专区监管责任，指导其建设和运营。"
    line = direct_line("综合基础类的归谁管？", s, cover(["综合基础类", "监管"]))
    assert line == "北京市经济和信息化局承担综合基础类数据专区监管责任"
    # a sentence that names neither gives no direct line: the sentence itself is shown
    assert direct_line("这件事由谁负责？", "加快数字产业化和产业数字化进程。", cover(["数字"])) is None


def test_definitions_are_searched_with_the_words_that_write_them():
    assert lexical_query("北京说的“数据专区”到底是个啥") == "北京说的“数据专区”到底是个啥 是指 所称 列入 简称 称为"
    # in English `what is` opens most questions: only 是指/所称, not the commoner 列入/简称/称为
    assert lexical_query("What is a data zone?").endswith("是指 所称")
    assert lexical_query("达州2025年高新技术企业目标是多少？") == "达州2025年高新技术企业目标是多少？"


def test_a_comparison_retrieves_each_plan_in_turn(hash_qa):
    hits = hash_qa.retrieve("达州和利州区2025年科技型中小企业目标分别是多少？", 6, within=["达州市", "广元市利州区"])
    assert [h.doc.region for h in hits] == ["达州市", "广元市利州区"] * 3
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5, 6]


def test_a_target_answer_starts_with_the_value_of_the_year_asked(hash_qa):
    a = hash_qa.ask("十四五末达州高新技术企业目标是多少家？")
    assert a.text.splitlines()[1] == "达州市高新技术企业：2025年 400家[1]"  # 十四五末 is 2025: no 2020 value
    b = hash_qa.ask("利州区高价值发明专利现在有多少件？十四五末要到多少件？")
    assert b.text.splitlines()[1] == "广元市利州区高价值发明专利量：2020年 16件，2025年 28件[1]"


def test_a_value_in_the_heading_is_supported_by_its_passage():
    from answer.verify import verify
    from ingest.schema import Chunk

    path = ("附件", "三、政府办公统一协同（20分）", "（一）升级建设政府一体化协同办公平台")
    text = "55．建设全市统一的移动协同办公平台，打造公文流转、信息报送、督查督办、资料管理等共性应用平台。"
    chunk = Chunk("baotou:1", "baotou", path, text, 0, len(text))
    assert verify("政府办公统一协同占20分[1]。", [chunk]).ok
    assert not verify("政府办公统一协同占30分[1]。", [chunk]).ok


def test_a_clause_after_a_semicolon_is_shown_from_its_sentence_start():
    """For a question who is in charge, the clause `承担…监管责任` alone names nobody: its sentence starts with the unit."""
    from answer.evidence import Evidence, from_sentence_start
    from index.retriever import Hit
    from ingest.schema import Chunk

    text = "（一）体系\n　　北京市经济和信息化局负责统筹协调；承担综合基础类数据专区监管责任，指导其运营。另一句。"
    chunk = Chunk(id="c", doc_id="d", heading_path=("体系",), text=text, start=0, end=len(text))
    start = text.index("承担")
    ev = Evidence(Hit(chunk, None, 1.0, 1), start, text.index("另一句"), 0.5, 0.5)
    assert from_sentence_start(ev).text.startswith("北京市经济和信息化局负责统筹协调；承担")
    first = Evidence(Hit(chunk, None, 1.0, 1), text.index("另一句"), len(text), 0.5, 0.5)
    assert from_sentence_start(first) == first  # a whole sentence stays as it is


def test_a_sentence_naming_no_unit_is_shown_from_the_sentence_that_does():
    """`专区监管部门负责监督…。探索专区安全监管模式，针对…进行检视`: the unit is named once, in the sentence before;
    asked who checks, the later sentence alone names nobody (dev18 u3559). A sentence that names its unit stays."""
    from answer.direct import opens_with_unit
    from answer.evidence import Evidence, from_subject
    from index.retriever import Hit
    from ingest.schema import Chunk

    text = (
        "（三）加强专区安全合规监管\n专区监管部门负责监督运营单位健全完善操作规程等。探索专区安全监管模式，"
        "针对个人信息保护等合规制度执行情况进行检视。\n运营单位负责日常运营。"
    )
    chunk = Chunk(id="c", doc_id="d", heading_path=("监管",), text=text, start=0, end=len(text))
    start = text.index("探索")
    ev = Evidence(Hit(chunk, None, 1.0, 1), start, text.index("\n运营"), 0.5, 0.5)
    assert from_subject(ev, opens_with_unit).text.startswith("专区监管部门负责监督")
    own = Evidence(Hit(chunk, None, 1.0, 1), text.index("运营单位负责"), len(text), 0.5, 0.5)
    assert from_subject(own, opens_with_unit) == own
    lone = Evidence(Hit(chunk, None, 1.0, 1), 0, text.index("\n专区"), 0.5, 0.5)
    assert from_subject(lone, opens_with_unit) == lone  # nothing before it in its paragraph


def test_a_conditional_clause_runs_on_through_the_graver_cases_of_its_rule():
    """`…未构成犯罪的，依法给予处分；构成犯罪的，依法追究刑事责任。`: one rule in conditional clauses. A clause that
    states no condition after the semicolon is a clause of its own and is not taken."""
    from answer.evidence import Evidence, through_conditions
    from index.retriever import Hit
    from ingest.schema import Chunk

    text = (
        "第五十条 工作人员泄露个人信息，未构成犯罪的，依法给予处分；构成犯罪的，依法追究刑事责任。"
        "第五十一条 部门应当公开目录；建立更新机制。"
    )
    chunk = Chunk(id="c", doc_id="d", heading_path=("法律责任",), text=text, start=0, end=len(text))

    def ev(first: str, last: str) -> Evidence:
        return Evidence(Hit(chunk, None, 1.0, 1), text.index(first), text.index(last) + len(last), 0.5, 0.5)

    assert through_conditions(ev("第五十条", "依法给予处分；")).text.endswith(
        "未构成犯罪的，依法给予处分；构成犯罪的，依法追究刑事责任。"
    )
    whole = ev("第五十条", "刑事责任。")
    assert through_conditions(whole) == whole  # a whole sentence stays as it is
    plain = ev("第五十一条", "公开目录；")
    assert through_conditions(plain) == plain  # no condition: the next clause is one of its own


@pytest.mark.parametrize(
    ("question", "note", "says"),
    [
        ("这一条算好多分？", "（3分）", True),
        ("政府网站集约化平台升级这项是多少分", "（1.5分）", True),
        ("这项由哪个单位牵头考核？", "（持续推进，牵头考核单位：市市场监管局）", True),
        ("海外仓建设归哪个部门管", "（省商务厅负责）", True),
        ("这个啥时候完成", "（10月底完成，牵头考核单位：市民政局）", True),
        ("这一条算好多分？", "（持续推进，牵头考核单位：市市场监管局）", False),
        ("覆盖率有什么要求", "（3分）", None),
    ],
)
def test_what_a_note_must_say_to_answer(question, note, says):
    pattern = note_asked(question)
    assert (None if pattern is None else bool(pattern.search(note))) is says


@pytest.fixture(scope="module")
def baotou_qa(tmp_path_factory):
    from tests.conftest import hash_qa_with

    return hash_qa_with(tmp_path_factory, "var-direct-baotou", "baotou-*.txt")


def test_two_values_asked_of_a_chapter_and_a_section_under_it_are_both_headings(baotou_qa):
    """The points of 一网统管 and of the city-brain platform under it: both headings above the passage answer, the
    chapter's and the section's (dev34 u6196 had been given the section's 5 alone)."""
    a = baotou_qa.ask("包头考评里政府治理“一网统管”和下面的城市大脑能力平台分别占多少分？")
    first = a.text.splitlines()[1]
    assert "（25分）" in first and "（5分）" in first
