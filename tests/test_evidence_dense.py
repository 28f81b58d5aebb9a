"""Evidence sentences ranked by lexical coverage plus the dense cosine (answer/evidence.py, DENSE_WEIGHT)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from answer.evidence import EvidenceScorer
from index.retriever import Hit
from ingest.schema import Chunk, DocMeta

DOC = DocMeta(doc_id="lz", title="利州区规划", short_title="利州区规划", region="利州区")
# the first sentence shares the user's words (泡菜); the second answers (低盐 is what 降低盐分 means)
TEXT = "加快泡菜产业发展，壮大泡菜产业规模，做强泡菜龙头企业，打响利州泡菜品牌。开展低盐腌制、乳酸菌发酵、风味保持等关键技术研究，提升产品品质。"
CHUNK = Chunk(id="lz:1", doc_id="lz", heading_path=("食品产业",), text=TEXT, start=0, end=len(TEXT))
QUESTION = "泡菜 降低 盐分"


def scorer(similarity=None) -> EvidenceScorer:
    words = {"泡菜": 2.0, "降低": 1.0, "盐分": 1.0}
    return EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
        similarity=similarity,
    )


def test_lexical_coverage_alone_picks_the_sentence_sharing_the_most_words():
    best = scorer().best(QUESTION, [Hit(CHUNK, DOC, 1.0, 1)], limit=1)
    assert best[0].text.startswith("加快泡菜产业发展")


def test_the_dense_cosine_promotes_the_sentence_that_answers_in_other_words():
    def similarity(question, evidence):
        return np.array([0.9 if "低盐" in ev.text[:8] else 0.7 for ev in evidence], dtype=np.float32)

    best = scorer(similarity).best(QUESTION, [Hit(CHUNK, DOC, 1.0, 1)], limit=2)
    assert best[0].text.startswith("开展低盐腌制")
    assert best[0].coverage < best[1].coverage  # coverage is kept as measured: refusal still reads it


def test_each_chunk_sentence_has_its_own_vector_at_ingest_and_after_a_reload(tmp_path):
    """The sentence vectors line up with the sentence units: a unit's own text is its chunk's closest sentence."""
    from index.build import build_index, load_index
    from index.embed import HashingEmbedder
    from index.retriever import HybridRetriever
    from index.store import units_of

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    emb = HashingEmbedder(256)
    built = build_index([corpus], emb, tmp_path)
    loaded = load_index(tmp_path, [corpus], emb)
    assert loaded.unit_vectors is not None and loaded.unit_vectors.shape == (len(units_of(loaded.chunks)), 256)
    for index in (built, loaded):
        retriever = HybridRetriever(index, emb)
        by_chunk: dict[str, list[str]] = {}
        for unit in units_of(index.chunks):
            by_chunk.setdefault(unit.chunk_id, []).append(unit.text)
        for chunk in index.chunks[::7]:
            for i, text in enumerate(by_chunk.get(chunk.id, [])):
                (cos,) = retriever.sentence_cosines(text, [chunk])
                assert int(np.argmax(cos)) == i and cos[i] > 0.99


def test_a_short_lead_runs_on_but_a_whole_sentence_ends_at_its_line():
    """A label (`重点领域1：电子信息技术`) is shown with the paragraph under it, and no further; a short whole
    sentence that ends its paragraph is not joined to the next line (there, another document's title)."""
    text = "重点领域1：电子信息技术\n开展集成电路封装测试技术研究，提升产品性能。\n本政策自2021年开始执行。\n行动计划（2021-2023年）"
    chunk = Chunk(id="ah:1", doc_id="lz", heading_path=("政策",), text=text, start=0, end=len(text))
    shown = [ev.text for ev in scorer().best("政策 执行", [Hit(chunk, DOC, 1.0, 1)], limit=None)]
    assert "重点领域1：电子信息技术\n开展集成电路封装测试技术研究，提升产品性能。" in shown
    assert "本政策自2021年开始执行。" in shown


def test_a_lead_run_on_into_its_sentence_is_shown_once():
    """`（三）提高…能力。` runs on into the sentence after it; that sentence alone is the same quote and is not shown
    a second time (it took a place from a sentence that answers)."""
    from answer.answerer import _distinct

    text = "（三）提高供给能力。开展共性技术攻关，建设综合创新载体。\n通过股权投资形式，共建示范园区。"
    chunk = Chunk(id="ah:3", doc_id="lz", heading_path=("三、主体作用",), text=text, start=0, end=len(text))
    ranked = scorer().best("政策 执行", [Hit(chunk, DOC, 1.0, 1)], limit=None)
    lead = next(ev for ev in ranked if ev.start == 0)
    alone = next(ev for ev in ranked if ev.text.startswith("开展"))
    last = next(ev for ev in ranked if ev.text.startswith("通过"))
    assert lead.text.endswith("建设综合创新载体。")
    assert [ev.text for ev in _distinct([lead, alone, last], 3)] == [lead.text, last.text]


def test_a_word_only_in_the_headings_counts_less_than_in_the_sentence():
    """Ranked, a question word that only the headings above a sentence hold weighs HEADING_SHARE: the sentence that
    says 医学研究 wins over the one under a 高水平 heading, although both cover as much with their headings."""
    words = {"高水平": 2.0, "医学": 2.0, "研究": 1.0}
    sc = EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
        similarity=lambda question, evidence: np.full(len(evidence), 0.9, dtype=np.float32),
    )
    a_text, b_text = "促进应用基础研究融通发展。", "争创省级临床医学研究中心。"
    a = Chunk(id="dz:1", doc_id="lz", heading_path=("高水平创新平台",), text=a_text, start=0, end=len(a_text))
    b = Chunk(id="dz:2", doc_id="lz", heading_path=("医药健康",), text=b_text, start=0, end=len(b_text))
    ranked = sc.best("高水平 医学 研究", [Hit(a, DOC, 1.0, 1), Hit(b, DOC, 0.9, 2)], limit=None)
    assert [round(ev.coverage, 2) for ev in ranked] == [0.6, 0.6]  # coverage itself still counts the headings
    assert ranked[0].text == b_text


def test_a_title_standing_alone_is_no_evidence():
    """A short line without a stop that runs on into nothing names something, it says nothing."""
    from answer.evidence import Evidence, stands_alone

    def evidence(text: str) -> Evidence:
        chunk = Chunk(id="bt:1", doc_id="bt", heading_path=("附件",), text=text, start=0, end=len(text))
        return Evidence(Hit(chunk, DOC, 1.0, 1), 0, len(text), 0.5, 0.5)

    assert stands_alone(evidence("包头市数字政府建设考评指标"))
    assert not stands_alone(evidence("实施高新技术企业“倍增计划”。"))  # a whole sentence, however short
    assert not stands_alone(evidence("重点领域1：电子信息技术"))  # a label with what it labels
    assert not stands_alone(evidence(TEXT))
    assert not stands_alone(evidence("年度考评分值=（上半年考评分值+下半年考评分值）÷2"))  # an equation says something


def test_the_next_ranked_sentences_follow_a_best_one_under_the_coverage_floor():
    """A best sentence the refusal model accepted for its meaning, under min_coverage: the next ranked sentences
    follow it (WEAK_BEST_SHARE), less covered ones too, but one holding no question word at all does not; above
    min_coverage the floor is as before."""
    from types import SimpleNamespace

    from answer.answerer import Answerer
    from answer.evidence import Evidence

    text = "提供原产地规则利用指导。实施原产地自主声明制度。加强培训。其他。"
    chunk = Chunk(id="ah:1", doc_id="lz", heading_path=("用好原产地规则",), text=text, start=0, end=len(text))
    spans = [(0, 12), (12, 24), (24, 29), (29, 32)]

    def ranked(*coverages: float) -> list[Evidence]:
        return [Evidence(Hit(chunk, DOC, 1.0, 1), s, e, c, c) for (s, e), c in zip(spans, coverages, strict=True)]

    answerer = SimpleNamespace(min_coverage=0.25)
    shown = Answerer._answering(answerer, ranked(0.2, 0.2, 0.1, 0.0))
    assert [ev.text for ev in shown] == ["提供原产地规则利用指导。", "实施原产地自主声明制度。", "加强培训。"]
    shown = Answerer._answering(answerer, ranked(0.2, 0.0, 0.1, 0.1))
    assert [ev.text for ev in shown] == ["提供原产地规则利用指导。", "加强培训。"]  # three distinct, then the floor
    assert len(Answerer._answering(answerer, ranked(0.0, 0.0, 0.0, 0.0))) == 1
    assert len(Answerer._answering(answerer, ranked(0.5, 0.3, 0.2, 0.0))) == 1  # 0.3 < 0.7 × 0.5


def test_in_a_follow_up_the_words_typed_this_turn_lead_the_ranking():
    """`包头考评里平台升级占几分？ 线上进一网`: the sentence that covers the previous question's words (already answered)
    covers more of the joined query, but the new turn asks for 线上进一网 (TYPED_WEIGHT, ranking only)."""
    words = {"平台": 2.0, "升级": 2.0, "分": 1.0, "线上": 1.5, "一网": 1.5}
    sc = EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
    )
    text = "（三）平台升级（1.5分）。（四）线上进一网（2分）。"
    chunk = Chunk(id="bt:2", doc_id="bt", heading_path=("附件",), text=text, start=0, end=len(text))
    hits = [Hit(chunk, DOC, 1.0, 1)]
    plain = sc.best("平台 升级 分 线上 一网", hits, limit=None)
    assert plain[0].text.startswith("（三）平台升级")
    typed = sc.best("平台 升级 分 线上 一网", hits, limit=None, typed="线上 一网")
    assert typed[0].text.startswith("（四）线上进一网")
    assert [ev.coverage for ev in typed] == sorted(ev.coverage for ev in plain)  # coverage is kept as measured
    # a question of its own (every word typed this turn) ranks as before
    assert sc.best("平台 升级 分 线上 一网", hits, limit=None, typed="平台 升级 分 线上 一网") == plain


def test_a_follow_up_with_a_topic_of_its_own_ranks_by_what_was_typed():
    """`达州千企上云计划要培育多少家上云示范企业？ 政务云那边有什么安排`: the joined question's words and meaning are
    mostly the previous question's, and its sentence came first again; with `new_topic` the typed words weigh
    NEW_TOPIC_WEIGHT and the dense cosine is taken TYPED_DENSE_SHARE from what was typed."""
    words = {"上云": 2.0, "示范": 2.0, "企业": 1.0, "政务": 1.0, "云": 1.0}
    text = "培育企业上云示范企业20家。启动政务云扩容建设。"
    chunk = Chunk(id="dz:9", doc_id="dz", heading_path=("数字经济",), text=text, start=0, end=len(text))
    hits = [Hit(chunk, DOC, 1.0, 1)]

    def similarity(question, evidence):  # the joined question is nearer the old topic, the typed words the new
        new = question == "政务 云"
        return np.array([(0.9 if new else 0.7) if "政务" in ev.text else (0.6 if new else 0.9) for ev in evidence])

    sc = EvidenceScorer(
        tokenize=lambda t: [w for w in words if w in t],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
        similarity=similarity,
    )
    joined = "上云 示范 企业 政务 云"
    assert sc.best(joined, hits, limit=None, typed="政务 云")[0].text.startswith("培育企业上云")
    first = sc.best(joined, hits, limit=None, typed="政务 云", new_topic=True)[0]
    assert first.text.startswith("启动政务云")
    assert first.coverage < 0.5  # coverage is kept as measured: the refusal model reads it


def test_the_questions_time_is_no_word_to_cover():
    """十二五末 says which value (2015's), not what the passage is about: the sentence that names 十二五 does not
    outrank the one on 高新技术企业."""
    from index.sparse import jieba_tokenize

    sc = EvidenceScorer(tokenize=jieba_tokenize, idf=lambda t: 1.0, knows=lambda t: True)
    terms = sc.terms("达州十二五末高新技术企业有多少家")
    assert not {"十二五", "十二", "二五"} & set(terms) and "高新技术企业" in terms
    assert "2025" not in sc.terms("利州区2025年高新技术企业目标")
    text = "各项指标较“十二五”均有大幅提升，科技进步贡献率由48%提升到58%。高新技术企业由26家增加到94家。"
    chunk = Chunk(id="dz:9", doc_id="dz", heading_path=("发展基础",), text=text, start=0, end=len(text))
    best = sc.best("达州十二五末高新技术企业有多少家", [Hit(chunk, DOC, 1.0, 1)], limit=1)
    assert best[0].text.startswith("高新技术企业由26家")


def test_a_yes_no_questions_a_not_a_form_is_no_word_to_cover():
    """会不会 / 能不能 / 说没说 ask; they are not what is asked about, so they do not count against the sentence that
    names 院内制剂 (不会 and 不能 are plan words)."""
    from index.sparse import jieba_tokenize

    sc = EvidenceScorer(tokenize=jieba_tokenize, idf=lambda t: 1.0, knows=lambda t: True)
    terms = sc.terms("医院的院内制剂会不会多几样")
    assert "不会" not in terms and {"院内", "制剂"} <= set(terms)
    assert not {"不能", "说"} & set(sc.terms("达州说没说搞智慧社区，能不能在网上办"))
    assert "不能" in sc.terms("不能拒绝申请")  # a plain negation is a word of the question
    assert "不" not in sc.terms("我们想设个科技奖，达州允许不？") and "允许" in sc.terms("达州允许不？")
    text = "支持医疗机构开发院内制剂。"
    chunk = Chunk(id="dz:8", doc_id="dz", heading_path=("医药健康",), text=text, start=0, end=len(text))
    hit = [Hit(chunk, DOC, 1.0, 1)]
    assert sc.best("院内制剂会不会多", hit, limit=1)[0].coverage > sc.best("院内制剂不会多", hit, limit=1)[0].coverage


def test_the_sentence_next_to_the_best_one_joins_it_when_it_holds_what_the_best_lacks():
    """`八台山 体验 VR`: the best sentence names the place, the one before it the VR (COMPLEMENT_SHARE); a
    neighbour holding nothing new, or too little, does not join."""
    words = {"八台山": 3.0, "体验": 1.0, "vr": 2.0, "门票": 0.4}
    sc = EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text.lower()],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
    )
    text = (
        "拓展新技术旅游产品，支持运用数字技术展示特色文化，设置 VR/AR 等活动项目。"
        "支持八台山推进高新技术的深度应用，丰富 5G 技术应用场景，拓展体验式消费。"
        "开发数字景区、线上演艺等新产品，丰富旅游产品体验。"
    )
    chunk = Chunk(id="dz:7", doc_id="dz", heading_path=("文旅",), text=text, start=0, end=len(text))
    hits = [Hit(chunk, DOC, 1.0, 1)]
    best = sc.best("八台山 体验 vr", hits, limit=1)
    assert best[0].text.startswith("支持八台山")
    extra = sc.complement("八台山 体验 vr", best, 0.08)
    assert extra is not None and extra.text.startswith("拓展新技术旅游产品")
    assert sc.complement("八台山 体验", best, 0.08) is None  # the sentence after adds only 体验, held already
    assert sc.complement("八台山 体验 vr 门票", best, 0.7) is None  # VR is 2 of 6.4: under the share asked


def test_a_sentence_two_away_joins_when_the_nearer_ones_hold_nothing_new():
    """`培养多少名中青年科技英才、培育几个优秀科技创新团队`: the targets are listed one per clause, and the team
    target stands two clauses after the best one; the nearer of two that add as much goes first."""
    words = {"中青年": 3.0, "英才": 2.0, "团队": 2.0, "培育": 0.5, "培养": 0.5}
    sc = EvidenceScorer(
        tokenize=lambda text: [w for w in words if w in text],
        idf=lambda t: words.get(t, 0.0),
        knows=lambda t: t in words,
    )
    text = (  # 利州区 规划, 实施创新人才工程
        "到2025年，聚集20名能跟踪国内外科技前沿、引领我区高新技术及战略性新兴产业和优势特色农业发展的科技领军人才；"
        "培养50名具有较强创新能力、在经济社会发展中有突出贡献的中青年科技英才；"
        "培养50名富有创新创业精神、具有较强科技创新能力的青年科技苗子；"
        "培育5个产学研用协同创新并取得重大科技成果的优秀科技创新团队。"
    )
    chunk = Chunk(id="lz:3", doc_id="lz", heading_path=("人才",), text=text, start=0, end=len(text))
    best = sc.best("培养中青年英才 培育团队", [Hit(chunk, DOC, 1.0, 1)], limit=1)
    assert best[0].text.startswith("培养50名具有")
    extra = sc.complement("培养中青年英才 培育团队", best, 0.08)
    assert extra is not None and extra.text.startswith("培育5个")


def test_a_generated_answer_must_rest_on_the_best_evidence_sentence():
    """answerer._rests_on: a verified LLM answer that cites only a neighbouring sentence (个性化定制) of the passage
    whose best sentence answers (预测性维护) is not shown; citing the best sentence, or having no evidence, is fine."""
    from answer.answerer import _rests_on
    from answer.evidence import Evidence
    from answer.types import Citation

    text = "推动个性化定制模式。打造设备预测性维护、装备能效优化等模式。"
    chunk = Chunk(id="ah:3", doc_id="ah", heading_path=("服务化延伸",), text=text, start=0, end=len(text))
    best = Evidence(Hit(chunk, DOC, 1.0, 1), 10, len(text), 0.5, 0.5)
    assert best.text.startswith("打造设备预测性维护")

    def cite(quote: str, chunk_id: str = "ah:3") -> Citation:
        return Citation(1, chunk_id, "t", "安徽省", ("服务化延伸",), quote, "src")

    assert not _rests_on([cite("推动个性化定制模式。")], [best])
    assert _rests_on([cite("打造设备预测性维护、装备能效优化等模式。")], [best])
    assert not _rests_on([cite("打造设备预测性维护、装备能效优化等模式。", "other:1")], [best])
    assert _rests_on([cite("推动个性化定制模式。")], [])


def test_a_model_answer_is_followed_by_the_plan_sentences_it_rests_on():
    """The model's paraphrase first, then the evidence word for word under QUOTED_LABEL: a quote the model's
    citation already holds keeps that number, another sentence gets the next one."""
    from types import SimpleNamespace

    from answer.answerer import QUOTED_LABEL, Answerer
    from answer.evidence import Evidence
    from answer.types import Citation

    first, second = TEXT.split("。")[0] + "。", TEXT.split("。")[1] + "。"
    hit = Hit(CHUNK, DOC, 1.0, 1)
    evidence = [Evidence(hit, 0, len(first), 0.5, 0.5), Evidence(hit, len(first), len(TEXT), 0.2, 0.2)]
    cited = (Citation(1, CHUNK.id, DOC.title, DOC.region, CHUNK.heading_path, first, DOC.source),)
    answerer = SimpleNamespace(index=SimpleNamespace(docs={"lz": DOC}))
    text, citations = Answerer._with_quotes(answerer, "利州要打响泡菜品牌[1]。", cited, evidence)
    assert text.splitlines() == ["利州要打响泡菜品牌[1]。", QUOTED_LABEL, f"{first}[1]", f"{second}[2]"]
    assert [(c.n, c.quote) for c in citations] == [(1, first), (2, second)]


def test_r_and_d_reads_as_the_plans_word_for_it():
    """研究与试验发展（R&D）投入 is 研发投入 to the evidence scorer (dev11 u2425), whatever the brackets."""
    from index.sparse import jieba_tokenize

    sc = EvidenceScorer(tokenize=jieba_tokenize, idf=lambda t: 1.0, knows=lambda t: True)
    asked = {"研发投入": 1.0, "研发": 1.0}
    assert sc.coverage(asked, "全社会研究与试验发展（R&D）投入年均增长20％，投入强度位居全市第二。") == 1.0
    assert sc.coverage(asked, "R&D投入强度达到 0.7%") == 1.0
    assert sc.coverage(asked, "投入强度位居全市第二。") == 0.0


def test_characters_shared_with_a_paraphrase_rank_the_sentence_that_answers():
    """`省水 种地` shares no word with either sentence, and the cosine ties them; the one holding 水 (节水灌溉) ranks
    first by the idf-weighted characters it shares (CHAR_WEIGHT). Without character idf the chunk's order decides."""
    from answer.evidence import character_idf

    text = (
        "加快园区道路、供电、通信等基础设施建设步伐，完善园区配套服务功能和管理体制。推广节水灌溉和农业高效用水技术。"
    )
    chunk = Chunk(id="dz:1", doc_id="lz", heading_path=("农业",), text=text, start=0, end=len(text))
    hits = [Hit(chunk, DOC, 1.0, 1)]

    def make(char_idf):
        return EvidenceScorer(
            tokenize=str.split,
            idf=lambda t: 1.0,
            knows=lambda t: False,
            similarity=lambda question, evidence: np.full(len(evidence), 0.8, dtype=np.float32),
            char_idf=char_idf,
        )

    assert make(None).best("省水 种地", hits, limit=1)[0].text.startswith("加快园区")
    best = make(character_idf([chunk])).best("省水 种地", hits, limit=2)
    assert best[0].text.startswith("推广节水灌溉")
    assert best[0].coverage == best[1].coverage == 0.0  # ranking only: coverage is the words' share


def test_character_idf_weighs_a_character_of_every_sentence_least():
    from answer.evidence import character_idf

    text = "发展节水农业。发展数字经济。发展特色产业。"
    idf = character_idf([Chunk(id="c", doc_id="lz", heading_path=(), text=text, start=0, end=len(text))])
    assert idf["发"] < idf["水"] and idf["发"] == idf["展"]
