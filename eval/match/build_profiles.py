# Builds profiles.jsonl for the PlanQA policy-matcher eval set.
# Written blind from the source texts only (no system code / output consulted).
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- evidence strings (verbatim, unique in their file) ----
# 达州
D_5PCT = "研发投入占营业收入比例超过5%的高新技术企业、超过2%的普通企业"
D_GROWTH = "对研发投入持续增长的企业给予财政科技资金后补助"
D_JIAJI = "落实研发费用税前加计"  # sentence continues after a page break: 扣除政策，...
D_XSG = "设立高新技术企业培育专项资金，加大对科技型企业"
D_CZ = "在人才、资金、平台等方面提供加速服务"
D_DXS = "积极落实大学生创业担保贷款和大学生创业补贴发放"
D_FUND = "促进天使投资、创业投资支持达州的初创型、科技中小微企业"
D_DXKJY = "对创建成功的国家大学科技园、省级大学科技园给予补助"
D_WLGX = "支持四川文理学院等在达高校全面新建"
D_TALENT = "对有发展潜力的科技人才和创新团队，持续给予资金支持"
D_BIGSCI = "对参与国际大科学计划和大科学工程的相关团队和个人"
D_AWARD = "对在我市科技创新活动中作出突出贡献的个人、组织以及优秀科技成果给予奖励"
D_AGRI = "探索建立农业科技服务后补助机制，激励企业开展农业科技服务"
D_SEED = "实施育种联合攻关工程，重点支持一批基础好、有发展潜力的优势科研单位"
D_TGT1 = "规模以上工业研发投入占主营业务收入比重达"  # 规划目标, not a measure
# 利州
L_JIAJI = "认真落实研发费用加计扣除、政府采购、财政后补助等普惠政策"
L_IP = "加强专利、商标、版权密集型企业扶持力度"
L_FOCUS = "重点关注区内知识产权优势企业、创新型企业及高新技术企业等创新主体"
L_MFG = "工业领域大力培育中小型制造业企业"
L_TALENT = "对有发展潜力的科技人才和创新团队，给予项目资金支持"
L_PARTTIME = "探索国有企事业单位专业技术和管理人才按有关规定在西部地区兼职"
L_SEED = "鼓励种子企业建设商业化育种基地"
L_GX = "支持高校科研院所健全以定向委托等方式承担区级重大科技任务机制"
L_SYDW = "赋予科研事业单位人才“引育用留”自主权"
L_TGT50 = "规模以上企业拥有研发机构比例不低于50％"  # 规划目标, not a measure
# 安徽 工业互联网
A_PLAT3000 = "对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元"
A_PLAT1000 = "对行业、区域、专业型工业互联网平台省级给予奖补，最高1000万元"
A_PLAT100 = "企业级工业互联网平台省级给予一次性奖补100万元"
A_POOL = "按照服务中小企业的数量和质量省级给予一次性奖补，最高100万元"
A_EQUIP = "省级按照项目设备购置额的10%给予奖补，最高500万元"
A_LOAN = "技改项目3年期以上贷款，省级按照同期银行基准利率40%给予贴息"
A_GRADE = "对评估等级在3A、4A、5A级的企业"
A_FACTORY = "对省级数字化车间、智能工厂，省级分别给予企业一次性奖补"
A_NODE = "对省内建成的标识解析二级节点项目省级按照不超过项目投资额30%"
A_CARRIER = "省级按照不超过投资额20%的比例给予一次性奖补，最高500万元"
A_TAPEOUT = "省级按该款产品首轮流片合同或掩膜版制作合同金额的30%"
A_ICRD = "上一年度购置关键研发设备及工具的，省级按其实际购置金额的20%"
A_ICPROD = "对其上一年度实施产业化项目并实际完成投资1000万元及以上的"
A_SEC = "省级按照不超过项目投资额50%的比例给予一次性奖补，最高100万元"
A_CREDIT = "对符合条件的企业给予差别化信贷支持"

DZ, LZ, AH = "达州", "利州", "工业互联网"


def P(region, etype=None, quals=None, industry=None, rd=None, growth=None, size=None, needs=(), **extra):
    p = {
        "region": region,
        "enterprise_type": etype,
        "qualifications": quals,
        "industry": industry,
        "rd_ratio": rd,
        "rd_growth": growth,
        "size": size,
        "needs": list(needs),
    }
    p.update(extra)
    return p


def E(doc, ev, level, why, amt=None):
    d = {"doc": doc, "evidence": ev, "level": level, "why": why}
    if amt is not None:
        d["max_amount_wan"] = amt
    return d


def N(doc, ev, why):
    return {"doc": doc, "evidence": ev, "why": why}


def cap(base_yuan, rate, cap_wan):
    return round(min(base_yuan * rate / 10000, cap_wan), 2)


R = []


def add(profile, expected, not_expected, note):
    R.append({"profile": profile, "expected": expected, "not_expected": not_expected, "note": note})


NOT_DZ_REGION = "达州-only measure, profile is not in 达州市"
NOT_LZ_REGION = "利州区-only measure, profile is not in 利州区"
NOT_AH_REGION = "安徽省 provincial measure, profile is not in 安徽省"

# ===================== 达州 =====================
add(
    P("达州市", "高新技术企业", ["高新技术企业"], "新材料（玄武岩纤维）", 0.06, True, "中小企业", ["研发", "融资"]),
    [
        E(DZ, D_5PCT, "适用", "研发投入占比6%超过高新技术企业5%的门槛"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长（rd_growth=true），可获财政科技资金后补助"),
        E(DZ, D_JIAJI, "适用", "有研发费用（占比6%），研发费用税前加计扣除为普惠政策"),
    ],
    [N(LZ, L_JIAJI, NOT_LZ_REGION), N(AH, A_EQUIP, NOT_AH_REGION)],
    "必含用例：达州高企6%，研发增长",
)

add(
    P("达州市", "普通企业", [], "智能装备制造", 0.03, False, "中小企业", ["研发"]),
    [
        E(DZ, D_5PCT, "适用", "普通企业研发投入占比3%超过2%的门槛"),
        E(DZ, D_GROWTH, "不适用", "研发投入未持续增长（rd_growth=false）"),
        E(DZ, D_JIAJI, "适用", "有研发费用（占比3%），加计扣除普惠"),
    ],
    [N(DZ, D_TGT1, "规划目标（规上工业研发投入比重达1%），不是面向企业的支持措施"), N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "必含用例：达州普通企业3%",
)

add(
    P("达州市", "普通企业", [], "农产品加工", 0.01, None, "小微企业", ["研发", "融资"]),
    [
        E(DZ, D_5PCT, "不适用", "普通企业研发投入占比1%未超过2%的门槛"),
        E(DZ, D_GROWTH, "可能适用", "研发投入是否持续增长未给出（rd_growth=null）"),
        E(DZ, D_JIAJI, "适用", "有研发费用（占比1%），加计扣除普惠"),
    ],
    [N(DZ, D_TGT1, "规划目标1%不是企业门槛；占比1%不能据此判为适用"), N(AH, A_LOAN, NOT_AH_REGION)],
    "必含用例：达州普通企业1%；陷阱：规划指标中的1%",
)

add(
    P("达州市", "高新技术企业", ["高新技术企业"], "电子信息", 0.03, True, "中小企业", ["研发"]),
    [
        E(DZ, D_5PCT, "不适用", "高新技术企业门槛为研发占比超过5%，3%未达到（2%门槛仅针对普通企业）"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长"),
        E(DZ, D_JIAJI, "适用", "有研发费用（占比3%）"),
    ],
    [N(LZ, L_JIAJI, NOT_LZ_REGION), N(LZ, L_FOCUS, NOT_LZ_REGION)],
    "类型相关门槛：高企适用5%而非2%",
)

add(
    P("达州市", "高新技术企业", ["高新技术企业"], "天然气化工", None, None, "大型企业", ["研发"]),
    [
        E(DZ, D_5PCT, "可能适用", "研发投入占比未给出，无法判断是否超过高企5%门槛"),
        E(DZ, D_GROWTH, "可能适用", "研发投入是否持续增长未给出"),
        E(DZ, D_FUND, "不适用", "面向初创型、科技中小微企业，本企业为大型企业"),
    ],
    [N(AH, A_EQUIP, NOT_AH_REGION), N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "缺失字段 → 可能适用；规模不符 → 不适用",
)

add(
    P("达州市", None, None, "新材料", 0.04, True, "中小企业", ["研发"]),
    [
        E(DZ, D_5PCT, "可能适用", "企业类型未给出：4%超过普通企业2%但未超过高企5%，结论取决于类型"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长"),
    ],
    [N(AH, A_GRADE, NOT_AH_REGION), N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "enterprise_type 缺失且两档门槛结论不同 → 可能适用",
)

add(
    P("达州市", "科技型中小企业", ["科技型中小企业"], "电子信息", 0.03, True, "小微企业", ["融资", "研发"]),
    [
        E(DZ, D_5PCT, "适用", "非高新技术企业按普通企业2%门槛，研发占比3%超过2%"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长"),
        E(DZ, D_XSG, "适用", "科技型中小企业属“小升高”培育对象"),
        E(DZ, D_CZ, "适用", "科技型中小企业成长计划，在人才、资金、平台方面提供加速服务"),
        E(DZ, D_FUND, "适用", "科技小微企业，属创业投资引导基金支持的科技中小微企业"),
    ],
    [N(LZ, L_IP, NOT_LZ_REGION), N(AH, A_CREDIT, NOT_AH_REGION)],
    "科技型中小企业（非高企）按“普通企业”2%门槛理解",
)

add(
    P("达州市", "大学生创业", None, "电子商务", None, None, "小微企业", ["融资"]),
    [
        E(DZ, D_DXS, "适用", "大学生创业，可申请大学生创业担保贷款和创业补贴"),
        E(DZ, D_FUND, "适用", "初创型小微企业，属天使/创业投资支持对象"),
    ],
    [N(AH, A_LOAN, NOT_AH_REGION + "；且为技改项目贷款贴息"), N(LZ, L_MFG, NOT_LZ_REGION)],
    "必含用例：大学生创业（担保贷款）",
)

add(
    P("达州市", "大学生创业", ["科技型中小企业"], "软件开发", 0.03, None, "小微企业", ["融资", "人才"]),
    [
        E(DZ, D_DXS, "适用", "大学生创业，担保贷款和创业补贴"),
        E(DZ, D_FUND, "适用", "初创型科技小微企业"),
        E(DZ, D_CZ, "适用", "已入库科技型中小企业，成长计划加速服务"),
    ],
    [N(LZ, L_TALENT, NOT_LZ_REGION), N(AH, A_PLAT100, NOT_AH_REGION)],
    "大学生创业 + 科技型中小企业资格",
)

add(
    P("达州市", "普通企业", [], "智能装备制造", 0.02, True, "中小企业", ["研发"]),
    [
        E(DZ, D_5PCT, "不适用", "“超过2%”不含本数，研发占比恰为2%未超过2%"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长"),
        E(DZ, D_JIAJI, "适用", "有研发费用（占比2%）"),
    ],
    [N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "边界用例：超过 = 严格大于",
)

add(
    P("达州市", "高新技术企业", ["高新技术企业"], "钢铁", 0.08, False, "大型企业", ["融资", "研发"]),
    [
        E(DZ, D_5PCT, "适用", "研发投入占比8%超过高新技术企业5%的门槛"),
        E(DZ, D_GROWTH, "不适用", "研发投入未持续增长"),
        E(DZ, D_FUND, "不适用", "大型企业，不属初创型、科技中小微企业"),
    ],
    [N(AH, A_ICRD, NOT_AH_REGION), N(LZ, L_MFG, NOT_LZ_REGION)],
    "大型高企；needs 含融资但引导基金规模不符",
)

add(
    P("达州市", "高校院所", ["省级大学科技园"], None, None, None, None, ["平台", "成果转化"]),
    [E(DZ, D_DXKJY, "适用", "已创建成功省级大学科技园"), E(DZ, D_WLGX, "适用", "在达高校，支持新建和提升科研平台")],
    [N(DZ, D_5PCT, "面向企业研发投入的措施，高校院所不是企业"), N(LZ, L_GX, NOT_LZ_REGION)],
    "高校院所 profile",
)

add(
    P("达州市", "个人", None, None, None, None, None, ["人才"]),
    [
        E(DZ, D_TALENT, "可能适用", "是否为有发展潜力的科技人才未给出"),
        E(DZ, D_BIGSCI, "可能适用", "是否参与国际大科学计划/大科学工程未给出"),
        E(DZ, D_AWARD, "可能适用", "是否作出突出贡献未给出"),
    ],
    [N(LZ, L_TALENT, NOT_LZ_REGION), N(DZ, D_5PCT, "面向企业研发投入的措施，个人不适用")],
    "个人，资格缺失 → 可能适用",
)

add(
    P("达州市", "个人", ["参与国际大科学计划"], "光电显示", None, None, None, ["人才", "研发"]),
    [
        E(DZ, D_BIGSCI, "适用", "参与国际大科学计划，市级科技项目申报、职称评定给予支持"),
        E(DZ, D_TALENT, "可能适用", "是否为有发展潜力的科技人才未明确"),
    ],
    [N(LZ, L_TALENT, NOT_LZ_REGION), N(LZ, L_PARTTIME, NOT_LZ_REGION)],
    "个人，有资格",
)

add(
    P("达州市", "普通企业", [], "农业科技服务", 0.025, True, "中小企业", ["成果转化", "研发"]),
    [
        E(DZ, D_AGRI, "适用", "企业开展农业科技服务，属农业科技服务后补助激励对象"),
        E(DZ, D_5PCT, "适用", "普通企业研发占比2.5%超过2%"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长"),
    ],
    [N(LZ, L_SEED, NOT_LZ_REGION)],
    "农业科技服务企业",
)

add(
    P("达州市", "普通企业", [], "建材", 0.045, False, "中小企业", ["融资"]),
    [
        E(DZ, D_5PCT, "适用", "普通企业研发占比4.5%超过2%"),
        E(DZ, D_GROWTH, "不适用", "研发投入未持续增长"),
        E(DZ, D_DXS, "不适用", "仅面向大学生创业，本企业为普通企业"),
    ],
    [N(AH, A_LOAN, NOT_AH_REGION), N(LZ, L_TGT50, "利州区规划目标且区域不符")],
    "类型不符 → 不适用（大学生创业担保贷款）",
)

add(
    P("达州市", None, None, None, None, None, None, ["融资"]),
    [
        E(DZ, D_5PCT, "可能适用", "企业类型和研发占比均未给出"),
        E(DZ, D_GROWTH, "可能适用", "研发投入是否持续增长未给出"),
        E(DZ, D_FUND, "可能适用", "企业规模/是否初创或科技型未给出"),
    ],
    [N(AH, A_CREDIT, NOT_AH_REGION), N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "几乎全部字段缺失",
)

add(
    P(
        "达州市",
        "高新技术企业",
        ["高新技术企业", "专精特新"],
        "锂钾新能源",
        0.06,
        None,
        "中小企业",
        ["研发", "平台"],
        assessed_grade="4A",
        platform_type="企业级",
    ),
    [
        E(DZ, D_5PCT, "适用", "研发投入占比6%超过高企5%门槛"),
        E(DZ, D_GROWTH, "可能适用", "研发投入是否持续增长未给出"),
        E(DZ, D_JIAJI, "适用", "有研发费用（占比6%）"),
    ],
    [
        N(AH, A_GRADE, NOT_AH_REGION + "（虽有4A评估等级）"),
        N(AH, A_PLAT100, NOT_AH_REGION + "（虽为企业级平台）"),
        N(LZ, L_IP, NOT_LZ_REGION),
    ],
    "陷阱：达州企业带安徽专用字段",
)

add(
    P("达州市", "科技型中小企业", ["科技型中小企业"], "生物医药", None, True, "中小企业", ["研发", "人才"]),
    [
        E(DZ, D_XSG, "适用", "科技型中小企业属“小升高”培育对象"),
        E(DZ, D_CZ, "适用", "科技型中小企业成长计划"),
        E(DZ, D_5PCT, "可能适用", "研发投入占比未给出，无法判断是否超过2%"),
        E(DZ, D_GROWTH, "适用", "研发投入持续增长"),
    ],
    [N(LZ, L_FOCUS, NOT_LZ_REGION)],
    "rd_ratio 缺失",
)

# ===================== 利州 / 广元 =====================
add(
    P(
        "利州区",
        "高新技术企业",
        ["高新技术企业"],
        "机械电子",
        0.06,
        True,
        "中小企业",
        ["研发", "知识产权"],
        city="广元市",
    ),
    [
        E(LZ, L_JIAJI, "适用", "有研发费用（占比6%），研发费用加计扣除普惠"),
        E(LZ, L_FOCUS, "适用", "区内高新技术企业，属知识产权重点关注对象"),
        E(LZ, L_MFG, "适用", "中小型制造业企业"),
    ],
    [
        N(DZ, D_5PCT, "达州-only measure, profile is in 利州区（即使6%>5%）"),
        N(DZ, D_GROWTH, "达州-only measure, profile is in 利州区（即使研发增长）"),
        N(DZ, D_JIAJI, "达州的加计扣除条目，profile is in 利州区"),
    ],
    "必含用例：利州企业不得得到达州措施",
)

add(
    P("利州区", "普通企业", [], "食品饮料", 0.03, True, "中小企业", ["研发"], city="广元市"),
    [E(LZ, L_JIAJI, "适用", "有研发费用（占比3%）"), E(LZ, L_MFG, "适用", "食品饮料制造，中小型制造业企业")],
    [
        N(DZ, D_5PCT, "达州-only measure, profile is in 利州区（3%>2%也不适用）"),
        N(DZ, D_GROWTH, "达州-only measure, profile is in 利州区"),
        N(LZ, L_TGT50, "规划目标（规上企业研发机构比例），不是支持措施"),
    ],
    "利州普通企业3%",
)

add(
    P("利州区", "普通企业", [], "机械制造", None, None, "大型企业", ["研发"], city="广元市"),
    [
        E(LZ, L_JIAJI, "可能适用", "研发费用情况未给出"),
        E(LZ, L_MFG, "不适用", "面向中小型制造业企业，本企业为大型企业"),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION), N(DZ, D_FUND, NOT_DZ_REGION)],
    "利州大型企业",
)

add(
    P("利州区", "普通企业", [], "种业", 0.02, None, "中小企业", ["研发", "成果转化"], city="广元市"),
    [E(LZ, L_SEED, "适用", "种子企业，鼓励建设商业化育种基地"), E(LZ, L_JIAJI, "适用", "有研发费用（占比2%）")],
    [N(DZ, D_SEED, NOT_DZ_REGION), N(DZ, D_5PCT, NOT_DZ_REGION)],
    "利州种业企业",
)

add(
    P("利州区", "个人", None, None, None, None, None, ["人才"], city="广元市"),
    [
        E(LZ, L_TALENT, "可能适用", "是否为有发展潜力的科技人才未给出"),
        E(LZ, L_PARTTIME, "可能适用", "是否为国有企事业单位专业技术/管理人才未给出"),
    ],
    [N(DZ, D_TALENT, NOT_DZ_REGION), N(DZ, D_BIGSCI, NOT_DZ_REGION)],
    "利州个人",
)

add(
    P("利州区", "高校院所", None, None, None, None, None, ["成果转化", "平台"], city="广元市"),
    [
        E(LZ, L_GX, "适用", "高校科研院所，以定向委托方式承担区级重大科技任务"),
        E(LZ, L_SYDW, "适用", "科研事业单位，赋予人才“引育用留”自主权"),
    ],
    [N(DZ, D_DXKJY, NOT_DZ_REGION), N(DZ, D_WLGX, NOT_DZ_REGION)],
    "利州高校院所",
)

add(
    P("广元市", "高新技术企业", ["高新技术企业"], "电子信息", 0.07, True, "中小企业", ["研发"]),
    [
        E(LZ, L_JIAJI, "可能适用", "仅知在广元市，是否位于利州区未给出"),
        E(LZ, L_FOCUS, "可能适用", "是否为利州区内企业未给出"),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION + "（7%>5%也不适用）"), N(DZ, D_GROWTH, NOT_DZ_REGION)],
    "region 只到市级：利州区措施区域条件未知 → 可能适用",
)

add(
    P("利州区", "大学生创业", None, "食品加工", None, None, "小微企业", ["融资"], city="广元市"),
    [
        E(LZ, L_MFG, "适用", "小微食品加工制造企业，属中小型制造业企业培育对象"),
        E(LZ, L_JIAJI, "可能适用", "研发费用情况未给出"),
    ],
    [N(DZ, D_DXS, "达州-only 大学生创业担保贷款, profile is in 利州区"), N(DZ, D_FUND, NOT_DZ_REGION)],
    "利州大学生创业：利州规划无大学生担保贷款",
)

add(
    P(
        "利州区",
        "高新技术企业",
        ["高新技术企业", "专利密集型企业"],
        "新材料（铝）",
        0.05,
        True,
        "中小企业",
        ["知识产权"],
        city="广元市",
    ),
    [
        E(LZ, L_IP, "适用", "专利密集型企业，知识产权专项资金扶持"),
        E(LZ, L_FOCUS, "适用", "区内高新技术企业"),
        E(LZ, L_JIAJI, "适用", "有研发费用（占比5%）"),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION), N(AH, A_SEC, NOT_AH_REGION)],
    "利州知识产权",
)

add(
    P("利州区", None, None, None, None, None, None, ["知识产权"], city="广元市"),
    [
        E(LZ, L_IP, "可能适用", "是否为专利/商标/版权密集型企业未给出"),
        E(LZ, L_JIAJI, "可能适用", "研发费用情况未给出"),
        E(LZ, L_FOCUS, "可能适用", "企业类型未给出"),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION)],
    "利州，字段缺失",
)

# ===================== 安徽 工业互联网 =====================
AHR = "安徽省"
add(
    P(
        AHR,
        "普通企业",
        [],
        "汽车零部件",
        0.03,
        True,
        "中小企业",
        ["融资"],
        project="设备数字化技改",
        equipment_purchase_yuan=30_000_000,
        loan_term_years=5,
    ),
    [
        E(AH, A_EQUIP, "适用", "设备购置3000万元×10%=300万元，未超500万元上限", cap(30_000_000, 0.10, 500)),
        E(AH, A_LOAN, "适用", "贷款期限5年，属3年期以上贷款，按基准利率40%贴息（贴息期≤3年，最高500万元）", 500),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION), N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "技改奖补未触顶",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "家电制造",
        None,
        None,
        "大型企业",
        ["融资"],
        project="设备数字化技改",
        equipment_purchase_yuan=80_000_000,
        loan_term_years=2,
    ),
    [
        E(AH, A_EQUIP, "适用", "设备购置8000万元×10%=800万元，封顶500万元", cap(80_000_000, 0.10, 500)),
        E(AH, A_LOAN, "不适用", "贷款期限2年，不满足3年期以上"),
    ],
    [N(DZ, D_GROWTH, NOT_DZ_REGION)],
    "技改奖补触顶；贷款期限不足",
)

add(
    P(AHR, "普通企业", ["省级数字化车间"], "纺织服装", None, None, "中小企业", ["平台"], assessed_grade="3A"),
    [
        E(AH, A_GRADE, "适用", "评估等级3A，一次性奖补50万元", 50),
        E(AH, A_FACTORY, "适用", "省级数字化车间，一次性奖补50万元", 50),
    ],
    [N(DZ, D_XSG, NOT_DZ_REGION)],
    "档位：3A / 数字化车间",
)

add(
    P(
        AHR,
        "高新技术企业",
        ["高新技术企业", "省级智能工厂"],
        "装备制造",
        0.06,
        True,
        "大型企业",
        ["平台"],
        assessed_grade="4A",
    ),
    [
        E(AH, A_GRADE, "适用", "评估等级4A，一次性奖补100万元", 100),
        E(AH, A_FACTORY, "适用", "省级智能工厂，一次性奖补100万元", 100),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION + "（6%>5%也不适用）"), N(LZ, L_FOCUS, NOT_LZ_REGION)],
    "档位：4A / 智能工厂",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "化工",
        None,
        None,
        "大型企业",
        ["平台"],
        assessed_grade="5A",
        project="网络安全分类分级",
        investment_yuan=1_000_000,
    ),
    [
        E(AH, A_GRADE, "适用", "评估等级5A，一次性奖补150万元", 150),
        E(AH, A_SEC, "适用", "投资100万元×50%=50万元，未超100万元上限", cap(1_000_000, 0.50, 100)),
    ],
    [N(DZ, D_JIAJI, NOT_DZ_REGION)],
    "档位：5A",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "食品",
        None,
        None,
        "中小企业",
        ["融资", "平台"],
        assessed_grade="2A",
        project="设备数字化技改",
        loan_term_years=None,
    ),
    [
        E(AH, A_GRADE, "不适用", "评估等级2A，低于奖补档位3A/4A/5A"),
        E(AH, A_LOAN, "可能适用", "技改贷款期限未给出，无法判断是否为3年期以上"),
    ],
    [N(DZ, D_FUND, NOT_DZ_REGION)],
    "等级不足；贷款期限缺失",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "通信服务",
        None,
        None,
        "大型企业",
        ["平台"],
        project="标识解析二级节点",
        investment_yuan=8_000_000,
        assessed_grade="3A",
    ),
    [
        E(AH, A_NODE, "适用", "投资800万元×30%=240万元，未超300万元上限", cap(8_000_000, 0.30, 300)),
        E(AH, A_GRADE, "适用", "评估等级3A，一次性奖补50万元", 50),
    ],
    [N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "标识解析节点未触顶",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "工业软件",
        None,
        None,
        "中小企业",
        ["平台"],
        project="标识解析二级节点",
        investment_yuan=20_000_000,
        platform_type="行业",
    ),
    [
        E(AH, A_NODE, "适用", "投资2000万元×30%=600万元，封顶300万元", cap(20_000_000, 0.30, 300)),
        E(AH, A_PLAT1000, "适用", "行业型工业互联网平台，最高1000万元", 1000),
    ],
    [N(AH, A_PLAT3000, "平台类型为行业型，不是跨行业跨领域平台"), N(DZ, D_5PCT, NOT_DZ_REGION)],
    "节点触顶；平台档位（行业型）",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "工业互联网服务",
        None,
        None,
        "中小企业",
        ["平台"],
        project="工业互联网创新服务载体",
        investment_yuan=30_000_000,
        in_service_pool=True,
    ),
    [
        E(AH, A_CARRIER, "适用", "投资3000万元×20%=600万元，封顶500万元", cap(30_000_000, 0.20, 500)),
        E(AH, A_POOL, "适用", "已纳入省工业互联网（云）服务商资源池，按服务中小企业数量质量奖补，最高100万元", 100),
    ],
    [N(DZ, D_CZ, NOT_DZ_REGION)],
    "创新服务载体触顶",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "工业互联网服务",
        None,
        None,
        "小微企业",
        ["平台"],
        project="工业互联网创新服务载体",
        investment_yuan=10_000_000,
        in_service_pool=False,
    ),
    [
        E(AH, A_CARRIER, "适用", "投资1000万元×20%=200万元，未超500万元上限", cap(10_000_000, 0.20, 500)),
        E(AH, A_POOL, "不适用", "未纳入省工业互联网（云）服务商资源池"),
    ],
    [N(LZ, L_MFG, NOT_LZ_REGION)],
    "创新服务载体未触顶；资源池条件不满足",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "机械制造",
        None,
        None,
        "中小企业",
        ["平台"],
        project="网络安全分类分级",
        investment_yuan=1_500_000,
        platform_type="企业级",
    ),
    [
        E(AH, A_SEC, "适用", "投资150万元×50%=75万元，未超100万元上限", cap(1_500_000, 0.50, 100)),
        E(AH, A_PLAT100, "适用", "企业级工业互联网平台，一次性奖补100万元", 100),
    ],
    [N(AH, A_PLAT3000, "平台类型为企业级，不是跨行业跨领域"), N(DZ, D_GROWTH, NOT_DZ_REGION)],
    "安全分类分级未触顶；企业级平台",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "工业互联网平台",
        None,
        None,
        "大型企业",
        ["平台"],
        project="网络安全分类分级",
        investment_yuan=5_000_000,
        platform_type="跨行业跨领域",
    ),
    [
        E(AH, A_SEC, "适用", "投资500万元×50%=250万元，封顶100万元", cap(5_000_000, 0.50, 100)),
        E(AH, A_PLAT3000, "适用", "跨行业跨领域工业互联网平台，最高3000万元", 3000),
    ],
    [N(AH, A_PLAT100, "平台为跨行业跨领域，非企业级平台"), N(LZ, L_IP, NOT_LZ_REGION)],
    "安全分类分级触顶；双跨平台",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "集成电路设计",
        None,
        None,
        "中小企业",
        ["研发"],
        project="首轮流片",
        tapeout_contract_yuan=5_000_000,
        rd_equipment_purchase_yuan=2_000_000,
    ),
    [
        E(AH, A_TAPEOUT, "适用", "流片合同500万元×30%=150万元，未超300万元上限", cap(5_000_000, 0.30, 300)),
        E(AH, A_ICRD, "适用", "集成电路产业链企业，研发设备200万元×20%=40万元", cap(2_000_000, 0.20, 1000)),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION)],
    "集成电路流片未触顶",
)

add(
    P(
        AHR,
        "高新技术企业",
        ["高新技术企业"],
        "集成电路设计",
        0.15,
        True,
        "中小企业",
        ["研发"],
        project="首轮流片",
        tapeout_contract_yuan=20_000_000,
        rd_equipment_purchase_yuan=60_000_000,
    ),
    [
        E(AH, A_TAPEOUT, "适用", "流片合同2000万元×30%=600万元，单个企业封顶300万元", cap(20_000_000, 0.30, 300)),
        E(AH, A_ICRD, "适用", "研发设备6000万元×20%=1200万元，单个企业封顶1000万元", cap(60_000_000, 0.20, 1000)),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION + "（15%>5%也不适用）"), N(DZ, D_GROWTH, NOT_DZ_REGION)],
    "流片和研发设备均触顶",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "功率器件制造",
        None,
        None,
        "中小企业",
        ["研发"],
        project="集成电路产业化",
        investment_yuan=8_000_000,
        equipment_purchase_yuan=5_000_000,
        rd_equipment_purchase_yuan=10_000_000,
    ),
    [
        E(AH, A_ICPROD, "不适用", "产业化项目实际完成投资800万元，低于1000万元门槛"),
        E(AH, A_ICRD, "适用", "功率器件产业链企业，研发设备1000万元×20%=200万元", cap(10_000_000, 0.20, 1000)),
    ],
    [N(DZ, D_FUND, NOT_DZ_REGION)],
    "产业化项目投资门槛不满足",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "化合物半导体",
        None,
        None,
        "大型企业",
        ["研发"],
        project="集成电路产业化",
        investment_yuan=10_000_000,
        equipment_purchase_yuan=300_000_000,
        rd_equipment_purchase_yuan=30_000_000,
    ),
    [
        E(
            AH,
            A_ICPROD,
            "适用",
            "实际完成投资1000万元，满足“1000万元及以上”；关键设备3亿元×10%=3000万元，封顶2000万元",
            cap(300_000_000, 0.10, 2000),
        ),
        E(
            AH,
            A_ICRD,
            "适用",
            "化合物半导体产业链企业，研发设备3000万元×20%=600万元，未超1000万元上限",
            cap(30_000_000, 0.20, 1000),
        ),
    ],
    [N(DZ, D_FUND, NOT_DZ_REGION), N(LZ, L_JIAJI, NOT_LZ_REGION)],
    "边界：及以上含本数；触顶2000万",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "汽车零部件",
        None,
        None,
        "中小企业",
        ["研发"],
        project="设备数字化技改",
        equipment_purchase_yuan=20_000_000,
        rd_equipment_purchase_yuan=10_000_000,
    ),
    [
        E(AH, A_ICRD, "不适用", "非集成电路/化合物半导体/MEMS/功率器件产业链企业"),
        E(AH, A_EQUIP, "适用", "设备购置2000万元×10%=200万元", cap(20_000_000, 0.10, 500)),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION)],
    "产业链条件不满足",
)

add(
    P(
        AHR,
        "普通企业",
        None,
        "机械制造",
        None,
        None,
        "中小企业",
        ["融资", "平台"],
        project="设备数字化技改",
        assessed_grade=None,
        loan_term_years=None,
    ),
    [
        E(AH, A_GRADE, "可能适用", "数字化转型评估等级未给出"),
        E(AH, A_LOAN, "可能适用", "技改贷款期限未给出"),
        E(AH, A_FACTORY, "可能适用", "是否获省级数字化车间/智能工厂认定未给出（qualifications=null）"),
    ],
    [N(DZ, D_FUND, NOT_DZ_REGION), N(LZ, L_MFG, NOT_LZ_REGION)],
    "安徽，字段缺失",
)

add(
    P(
        AHR,
        "普通企业",
        [],
        "微机电系统（MEMS）",
        None,
        None,
        "中小企业",
        ["研发"],
        project="集成电路产业化",
        investment_yuan=None,
        equipment_purchase_yuan=40_000_000,
        assessed_grade="3A",
    ),
    [
        E(AH, A_ICPROD, "可能适用", "MEMS产业链企业，但产业化项目实际完成投资未给出，无法判断是否达1000万元"),
        E(AH, A_GRADE, "适用", "评估等级3A，一次性奖补50万元", 50),
    ],
    [N(DZ, D_5PCT, NOT_DZ_REGION)],
    "投资额缺失",
)

out = os.path.join(HERE, "profiles.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for i, r in enumerate(R, 1):
        r = {"id": f"p{i:02d}", **r}
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(R), "profiles ->", out)
