"""保密性: personal data that must be desensitised before publication (个人隐私).

youyang §三: 不得公开自然人完整的身份证号、手机号、银行卡号等；不得公开详细到门牌号的家庭住址；不得公开
详细的疾病病种. jinping 第三条(6): 不涉及执法人员、公职人员、公民的个人信息如身份证号码、银行卡账号、
社会信用代码等，如需体现相关信息的，要进行脱敏处理后发布.

Checkpoint: every rule maps to 保密性, as the DESIGN's report example does for ID numbers (the
审签表 puts 个人隐私 under 保密审查; youyang lists it under 安全性 too — one checkpoint keeps
reports and ledgers consistent).

Detection lives in sensitive_lint.privacy (shared with masking). Reports never show a value:
unless `show_values` is set, each Hit carries the masked value as `display` (and always as
`suggestion`, the replacement an editor makes).
"""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..masking import masker
from ..model import Document, Hit
from ..privacy import detect
from ..registry import REG_JINPING, REG_YOUYANG, Rule

_SRC = "src/sensitive_lint/checks/privacy.py"
_COMMON = dict(category="privacy", checkpoint="保密性", source=_SRC)
_REG = f"{REG_YOUYANG}（不得公开自然人完整的身份证号、手机号、银行卡号等）; {REG_JINPING} 第三条(6)"

RULES = [
    Rule(
        code="PRIV001", name="resident-id", severity="error",
        message="未脱敏的公民身份号码",
        regulation=_REG,
        what="18 位公民身份号码（GB 11643 校验位正确、出生日期真实；含末位 x/X，全角数字、分组书写）；"
             "15 位旧号码（地区码已知、出生日期真实）有证件标签时为 error，否则 warning。"
             "地区码未收录的号码照样报告（证件保留首次签发时的代码，已撤销的代码仍然有效），只是置信度较低。"
             "项目编号、受理编号等标签后的号码和金额不报告；已打码的号码（110101********1234）不报告。",
        why="完整身份号码可直接识别到个人，公开即泄露个人信息，违反“不得公开自然人完整的身份证号”。",
        example="低保公示：张三，身份证号 500242199003071239",
        fix="保留前 6 位和后 4 位，中间用 * 代替：500242********1239（`sensitive-lint mask` 可批量处理）。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV002", name="mobile-number", severity="error",
        message="未脱敏的手机号码",
        regulation=_REG,
        what="大陆 11 位手机号（现行号段 13x、145-149、15x、162/165-167、170-178、18x、19x），"
             "含 +86/0086 前缀、空格或短横分组（138 0013 8000）、全角数字；更长数字串中的 11 位不算。"
             "标为监督电话、举报电话、咨询电话等公开服务号码时降为 warning。",
        why="手机号是个人信息；政务稿件应公开办公电话，不公开个人手机。",
        example="联系人：李四，手机：13800138000",
        fix="保留前 3 位和后 4 位：138****8000；对外联系请改用办公电话。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV003", name="bank-card", severity="error",
        message="未脱敏的银行卡号",
        regulation=_REG,
        what="16–19 位、Luhn 校验正确、发卡机构号段真实（62/81 银联、4 Visa、51-55/2221-2720 万事达、"
             "60、94/95 等）的卡号，可用空格分组。附近有“卡号、账号、开户行、银行”等字样（或表头是银行卡号）"
             "时为 error；没有时为 warning（随机 16 位编号十个里有一个能通过 Luhn）；户名是单位时为 warning。",
        why="银行卡号属于个人金融信息，补贴发放名单中最常见的泄露。",
        example="补贴发放名单：王五，惠民一卡通账号 6228480402564890018",
        fix="只保留后 4 位：***************0018。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV004", name="credit-code-individual", severity="warning",
        message="个体工商户的统一社会信用代码（指向经营者个人）",
        regulation=f"{REG_JINPING} 第三条(6)（社会信用代码）; GB 32100-2015",
        what="GB 32100 校验位和内含组织机构代码校验位都正确、以 92 开头（个体工商户）的统一社会信用代码。"
             "企业（91）、机关（1x）、社会组织（5x）、合作社（93）的代码依法公示，不报告。",
        why="个体工商户的代码对应经营者本人；锦屏县制度要求社会信用代码脱敏后发布。"
            "需要更严格时可在配置中把 PRIV004 设为 error。",
        example="行政处罚公示：当事人桃花源副食店（个体工商户），统一社会信用代码 92500242MA5U1AXQ98",
        fix="确认是否必须公开；需要时保留前 8 位和后 2 位：92500242********98。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV005", name="personal-landline", severity="warning",
        message="与个人关联的固定电话号码",
        regulation=_REG,
        what="同一行（表格同一行）有个人信息（姓名、户主、张某、男/女、年龄、身份号码或手机号）的固定电话。"
             "单位的联系电话、监督电话、咨询电话，以及“联系人：…，联系电话：…”这样的办公联系方式不报告。",
        why="个人住宅电话同样是个人信息；单位公开电话不是。",
        example="户主：赵六，家庭电话 023-75551234",
        fix="删除或脱敏：023-7*****34。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV006", name="home-address", severity="warning",
        message="详细到门牌号的家庭住址",
        regulation=f"{REG_YOUYANG}（不得公开详细到门牌号的家庭住址）",
        what="“家住、家庭住址、现住址、户籍地址、住所（非单位）”等之后、详细到门牌号/栋/单元/室或“组+号”的地址。"
             "只到村、组的地址和办公地址、单位地址不报告。",
        why="详细住址可以找到本人，规定明确禁止公开。",
        example="张三，家住酉阳县桃花源街道幸福路12号3栋2单元501室",
        fix="只保留到乡镇（街道）或村（社区）：幸福路**号*栋*单元***室，或删去门牌号。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV007", name="health-detail", severity="warning",
        message="可识别个人的具体疾病信息",
        regulation=f"{REG_YOUYANG}（不得公开详细的疾病病种等信息）",
        what="同一句（表格同一行）里既有可识别的个人（姓名、张某、男/女、年龄、身份号码）又有具体病种"
             "（艾滋病、精神分裂症、尿毒症、白血病……）。统计数字和法规条文中的病名不报告。",
        why="病种属于敏感个人信息，大病救助、低保公示里常见。",
        example="大病救助公示：李某某，女，52 岁，尿毒症",
        fix="删去病种，或改为“因病”“大病”等概括说法。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV008", name="personal-email", severity="warning",
        message="个人电子邮箱",
        regulation=_REG,
        what="同一行有个人信息的电子邮箱（warning）；没有上下文的个人免费邮箱（qq.com、163.com 等）为 info。"
             "政府、学校等机构域名和单位的投稿、举报邮箱不报告。",
        why="个人邮箱可以联系到本人，属于个人信息。",
        example="考生张三，邮箱 zhangsan1990@163.com",
        fix="删除或脱敏：z***********@163.com；对外联系使用单位邮箱。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV009", name="passport-number", severity="error",
        message="未脱敏的护照或通行证号码",
        regulation=_REG,
        what="“护照、通行证”等标签之后的证件号码（E12345678、EA1234567、G12345678 等）。没有标签的同样格式不报告。",
        why="护照号与身份证号一样能唯一识别个人。",
        example="护照号码：E12345678",
        fix="保留首字母和后 3 位：E*****678。",
        tags=("pii",), **_COMMON,
    ),
    Rule(
        code="PRIV010", name="licence-plate", severity="warning",
        message="与个人关联的机动车号牌",
        regulation=_REG,
        what="同一行（表格同一行）有个人信息（驾驶人、车主、张某、姓名……）的完整车牌号（渝A12345、京AD12345）。",
        why="车牌号加上姓名能定位到个人；交通违法公示通常只公开部分号牌。",
        example="驾驶人张某驾驶渝A12345小型轿车",
        fix="遮盖部分号牌：渝A1**45。",
        tags=("pii",), **_COMMON,
    ),
]

_RULES = {r.code: r for r in RULES}


def rules(ctx: Context) -> list[Rule]:
    masker(ctx)  # a bad mask pattern is a configuration error, raised before any file is read
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    mask = masker(ctx)
    reveal = ctx.config.show_values
    for d in detect(doc.text, ctx, doc.blocks):
        rule = _RULES[d.rule]
        masked = mask(d.kind, doc.text[d.start:d.end]) if d.kind in mask.specs else None
        yield Hit(
            d.rule, d.start, d.end,
            severity=None if d.severity == rule.severity else d.severity,
            suggestion=masked,
            # The engine shows `display` in place of the value everywhere, context snippets too.
            display=None if reveal else masked,
            confidence=d.confidence,
            note=d.note,
        )
