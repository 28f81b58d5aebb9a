"""The vocabulary of support measures in Chinese plans and policies, kept as data: one table per question.

What is offered (OFFER_KINDS), to whom (BENEFICIARIES), in which industry (INDUSTRY_FAMILIES, INDUSTRY_SYNONYMS),
for which need (NEEDS), and where a plan states no measures at all (SKIP_SECTIONS). Each row carries an example
from the 达州, 利州 or 安徽 texts. Extraction (`match/measures.py`) and the chat parser read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass

NEEDS = ("融资", "研发", "人才", "平台", "成果转化", "知识产权")


@dataclass(frozen=True, slots=True)
class OfferKind:
    name: str
    triggers: tuple[str, ...]  # words that mark the offer in a clause (searched longest first)
    needs: tuple[str, ...]  # the profile needs it serves
    example: str


# What a measure gives. The money, tax and loan kinds are offers on their own; the last rows (培育扶持, 服务) are
# the verbs by which plans direct support at a named group (`工业领域大力培育中小型制造业企业`): a clause with one
# of them becomes a measure, and without a stated condition it is a 规划方向.
OFFER_KINDS: tuple[OfferKind, ...] = (
    OfferKind(
        "专项资金",
        ("专项资金", "专项支持", "专项政策支持", "资金支持", "项目资金支持", "资助", "财政科技资金"),
        ("研发",),
        "申报科技、产业发展等各类专项资金项目",
    ),
    OfferKind("后补助", ("后补助", "事后补助"), ("研发",), "对研发投入持续增长的企业给予财政科技资金后补助"),
    OfferKind("奖励", ("奖励", "褒扬", "奖补"), (), "对在我市科技创新活动中作出突出贡献的个人、组织…给予奖励"),
    OfferKind(
        "补贴/补助", ("补贴", "补助", "奖补", "风险补助"), (), "省级按照项目设备购置额的10%给予奖补，最高500万元"
    ),
    OfferKind("贴息", ("贴息",), ("融资",), "省级按照同期银行基准利率40%给予贴息"),
    OfferKind(
        "担保贷款", ("担保贷款", "信贷支持", "贷款"), ("融资",), "积极落实大学生创业担保贷款和大学生创业补贴发放"
    ),
    OfferKind(
        "基金",
        ("引导基金", "投资基金", "种子基金", "天使投资", "创业投资", "风险投资", "股权投资", "工业互联网基金"),
        ("融资",),
        "政府出资设立创业投资引导基金",
    ),
    OfferKind("上市融资", ("上市", "挂牌", "股权融资", "融资"), ("融资",), "支持有条件的企业科创板上市"),
    OfferKind("税收优惠", ("加计扣除", "税收优惠", "财税激励", "普惠政策"), ("研发",), "落实研发费用税前加计扣除政策"),
    OfferKind(
        "认定/平台",
        (
            "认定",
            "重点实验室",
            "工程技术研究中心",
            "企业技术中心",
            "院士（专家）工作站",
            "新型研发机构",
            "产业技术研究院",
            "科研平台",
            "创新平台",
            "大学科技园",
            "育种基地",
            "工业互联网平台",
        ),
        ("平台",),
        "对创建成功的国家大学科技园、省级大学科技园给予补助",
    ),
    OfferKind(
        "人才待遇",
        ("人才项目", "人才计划", "人才引进", "职称评定", "英才", "科技人才"),
        ("人才",),
        "对有发展潜力的科技人才和创新团队，持续给予资金支持",
    ),
    OfferKind("孵化服务", ("孵化", "孵育服务", "加速服务", "创业服务"), ("平台",), "为科技创业企业提供…孵育服务"),
    OfferKind("成果转化", ("成果转化", "转移转化"), ("成果转化",), "对…重大科技成果转移转化项目给予奖励"),
    OfferKind("知识产权", ("知识产权", "专利"), ("知识产权",), "加强专利、商标、版权密集型企业扶持力度"),
    OfferKind(
        "培育扶持",
        ("支持", "扶持", "培育", "鼓励", "帮助", "重点关注", "激励"),
        (),
        "工业领域大力培育中小型制造业企业",
    ),
    OfferKind("服务", ("直通车", "帮扶指导", "辅导", "培训", "绿色通道"), (), "在…融资等方面开展“直通车”服务"),
)
# Kinds that make a clause an offer by themselves. The 培育扶持 and 服务 verbs do too, but only with a named group
# (checked in measures.py), because `支持…发展` alone is the plan's own agenda, not an offer to anyone.
DIRECTING_KINDS = ("培育扶持", "服务", "成果转化", "知识产权")


@dataclass(frozen=True, slots=True)
class Beneficiary:
    term: str  # as written in the plans
    canonical: str  # what a profile says (enterprise_type / qualifications / size / stage)
    kind: str  # designation | status | size | stage | entity | generic
    entity: str  # 企业 | 高校院所 | 个人 | 大学生 | 任意
    example: str


# To whom. Longest terms are matched first, so `科技型中小企业` wins over `中小企业` and `普通企业` over `企业`.
# designation: an official recognition a firm knows it holds (a list of qualifications is complete for these);
# status: a quality or title the text names that a profile may or may not list (open: unknown unless listed);
# generic: the default audience (any enterprise), which is not a stated condition.
BENEFICIARIES: tuple[Beneficiary, ...] = (
    Beneficiary("高新技术企业", "高新技术企业", "designation", "企业", "超过5%的高新技术企业"),
    Beneficiary("高企", "高新技术企业", "designation", "企业", "高企数量位居全省第12位"),
    Beneficiary("科技型中小企业", "科技型中小企业", "designation", "企业", "实施科技型中小企业“成长计划”"),
    Beneficiary("科技中小微企业", "科技中小微企业", "size", "企业", "支持达州的初创型、科技中小微企业"),
    Beneficiary("专精特新", "专精特新企业", "designation", "企业", "专精特新“小巨人”企业"),
    Beneficiary("瞪羚企业", "瞪羚企业", "designation", "企业", "培育一批…瞪羚企业"),
    Beneficiary("普通企业", "普通企业", "designation", "企业", "超过2%的普通企业"),
    Beneficiary("科技型企业", "科技型企业", "designation", "企业", "加大对科技型企业“小升高”的培育力度"),
    Beneficiary("科技企业", "科技型企业", "designation", "企业", "探索创新科技企业知识价值信用担保贷款"),
    Beneficiary("创新型企业", "创新型企业", "status", "企业", "对创新基础好…的创新型企业"),
    Beneficiary("龙头企业", "龙头企业", "status", "企业", "鼓励工业互联网龙头企业…设立工业互联网基金"),
    Beneficiary("领军企业", "领军企业", "status", "企业", "鼓励领军企业建设和拓展海外研发和营销网络"),
    Beneficiary("骨干企业", "骨干企业", "status", "企业", "“一企一策”支持骨干企业培优培强"),
    Beneficiary("隐形冠军", "隐形冠军企业", "status", "企业", "打造一批“隐形冠军”企业"),
    Beneficiary("知识产权优势企业", "知识产权优势企业", "status", "企业", "重点关注区内知识产权优势企业"),
    Beneficiary("密集型企业", "密集型企业", "status", "企业", "加强专利、商标、版权密集型企业扶持力度"),
    Beneficiary("知识产权示范企业", "知识产权示范企业", "status", "企业", "培育认定知识产权示范企业10家"),
    Beneficiary("国有企业", "国有企业", "status", "企业", "鼓励国有企业加大技术创新力度"),
    Beneficiary("农民专业合作社", "农民专业合作社", "status", "企业", "积极培育农业龙头企业、农民专业合作社"),
    Beneficiary("家庭农场", "家庭农场", "status", "企业", "农民专业合作社、家庭农场"),
    Beneficiary("中小微企业", "中小微企业", "size", "企业", "科技中小微企业"),
    Beneficiary("中小型", "中小企业", "size", "企业", "工业领域大力培育中小型制造业企业"),
    Beneficiary("中小企业", "中小企业", "size", "企业", "面向细分行业和中小企业提供服务"),
    Beneficiary("小微企业", "小微企业", "size", "企业", "加大对创业企业孵化和小微企业支持力度"),
    Beneficiary("大企业", "大型企业", "size", "企业", "推动大企业和高校院所…开放共享"),
    Beneficiary("大型企业", "大型企业", "size", "企业", "与大型企业共建技术转移机构"),
    Beneficiary("初创型", "初创", "stage", "企业", "支持达州的初创型、科技中小微企业"),
    Beneficiary("初创企业", "初创", "stage", "企业", "鼓励初创企业和小微企业与龙头企业开展协作配套"),
    Beneficiary("创业企业", "初创", "stage", "企业", "为创业企业减轻缴费负担"),
    Beneficiary("大学生", "大学生创业", "entity", "大学生", "积极落实大学生创业担保贷款"),
    Beneficiary("高校院所", "高校院所", "entity", "高校院所", "支持在达高校院所提档升级"),
    Beneficiary("高等院校", "高校院所", "entity", "高校院所", "建设高等院校科技成果孵化转化示范区"),
    Beneficiary("高等学校", "高校院所", "entity", "高校院所", "为高等学校、科研院所和科技企业提供服务"),
    Beneficiary("高校", "高校院所", "entity", "高校院所", "支持四川文理学院等在达高校全面新建"),
    Beneficiary("科研院所", "高校院所", "entity", "高校院所", "支持在达高校院所提档升级"),
    Beneficiary("科研机构", "高校院所", "entity", "高校院所", "支持企业、高校院所、科研机构联合组建"),
    Beneficiary("科研单位", "高校院所", "entity", "高校院所", "重点支持一批基础好、有发展潜力的优势科研单位"),
    Beneficiary("科技人才", "个人", "entity", "个人", "对有发展潜力的科技人才和创新团队"),
    Beneficiary("领军人才", "个人", "entity", "个人", "对…做出突出贡献的领军人才予以褒扬、激励"),
    Beneficiary("顶尖人才", "个人", "entity", "个人", "对顶尖人才…予以持续支持"),
    Beneficiary("科研人员", "个人", "entity", "个人", "支持科研人员参与国际学术交流合作"),
    Beneficiary("个人", "个人", "entity", "个人", "相关团队和个人"),
    Beneficiary("创新团队", "团队", "entity", "任意", "对有发展潜力的科技人才和创新团队"),
    Beneficiary("团队", "团队", "entity", "任意", "参与国际大科学计划…的相关团队和个人"),
    Beneficiary("组织", "组织", "entity", "任意", "作出突出贡献的个人、组织"),
    Beneficiary("企业", "企业", "generic", "企业", "对研发投入持续增长的企业给予财政科技资金后补助"),
    Beneficiary("市场主体", "企业", "generic", "企业", "服务业领域加快培育…的市场主体"),
)

# A beneficiary term followed by one of these is a modifier, not the group that receives the support:
# `设立高新技术企业培育专项资金` funds the cultivation of future 高企, `高新技术企业研发机构` is a lab.
NOT_A_RECIPIENT_AFTER = (
    "培育",
    "研发机构",
    "数量",
    "信息库",
    "数据库",
    "专家库",
    "倍增",
    "梯次",
    "梯度",
    "认定",
    "的发现",
    "孵化器",
)
# Words that say "some condition exists but this text does not state it": they add no condition.
# (A qualifier of fewer than three characters, such as a place before 的 — `达州的初创型` —, is no condition either.)
VAGUE_QUALIFIERS = ("符合条件的", "有条件的", "具备条件的", "相关", "各类", "一批", "区内", "本地")

# Which entity a profile's enterprise_type is. 大学生创业 is a firm founded by students: both 企业 and 大学生.
ENTERPRISE_TYPES: dict[str, tuple[str, ...]] = {
    "高新技术企业": ("企业",),
    "普通企业": ("企业",),
    "科技型中小企业": ("企业",),
    "专精特新企业": ("企业",),
    "国有企业": ("企业",),
    "大学生创业": ("企业", "大学生", "个人"),
    "高校院所": ("高校院所",),
    "个人": ("个人",),
}
ENTERPRISE_TYPE_ALIASES = {
    "高企": "高新技术企业",
    "国家高新技术企业": "高新技术企业",
    "科小": "科技型中小企业",
    "一般企业": "普通企业",
    "国企": "国有企业",
    "专精特新": "专精特新企业",
    "大学生创业企业": "大学生创业",
    "大学生": "大学生创业",
    "高校": "高校院所",
    "科研院所": "高校院所",
    "高等院校": "高校院所",
}
# Official designations: when a profile lists its qualifications, one it does not list is one it does not hold.
DESIGNATIONS = ("高新技术企业", "科技型中小企业", "专精特新企业", "瞪羚企业")
DESIGNATION_ALIASES = {
    "高企": "高新技术企业",
    "国家高新技术企业": "高新技术企业",
    "科小": "科技型中小企业",
    "国家科技型中小企业": "科技型中小企业",
    "专精特新": "专精特新企业",
    "专精特新“小巨人”企业": "专精特新企业",
    "小巨人": "专精特新企业",
}
SIZES = ("大型企业", "中小企业", "小微企业")
SIZE_ALIASES = {"大型": "大型企业", "大企业": "大型企业", "中型": "中小企业", "中小型": "中小企业", "小型": "小微企业"}
SIZE_ALIASES |= {"微型": "小微企业", "小微": "小微企业", "中小": "中小企业", "中小微企业": "中小企业"}
STAGES = ("初创", "成长", "成熟")

# Industries. A condition word that names a family (制造业) is met by any member (钢铁); a member word (玄武岩)
# only by itself or a synonym. Families are broad on purpose: a plan that supports 制造业企业 means all of them.
INDUSTRY_FAMILIES: dict[str, tuple[str, ...]] = {
    "制造业": (
        "制造",
        "工业",
        "机械",
        "电子",
        "装备",
        "汽车",
        "零部件",
        "钢铁",
        "建材",
        "化工",
        "纺织",
        "服装",
        "家电",
        "食品",
        "饮料",
        "材料",
        "纤维",
        "冶金",
        "器件",
        "机电",
        "电磁阀",
    ),
    "新材料": ("玄武岩", "玄纤", "玻纤", "纤维", "高分子", "铜基", "复合材料", "铝", "石墨", "苧麻"),
    "电子信息": ("电子", "光电", "显示", "集成电路", "半导体", "芯片", "软件", "通信", "物联网", "大数据"),
    "能源化工": ("天然气", "化工", "锂", "钾", "钠", "磷", "煤", "盐卤", "能源"),
    "智能装备": ("装备", "机械", "机器人", "数控", "汽车", "零部件"),
    "医药健康": ("医药", "中药", "药", "医疗", "健康", "康养", "生物"),
    "农业": ("农业", "种植", "养殖", "畜禽", "水产", "农产品", "茶", "食用菌", "种业", "种子", "育种", "农机"),
    "种业": ("种业", "种子", "育种", "良种", "制种", "种质"),
    "食品饮料": ("食品", "饮料", "泡菜", "火锅"),
    "服务业": ("服务业", "物流", "文化", "旅游", "科技服务", "检验检测", "电商"),
}
# Interchangeable words: `种子企业` is a 种业 firm, `玄纤` is 玄武岩纤维.
INDUSTRY_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("种业", "种子", "育种", "制种", "良种"),
    ("玄武岩", "玄纤"),
    ("玻纤", "玻璃纤维"),
    ("集成电路", "芯片"),
    ("医药", "药"),
)
# Words that mark an industry in a phrase that names the recipients (`锂钾、玄武岩等…领域`, `新材料企业`). Words too
# general to name a trade alone are left out: `工业领域`, `材料`, `生物安全` are not trades.
_TOO_GENERAL = {"工业", "材料", "制造", "生物", "健康", "能源", "器件", "电子", "药"}
INDUSTRY_WORDS: tuple[str, ...] = tuple(
    sorted(
        (
            {*INDUSTRY_FAMILIES, *(w for ws in INDUSTRY_FAMILIES.values() for w in ws)}
            | {w for g in INDUSTRY_SYNONYMS for w in g}
            | {"化合物半导体", "微机电系统", "MEMS", "功率器件", "智慧家庭", "农业科技服务", "锂钾", "汽车电子"}
        )
        - _TOO_GENERAL,
        key=len,
        reverse=True,
    )
)

# Sections that describe the past, the situation or the targets: a sentence there offers nothing.
SKIP_SECTIONS = ("规划背景", "发展基础", "发展形势", "问题挑战", "发展态势", "指导思想", "基本原则", "发展目标")
SKIP_SECTIONS += ("主要目标", "总体要求", "附件")

# Need words in chat questions and in measure text: `想融资` -> 融资.
NEED_WORDS: dict[str, tuple[str, ...]] = {
    "融资": ("融资", "贷款", "担保", "贴息", "基金", "上市", "信贷", "投资", "资金周转"),
    "研发": ("研发", "科研", "技术攻关", "后补助", "加计扣除", "专项资金", "技术改造", "技改"),
    "人才": ("人才", "引才", "招人", "团队", "英才", "专家"),
    "平台": ("平台", "实验室", "研究中心", "孵化", "工作站", "载体", "基地", "车间", "工厂"),
    "成果转化": ("成果转化", "转移转化", "技术转移", "产业化", "中试"),
    "知识产权": ("知识产权", "专利", "商标", "版权"),
}
