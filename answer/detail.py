"""Details a question asks for and the plans may not give: an amount, a rate, a date, a procedure, a value for a
year the plan has no column for.

The plans say 给予补助 without the amount, 落实研发费用加计扣除 without the rate, and give targets for 2025 (利州 also
2035), not 2030 or 2023. A question for such a detail is not refused (the plans do speak about its topic) and not
answered with loosely related text either (issue 12: 8 of 10 such questions were): the answer says
规划未规定<the detail>, then cites what the plans do say.

    asked_detail("达州创建成功一个省级大学科技园能拿多少补助？") -> Asked("amount", "补助的具体金额")
    supplies(Asked("amount", …), "对创建成功的…省级大学科技园给予补助。") -> False
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from answer.direct import (
    CAP_WORDS,
    COUNTERS,
    HESHI,
    LATIN_UNITS,
    UNIT_NOUNS,
    UNIT_VERBS,
    WHEN_EN,
    asks_yes_no,
    mandarin,
)
from answer.period import PERIOD_END, RELATIVE_YEAR, period_of_number, role, years_named
from answer.scope import known_places, longest_first
from plantext import CLAUSE_END, RD_ACRONYM, char_bigrams, sentence_spans


@dataclass(frozen=True, slots=True)
class Asked:
    # "amount" | "ratio" | "rate" | "time" | "duration" | "frequency" | "procedure" | "condition" | "contact" |
    # "channel" | "fee" | "person" | "title" | "members" | "abbreviation" | "names" | "orgs" | "site" | "investment" |
    # "value" | "relative-year" | "rank" | "year-said" | "place" | "place-named" | "places" | "materials" | "penalty" |
    # "after-expiry" | "countries"
    kind: str
    label: str  # how the answer names it: 补助的具体金额, 2030年的目标值
    unit: str | None = None  # value questions: the unit asked for (家, 件, 亿元, %), when the question names one
    years: tuple[str, ...] = ()  # value questions: the years asked (periods as their end year)
    counted: str | None = None  # value questions: what a count is of, when named after its unit (多少项标准: 标准)
    rate: str | None = None  # value questions: "growth" (增速) or "share" (比重, 强度) when named; read for a % only
    scope: str | None = None  # rank questions: the whole a rank is asked within (省 for 全省排第几), when named
    name: str | None = None  # title questions: the pattern of a name of the class asked (“达州英才”计划 for 计划);
    # members questions: the set's name (负面清单, 4＋5); abbreviation questions: the pattern of one that answers;
    # orgs questions: the pattern of a name of the kind asked, when it is narrower than any firm's (a bank's)
    yearly: bool = False  # value and amount questions: a value per year is asked (每年评多少个, how many a year)


# What a question asks for, by the words it asks with. Each pattern is a way of asking, not a topic.
# What is paid is a sum of money too: `年费每年要交好多` (offtopic_dev16 o870 was answered with a growth rate).
_PAID = re.compile(r"(?:交|缴|(?<!交)付|花)(?:多少|好多)")
_AMOUNT = re.compile(
    r"(?:多少|好多)钱|多少补助|多少补贴|多少奖励|多少资金|多少经费|补(?:助|贴)?多少|奖(?:励|补)?多少|资助多少|(?:给|拿)多少(?=钱|万|元|补|奖|资金|经费|支持|扶持|[？?，。！!\s]|$)"
    r"|减免多少|优惠多少|金额|安家费|奖金|收费标准|怎么收费|如何收费|费用(?:是)?多少|标准是多少|额度"
    # a loan is a sum of money: `最多能贷好多？`, `能贷到多少` (a score beside the measure, （2分）, is no answer:
    # dev20 u3992)
    r"|贷款?到?(?:多少|好多)"
    # …and what a payment is measured by (按啥子标准给, 补助标准): its amounts or rates (dev30 u5592, on the sum a
    # city adds to the province's reward, was answered with the measure that names it)
    r"|(?:按|以|照)(?:什么|啥子?|哪种|何种|哪个)(?:样的)?标准|(?:补助|补贴|奖补|奖励|资助|扶持)标准"
    rf"|{_PAID.pattern}"
    # …and its cap, asked after the measure's name (补贴上限多少, 奖补咋个算、封顶多少: dev39 u6926 was told
    # 规划未规定这一数值 above the sentence with 单个企业最高1000万元)
    rf"|(?:补助|补贴|奖补|奖励|资助|扶持)[^，。？?！!]{{0,6}}?(?:{CAP_WORDS})(?:是|有|能|可以)?(?:给|拿|补|奖)?(?:多少|好多)"
)
# A sum asked only by its unit (多少万元): money the plans leave out (what a firm gets), unless the question names a
# year, when it asks for that year's value (利州区2022年技术合同登记交易额…多少万元: the table has 2020/2025/2035
# only; dev4 u934 was answered with the row as if it gave 2022's).
# …but not so many ten-thousands of a counted thing (返乡创业能人有多少万人, 多少万亩): a count (dev33 u5997 was told
# 规划未规定支持的具体金额 beside `返乡创业能人4.58万人`)
_AMOUNT_UNIT = re.compile(rf"(?:多少|好多|几)(?:十|百|千)?万(?!\s*[{COUNTERS}]|平方)|多少元|几千块|几百块")
_AMOUNT_WHAT = re.compile(r"安家费|房租|租金|收费标准|年费|奖金|补助|补贴|奖励|奖补|资助|资金|经费|费用|优惠")
# A tax relief asked is said of taxes: a reward in the same passage (省级给予一次性奖补100万元) is not what a firm
# saves in tax (dev28 u5274)
_TAX = re.compile(r"税")
# A tax rate (按多少的税率, 税率是多少; English tax rate: _TAX_RATE_EN): a percentage said of a tax answers, not a share
# beside it (dev29 u5423 was answered with 规模以上企业拥有研发机构比例不低于50％). Its label names the tax, as a
# tax relief's does, and `supplies` reads either so.
_TAX_RATE = re.compile(r"税率")
_RATIO = re.compile(r"比例|百分之多少|百分比|几成|按多少")
_SUPPORT = re.compile(r"补|奖|贴息|资助|扶持|减免|返还|报销|承担|扣除|抵扣|优惠")
# 好久 is Sichuan for 什么时候 (好久开始报名) or 多久; a date or a span answers either. 何时: direct.HESHI.
_TIME = re.compile(
    rf"什么时候|啥时候|啥时|几时|{HESHI}|哪年|哪一年|哪几年|几年能|截止|时间表|建成时间|哪天|哪一天|几月份|哪个?月|几号|好久"
)
# 几 after these is "a few" or "these", not a question word: 这几年, 那几个平台, 前几天, 好几家 (_FEW, in
# _asks_how_many); 近几年 is "recent years" too, so 几年 after any of them asks no length of time. 十几 is "ten-odd":
# 在外头打拼十几年了 tells how long the asker has worked away (dev16 u3202 was told 规划未提及具体时限).
_FEW_BEFORE = "这那前好十"
# How long something takes or lasts (多久, 几个工作日, 有效期): a span, which a calendar year does not give (`到2025年`
# is when, not how long; a question of my own on a platform's validity was answered with it).
_DURATION = re.compile(
    rf"多久|多长时间|几个工作日|多少个?工作日|几天|多少天|几个月|多少个月|多少年(?!度)|(?<![{_FEW_BEFORE}近哪])几年(?![级度])"
    r"|有效期|期限"
    r"|任期|届期"
)
# How often (多久考评一次, 隔多久): a frequency, which 每年, 每季度 or 上半年/下半年 give, not a date or a span.
_FREQUENCY = re.compile(
    r"(?:多久|多长时间|几年|几个月)[^，。？?]{0,6}一次|隔多久|多频繁|(?:一年|每年|一个月|每月|每季度)[^，。？?]{0,6}(?:几|多少)次"
)
_FREQUENCY_EN = re.compile(r"\bhow often\b|\bhow frequently\b")
# How to use a service where it is offered (咋个在上面挂号, 怎么在网上预约: dev33 u6064 was answered with the
# platform's sentence): the plans say a service is to be built, never the steps of using it.
_USE = re.compile(r"(?:怎么|怎样|如何|咋个?|啷个)(?:样)?在[^，。？?]{1,6}?(?:挂号|预约|缴费|注册|下单|登录)")
_PROCEDURE = re.compile(
    r"(?:怎么|怎样|如何|咋个?|啷个)(?:样)?(?:去|才能|来)?(?:申请|申报|报名|办理|领取|兑现|认定)|申请流程|申报流程|办理流程|流程是|去哪(?:里|儿|个窗口|个部门)?(?:申请|申报|办理?)"
    r"|找哪个部门|向哪个部门|哪个窗口|(?:哪些|什么|啥|哪几样)(?:资料|手续|材料|证明)|办(?:什么|啥)手续"
    r"|(?:怎么|如何|咋)(?:填|查|查询)|填在哪|哪张表|哪一栏|在哪(?:里|儿)?查"
)
# Who may apply (才能申报, 申请条件, 门槛): the conditions of a scheme, which the plans name without spelling out.
# `在达州注册满几年的企业才能申报` had been read as a value question and answered with a table row counted in 家.
# Not a 技术门槛: a technical barrier another country sets (dev15 u3105 was told 规划未提及具体的申请条件).
_CONDITION = re.compile(
    r"才(?:能|可以)(?:申请|申报|享受|入库|认定|拿到|入选|评上|申领|获得|进)|(?:申请|申报|认定|入库|享受)的?(?:条件|门槛|资格)"
    r"|(?:什么|啥子?|哪些)(?:条件|资格)|(?:认定|评定|入选|评选|申报|申请)的?标准|(?<!技术)门槛|够不够格|符不符合条件|(?:多少|几)分(?:以上|以下)?(?:算|才)|算(?:优秀|合格|良好|达标)"
)
# (what does a firm need to be certified as …: dev26 u4944 was answered with the count of firms to be certified)
_CONDITION_EN = re.compile(
    r"\beligib|\bqualify\b|\bcriteria\b|\bwho can apply\b"
    r"|\bneeds?\b[^?]*\bto be (?:certified|recogni[sz]ed|accredited|designated|selected|rated)\b"
)
# The same details asked in English (the answer stays in the plans' Chinese): how do I apply, when, whom to call, how
# much money. An English question's BM25 form keeps only its content words, so these read the question itself.
_PROCEDURE_EN = re.compile(
    r"\bhow (?:do|can|should|would|to)\b[^?]*\b(?:apply|register|claim|submit)\b|\bapplication (?:process|procedure)"
    r"|\bwhat (?:documents|materials|paperwork)\b|\bwhere (?:do|can|should) (?:i|we) (?:apply|register)\b"
)
# A rate of support asked in English (the subsidy rate, what percentage of the cost): not a target ratio.
_RATIO_EN = re.compile(
    r"\b(?:subsidy|reward|grant|funding|deduction|interest|discount|refund) (?:rate|ratio|percentage)s?\b"
    r"|\bwhat (?:percentage|proportion|share) of (?:the )?(?:cost|investment|expense|price)s?\b"
)
# A tax or duty rate asked in English (the import duty rate on face cream): a rate the texts do not list.
_TAX_RATE_EN = re.compile(r"\b(?:duty|tariff|tax) rates?\b")
_TIME_EN = re.compile(WHEN_EN + r"|\bwhat time\b|\bdeadline\b|\bwhat date\b|\bexpire|\b(?:which|what) year\b")
_DURATION_EN = re.compile(r"\bhow long\b|\bhow many (?:working |business )?(?:days|weeks|months)\b|\bvalid for\b")
# Contact details asked for in English, not named as a topic (`How many modules will the 12345 hotline platform
# cover?` asks a count).
_CONTACT_EN = re.compile(
    r"\b(?:tele)?phone (?:number|no)\b|\bhotline number\b|\bhow (?:can|do|should) (?:i|we) (?:contact|reach|call)\b"
    r"|\bcontact (?:details|information|number|person)\b|\be-?mail address\b"
    r"|\bwhat is the (?:website|web address|url)\b|\boffice address\b|\bwhich (?:app|site|website)\b"
    # the number to call, asked after the call (`Which office should I phone …, and what is the number?`: dev39 u7030)
    r"|\b(?:phone|call|ring)\b[^?]{0,60}\bnumber\b(?!\s+of)"
)
_AMOUNT_EN = re.compile(
    # a word or two may qualify what is paid (how much equity investment, how much annual funding)
    r"\bhow much (?:[a-z-]+ ){0,2}(?:money|funding|subsid|support|reward|grant|cash|invest)|\bhow much does it cost"
    r"|\binvestment (?:amount|scale)\b"
    # a floor or a cap on a sum (the minimum investment an operator must commit: dev33 u6078)
    r"|\b(?:minimum|maximum) (?:[a-z-]+ )?(?:investment|amount|funding|capital|subsid(?:y|ies)|grant)s?\b"
    r"|\bhow (?:big|large) an? (?:[a-z]+ )?(?:reward|subsidy|grant|bonus)"
    # a fund's size (`How big will the venture capital guidance fund … be?`: dev39 u7006), as 基金规模有多大 is a value
    r"|\bhow (?:big|large) (?:will|is|are|would) (?:the )?(?:[a-z-]+ ){0,4}funds?\b"
    r"|\bsize of (?:the )?(?:[a-z-]+ ){0,4}funds?\b"
    r"|\bamount of (?:the )?(?:subsid|fund|grant)|\bfees?\b|\bprices?\b|\bpricing\b|\btotal investment\b|\bbudget\b"
    r"|(?<![0-9] )(?<!illion )(?<!housand )\byuan\b"  # not a sum the question gives (projects of 100 million yuan)
)
# The papers to hand in (要交哪些材料, 准备些啥子材料, what documents): the plans name schemes and steps, never the
# papers (every such question of the dev splits is a near-miss: dev27 u5111 was answered with 受理单位不得以复核数据为由
# 拒绝 because a procedure is given by any step named). Only a sentence that names papers to hand in gives them.
_MATERIALS = re.compile(
    r"(?:交|提交|提供|准备|带|备)(?:些)?(?:哪些|什么|啥子?|哪样|些啥)(?:样的?)?(?:材料|资料|证件|证明|手续)"
    r"|(?:材料|资料)(?:有|是|要)?(?:哪些|什么|啥)|所需材料|材料清单"
)
_MATERIALS_EN = re.compile(r"\bwhat (?:documents|materials|paperwork)\b|\bwhich documents\b")
_MATERIALS_GIVEN = re.compile(
    r"(?:提交|提供|报送|所需|申请|申报|证明|相关|书面|纸质)(?:的)?(?:材料|资料)|证明文件|证件|申请表|申请书|营业执照|身份证|复印件"
)
# The sanction for a breach (会受到啥子处罚, 有啥子后果, 会不会被追责, what penalty; not 咋个处理, which asks how a
# thing is handled: dev13 u2788, dev16 u3235 were told 规划未提及具体处罚措施 in a first version): given by a
# sentence that names one (给予处分, 依法追究刑事责任, 责令限期整改, 不得审批建设, 终止运营授权) or the exemption
# from one (从轻, 免于问责, 不作负面评价). dev27 u5090 (`技术转移中介机构要是不规范，会受到啥子处罚`) was answered
# with the 十百千 sentence.
_PENALTY = re.compile(
    r"(?:啥子?|什么|哪些|哪样|怎样|咋样)(?:样的?)?(?:处罚|惩罚|处分|惩戒|后果)|(?:处罚|惩罚|处分|惩戒|后果)(?:是|有)?(?:啥|什么|哪些|咋|怎)"
    r"|(?:咋个?|怎么|怎样|如何|咋)(?:处罚|惩罚|处分)|会不会(?:被)?(?:追责|问责|处罚|处分|罚)|(?:追责|问责)(?:吗|不|嘛|哦|呢)"
)
_PENALTY_EN = re.compile(r"\bpenalt(?:y|ies)\b|\bpunish|\bsanctions?\b|\bconsequences?\b")
_PENALTY_GIVEN = re.compile(
    r"处罚|处分|惩罚|惩戒|责令|追究|刑事责任|法律责任|整改|通报|约谈|问责|免责|免于|从轻|减轻|负面评价|不予|不得|取消|撤销|终止"
    r"|退出|黑名单|失信|扣减|暂停|停止|罚款|赔偿|查处"
)
# A fine asked (罚款多少, what fine): a sum, like any amount (罚好多钱 is one by its 好多钱).
_FINE = re.compile(r"罚款?(?:是|有|要)?(?:多少|好多|几)")
_FINE_EN = re.compile(r"\bwhat fines?\b|\bfined\b|\bhow (?:much|large|big|high) (?:is |are |a )?(?:the )?fines?\b")
# Contact details (a phone number, a website, an e-mail address) and where a place is (its address, the way
# there): plans do not list them.
_CONTACT = re.compile(
    r"电话|联系方式|(?:怎么|如何|怎样|咋个?|啷个)(?:才能|能|去)?联系|联系人|网址|网站是|邮箱|电子邮件"
    r"|(?:哪个|什么|啥)(?:网站|APP|app|App|小程序|公众号)"
    # whether there is a link or an app at all (有没得手机APP): only an address or a named app answers
    r"|(?:有没有|有没得|有无)(?:手机)?(?:链接|APP|app|App|小程序|公众号)"
)
# Where a document, list or data set can be got or looked up (在哪里能下载, 名单在哪看, where can I download it): a
# channel, which only a web address or a named platform it is published on gives; a plan that says a report is
# 编制发布 does not say where (dev24 u4635 was answered so). Asked with 在哪, not 去哪里看 (a service: dev4 u820).
_CHANNEL = re.compile(
    # …also on which platform a recording is watched (视频在哪个平台能回看: dev41 u7321)
    r"在哪(?:里|儿|个地方|个平台|个网站)?(?:能|可以|才能|去)?(?:下载|查到|查询|查看|看到|找到|回看|观看)"
    r"|(?:名单|清单|报告|链接|全文|原文)在哪(?:里|儿)?(?:看|查|找|下)"
)
_CHANNEL_EN = re.compile(r"\bwhere (?:can|do|could) (?:i|we|one) (?:download|find|read|view|look up|get)\b")
# A channel given: an address (_CONTACT_GIVEN), or a platform, site or app that things are published, got or looked up
# on or that one goes through (可以从数据开放平台在线获取, 可以在数据开放平台…提出申请)
_CHANNEL_GIVEN = re.compile(
    r"(?:网站|平台|门户|APP|app|App|公众号|小程序)[^，。；]{0,12}(?:获取|查询|查阅|下载|公开|公布|发布|查看)"
    r"|(?:在|从|通过|于)[^，。；]{0,10}(?:网站|平台|门户|APP|app|App|公众号|小程序)"
)
# Whether something costs the user (评估要不要收费, 要交钱不, 收不收费): the plans name services without their fees
# (dev13 u2862 was answered with the 安全评估机制 sentence). Only the asking forms: 有没有免费的网课 asks for a
# course, and is answered by one (dev3 u414). A sentence that speaks of a fee (免费, 收费, 无偿) answers.
_FEE = re.compile(
    r"(?:要不要|收不收|需不需要|用不用)(?:交|收|付|花)?(?:费|钱)|(?:交|收|付|花)钱(?:不|吗|嘛|哦)|(?:收费|免费)(?:吗|不|嘛)"
    r"|是否(?:收费|免费)"
    # a fee named that one must pay, asked yes or no (要交会务费不, 还要收手续费吗: dev34 u6209 was answered 是 with
    # the forum sentence); not paying a bill (在手机上交气费) or paying less (少交点费用)
    r"|(?:要|得|需要)(?:交|收|缴|付)[\u4e00-\u9fff]{1,3}?费(?:用)?(?:不|吗|嘛|哦|没有?)[？?]?$"
)
_FEE_GIVEN = re.compile(r"免费|收费|不收取|无偿|费用")
# What follows a measure's term (两年到期后换成啥子新办法, were they extended after they expired): a document states its
# own term (有效期2年) and cannot tell what came after it, unless it provides for it (期满后…, 延期, 修订). Every dev
# question so asked is a near-miss (dev8 u1832, dev38 u6869, dev40 u7191); two were answered with 有效期2年 alone.
_TERM_ENDS = "到期|期满|届满"
_AFTER_EXPIRY = re.compile(rf"(?:{_TERM_ENDS}|过期|失效)(?:了|以)?(?:后|之后)")
_AFTER_EXPIRY_EN = re.compile(r"\b(?:after|once|when) (?:it|they|the \w+) (?:has |have )?(?:expired?|lapsed?)\b")
_AFTER_EXPIRY_GIVEN = re.compile(rf"(?:{_TERM_ENDS})(?:以|之)?后|延期|有效期[^，,。；;]{{0,6}}延长|修订|废止")
# (在哪里办, 在哪儿举行: where an event is held, which the plans do not say either: offtopic_dev9 o588)
_ADDRESS = re.compile(
    r"在哪(?:里|儿|个地方)?(?:办|举办|举行|开)(?![公理])|办公地址|在哪(?:里|儿)?办公|具体地址|详细地址|地址在哪|哪条街|哪条路|门牌|具体位置|位置在哪|怎么(?:过)?去|咋个?去|怎么走"
)
# How much is to be invested (投资多少, 总投资, how much investment): a sum in 元 said of an investment answers, not a
# rate or another sum (达州市 R&D 经费投入为 14.8 亿元 for a lithium park's investment, dev11 u2531).
_INVESTMENT = re.compile(r"投资(?:多少|好多|额|规模|金额)|总投资")
# Which countries (这22个外国人主要是从哪些国家来的, 建在哪个国家): only a sentence that names a country answers
# (answer/countries.txt: 越南、泰国 do; 东盟 and RCEP国家 are no country). Not 哪些国家级 / 国家层面 / 国家物流枢纽:
# 国家 before a noun is national, so it must end the clause or come before a particle or a verb. Read before _SITE: a
# site asked by its country is given by a country, not by 在东盟.
_COUNTRIES_ASKED = re.compile(
    r"哪(?:个|些|几个|几)?国家(?=[的来建合和与、，,。？?呢吗嘛哦了去进出签开投办设]|$)"
    r"|\b(?:which|what) countr(?:y|ies)\b",
    re.I,
)
# …unless a place inside the country is asked too (建在哪个国家、哪个城市: dev20 u3998), which a country named does not
# give: the site is asked
_PLACE_IN_COUNTRY = re.compile(r"哪[个些几]?(?:县|区|市|乡|镇|城市|省|地方)")
_COUNTRIES = Path(__file__).with_name("countries.txt")
# …and the one-character names a list abbreviates them to (加大对日、韩、新加坡等RCEP国家…), only in such a list: one
# next to another across 、 (每日、每周 and 德、智、体 are none)
_ABBREVIATED = "日韩朝美英法德俄澳泰越印马菲"


@cache
def _country_named() -> re.Pattern[str]:
    """A country's name (answer/countries.txt, longest first) or two abbreviated side by side: one pattern, read
    once, for every sentence a countries question is checked against."""
    lines = _COUNTRIES.read_text(encoding="utf-8").splitlines()
    names = sorted({w for line in lines if not line.startswith("#") for w in line.split()}, key=longest_first)
    return re.compile("|".join([*map(re.escape, names), f"[{_ABBREVIATED}]、[{_ABBREVIATED}新]"]))


# Which county, district, town, city or country something is to be sited in (建在哪个县区, 哪个国家, 选址): a place
# the sentence puts it in answers (在大竹县创建; 在日本、东盟等RCEP国家). Not 建在哪些地方: kinds of places answer that
# (产业聚集区、专业市场…保护工作站, dev5 u997).
# The place it is in may stand between (定在安徽哪个市, 建在达州哪个地方: dev15 u3195, u3163). 选址 is asked when the
# question ends on it or asks of it (选址在哪, 选址定了没), not as work done (做顶层规划和选址的时候，要统筹考虑哪些
# 因素 asks for the factors: dev16 u3290).
_SITE = re.compile(
    r"选址(?=\s*(?:在|定|是|呢|吗|嘛|了没|[？?]|$))|在[\u4e00-\u9fff]{0,4}?哪个?(?:县|区|市|乡|镇|园区|个地方|国家|城市|省)"
    # the villages or towns something is (to be) in: 哪些村已经建了 (dev25 u4784)
    r"|哪(?:些|几个)(?:村|镇|乡|社区|街道)"
)
# The institutions a question asks to be named (万达开高校联盟有哪几所大学, 跟哪些高校签了协议): only a sentence that
# names one (四川文理学院) answers; a count (几所高校) is a value question, below.
SCHOOL_NOUNS = "大学|高校|院校|学校"
_NAMES = re.compile(rf"哪.{{0,3}}(?:{SCHOOL_NOUNS})|(?:{SCHOOL_NOUNS})(?:是|有|包括)?哪")
# The firms or parks a question asks to be named (哪几个园区, 哪家厂在带头, 运营单位是哪几家公司, 点名的有哪些): only a
# sentence that names some answers (_NAMED_ORG).
# 家 counts organisations: 哪家 / 哪几家 asks which ones by name, whatever follows (哪家第三方机构, 具体是哪几家,
# 哪家单位在运营: dev22 u4288/u4316 were answered with sentences that only count or name the kind).
# …and an organisation asked after its kind (外部评估单位具体是谁, 承办的公司叫什么名字: dev39 u7007); a unit in charge
# so asked (负责单位是谁) is _IN_CHARGE's, read first
ORG_NOUNS = "企业|公司|厂|园区|产业园|银行"
# A kind asked (哪类企业, 哪些类型的企业, 哪种公司) is no firm to be named: a sentence naming the kind answers it.
_ORGS = re.compile(
    rf"哪(?:些|几|个|家|一)?(?![^，。？?\s]{{0,2}}?[类种型样])[^，。？?\s]{{0,3}}?(?:{ORG_NOUNS})|点名|哪几?家"
    r"|(?:单位|机构|公司)(?:具体|到底|究竟)?(?:是|叫)(?:谁|哪家|哪个|什么名字|啥名字)"
)
# A few words may qualify the kind (which civil-explosives companies, which four cities, which Yangtze River Delta
# cities): a hyphenated word, a number, an adjective (…al, …ed, …ic, …ese, …ian) or a proper name, not a verb or noun
# the question goes on with (which measures help firms asks for measures). Read on the question as typed: a proper
# name by its capital.
_WHICH_QUALIFIED = (
    r"\b[Ww]hich (?:(?:[A-Z][A-Za-z]*|[a-z]+-[a-z-]+|[a-z]+(?:al|ed|ic|ese|ian)|two|three|four|five|six|ten) ){0,3}"
)
# Banks are firms too: the plans name none (鼓励银行, 合作银行), so `which banks are the partner banks` is a near-miss
# (dev33 u6073), as are firms a measure has already reached (dev30 u5594, civil-explosives companies).
_ORGS_EN = re.compile(
    _WHICH_QUALIFIED + r"(?i:compan(?:y|ies)|firms?|enterprises?|operators?|organi[sz]ations?|institutions?|banks?)\b"
)
# The places a scheme has reached or takes in (哪几个县已经有平台落地, which four cities take part; in English the
# plural asks for a set, where `which district's plan` asks which plan):
# only a sentence that names places answers (two the gazetteer knows, or one a thing is put in: _PLACED). Not the
# cities' titles a place has won (哪些城市的牌子: dev u824). Every dev question so asked is a near-miss (dev30 u5593,
# dev31 u5748, dev32 u5913): the plans name where they act, not where a measure has got to.
# …also when what they have is named after them (哪些县的政府专用外网已经建成了: a result, dev41 u7189), but not a
# kind of title (哪些城市的牌子: dev u824)
_PLACES_ASKED = re.compile(r"哪(?:些|几个)(?:县|区县|县区|城市)(?:(?!的)|的[^，,。？?]{1,12}已经)")
_PLACES_ASKED_EN = re.compile(_WHICH_QUALIFIED + r"(?i:cities|counties|districts|towns|villages)\b")
# The unit in charge of a measure (人才台账是哪个部门在管, 由谁负责, which department is responsible): a sentence that
# names a unit with what it does (市科技局牵头, 专区监管部门负责…), or an item's note (牵头考核单位：…, （省商务厅
# 负责）) gives it. A plan often states a measure and no unit (加强重点项目人才台账管理: dev19 u3815 was answered
# with it).
_IN_CHARGE = re.compile(
    r"(?:哪个|哪些|哪家|什么|啥子?)(?:单位|部门|机构)(?:在|来)?(?:管|负责|牵头|主管|考核|监管)"
    # 归谁所有 asks who owns something (研究成果归谁所有: dev33 u6017 was told 规划未提及负责部门), not who is in charge
    r"|由谁|归谁(?!所有|拥有)|谁(?:来)?(?:管|负责|牵头|主管|考核)|(?:牵头|负责|责任|主管)(?:考核)?(?:单位|部门)(?:是|有)?(?:哪|谁|什么|啥)"
)
_IN_CHARGE_EN = re.compile(
    r"\bwhich (?:department|agency|authority|office|unit)\b|\bwho (?:is|are) (?:responsible|in charge)\b"
)
_UNIT_NOUN = rf"(?:{UNIT_NOUNS}|机构|专班)"
_UNIT_GIVEN = re.compile(
    rf"{_UNIT_NOUN}(?:等|和|、|\S{{0,12}}?{_UNIT_NOUN})?(?:{UNIT_VERBS}|会同|统筹|指导)"
    r"|(?:牵头考核单位|牵头单位|责任单位|考核单位|负责单位|主管部门)[：:]|(?:由|归)\S{2,16}"
    + _UNIT_NOUN
    # a note's lead and partners (（合肥海关牵头，省贸促会…配合）), a responsibility taken (承担…监管责任), a unit by
    # its office (行业主管部门, 区政府)
    + r"|[\u4e00-\u9fff]{2,12}(?:牵头|负责|配合)(?=[，,、；;）)]|$)|承担\S{0,20}?(?:责任|职责)"
    r"|(?:主管|监管|职能)部门|[省市区县州]政府"
)
# A list of names (名单), but not which list a scheme keeps (有个啥子名单, 啥子名单机制: its name, 白名单) nor whether
# one is on it (也在…的名单里头吗): dev13 u2720, dev20 u3922, dev34 u6101 were told 规划未提及具体人员
_NAME_LIST = r"(?<![么啥子])名单(?!里|中|上|机制|制度)"
# A person by name or office (局长是谁, 负责人叫什么名字): plans name units (市科技局牵头), never the people in them.
_PERSON = re.compile(
    # a head of a group asked (组长是哪个: Sichuan 哪个 is "who" after a person's title)
    r"(?:局长|厅长|书记|主任|市长|区长|县长|负责人|联系人|组长|牵头人)(?:是谁|是哪个|是哪位|叫什么|叫啥|姓什么|姓啥)"
    r"|叫(?:什么|啥)名字|姓名"
    rf"|(?:哪些|什么|啥)(?:专家|成员)|成员名单|{_NAME_LIST}"
    r"|(?:专家|院士|成员)们?(?:都|分别|具体)?是(?:哪些人|哪几位|谁)"  # the same asked after the noun (…专家都是哪些人)
)
_PERSON_EN = re.compile(
    r"\bwho is the (?:head|director|chief|leader|mayor|secretary)\b|\bwhat is (?:the|his|her) name\b"
)
# A value question: how many, how much, how large (基金规模有多大), which rate; group 1 the unit asked for, when
# there is one.
_COUNT_UNITS = (
    "个百分点|亿元|万元|家|户|个|件|名|项|所|人|次|座|亿|万|元|期|批|场|届|轮|台|套|亩|吨|份|篇|张|" + LATIN_UNITS
)
_VALUE = re.compile(rf"(?:多少|几)({_COUNT_UNITS})?|(?:比重|占比|强度|贡献率|增速|增长率)|多大")

# What a count asks for, named after its unit and up to a particle or an adverb: `制定或参与制定了多少项标准` counts
# 标准, `连续几次较差就终止授权` 较差. The number that answers is said of it (in its clause, or in a row's label
# before the colon): `…“十个一批”科技项目 375 项` counts projects, not standards (dev4 u865). A noun the plans do not
# use (鱼苗 for 苗种, 省里) is not read (Answerer._in_plan_words): the plan would say it otherwise. Measured with
# --llm none: the noun up to a particle only, with no other condition, dev4 +1 but dev10 −1 (two counts asked) and
# four right answers told 规划未规定这一数值; with one count asked, no question word in the noun, plan words only and
# the adverbs (就, 才, 要 …) ending it: dev4 +1 (u865), every other tuning, off-topic and validation split identical.
_COUNTED = re.compile(
    rf"(?:多少|几)(?:{_COUNT_UNITS})([\u4e00-\u9fff]{{2,8}}?)(?=[的呢吗啊呀哦嘛了就才都也要会能还？?，,。！!、\s]|$)"
)
_ASKING_WORD = re.compile(r"什么|啥|哪|谁|怎")
_HOW_MANY = re.compile(r"多少|几")
_POINTING = re.compile(r"(?:这|那)(?:样|种|类|些|个)")
COUNTED_SHARE = 0.5  # of the counted noun's character bigrams the number's clause must hold

# A rank asked (排第几, 第几位, 排名, 名次; English rank): only a rank answers it, not the value ranked (`十四五期间利州
# R&D投入强度在全省排第几` is not answered by `投入强度突破1.5％`, dev12 u2707). A list of the first few (排名前几的
# 企业有哪些) asks for names, not a rank. The whole it is asked within (全省, 省内, 四川; 全市, 市里; 全国) must not
# differ from the one a sentence ranks in (`投入强度位居全市第二` is no rank in the province); a sentence that names
# none (`在四川省省级高新区考核评价中综合排名第 6 位`) may answer.
# …and who came first (哪个旗县区排第一, 谁拿了第一): a ranking's result, which a method (包头's 考评办法) does not give
_RANK = re.compile(r"排(?:在)?(?:第)?几|排名|第几(?:位|名)|名次|排老几|(?:哪|谁)[^，。？?]{0,8}(?:排|得|拿|考)了?第一")
_FIRST_FEW = re.compile(r"哪些|哪几")  # 排名前几的企业有哪些: the names of the first few, not a rank
_RANK_EN = re.compile(r"\brank(?:ed|ing|s)?\b")
_RANK_SCOPES = (
    ("省", re.compile(r"全省|省内|省里|全川|四川|\bsichuan\b|\bprovinc")),
    ("市", re.compile(r"全市|市内|市里|\bcity\b")),
    ("国", re.compile(r"全国|国内|\bnational|\bchina\b|\bcountry\b")),
)
_RANK_GIVEN = re.compile(
    r"(?:排名|排|位列|位居|居)[^，。；;]{0,6}?(?:第\s*[0-9一二三四五六七八九十]+|前列|首位|前[0-9一二三四五六七八九十]+)"
    r"|第\s*[0-9一二三四五六七八九十]+\s*(?:位|名)(?!单)"
)
_SAID_SCOPE = re.compile(r"全(省|市|国)")  # the whole a sentence ranks in, just before or in its rank


# What supplies each kind of detail in a passage sentence.
# An amount is in 元 (万元, 亿元) or a rate of something (按设备购置额的10%给予奖补); a bare 万 is a count (4.58万人).
_SUM = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?\s*(?:万元|亿元|元)")  # a sum of money (an investment: only this)
_MONEY = re.compile(rf"{_SUM.pattern}|[0-9]+(?:\.[0-9]+)?\s*[%％]")
# a sum said of support or of funds (下达资金 9278 万元); not what a region spends (R&D 经费投入为 14.8 亿元 is no sum
# a firm gets, dev14 u3013) or what firms put in (引导企业投入研发资金 16 亿元 is no sum a programme pays: dev2 u348,
# dev20 u3975)
# What is paid, named narrower than support or funds (a prize, a rent, a fee, a fine): funds allotted do not give it
_NAMED_SUMS = frozenset({"奖金", "安家费", "房租", "租金", "年费", "收费", "罚款"})
_FUNDS = re.compile(r"支持|(?<!投入)(?<!投入研发)资金|经费(?!\s*投入)")
_BOOK_TITLE = re.compile(r"《[^》]+》")  # a document's title: a name (_NAME_CLASSES); its years not the sentence's
# Where a clause ends: a rate or an investment must be said in the clause that gives it (给予奖补 with 10%)
_CLAUSE_BREAK = re.compile(r"[，,。；;]")
_PERCENT = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*[%％]|百分之|[一二三四五六七八九十]成")
_CONTACT_GIVEN = re.compile(
    r"[0-9]{3,4}[-－—][0-9]{7,8}|(?<![0-9])1[0-9]{10}(?![0-9])|(?<![0-9])[0-9]{5}(?![0-9])[^，。；]{0,8}热线"
    r"|https?://|www\.|@[A-Za-z0-9]"
)
# A person named with a post, as a list of a group's members writes them (组　长：王清宪 省长,
# 成　员：潘朝晖 省政府秘书长)
_NAMED_PERSON = re.compile(r"[：:]\s*[\u4e00-\u9fff]{2,4}\s+[\u4e00-\u9fff]{0,8}(?:长|主任|书记|委员)")
# A place something is put in (在大竹县创建, 落户达州高新区), and a school named (四川文理学院; not 大学科技园).
_PLACED = re.compile(
    r"(?:在|落户|布局|建于|位于)[\u4e00-\u9fff]{1,8}(?:县|区|市|镇|乡|村|省|园区|开发区|新区)"
    # the countries named (在日本、东盟等RCEP国家注册境外商标), not a kind of country (与东盟重点国家) or the nation's
    # own (国家级, 在成渝地区双城经济圈建设等多重国家战略交汇叠加下)
    r"|在[^，。；：]{1,14}?(?<!全)国家(?!级|战略)"
)
# A bank by its name (中国农业银行, 徽商银行合肥分行, …银行股份有限公司), not 银行 as a kind (鼓励银行, 合作银行,
# 同期银行基准利率).
_NAMED_BANK = r"中国[\u4e00-\u9fff]{0,4}银行|[\u4e00-\u9fff]{2,}银行(?:股份|有限|[\u4e00-\u9fff]{0,6}[分支]行)"
_NAMED_SCHOOL = re.compile(r"[\u4e00-\u9fff]{2,}(?:大学|学院|学校)(?!科技园)")
# Firms or parks named: a company's legal name (081电子集团, 吉香居食品有限公司), two parks in a row (广元机电产业园、
# 宝轮工业园) or a list closed by 等 and what they are (荣山油橄榄产业园、白朝食用菌产业园等现代园区; 中石化普光气田、
# 炬原玄纤…等企业). `现代产业园区` names none, nor does a list of activities (设施栽培、…、绿色防控等关键技术).
_NAMED_ORG = re.compile(
    r"[\u4e00-\u9fff0-9]{2,}(?:公司|集团|分行|支行)|[^，。；、\s]{2,}园区?、[^，。；、\s]{2,}园"
    r"|[^，。；、\s]{2,}(?:、[^，。；、\s]{2,})+等[^，。；、]{0,6}(?:企业|公司|厂|园区|产业园|园)"
    # one institution by its name as an instance of its kind (与省中医药科学院分院等科研院所合作)
    r"|[^，。；、\s]{4,}(?:院|中心)等(?:科研院所|机构|单位)"
)
# Steps of a procedure; 材料 only as the papers one hands in (新材料 is an industry of every plan here: a question for
# the materials to hand in was answered with a 新材料 sentence). Nor 申请 as what a patent or trademark is before it is
# granted (提高发明专利申请数量和质量 counts filings: dev23 u4455 was answered with it).
_STEPS = re.compile(r"(?<!专利)(?<!商标)申请|申报|提交|报送|受理|审核|审批|备案|流程|程序|所需材料|材料清单")
_TERMS = re.compile(r"条件|门槛|资格|须|应当具备|不低于|不少于|不超过|满[0-9一二三四五六七八九十两]")
_EVERY = re.compile(r"每(?:年|季度?|月|半年|周|天)|半年|年度|季度|一年一次")
# A span: so many working days, days, months, hours (_SHORT_SPAN), or years of time (3年内, 两年时间).
_SHORT_SPAN = re.compile(r"[0-9一二三四五六七八九十两]+\s*个?(?:工作日|日内|天|个月|月内|小时)")
_SPAN = re.compile(
    rf"{_SHORT_SPAN.pattern}"
    r"|(?<![0-9])[0-9一二三四五六七八九十两]{1,2}(?:\s*[-—~至到]\s*[0-9一二三四五六七八九十两]{1,2})?\s*年(?:时间|内|左右)"
    r"|有效期(?:为)?\s*[0-9一二三四五六七八九十两]{1,2}\s*年"
    # years in a row (连续几年评上优秀: `连续 2 年…被评定为优秀单位`; dev33 u5991 was told 规划未提及具体时限)
    r"|连(?:续|着)\s*[0-9一二三四五六七八九十两]{1,2}\s*年"
)
# …and a day fixed by an event (本办法自颁布之日起施行 answers 从哪天开始执行: dev41 u7229 was told 规划未提及具体时间)
_DATE = re.compile(rf"(?:19|20)[0-9]{{2}}\s*年|年底|年内|月底|当年|[自从][^，,。；;]{{1,10}}之日起|{_SPAN.pattern}")
# A value and its unit, if any, also when approximate (6000 余人, 70 多个); years (2025年, and a span of them:
# `行动计划（2021-2023年）` in a heading had given dev40 u7194 a fund's size) and list numbers (1. 2、 10﹒) are not
# values.
# What is counted in units of one character, after a number in digits or in Chinese numerals: direct.COUNTERS, and
# 大 (实施“五大工程”, 围绕 9 大特色优势产业 count the great ones: dev30 u5448, 几大工程…到底是几个, was told
# 规划未规定这一数值), which after 好多 is no counter (好多大企业: many)…
_COUNT_CHARS = COUNTERS + "大"
_NUMBER = re.compile(
    r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.]*\s*(?:[-—–~至到]\s*[0-9]+\s*)?[年、．.﹒])\s*(?:余|多)?\s*"
    rf"(个百分点|亿元|万元|平方米|平方公里|公顷|{LATIN_UNITS}|[%％亿万元分{_COUNT_CHARS}])?"
)
# A count written in Chinese numerals with its unit (连续两次, 三家): a value too; 一 alone is no count (一批, 一体化).
# …and, after Chinese numerals, 级 (省、市、县三级接轨 is a count of levels, dev17 u3453)
_COUNTERS = _COUNT_CHARS + "级"
_LABEL_BEFORE = re.compile(r"(?:专栏|附表|附件|重点领域|(?<![发代列报外])表)\s*$")
_CN_NUMBER = re.compile(
    r"(?<![一二两三四五六七八九十百千])(?:[两二三四五六七八九][十百千]?[一二三四五六七八九]?|十[一二三四五六七八九]?|一[十百千][一二三四五六七八九]?)"
    rf"\s*(个百分点|{'|'.join(_COUNTERS)})"
)
_UNIT_FOLD = {"％": "%"}
# 1万名, 2万平方米: a count or an area in tens of thousands
# …after 万 or 亿, also past 余 or 多 (开放2万余人次 counts people: dev30 u5456 was told 规划未规定这一数值)
_COUNTER_AFTER = re.compile(f"(?:余|多)?([{_COUNTERS}]|平方米|平方公里|公顷)")


def _counted_in(unit: str | None, text: str, end: int) -> str | None:
    """`unit` as what is counted: 万 or 亿 followed at `end` by a counter counts that counter (`1万名` and a
    question's `多少万人` count 名 and 人); any other unit is itself."""
    if unit in ("万", "亿") and (counter := _COUNTER_AFTER.match(text, end)):
        return counter.group(1)
    return unit


_TIME_AFTER = re.compile(r"工作日|自然日|月|小时|星期|季度|年|天|周")
_PERIOD_ENDS = frozenset(PERIOD_END.values())


# A question's asking sentences: those ending in a question mark, and the last one. An enterprise describes
# itself first (年产几万吨, 给几家手机厂配套。) and then asks (规划里磷化工支持什么方向？): the description's numbers
# are not what it asks for. dev2 u230/u233 were told 规划未规定这一数值 from their descriptions.


def asking_sentences(question: str) -> list[str]:
    """The sentences of `question` that ask, the last first: `我们…年产几万吨。规划里支持什么方向？` -> the second."""
    sentences = [question[s:e] for s, e in sentence_spans(question)]
    if len(sentences) <= 1:
        return sentences or [question]
    asking = [s for s in sentences[:-1] if s[-1] in "？?"]
    return [sentences[-1], *reversed(asking)]


# …and within one sentence too: `我们是达州一家煤矿，井下巷道又长，工人每天上下井要走好久，…，规划有没有提到？`
# (dev21 u4043 was told 规划未提及具体时间). In a question that opens with the asker (我们, 我), a clause before the
# last one asks only by a word that does nothing but ask (什么, 哪, 多少, 吗, 有没有); its 好久, 几个 or 好几百万 say
# how things stand.
_ASKER_FIRST = re.compile(r"^\s*(?:我们|我|咱们|本公司|我司)")
_ONLY_ASKS = re.compile(
    r"吗|呢|什么|啥|哪|多少|怎|如何|咋|有没有|有无|是否|能否|能不能|会不会|是不是|要不要|可不可以|[？?]|不[？?]?$"
)


# A clause whose question word is what the asker does not know (不晓得有事该找哪个部门, 不知道怎么申请) says how
# things stand when a later clause asks (…，区里对培育我们这种企业有啥子服务机制？): dev22 u4220 was told
# 规划未提及具体的申请流程. Alone, or last, it asks (不知道该找哪个部门？).
_NOT_KNOWING = re.compile(r"(?:不晓得|不知道|不清楚|搞不清楚?)[^，,；;]*?(?:什么|啥|哪|多少|怎|如何|咋)")
# …unless the later clause only asks to be told (`不知道该找哪个部门，能告诉我吗？`): then the not-knowing clause
# is what is asked
_TELL_ME = re.compile(r"告诉|说一下|说下|讲一下|讲下|介绍一下|问一下|请教")


def _asking_part(sentence: str, asker_first: bool) -> str:
    """The clauses of an asking sentence that ask: all but those that only say what the asker does not know
    (`_NOT_KNOWING`), and when the question opens with the asker, without the description before the last clause
    (`_ONLY_ASKS`)."""
    clauses = CLAUSE_END.split(sentence)
    if len(clauses) < 2:
        return sentence
    asks_last = _ONLY_ASKS.search(clauses[-1]) is not None and not _TELL_ME.search(clauses[-1])
    kept = [c for c in clauses[:-1] if not (asks_last and _NOT_KNOWING.search(c))]
    if asker_first:
        kept = [c for c in kept if _ONLY_ASKS.search(c)]
    elif len(kept) == len(clauses) - 1:
        return sentence
    return "，".join(kept + clauses[-1:])


def _asking_parts(question: str) -> list[str]:
    """What each asking sentence of `question` asks (`asking_sentences`, the last first), without the clauses that
    only describe (`_asking_part`)."""
    asker_first = bool(_ASKER_FIRST.match(question))
    return [_asking_part(s, asker_first) for s in asking_sentences(question)]


def asking_text(question: str) -> str:
    """What `question` asks, without the asker's description (`_asking_parts`, joined): `我在达川弄了几个蔬菜大棚，
    达州说的智慧农业技术准备用在哪些环节上？` -> `达州说的智慧农业技术准备用在哪些环节上？`."""
    return " ".join(_asking_parts(question))


def asked_detail(question: str) -> Asked | None:
    """The detail `question` asks for, when it is one the plans often leave out; None for other questions.
    Only its asking sentences count, the last one first (a joined follow-up `…几家企业？ 那实训基地要建几个` asks
    for 个), and of them what asks (`_asking_parts`)."""
    return next((a for part in _asking_parts(mandarin(question)) if (a := _asked_in(part)) is not None), None)


def _asked_in(q: str) -> Asked | None:
    low = q.lower()
    if _ABBREVIATION.search(low):
        return _abbreviation_asked(q, low)
    if _CONDITION.search(q) or _CONDITION_EN.search(low):
        return Asked("condition", "具体的申请条件")
    if _MATERIALS.search(q) or _MATERIALS_EN.search(low):
        return Asked("materials", "所需材料")
    if _PROCEDURE.search(q) or _PROCEDURE_EN.search(low):
        return Asked("procedure", "具体的申请流程")
    if _USE.search(q):
        return Asked("procedure", "具体的操作步骤")
    if _FEE.search(q):
        return Asked("fee", "是否收费")
    if _AFTER_EXPIRY.search(q) or _AFTER_EXPIRY_EN.search(low):
        return Asked("after-expiry", "到期后的安排")
    if _ADDRESS.search(q):
        return Asked("contact", "具体地址")
    if _CONTACT.search(q) or _CONTACT_EN.search(low):
        return Asked("contact", "具体联系方式")
    if _CHANNEL.search(q) or _CHANNEL_EN.search(low):
        return Asked("channel", "下载或查询渠道")
    if title := _title_asked(q):
        return title
    if _PERSON.search(q) or _PERSON_EN.search(low):
        return Asked("person", "具体人员")
    if _IN_CHARGE.search(q) or _IN_CHARGE_EN.search(low):
        return Asked("unit", "负责部门")
    if members := _members_asked(q):
        return members
    if _COUNTRIES_ASKED.search(q) and not _PLACE_IN_COUNTRY.search(q):
        return Asked("countries", "具体国家")
    if _SITE.search(q):
        return Asked("site", "具体选址")
    if _NAMES.search(q):
        return Asked("names", "具体名单")
    if _PLACES_ASKED.search(q) or _PLACES_ASKED_EN.search(q):
        return Asked("places", "具体地名")
    if (orgs := _ORGS.search(q) or _ORGS_EN.search(q)) and not asks_yes_no(q):  # 会不会被哪家公司垄断 asks yes or no
        # banks by a bank's name only: a park or a list closed by 等 is no bank (dev33 u6073)
        return Asked("orgs", "具体名单", name=_NAMED_BANK if re.search("银行|bank", orgs.group(), re.I) else None)
    if _FREQUENCY.search(q) or _FREQUENCY_EN.search(low):
        return Asked("frequency", "具体频次")
    if _DURATION.search(q) or _DURATION_EN.search(low):
        return Asked("duration", "具体时限")
    if _TIME.search(q) or _TIME_EN.search(low):
        return Asked("time", "具体时间")
    if _FINE.search(q) or _FINE_EN.search(low):
        return Asked("amount", "罚款的具体金额")
    if _AMOUNT_EN.search(low):
        if "invest" in low:
            return Asked("investment", "投资的具体金额")
        return Asked("amount", "预算的具体金额" if "budget" in low else "支持的具体金额")
    if _RATIO_EN.search(low):
        return Asked("rate", "支持的具体比例")
    if _TAX_RATE.search(q) or _TAX_RATE_EN.search(low):
        return Asked("ratio", "具体税率")
    years = years_named(q)
    if (_RANK.search(q) or _RANK_EN.search(low)) and not _FIRST_FEW.search(q):
        scope = next((level for level, words in _RANK_SCOPES if words.search(low)), None)
        label = f"{'、'.join(years)}年的" if years else ""
        return Asked("rank", f"{label}{'全' + scope if scope else ''}排名", years=years, scope=scope)
    share_for_year = years and _YEAR_TARGET.search(q) and not _SUPPORT.search(q)
    if _RATIO.search(q) and not _VALUE_TARGET.search(q) and not share_for_year:
        # 补几成, 贴息比例: a rate of support, which only a percentage given as support answers (a plan's `规上工业企业
        # 100%上云` is a target, not what the state pays: dev6 u1317). A share asked for a year (2030年…比例是多少),
        # not as support, is that year's value, below.
        return Asked("rate", "支持的具体比例") if _SUPPORT.search(q) else Asked("ratio", "具体比例")
    if _INVESTMENT.search(q):
        return Asked("investment", "投资的具体金额", years=years)
    if _AMOUNT.search(q) or (_AMOUNT_UNIT.search(q) and not years):
        what = _AMOUNT_WHAT.search(q)
        # a tax relief (税收上能减免好多, 能减免多少税: _TAX), the thing asked, or a sum paid, which is a fee
        noun = "税收优惠" if _TAX.search(q) else what.group() if what else "费用" if _PAID.search(q) else "支持"
        label = "收费标准" if noun == "收费标准" else f"{noun}的具体金额"
        return Asked("amount", label, years=years, yearly=_per_year(q))
    if _PENALTY.search(q) or _PENALTY_EN.search(low):
        return Asked("penalty", "具体处罚措施")
    if (relative := RELATIVE_YEAR.search(q)) and (_YEAR_TARGET.search(q) or _asks_how_many(q)):
        return Asked("relative-year", f"{relative.group()}的数值")  # 今年有多少家了: no plan column is for it
    how_said = _HOW_SAID.search(q)
    # …for another year (利州到2035年的目标是咋个表述的, 2030年的目标有什么要求): a sentence that names that year
    # answers (到2035年，区域创新体系完善…), not a value of it; a year only a cited document's title names
    # (《…2035年远景目标纲要》) is none. dev15 u3116 had been read as a value question.
    if how_said and years and not set(years) <= {PERIOD_END["十四五"]} and not _asks_how_many(q):
        return Asked("year-said", f"{'、'.join(years)}年的目标", years=years)
    # The parts or kinds of the plan's own goals (十四五科技创新的主要目标分成哪几个方面): its headings answer, not a
    # value; a list asked of another year (2030年有哪些目标) is still checked against the years the passages give.
    # dev18 u3597 was told 规划未规定2025年的目标值.
    parts_of_plan = _LIST_ASKED.search(q) and set(years) <= {PERIOD_END["十四五"]} and not asks_value(q)
    if years and (_YEAR_TARGET.search(q) or _VALUE_EN.search(low)) and not how_said and not parts_of_plan:
        # 2030年的目标是什么, 2023年达到多少: a value for a year (checked against the years the passages give)
        what = "目标值" if "目标" in q else "数值"
        return _value_asked(q, f"{'、'.join(years)}年的{what}", years)
    if noun := _never_given(q):
        return noun
    if _AREA_EN.search(low):
        return Asked("value", "具体面积", AREA, years)
    if _HOW_MANY_EN.search(low):
        # an English count asked for no year: a value, read here and not from the translation, whose dictionary
        # senses ask for what the question does not (above-scale -> 规模, 比例: dev14 u2995 was told 规划未规定具体比例)
        return Asked("value", "这一数值", "人" if _PEOPLE_EN.search(low) else None, yearly=_per_year(q))
    if _LIST_OR_DEFINITION.search(q):
        # 哪几个子平台, 分哪几类, 是什么: the answer is a list or a definition, not a value; but a clause of its own
        # that counts in a unit still asks for that count (哪几个专科、添好多张病床: dev33 u6057 was answered with the
        # hospital's sentence, which gives none)
        counted = [c for c in _LIST_CLAUSES.split(q) if not _LIST_OR_DEFINITION.search(c) and _asks_how_many(c)]
        if counted and _unit(counted[0]) is not None:
            return _value_asked(counted[0], "这一数值", years)
        return None
    if _asks_how_many(q):
        label = f"{'、'.join(years)}年的目标值" if years else "这一数值"
        return _value_asked(q, label, years)
    return None


# An abbreviation asked for (Give the abbreviation the plan uses, which … (three-letter abbreviation), 英文缩写是什么):
# a sentence that writes one in Latin capitals answers (打造区域 IDC 基地), not one the question itself names (under
# RCEP …: the RCEP text's every sentence) nor one of another length than a length asked. dev13 u2839 and dev14 u2990
# were answered with a sentence of the topic that gives none.
_ABBREVIATION = re.compile(r"\babbreviat|\bacronym|\binitialism|缩写|英文简称")
_LETTERS = re.compile(r"\b(two|three|four|five|[2-5])[- ]letter")
_LETTER_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def _abbreviation_asked(q: str, low: str) -> Asked:
    """Asked("abbreviation") with the pattern of an abbreviation that would answer (`name`)."""
    named = sorted({w.upper() for w in re.findall(r"[A-Za-z]{2,}", q)}, key=lambda w: (-len(w), w))
    m = _LETTERS.search(low)
    size = _LETTER_COUNTS[m.group(1)] if m else None
    letters = f"[A-Z]{{{size}}}" if size else "[A-Z]{2,6}"
    not_named = f"(?!(?:{'|'.join(named)})(?![A-Za-z]))" if named else ""
    return Asked("abbreviation", "英文缩写", name=f"(?<![A-Za-z]){not_named}{letters}(?![A-Za-z])")


# A value per year (每年评多少个, 一年安排多少钱, how many a year): the plans give one only where its clause or the
# sentence before it says so (每年面向1万名…, 年均增长10％, 每年新增200家); a total for the period
# (推荐评选…创新型企业家15名) is not one. dev26 u4938 was answered with the 十三五 total.
_YEARLY_ASKED = re.compile(r"每一?年|一年(?!多|来|以来|内)|年均|每年度")
_YEARLY_ASKED_EN = re.compile(r"\b(?:per|a|each|every) year\b|\bannual(?:ly)?\b|\byearly\b")
_YEARLY_GIVEN = re.compile(r"每一?年|年均|一年|年度|逐年|[/／]年|年增")


def _per_year(q: str) -> bool:
    return bool(_YEARLY_ASKED.search(q) or _YEARLY_ASKED_EN.search(q.lower()))


def _value_asked(q: str, label: str, years: tuple[str, ...]) -> Asked:
    """A value question: its unit (or 元 for a sum named by its noun, 面积 for an area), what a count or a share is
    of, which kind of rate."""
    unit = _sum_unit(q) or (AREA if _AREA_ASKED.search(q) else None)
    if unit == AREA and label == "这一数值":
        label = "具体面积"
    return Asked("value", label, unit, years, _counted(q) or _share_of(q), _rate(q), yearly=_per_year(q))


# An area asked (孵化面积要达到多少, 基地要搞多大一片, how large is the incubation space): only an area answers it, in
# any of its units (2万平方米, 2000亩), not the count of incubators beside it (dev25 u4765 was answered with
# `创新创业基地 15 家`). `AREA` is the unit such a question asks in.
AREA = "面积"
_AREA_UNITS = frozenset({"平方米", "平方公里", "公顷", "亩"})
_AREA_ASKED = re.compile(r"面积|多大一?[片块]|(?:多少|几)(?:平方米?|平方公里|公顷)")
_AREA_EN = re.compile(
    r"\bhow (?:large|big)\b[^?]*?\b(?:area|space|site|base|park|land|plot|field|farm)s?\b"
    r"|\b(?:floor|land) area\b|\bsquare (?:met|kilomet)|\bhectares?\b"
)


# What a share of the economy is of (数字经济占GDP的比重, 研发投入占生产总值比例): the number that answers is said
# of it, in its clause, like a count's noun (`支出占全区生产总值的比重（R&D/GDP）达1.5％` is no share of 数字经济,
# dev15 u3175). Leading function characters (到2025年数字经济: 年) are not part of the noun, nor is a time it is
# said for (到时候占全区生产总值的比重: 时候, read as the noun, had no clause to be said of: dev30 u5517).
_SHARE_OF = re.compile(r"([\u4e00-\u9fffA-Za-z&]{2,8}?)占(?:GDP|gdp|全?(?:区|市|省)?(?:地区)?生产总值)")
_SHARE_LEAD = re.compile(r"^(?:到时候|到那时候?|届时|那时候?|年|的|到|在|让|把|使|和|与)+")


def _share_of(question: str) -> str | None:
    """What the share a question asks for is of (数字经济 of 数字经济占GDP的比重), when it names it; None otherwise."""
    m = _SHARE_OF.search(question)
    noun = _SHARE_LEAD.sub("", m.group(1)) if m else ""
    return noun if len(noun) >= 2 and not _ASKING_WORD.search(noun) else None


# A rank for a year is its value too (2020年在全省排第几); an ordinal of a round or term (十三五期间换的是第几届,
# 第几批) is no value: the sentence that names it (换届组建第七届决策咨询委员会) answers, as without a year (dev41
# u7272 was told 规划未规定2020年的数值).
_YEAR_TARGET = re.compile(r"目标|指标|达到多少|是多少|多少|第几(?![届批期次轮])|排名")
# A value asked in so many words (哪些指标，各是多少; 分成哪几个方面 asks none: 几 there is part of 哪几)
_HOW_MUCH = re.compile(r"多少|好多|多大|比重|占比|数值|目标值|\bhow (?:many|much)\b|\bwhat (?:value|number)", re.I)


def asks_value(question: str) -> bool:
    """Whether the question asks for a value in so many words (多少, 比重, how many), not only for a list."""
    return bool(_HOW_MUCH.search(question))


# The same asked in English (what was X in 2023, how many … by 2030, the 2035 target): with a year, a value question.
_VALUE_EN = re.compile(r"\bhow (?:many|much)\b|\bwhat (?:was|were|is|are|will)\b|\btargets?\b|\bgoals?\b")
# How the text puts something (发展目标对战略性新兴产业是咋个表述的, 主要指标在全省的排位有啥子要求): its words
# answer, not a value, also when the plans' target year or 目标/指标 is named (dev14 u2952, u2955 were told
# 规划未规定2025年的目标值); asked of another year (2030年的目标有什么要求), the year is still checked.
# A value asked as well (多少, 增速) is still read below (_asks_how_many).
_HOW_SAID = re.compile(
    r"(?:怎么|怎样|如何|咋个?|啥子?|什么)(?:表述|说|提|讲)|有(?:啥子?|什么)(?:要求|说法|提法)|提了?(?:啥子?|什么)要求"
)
_HOW_MANY_EN = re.compile(r"\bhow many\b")
# …of people (how many trainees a year): a count of people answers (人, 名), not one of bases or projects (dev15 u3186
# was answered with 实训基地1个)
_PEOPLE_EN = re.compile(
    r"\bhow many (?:[a-z-]+ ){0,2}(?:people|persons|trainees|talents|experts|students|workers|researchers"
    r"|professionals|personnel|staff|farmers|graduates|scientists|engineers)\b"
)
_LIST_ASKED = re.compile(r"哪几|哪些|几种|几类|分为|分成")  # not 2025年的目标是什么: one value or a sentence
_LIST_CLAUSES = re.compile(r"[、，,；;]")  # the clauses of one asking sentence
_LIST_OR_DEFINITION = re.compile(rf"{_LIST_ASKED.pattern}|什么是|是什么|是啥|啥意思|是谁|哪个部门|哪家")


# Details the texts never hold, asked in any order of words: a question word next to one of these nouns asks for it
# (网站是哪个, 名字叫啥, 电话是好多 as well as 哪个网站, 叫什么名字, 电话多少). Next to it: a noun further away is the
# topic (政府网站集约化平台升级这项是多少分 asks for a score).
_ASKING = r"(?:哪|什么|啥|多少|好多|几|怎么|如何|咋|谁)"
_NEVER_GIVEN = tuple(
    (re.compile(f"{_ASKING}.{{0,3}}(?:{nouns})|(?:{nouns}).{{0,4}}{_ASKING}"), asked)
    for nouns, asked in (
        (
            r"电话|网站|网址|链接|(?<![A-Za-z])(?:APP|app|App)(?![A-Za-z])|小程序|公众号|邮箱|联系方式",
            Asked("contact", "具体联系方式"),
        ),
        (r"地址|门牌", Asked("contact", "具体地址")),
        (rf"名字|姓名|{_NAME_LIST}", Asked("person", "具体人员")),
    )
)


# The name of a thing asked (人才引进计划叫啥名字, 文件叫什么名字): a name the text gives in quotes, followed by a
# noun of the same class, answers it (以“达州英才”计划为统揽; 以“利州英才”工程为统揽), and so does a programme's
# quoted name that ends in that noun (实施“达人·菁英计划”: dev34 u6162 was told 规划未提及具体名称 above it); a park
# is not named by a quoted slogan of another class (探索…“两国双园”建设 names no park, dev12 u1840), so a park's name
# must be followed by its noun. People's names are never given (_PERSON).
_NAME_ASKED = re.compile(r"叫(?:什么|啥子?)(?:名字|名称)?|(?:名字|名称)(?:是|叫)?(?:什么|啥)")
_PROGRAMMES = "计划|工程|行动|项目|专项|品牌|活动"
_PARKS = "园区|产业园|园|基地|平台|中心"
_NAME_CLASSES = tuple(
    (re.compile(f"(?:{nouns})\\s*(?:是|的|都|分别|各)?$"), given)  # the class's noun just before the asking words
    for nouns, given in (
        (_PROGRAMMES, f"”\\s*(?:{_PROGRAMMES})|(?:{_PROGRAMMES})”"),
        (_PARKS, f"”\\s*(?:{_PARKS})"),
        ("文件|办法|意见|方案|规定|通知", _BOOK_TITLE.pattern),
    )
)
_PERSON_NOUN = re.compile(r"人(?![才民])|者|顾问|专家|院士|领导|成员|委员|局长|主任|书记|老板|师")


def _title_asked(question: str) -> Asked | None:
    """A question for the name of a programme, a park or a document (not a person's): Asked("title") with the
    pattern of a name of its class."""
    for clause in re.split(r"[，,。；;！!？?]", question):
        m = _NAME_ASKED.search(clause)
        if not m or _PERSON_NOUN.search(clause[: m.start()]):
            continue
        for named_before, given in _NAME_CLASSES:
            if named_before.search(clause[: m.start()]):
                return Asked("title", "具体名称", name=given)
    return None


# The members of a set the plan names asked for (“负面清单”里头具体有哪些条, “4+5”体系具体是哪4个哪5个,
# 三张清单是哪三张): the plans often name a list or a system without listing it. A clause that enumerates up to the
# set's name (创新平台建设、技术研发、成果转化“三张清单”; 打造A（…）、B（…）、C（…）“三个中心”), or a sentence that
# names it and goes straight on to list it (包括, 即, a colon, a bracket), answers; `推行“负面清单”管理制度`,
# `构建“4＋5”现代服务业体系`, `现代特色农业“5＋3”产业体系，…研发、推广、应用` (a list of something else, in another
# clause) and `以“四个面向”指引探索科技强、产业强、经济强、生态强的新路径` (a list after a verb: what the set leads
# to, dev16 u3320) do not.
# A short name in quotation marks (“负面清单”, “几良”): group 1 the name
_QUOTED_NAME = re.compile(r"[“\"]([^”\"]{1,12})[”\"]")
_SET_NAMED = (
    _QUOTED_NAME,
    re.compile(r"[0-9一二三四五六七八九十]+\s*[+＋]\s*[0-9一二三四五六七八九十]+"),  # 4+5, 5＋3
    re.compile(r"[\u4e00-\u9fff]{2}(?:清单|名单|目录|体系)"),  # 三张清单, 事项清单
)
_MEMBERS_ASKED = re.compile(r"(?:具体)?(?:有|是|包括|包含|指)?(?:哪些|哪几|哪[0-9一二三四五六七八九十两])")
_MEMBERS_AFTER = 12  # how far after the set's name the question may ask for its members (`，具体是哪4个`)
_LISTED_AFTER = re.compile(r"[^，。；;]{0,8}?(?:包括|包含|分别是|分别为|即|[：:（(])")  # …体系，包括：A、B
# A name that leads its item (`5. 深化体制机制改革。在组织方式、科技经费管理和科研人员管理方面进行改革探索。`,
# `坚持开放合作。…推动全市创新链、产业链…深度融合发展。`): the item's body is what the name stands for, and a list in
# it answers (dev16 u3289, u3270 had been told 规划未提及…的具体内容 over the list asked).
_ITEM_MARK = re.compile(
    r"\s*(?:[0-9０-９]+\s*[.．、]|[（(][0-9一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)?\s*"
)


def _members_asked(question: str) -> Asked | None:
    """A question for the members of a set the text names: Asked("members") with the set's name (`name`)."""
    for pattern in _SET_NAMED:
        for m in pattern.finditer(question):
            name = m.group(m.lastindex or 0)
            if name in PERIOD_END:
                continue  # “十三五”搞科技惠民…做实了哪几样服务: a period quoted, not a set (dev28 u5147)
            asking = _MEMBERS_ASKED.search(question, m.end())
            if asking and asking.start() - m.end() <= _MEMBERS_AFTER:
                key = _plus(name)
                return Asked("members", f"“{key}”的具体内容", name=key)
    return None


def _plus(text: str) -> str:
    return re.sub(r"\s*[+＋]\s*", "＋", text)


def set_named(asked: Asked, texts: Sequence[str]) -> bool:
    """Whether one of `texts` (the passages found) names the set whose members `asked` asks for. A name none of them
    holds is the asker's own word for something (研发跟转化都“点对点”的新模式 for 定向研发、定向转化、定向服务,
    dev17 u3360), not a set the plans name without listing: the passages found answer it as any other question."""
    return asked.kind != "members" or any(_plus(asked.name or "") in _plus(t) for t in texts)


def _enumerates(key: str, sentence: str) -> bool:
    """The sentence names the set `key` and lists it: before the name in the clause that names it (A、B“两园”),
    right after it (包括, 即, a colon, a bracket), or in the body of the item the name leads (`坚持开放合作。…A、B`)."""
    text = _plus(sentence)
    at = text.find(key)
    if at < 0:
        return False
    if _ITEM_MARK.fullmatch(text[:at]) and text[at + len(key) : at + len(key) + 1] in ("。", "：", ":"):
        return "、" in text[at + len(key) + 1 :]  # the name leads its item: the body lists what it stands for
    clause = _clause_at(text, at)
    before = clause[: clause.find(key)] if key in clause else clause
    return "、" in before or bool(_LISTED_AFTER.match(text, at + len(key)))


def _never_given(question: str) -> Asked | None:
    for clause in re.split(r"[，,。；;！!]", question):
        for pattern, asked in _NEVER_GIVEN:
            if pattern.search(clause):
                return asked
    return None


def _asks_how_many(question: str) -> bool:
    """Whether the question asks for a number: 多少, a rate (比重, 强度), or 几 as a question word, which it is neither
    in an ordinal (第几章 asks which chapter: a heading answers it) nor in a yes/no question (几 is "a few" there:
    我们几户人搞了个合作社，区里会不会帮着规范一下)."""
    for m in _asking(question, _VALUE):
        if not m.group().startswith("几"):
            return True
        before = question[max(0, m.start() - 1) : m.start()]
        if before != "第" and not asks_yes_no(question):
            return True
    return False


def _a_few(question: str, start: int, end: int) -> bool:
    """Whether the 几 at `start` is "a few" or "these", not a question word (`end`: where its count word ends)."""
    if not question.startswith("几", start):
        return False
    before = question[max(0, start - 1) : start]
    if before in _FEW or (before == "了" and CLAUSE_END.search(question, end)):
        return True  # 这几年, 好几家; 我们开了几家餐馆，…是咋回事: "a few", said before what is asked
    if _ONLY_FEW.search(question, 0, start):
        return True  # 手下只有几个本地经纪人: "only a few" (dev17 u3407)
    if _AMONG.match(question, end):
        return True  # 几个部门之间咋个沟通协调: "the several", whose dealings are asked (dev28 u5140)
    # 按啥子“几良”配套的思路: which name of the pattern (五良), not a count (dev35 u6263)
    return any(q.start() < start < q.end() for q in _QUOTED_NAME.finditer(question))


def _asking(question: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The matches of `pattern` that ask: `那几个…园中园里入驻了多少家企业` asks 多少家 alone, of 企业 (dev40 u7160
    had been read as asking 个, which `6个…园中园` gave)."""
    return [m for m in pattern.finditer(question) if not _a_few(question, m.start(), m.end())]


# 几 after these is "a few" or "these" (above), and after 们: `我们几个老板想凑钱设个科技奖` is "a few of us" (dev11
# u2412 was told 规划未规定这一数值)
_FEW = frozenset(_FEW_BEFORE + "们")
# …and after 了 when another clause follows (我们开了几家餐馆，后厨要接入啥子平台？: `CLAUSE_END`); at the clause's end
# (建了几家？) it asks
# …and after 只有, 才 or 就 (只有几个人, 才几家): "only a few", which the asker says of itself
_ONLY_FEW = re.compile(r"(?:只有|才|就)$")
# …and before what the several do with each other (几个部门之间, 几家企业相互): a relation among them is asked
_AMONG = re.compile(r"[^，,。？?！!；;\s]{0,6}?(?:之间|相互|互相)")


def _unit(question: str) -> str | None:
    """The unit a value question asks in: `多少家` -> 家, `多少亿元` -> 亿元, `比重` -> %."""
    m = next(iter(_asking(question, _VALUE)), None)
    # 多少万人: a count of 人 in ten-thousands, as a value gives it (`4.58万人`)
    unit = _counted_in(m.group(1), question, m.end()) if m and m.lastindex else None
    # …and a rate of interest, of a fee or of a tax (贷款年利率大概是多少): dev26 u4948 was answered with the
    # sentence naming the loan platform and its score
    if unit is None and re.search(r"比重|占比|强度|贡献率|增速|增长率|比例|利率|费率|税率", question):
        unit = "%"
    return unit


def _sum_unit(question: str) -> str | None:
    """The unit a value is asked in, or 元 for a value named as a sum (_MONEY_NOUN), unless how much it grew is
    asked (_GROWTH_ASKED): a growth is given as a sum or as a share."""
    if unit := _unit(question):
        return unit
    return "元" if _MONEY_NOUN.search(question) and not _GROWTH_ASKED.search(question) else None


# How much a value grew (`研发经费每年平均涨多少`, `营收增长了多少`): the plans give a growth as a share (投入年均增长
# 20％) as often as a sum, so a sum's noun (经费) does not make it a question in 元 (dev39 u6961 was told
# 规划未规定2020年的数值 above the sentence with the 20％). A unit the question names (涨了多少亿元) still holds.
# Not `_RATES`' growth: that tells which kind of percentage a value question asks for once it asks one.
_GROWTH_ASKED = re.compile(r"(?:涨|增长|增加|增|提高|提升|上升)了?(?:多少|几)")


# A value named as a sum of money (交易额, 成交额, 营业额, 产值, 营业收入, 经费): a sum answers it, whatever its
# denomination (元, 万元, 亿元), not a count (`技术合同登记交易额目标多少` is not answered by `技术转移机构10家`).
# 名额 and 份额 are a count and a share (额度 is asked as an amount, _AMOUNT, before any value).
_MONEY_NOUN = re.compile(r"(?<![名份])额|产值|营业收入|营收|经费")


# A ratio asked as a target value (占营收比重目标) is a value question, not a question for a subsidy rate.
_VALUE_TARGET = re.compile(r"目标|达到|强度|比重|占比")


def period_end(period: str | None) -> str | None:
    """`2021-2025` -> `2025`: the year a plan's targets are for when a sentence names none."""
    if not period:
        return None
    m = re.search(r"((?:19|20)[0-9]{2})\D*$", period)
    return m.group(1) if m else None


def supplies(
    asked: Asked, sentence: str, heading_path: tuple[str, ...] = (), plan_end: str | None = None, table: bool = False
) -> bool:
    """Whether a passage sentence gives the detail asked for.

    A value counts only in the unit asked (`多少件` is not answered by `10％`) and for the period asked: a year the
    plan's targets are for (its period's end) takes undated numbers under its target sections too, any other year
    (2030, 2023) must be named before the number. `全市现有科技企业孵化器…15 家` (现有: the baseline) does not give a
    2025 target."""
    if asked.kind == "relative-year":
        return False
    if asked.kind == "person":  # a list of people by name and post (组　长：王清宪 省长); no plan names anyone else
        return bool(_NAMED_PERSON.search(sentence))
    if asked.kind == "procedure":
        return bool(_STEPS.search(sentence))
    if asked.kind == "materials":
        return bool(_MATERIALS_GIVEN.search(sentence))
    if asked.kind == "penalty":
        return bool(_PENALTY_GIVEN.search(sentence))
    if asked.kind == "condition":
        return bool(_TERMS.search(sentence))
    if asked.kind == "frequency":
        # 每半年, or so many days after each change (10个工作日内更新); years of time (利用2-3年时间, 建立健全…制度) are
        # how long a programme runs, not how often something is done (dev12 u2719)
        return bool(_EVERY.search(sentence) or _SHORT_SPAN.search(sentence))
    if asked.kind == "duration":
        return bool(_SPAN.search(sentence))
    if asked.kind == "time":  # not a year in a cited title (《…2035 年远景目标纲要》 dates nothing asked)
        return bool(_DATE.search(_BOOK_TITLE.sub(" ", sentence)))
    if asked.kind == "contact":
        return bool(_CONTACT_GIVEN.search(sentence))
    if asked.kind == "channel":
        return bool(_CONTACT_GIVEN.search(sentence) or _CHANNEL_GIVEN.search(sentence))
    if asked.kind == "site":
        return bool(_PLACED.search(sentence))
    if asked.kind == "countries":
        return bool(_country_named().search(sentence))
    if asked.kind == "unit":
        return bool(_UNIT_GIVEN.search(sentence))
    if asked.kind == "year-said":  # the words for another year than the plan's end: a sentence that names it
        said = [_BOOK_TITLE.sub(" ", t) for t in (sentence, *heading_path)]  # not 《…2035年远景目标纲要》
        return set(asked.years) <= {y for t in said for y in years_named(t)}
    if asked.kind == "fee":
        return bool(_FEE_GIVEN.search(sentence))
    if asked.kind == "after-expiry":
        return bool(_AFTER_EXPIRY_GIVEN.search(sentence))
    if asked.kind in ("title", "abbreviation"):  # a name of the pattern asked (_title_asked, _abbreviation_asked)
        return bool(asked.name and re.search(asked.name, sentence))
    if asked.kind == "members":
        return _enumerates(asked.name or "", sentence)
    if asked.kind == "names":
        return bool(_NAMED_SCHOOL.search(sentence))
    if asked.kind == "orgs":
        return bool(_NAMED_ORG.search(sentence) if asked.name is None else re.search(asked.name, sentence))
    if asked.kind == "places":
        return bool(_PLACED.search(sentence)) or len(_places_in(sentence)) >= 2
    if asked.kind == "rate":
        return any(_PERCENT.search(c) and _SUPPORT.search(c) for c in _CLAUSE_BREAK.split(sentence))
    if asked.kind == "ratio":
        if _TAX.search(asked.label):  # a tax rate: a percentage in a clause on a tax (_TAX_RATE)
            return any(_PERCENT.search(c) and _TAX.search(c) for c in _CLAUSE_BREAK.split(sentence))
        return bool(_PERCENT.search(sentence))
    if asked.kind == "amount":
        # a sum (or rate) in a sentence that speaks of support, funds or what is asked (安家费, 收费): the district's
        # 技术合同登记交易额超过2480万元 is no reward for a 知识产权示范企业 (dev3 u540), 环比增长20.8% no face value of
        # a 科技创新券 (dev3 u526, dev6 u1301). An indicator row's sum is the value asked for (`table`). Tuning
        # splits: dev6 +1 near-miss declined, nothing lost; dev3 +2.
        # A sum for the period asked: `十四五期间…一共要下达好多资金` is not answered by `“十三五”时期…下达资金 9278
        # 万元` (dev22 u4280), as a value is not (_of_year_asked).
        head = asked.label.removesuffix("的具体金额").removesuffix("标准")
        # A prize, a rent or a fee asked by its name (一等奖发好多奖金) is not given by funds allotted to projects
        # (`下达资金 9278 万元`: dev33 u6047); funds answer only a question for support or funds in general.
        funds = _FUNDS.search(sentence) if head not in _NAMED_SUMS else None
        said = table or _SUPPORT.search(sentence) or funds or head in sentence
        if _TAX.search(head):  # a tax relief: only a sentence on taxes, not a reward beside it (_TAX)
            said = table or _TAX.search(sentence)
        dated = (
            _of_year_asked(asked, sentence, m.start(), heading_path, plan_end)
            and _per_year_given(asked, sentence, m.start())
            for m in _MONEY.finditer(sentence)
        )
        return bool(said) and any(dated)
    if asked.kind == "rank":
        return _gives_rank(asked, sentence, heading_path, plan_end)
    if asked.kind == "investment":  # a sum said of an investment (总投资 12.5 亿元), not R&D 经费 or a subsidy
        sums = [m.start() for m in _SUM.finditer(sentence) if "投资" in _clause_of(sentence, m.start())]
        return any(_of_year_asked(asked, sentence, at, heading_path, plan_end) for at in sums)
    # a heading can carry the value (包头's `六、筑牢安全防护体系（5分）` above the items scored): headings count too
    return any(_gives_value(asked, text, heading_path, plan_end) for text in (sentence, *heading_path))


def _places_in(sentence: str) -> set[str]:
    """The places of the gazetteer a sentence names, each once (达州市 and 达州 are one)."""
    found, rest = set(), sentence
    for name in known_places():  # longest first: 达州市 before 达州
        if name in rest:
            found.add(name)
            rest = rest.replace(name, "\0")
    return found


def _gives_value(asked: Asked, sentence: str, heading_path: tuple[str, ...], plan_end: str | None) -> bool:
    for m in [*_NUMBER.finditer(sentence), *_CN_NUMBER.finditer(sentence)]:
        # 1万名专业技术人才: a count of 名, in tens of thousands
        unit = _counted_in(_UNIT_FOLD.get(m.group(1) or "", m.group(1)), sentence, m.end())
        if unit == "个" and _TIME_AFTER.match(sentence, m.end()):
            continue  # 十五个工作日, 三个月: a length of time, not a count of things
        if sentence[: m.start()].rstrip().endswith("第"):
            continue  # 第三十五条, 第 6 位: an ordinal, not a count
        if _LABEL_BEFORE.search(sentence, 0, m.start()):
            continue  # 专栏 6, 表1, 重点领域3: a label's number (a heading above any sentence, dev19 u3813)
        if asked.unit and not (unit and _counts_as(asked.unit, unit)):
            continue
        if asked.counted and not _said_of(asked.counted, sentence, m.start()):
            continue  # a count of something else (科技项目 375 项 for 多少项标准)
        if asked.rate and unit in ("%", "个百分点") and _rate_of_other_kind(asked.rate, sentence, m.start()):
            continue  # a share for a growth rate asked, or the reverse
        if not _per_year_given(asked, sentence, m.start()):
            continue  # a total for the period, a value per year asked
        if _of_year_asked(asked, sentence, m.start(), heading_path, plan_end):
            return True
    return False


def _per_year_given(asked: Asked, sentence: str, at: int) -> bool:
    """Whether the number at `at` is a value per year, when one is asked (_YEARLY_ASKED): its clause, a row's
    label or the sentence before it says so (`每年滚动实施1000项…，引导推动2000家…`: 每年 holds for both)."""
    return not asked.yearly or bool(_YEARLY_GIVEN.search(f"{sentence[:at]} {_clause_at(sentence, at)}"))


def _gives_rank(asked: Asked, sentence: str, heading_path: tuple[str, ...], plan_end: str | None) -> bool:
    for m in _RANK_GIVEN.finditer(sentence):
        said = _SAID_SCOPE.search(sentence[max(0, m.start() - 4) : m.end()])
        if asked.scope and said and said.group(1) != asked.scope:
            continue  # 全市第二 for a rank in the province
        if _of_year_asked(asked, sentence, m.start(), heading_path, plan_end):
            return True
    return False


def _of_year_asked(asked: Asked, sentence: str, at: int, heading_path: tuple[str, ...], plan_end: str | None) -> bool:
    """Whether the number at `at` is for a year asked (any, when none is)."""
    if not asked.years:
        return True
    year, kind = period_of_number(sentence, at, heading_path)
    end = plan_end or PERIOD_END["十四五"]
    for y in asked.years:
        if year == y:
            return True
        # undated: a target of the plan's own end year, or a baseline at a period's end (十三五末, 十二五末, which
        # the 发展基础 sections report), when its section says so; not another year of the last period
        # (`达州2019年技术合同成交额` is not the 发展基础's `突破 5 亿元`)
        dated_by_section = kind == role(y) and (y == end or (kind == "baseline" and y in _PERIOD_ENDS))
        if year is None and (dated_by_section or (kind is None and y == end)):
            return True
    return False


def _counted(question: str) -> str | None:
    """What the one count a question asks for is of, when named after its unit; None when it asks two counts
    (培养多少名…英才、培育几个…团队) or the noun holds a question word (多少家什么机构)."""
    found = _asking(question, _COUNTED)
    if len(found) != 1 or len(_asking(question, _HOW_MANY)) != 1 or _ASKING_WORD.search(found[0].group(1)):
        return None
    if _POINTING.match(found[0].group(1)):
        return None  # 几个这样的节点: what is counted is pointed at, not named (dev21 u4118 had counted 这样)
    return found[0].group(1)


def _said_of(counted: str, sentence: str, at: int) -> bool:
    """Whether the clause holding the number at `at` (or a row's label before its colon) names `counted`: at least
    COUNTED_SHARE of its character bigrams, 的 left out (新的工业产品 is said of as 工业新产品: the bigrams across 的
    are no words, dev41 u7273)."""
    text = RD_ACRONYM.sub("研发", _clause_at(sentence, at))  # the row R&D 投入占 GDP 的比例 is of 研发投入
    pairs = char_bigrams(counted.replace("的", ""))
    return sum(p in text for p in pairs) >= COUNTED_SHARE * len(pairs)


def _clause_of(sentence: str, at: int) -> str:
    """The clause (between commas, semicolons, full stops) holding the position `at`."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence)]
    start = max((b + 1 for b in breaks if b < at), default=0)
    return sentence[start : min((b for b in breaks if b >= at), default=len(sentence))]


def _clause_at(sentence: str, at: int) -> str:
    """The clause holding the number at `at`, after a row's label (the text before its colon) when it has one."""
    colon = sentence.find("：")
    label = sentence[:colon] if 0 <= colon < at else ""
    return f"{label} {_clause_of(sentence, at)}"


# A percentage is a growth (专利申请量年均增长10％, 增速) or a share (研发投入强度 0.7%, 占比, 比重): a question for one
# is not answered by the other (`达州研发经费年均增速目标` by `研发投入强度达到 0.7%`, dev3 u537). A clause that names
# neither (科技进步贡献率由48%提升到58%, 达到 1.5%) may answer either.
_RATES = {"growth": re.compile(r"增速|增长|增幅"), "share": re.compile(r"比重|占比|强度|比例")}


def _rate(question: str) -> str | None:
    """Which kind of percentage a value question asks for, when it names exactly one kind."""
    kinds = _rate_kinds(question, _RATES)
    return kinds.pop() if len(kinds) == 1 else None


def _rate_kinds(text: str, rates: dict[str, re.Pattern[str]]) -> set[str]:
    """The kinds of percentage whose words `text` holds."""
    return {kind for kind, words in rates.items() if words.search(text)}


# The same kinds named in English. A translation gives every sense of a word (percentage -> 比例 比重), so the kind
# of a percentage is read from the asker's own words: `rose … by what percentage` asks for a growth, which
# `环比增长1684.7%` gives (dev24 u4589 was told 规划未规定2020年的目标值 from the translation's 比重).
_RATES_EN = {
    "growth": re.compile(r"\b(?:grow|grew|grown|growth|increase[sd]?|rise|rose|risen|up by)\b"),
    "share": re.compile(r"\b(?:share|proportion|intensity|ratio)\b"),
}


def asked_in_translation(question: str, translation: str) -> Asked | None:
    """The detail `question` asks for, read from its `translation` into the plans' words (index/query.py), with the
    kind of percentage a value is asked in read from the question's own words, English or Chinese (_RATES_EN,
    _RATES)."""
    asked = asked_detail(translation)
    if asked is None or asked.kind != "value" or asked.rate is None:
        return asked
    kinds = _rate_kinds(question.lower(), _RATES_EN) | _rate_kinds(question, _RATES)
    return replace(asked, rate=kinds.pop() if len(kinds) == 1 else None)


def _rate_of_other_kind(asked: str, sentence: str, at: int) -> bool:
    """The percentage at `at` is said to be of the other kind than `asked` (and not of this kind as well)."""
    clause = _clause_at(sentence, at)
    return not _RATES[asked].search(clause) and any(w.search(clause) for k, w in _RATES.items() if k != asked)


def asked_unit(question: str) -> str | None:
    """The unit a value question asks in (`一年报几次` -> 次), None when it names none."""
    question = mandarin(question)
    return _unit(question) if _asks_how_many(question) else None


_SUM_UNITS = frozenset({"元", "万元", "亿元"})  # a sum of money in any denomination
_MONEY_UNITS = _SUM_UNITS | {"万", "亿"}  # and the bare 万 and 亿 a row's unit may give (亿元 for 亿)
# What measures rather than counts (`_counts_as`: no count of 个): a sum, a share, an area, a unit in Latin letters
# (35KW)
_MEASURES = _MONEY_UNITS | {"%", "个百分点"} | _AREA_UNITS | frozenset(LATIN_UNITS.split("|"))


def counts_in(asked: str | None, unit: str | None) -> bool:
    """Whether a value in `unit` can answer a question asking in `asked`: any, when either is unknown or the
    question counts in 个 (the classifier for everything: 高新技术企业有多少个); sums of money in any money unit
    (多少亿元 for a row in 万元); otherwise the same unit (`几次` is not answered by a row counted in 家)."""
    if not asked or not unit or asked == "个":
        return True
    asked, given = _UNIT_FOLD.get(asked, asked), _UNIT_FOLD.get(unit, unit)
    return _same_unit(asked, given) or (asked in _MONEY_UNITS and given in _MONEY_UNITS)


def _counts_as(asked: str, given: str) -> bool:
    """A value in `given` answers a question in `asked`: the same unit, or any count for 个, the classifier for
    everything (`拿到工作证的老外有几个` is answered by `22 人`), but not a sum, a share or an area."""
    if asked == "个":
        return given not in _MEASURES
    if asked == "元":  # a sum asked by its noun (交易额): any denomination
        return given in _SUM_UNITS
    return _same_unit(asked, given)


def same_unit(asked: str, given: str) -> bool:
    """Whether a row counted in `given` is counted in `asked`, full-width ％ and % alike (_same_unit)."""
    return _same_unit(_UNIT_FOLD.get(asked, asked), _UNIT_FOLD.get(given, given))


def _same_unit(asked: str, given: str) -> bool:
    """`家` answers `家`, also `户` (企业 and 餐饮单位 are counted in either); `亿元` also `亿`; `%` also `个百分点`;
    `人` also `名` (people are counted in either); `场` also `次` (events: 科普活动100余次 for 搞了多少场, dev39
    u6957); an area (AREA) any unit of area."""
    if asked == AREA:
        return given in _AREA_UNITS
    groups = ({"亿元", "亿"}, {"万元", "万"}, {"%", "个百分点"}, {"家", "户"}, {"人", "名"}, {"次", "场"})
    return asked == given or any(asked in g and given in g for g in groups)


def missing(
    asked: Asked | None,
    sentences: Sequence[tuple[str, tuple[str, ...]]],
    plan_end: str | None = None,
    table: bool = False,
) -> bool:
    """True when no answering sentence (text, heading path) gives the detail asked for; `table`: they are an
    indicator table's rows."""
    if asked is None:
        return False
    return not any(supplies(asked, text, path, plan_end, table) for text, path in sentences)
