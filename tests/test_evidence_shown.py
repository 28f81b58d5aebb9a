"""Which evidence sentences an answer shows: beside the best one, those the ranking cannot tell from it
(SCORE_MARGIN), a lead with the sentence it names, and, asked for more, the sentences beside what was shown."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from answer.answerer import SCORE_MARGIN, Answerer, _already_shown, _by_coverage, _distinct, _supplied
from answer.evidence import Evidence, EvidenceScorer
from index.retriever import Hit
from ingest.schema import Chunk, DocMeta

DOC = DocMeta(doc_id="ah", title="安徽省工业互联网政策", short_title="安徽省工业互联网政策", region="安徽省")
TEXT = "鼓励服务商对中小企业上云给予优惠。支持以政府购买服务的方式为企业提供诊断服务。加强培训。"
CHUNK = Chunk(id="ah:1", doc_id="ah", heading_path=("工业互联网",), text=TEXT, start=0, end=len(TEXT))
SPANS = [(0, TEXT.index("支持")), (TEXT.index("支持"), TEXT.index("加强")), (TEXT.index("加强"), len(TEXT))]


def ranked(*scored: tuple[float, float | None]) -> list[Evidence]:
    """The chunk's sentences ranked in order, each with its (coverage, ranking score)."""
    return [
        Evidence(Hit(CHUNK, DOC, 1.0, 1), s, e, coverage, coverage, score=score)
        for (s, e), (coverage, score) in zip(SPANS, scored, strict=True)
    ]


def test_a_sentence_the_ranking_scores_nearly_as_high_follows_the_best_one_under_the_coverage_floor():
    """0.2 of the question's words is under the floor (0.7 × 0.5), but the ranking put the sentence within
    SCORE_MARGIN of the best one: it is shown, marked as shown for its score. One further below is not."""
    answerer = SimpleNamespace(min_coverage=0.25, _dense_calibrated=lambda: True)
    shown = Answerer._answering(
        answerer, ranked((0.5, 5.0), (0.2, 5.0 - SCORE_MARGIN / 2), (0.2, 5.0 - 2 * SCORE_MARGIN))
    )
    assert [ev.text for ev in shown] == [
        "鼓励服务商对中小企业上云给予优惠。",
        "支持以政府购买服务的方式为企业提供诊断服务。",
    ]
    assert [ev.by_score for ev in shown] == [False, True]
    assert _by_coverage(shown) == shown[:1]  # it never supplies the detail asked


def test_without_calibrated_dense_scores_only_coverage_decides():
    """Ranked by coverage alone (no dense cosine), no evidence has a score to compare; ranked with another
    embedder's cosines (another scale than the margin was measured on), the scores are not compared either."""
    answerer = SimpleNamespace(min_coverage=0.25, _dense_calibrated=lambda: True)
    assert len(Answerer._answering(answerer, ranked((0.5, None), (0.2, None), (0.2, None)))) == 1
    other = SimpleNamespace(min_coverage=0.25, _dense_calibrated=lambda: False)
    assert len(Answerer._answering(other, ranked((0.5, 5.0), (0.2, 5.0), (0.2, 5.0)))) == 1


def test_a_sentence_with_no_question_word_never_follows_for_its_score():
    answerer = SimpleNamespace(min_coverage=0.25, _dense_calibrated=lambda: True)
    assert len(Answerer._answering(answerer, ranked((0.5, 5.0), (0.0, 5.0), (0.0, 5.0)))) == 1


def test_the_ranking_records_the_score_it_ranked_by():
    words = {"服务": 1.0, "诊断": 2.0}
    cosines = {0: 0.80, 17: 0.90, 39: 0.70}
    sc = EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
        similarity=lambda q, evidence: [cosines[ev.start] for ev in evidence],
    )
    best = sc.best("诊断 服务", [Hit(CHUNK, DOC, 1.0, 1)], limit=None)
    assert best[0].start == 17 and best[0].score == pytest.approx(1.0 + 6.0 * 0.90, abs=1e-6)
    assert [ev.score for ev in best] == sorted((ev.score for ev in best), reverse=True)
    plain = EvidenceScorer(tokenize=sc.tokenize, idf=sc.idf, knows=sc.knows)
    assert all(ev.score is None for ev in plain.best("诊断 服务", [Hit(CHUNK, DOC, 1.0, 1)], limit=None))


def test_a_lead_ranked_below_its_sentence_is_quoted_with_it():
    """`设立和运营…检测实验中心。` names the measure the sentence after it describes and runs on into it; ranked
    below that sentence, it widens the sentence's quote instead of being dropped as an overlap."""
    text = (
        "设立和运营达州新材料检测实验中心。打造覆盖新材料产业各环节产品质量检测的第三方检测认证权威机构。\n其他措施。"
    )
    chunk = Chunk(id="dz:1", doc_id="dz", heading_path=("新材料",), text=text, start=0, end=len(text))
    hit = Hit(chunk, DOC, 1.0, 1)
    start, end, last = text.index("打造"), text.index("\n"), text.index("其他")
    sentence = Evidence(hit, start, end, 0.4, 0.4, score=2.0)
    lead = Evidence(hit, 0, end, 0.1, 0.1, score=1.9)
    other = Evidence(hit, last, len(text), 0.3, 0.3, score=1.5)
    shown = _distinct([sentence, lead, other], 3)
    assert [ev.text for ev in shown] == [text[:end], "其他措施。"]
    assert shown[0].coverage == 0.4  # still the sentence's evidence, quoted from its lead
    # ranked above its sentence, the lead is the quote and the sentence alone is not shown again (as before)
    assert [ev.text for ev in _distinct([lead, sentence, other], 3)] == [text[:end], "其他措施。"]


def test_a_short_lead_is_read_by_the_sentence_it_runs_into_and_supplies_no_detail_beyond_it():
    """`因地制宜发展“互联网＋”特色产业。` shares no word with a question on the village's digital management, the
    sentence it runs into does: the lead is read by that sentence's words too, so it is quoted with it (both answer)
    and ranks first (earlier in the chunk). A detail asked is read only up to that sentence: the sum in the sentence
    after it (shown, as before, for context) supplies no amount."""
    text = (
        "因地制宜发展“互联网＋”特色产业。推进农村大数据平台建设，全面提升乡村数字化、智慧化治理水平。"
        "每个村补助10万元。\n其他措施。"
    )
    chunk = Chunk(id="lz:1", doc_id="lz", heading_path=("数字乡村",), text=text, start=0, end=len(text))
    words = {"乡村": 1.0, "数字化": 2.0, "治理": 1.5, "互联网": 3.0}
    sc = EvidenceScorer(
        tokenize=lambda t: [w for w in words if w in t], idf=lambda t: words.get(t, 0.0), knows=lambda t: t in words
    )
    best = sc.best("乡村 数字化 治理", [Hit(chunk, DOC, 1.0, 1)], limit=None)
    said = text.index("每个")
    assert best[0].start == 0 and best[0].text.startswith("因地制宜发展“互联网＋”") and best[0].coverage == 1.0
    assert best[0].said_end == said
    assert _supplied(best[0]) == text[:said] and "10万元" in best[0].text
    # the sentence alone is read as before, to its own end
    alone = next(ev for ev in best if ev.start == text.index("推进"))
    assert alone.said_end is None and _supplied(alone) == text[alone.start : alone.end]
    # a lead that covers more by its own words keeps them, and reads to its evidence's end as before
    own = sc.best("互联网 乡村", [Hit(chunk, DOC, 1.0, 1)], limit=None)
    assert own[0].start == 0 and own[0].said_end is None and own[0].own == pytest.approx(0.75)


def test_a_lead_read_by_the_sentence_it_runs_into_widens_no_later_sentence_s_quote():
    """`18.打造国际物流网络。` read by the sentence after it spans the later sentence that answers too; that sentence
    is not quoted from the lead when a note closes the lead's item first (the later item's note, not the first one's,
    says who leads); the lead is quoted on its own, up to the sentence it was read by."""
    text = "18.打造国际物流网络。依托枢纽布局通道。（甲牵头）推动加密全货机航线。（乙牵头）\n其他。"
    chunk = Chunk(id="ah:18", doc_id="ah", heading_path=("物流",), text=text, start=0, end=len(text))
    hit = Hit(chunk, DOC, 1.0, 1)
    later, end = text.index("推动"), text.index("\n")
    sentence = Evidence(hit, later, end, 0.6, 0.6, score=2.0)
    lead = Evidence(hit, 0, end, 0.3, 0.3, score=1.9, said_end=later)
    shown = _distinct([sentence, lead], 3)
    assert [ev.text for ev in shown] == [text[later:end], "18.打造国际物流网络。依托枢纽布局通道。（甲牵头）"]
    # no note closes the lead's item: the later sentence is quoted from its lead, as before
    plain = text.replace("（甲牵头）", "")
    chunk2 = dataclasses.replace(chunk, text=plain, end=len(plain))
    hit2 = Hit(chunk2, DOC, 1.0, 1)
    later2, end2 = plain.index("推动"), plain.index("\n")
    widened = _distinct(
        [Evidence(hit2, later2, end2, 0.6, 0.6, score=2.0), Evidence(hit2, 0, end2, 0.3, 0.3, said_end=later2)], 3
    )
    assert [ev.text for ev in widened] == [plain[:end2]]
    # read by its own words (as every lead was before), it names what follows and widens the quote as before
    assert _distinct([sentence, dataclasses.replace(lead, said_end=None)], 3)[0].start == 0


def test_a_previous_answer_that_quoted_a_sentence_shortened_has_shown_it():
    sentence = "积极争取四川大学等国内外高校来达设立研究院、实验室、实训基地及中试平台、孵化转化基地、“人才飞地”等。"
    assert _already_shown(sentence, "积极争取四川大学等来达设立研究院、实验室、实训基地及中试平台等。")
    assert _already_shown(sentence, f"根据《达州市科技创新规划》：\n是。{sentence}[1]")
    assert not _already_shown(sentence, "鼓励高校与达州高新区联合共建大学科技园。")
    assert not _already_shown(sentence, "有。")  # too short to say which sentence it was


def test_asked_for_more_the_measures_beside_the_one_shown_come_first(real_qa):
    """The plan lists its enterprise programmes side by side (领军企业培育计划, 全覆盖计划, 倍增计划, 成长计划,
    育苗计划); asked for more like the one just shown, the answer gives its neighbours, not it again."""
    first = real_qa.ask("达州对骨干企业有什么培育计划？")
    assert "领军企业培育计划" in first.text
    history = [("达州对骨干企业有什么培育计划？", first.text)]
    more = real_qa.ask("类似的还有吗？", history)
    assert not more.refused
    assert "领军企业培育计划" not in more.text
    assert any(name in more.text for name in ("全覆盖计划", "倍增计划", "成长计划", "育苗计划")), more.text


def test_a_follow_up_naming_no_place_quotes_one_region():
    """A follow-up naming no place is answered from the best sentence's region: a sentence of 利州's plan beside
    达州's best one (到2025年，新建省级重点实验室1个…) would give 利州's figures as 达州's (dev30 u5533, a follow-up on
    达州's 万达开 centre). Two documents of one region (安徽省's two policies) answer together."""
    docs = {
        "dz": DocMeta(doc_id="dz", title="达州市科技创新规划", short_title="达州", region="达州市"),
        "lz": DocMeta(doc_id="lz", title="利州区科技创新规划", short_title="利州", region="广元市利州区"),
        "ah": DOC,
        "ah2": dataclasses.replace(DOC, doc_id="ah2", title="安徽省RCEP意见"),
    }

    def sentence(doc_id: str, text: str) -> Evidence:
        chunk = Chunk(id=f"{doc_id}:1", doc_id=doc_id, heading_path=("x",), text=text, start=0, end=len(text))
        return Evidence(Hit(chunk, docs[doc_id], 1.0, 1), 0, len(text), 0.5, 0.5)

    answerer = SimpleNamespace(index=SimpleNamespace(docs=docs))
    dz, lz = sentence("dz", "建成省级科技成果转移转化示范区。"), sentence("lz", "到2025年，新建省级重点实验室1个。")
    assert Answerer._one_region(answerer, [dz, lz]) == [dz]
    assert Answerer._one_region(answerer, [lz, dz]) == [lz]
    ah, ah2 = sentence("ah", "支持企业上云。"), sentence("ah2", "支持企业出海。")
    assert Answerer._one_region(answerer, [ah, dz, ah2]) == [ah, ah2]
    assert Answerer._one_region(answerer, []) == []
