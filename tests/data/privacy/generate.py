"""Generate the labelled privacy test set: synthetic but valid numbers in realistic 公示 sentences,
already-masked values, and look-alike traps. Deterministic (seeded).

    python tests/data/privacy/generate.py [--seed 4] > /tmp/privacy-set.jsonl

Every Sample has its gold spans (rule, start, end). Values are synthetic: IDs are built from
real region codes (wordlists/privacy/region-codes.txt, abolished codes included) and real
birth dates with a correct check digit; bank cards from real issuer prefixes with a correct
Luhn digit; USCCs with both check characters right. None belongs to anyone on purpose.
"""
from __future__ import annotations

import json
import random
import sys
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "src"))

from sensitive_lint.masking import mask_value  # noqa: E402
from sensitive_lint.privacy import validators as v  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢冉"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅云飞兵琴"
BANK_IINS = [  # (prefix, length): real issuer prefixes of cards issued in China
    ("622848", 19), ("622845", 19), ("621700", 19), ("622700", 19), ("622202", 19), ("621226", 19),
    ("622588", 16), ("621483", 16), ("622609", 16), ("623668", 19), ("621799", 19), ("622262", 19),
    ("955880", 19), ("436742", 19), ("625965", 16), ("628288", 16), ("622150", 19), ("621098", 19),
    ("622568", 19), ("622908", 19), ("627068", 19), ("621462", 19), ("622682", 18), ("620200", 17),
]
AREAS = ["023", "010", "020", "021", "0851", "0731", "0898", "0471", "0591"]
PROVINCE_CHARS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DISEASES = ["尿毒症", "白血病", "精神分裂症", "艾滋病", "肺结核", "恶性肿瘤", "癫痫", "乳腺癌", "脑瘫", "血友病"]
FREEMAIL = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com"]
STREETS = ["幸福路", "桃花源大道", "钟多街", "民族路", "解放西路", "人民东路", "龙潭镇新街"]


@dataclass
class Sample:
    kind: str  # positive | masked | trap
    theme: str
    text: str
    gold: list[tuple[str, int, int]] = field(default_factory=list)


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.gold: list[tuple[str, int, int]] = []
        self.pos = 0

    def t(self, s: str) -> "Builder":
        self.parts.append(s)
        self.pos += len(s)
        return self

    def v(self, rule: str, s: str) -> "Builder":
        self.gold.append((rule, self.pos, self.pos + len(s)))
        return self.t(s)

    def done(self, kind: str, theme: str) -> Sample:
        return Sample(kind, theme, "".join(self.parts), self.gold)


class Gen:
    def __init__(self, seed: int = 4) -> None:
        self.r = random.Random(seed)
        codes = []
        for line in (ROOT / "wordlists" / "privacy" / "region-codes.txt").read_text(encoding="utf-8").splitlines():
            if line[:1].isdigit():
                code, years, _ = line.split("\t", 2)
                if not code.endswith("0000"):  # people are registered in counties, not provinces
                    codes.append((code, years))
        self.codes = codes
        self.today = date.today()

    # -- values -----------------------------------------------------------------------------
    def name(self) -> str:
        return self.r.choice(SURNAMES) + "".join(self.r.choice(GIVEN) for _ in range(self.r.choice((1, 2))))

    def birth(self, lo: int = 1930, hi: int = 2023) -> date:
        start = date(lo, 1, 1)
        return start + timedelta(days=self.r.randrange((date(hi, 12, 31) - start).days))

    def id18(self, unknown_region: bool = False) -> str:
        if unknown_region:
            region = self.r.choice(["50", "52", "44", "37"]) + "9" + "".join(self.r.choice("0123456789") for _ in range(3))
        else:
            region = self.r.choice(self.codes)[0]
        body = region + self.birth().strftime("%Y%m%d") + f"{self.r.randrange(1000):03d}"
        return body + v.id_check_char(body)

    def id15(self) -> str:
        region = self.r.choice(self.codes)[0]
        return region + self.birth(1930, 1990).strftime("%y%m%d") + f"{self.r.randrange(1000):03d}"

    def mobile(self, prefix: str | None = None) -> str:
        p = prefix or self.r.choice(sorted(v.MOBILE_PREFIXES))
        return p + "".join(self.r.choice("0123456789") for _ in range(8))

    def luhn_complete(self, body: str) -> str:
        for d in "0123456789":
            if v.luhn_valid(body + d):
                return body + d
        raise AssertionError

    def bank(self) -> str:
        prefix, n = self.r.choice(BANK_IINS)
        body = prefix + "".join(self.r.choice("0123456789") for _ in range(n - len(prefix) - 1))
        return self.luhn_complete(body)

    def uscc(self, head: str) -> str:
        region = self.r.choice(self.codes)[0]
        org8 = "MA" + "".join(self.r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
        body = head + region + org8 + v.org_code_check_char(org8)
        return body + v.uscc_check_char(body)

    def plate(self) -> str:
        return self.r.choice(PROVINCE_CHARS) + self.r.choice(PLATE_LETTERS) + "".join(
            self.r.choice("0123456789") for _ in range(5))

    def landline(self) -> str:
        area = self.r.choice(AREAS)
        local = self.r.choice("2345678") + "".join(self.r.choice("0123456789") for _ in range(7 if len(area) == 3 else 6))
        return f"{area}-{local}"

    def address(self) -> str:
        return (f"重庆市酉阳县桃花源街道{self.r.choice(STREETS)}{self.r.randint(1, 300)}号"
                f"{self.r.randint(1, 20)}栋{self.r.randint(1, 4)}单元{self.r.randint(1, 30)}0{self.r.randint(1, 4)}室")

    # -- formats ----------------------------------------------------------------------------
    def fmt_mobile(self, m: str) -> tuple[str, str]:
        """(prefix text, value text) in one of the forms people write."""
        style = self.r.randrange(7)
        if style == 1:
            return "", f"{m[:3]} {m[3:7]} {m[7:]}"
        if style == 2:
            return "", f"{m[:3]}-{m[3:7]}-{m[7:]}"
        if style == 3:
            return "+86 ", m
        if style == 4:
            return "0086-", m
        if style == 5:
            return "", m.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return "", m

    def fmt_bank(self, b: str) -> str:
        if self.r.random() < 0.4:
            return " ".join(b[i:i + 4] for i in range(0, len(b), 4))
        return b

    # -- samples ----------------------------------------------------------------------------
    def positives(self, n: int) -> list[Sample]:
        out: list[Sample] = []
        g = self
        for i in range(n):
            theme = i % 9
            nm = g.name()
            b = Builder()
            if theme == 0:  # 低保公示
                idv = g.id18(unknown_region=self.r.random() < 0.05)
                if self.r.random() < 0.15:
                    idv = idv[:-1] + ("x" if idv[-1] == "X" and self.r.random() < 0.5 else idv[-1])
                b.t(f"{i + 1}. 户主：{nm}，{self.r.choice('男女')}，身份证号：").v("PRIV001", idv).t(
                    f"，保障人数{self.r.randint(1, 5)}人，月保障金{self.r.randint(300, 900)}元。")
                out.append(b.done("positive", "低保公示"))
            elif theme == 1:  # 补贴发放名单, a tab-separated row
                b.t(f"{i + 1}\t{nm}\t").v("PRIV001", g.id18()).t("\t").v("PRIV003", g.fmt_bank(g.bank())).t(
                    f"\t{self.r.randint(100, 3000)}.00")
                head = "序号\t姓名\t身份证号码\t惠民一卡通账号\t金额（元）\n"
                out.append(Sample("positive", "补贴发放名单", head + b.done("", "").text,
                                  [(r, s + len(head), e + len(head)) for r, s, e in b.gold]))
            elif theme == 2:  # 招聘公示
                pre, mv = g.fmt_mobile(g.mobile())
                b.t(f"拟聘用人员：{nm}，性别{self.r.choice('男女')}，身份证号码").v("PRIV001", g.id18()).t(
                    f"，联系电话：{pre}").v("PRIV002", mv).t("。")
                out.append(b.done("positive", "招聘公示"))
            elif theme == 3:  # 行政处罚公示
                b.t(f"当事人：{nm}，公民身份号码：").v("PRIV001", g.id18()).t("，住址：").v("PRIV006", g.address()).t(
                    "。违法事实：未按规定办理许可。")
                out.append(b.done("positive", "行政处罚公示"))
            elif theme == 4:  # bank card with context
                b.t(f"补助对象{nm}，开户行：酉阳农商行钟多支行，银行卡号：").v("PRIV003", g.fmt_bank(g.bank())).t(
                    f"，补助金额{self.r.randint(500, 5000)}元。")
                out.append(b.done("positive", "补贴发放"))
            elif theme == 5:  # mobiles of every range
                pre, mv = g.fmt_mobile(g.mobile())
                b.t(f"申请人{nm}（手机：{pre}").v("PRIV002", mv).t("）已提交材料。")
                out.append(b.done("positive", "受理回执"))
            elif theme == 6:  # health detail + landline
                pseud = nm[0] + "某某"
                b.t(f"{pseud}，{self.r.choice('男女')}，{self.r.randint(20, 80)}岁，患").v(
                    "PRIV007", self.r.choice(DISEASES)).t("，家庭电话：").v("PRIV005", g.landline()).t("，拟给予大病救助。")
                out.append(b.done("positive", "大病救助公示"))
            elif theme == 7:  # 个体工商户, passport, email
                b.t(f"当事人：{nm}经营的副食店，统一社会信用代码：").v("PRIV004", g.uscc("92")).t(
                    "；经营者护照号码：").v("PRIV009", "E" + "".join(self.r.choice("0123456789") for _ in range(8))).t(
                    f"；考生{nm}，邮箱：").v("PRIV008", f"{self.r.choice(['zs', 'li', 'wang'])}{self.r.randint(1970, 2005)}@{self.r.choice(FREEMAIL)}").t("。")
                out.append(b.done("positive", "个体工商户处罚"))
            else:  # plate + legacy ID
                b.t(f"驾驶人{nm[0]}某驾驶").v("PRIV010", g.plate()).t("小型轿车，身份证号：").v("PRIV001", g.id15()).t("。")
                out.append(b.done("positive", "交通违法公示"))
        out += self.hard_positives(n // 3)
        # Every current mobile range at least once, plainly written.
        for p in sorted(v.MOBILE_PREFIXES):
            b = Builder().t(f"联系人{g.name()}，手机号码").v("PRIV002", g.mobile(p)).t("。")
            out.append(b.done("positive", "号段"))
        return out

    def hard_positives(self, n: int) -> list[Sample]:
        """Forms that test the edges: no label, no punctuation, separators, full-width, header-only
        context, IDs whose county code is newer than the birth year (stdnum rejects them)."""
        g, r = self, self.r
        out: list[Sample] = []
        fw = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
        for i in range(n):
            nm = g.name()
            b = Builder()
            k = i % 11
            if k == 0:  # a space-separated list row, no labels at all
                b.t(f"{nm} ").v("PRIV001", g.id18()).t(" ").v("PRIV002", g.mobile()).t(" 已核实")
            elif k == 1:  # glued to Chinese text on both sides
                b.t(nm).v("PRIV001", g.id18()).t("同志，电话").v("PRIV002", g.mobile()).t("联系")
            elif k == 2:  # grouped ID, full-width ID
                idv = g.id18()
                b.t("身份证号 ").v("PRIV001", f"{idv[:6]} {idv[6:14]} {idv[14:]}").t("；证件号码：").v(
                    "PRIV001", g.id18().translate(fw))
            elif k == 3:  # bank card with no bank word: reported, as a warning
                b.t(f"{nm}：").v("PRIV003", g.bank()).t("，已发放。")
            elif k == 4:  # a card number under a header in a plain-text table
                head = "姓名\t社保卡号\t发放金额\n"
                b.t(head + f"{nm}\t").v("PRIV003", g.bank()).t(f"\t{r.randint(100, 999)}")
            elif k == 5:  # county code created after the birth year (500242 exists since 1997)
                body = "500242" + g.birth(1950, 1996).strftime("%Y%m%d") + f"{r.randrange(1000):03d}"
                b.t(f"困难群众{nm}，身份证号码：").v("PRIV001", body + v.id_check_char(body))
            elif k == 6:  # mobile in brackets, at a line end, behind Tel
                b.t(f"{nm}（").v("PRIV002", g.mobile()).t("）\nTel").v("PRIV002", g.mobile()).t("\n")
            elif k == 7:  # landline in brackets tied to a person; address with 组 + 号
                b.t(f"户主：{nm}，电话：").v("PRIV005", f"(023)7{r.randint(1000000, 9999999)}").t("，家住").v(
                    "PRIV006", f"酉阳县龙潭镇梨耳村{r.randint(1, 9)}组{r.randint(1, 99)}号").t("。")
            elif k == 8:  # an abolished county code (still valid on old cards)
                code = r.choice([c for c, years in self.codes if not years.endswith("-")])
                body = code + g.birth(1940, 1980).strftime("%Y%m%d") + f"{r.randrange(1000):03d}"
                b.t("身份证：").v("PRIV001", body + v.id_check_char(body))
            elif k == 9:  # several mobiles separated by spaces, 、 and /
                b.t("联系电话：").v("PRIV002", g.mobile()).t("、").v("PRIV002", g.mobile()).t(" ").v(
                    "PRIV002", g.mobile()).t("/").v("PRIV002", g.mobile())
            else:  # a mobile as the name of a mailbox: the number is the finding
                b.t(f"申请人{nm}，邮箱 ").v("PRIV002", g.mobile()).t("@139.com")
            out.append(b.done("positive", "边界"))
        return out

    def masked(self) -> list[Sample]:
        fixed = ["110101********1234", "1101011990****1234", "138****5678", "6222 **** **** 1234",
                 "500242********123X", "622848*********0018"]
        out = [Sample("masked", "已脱敏", f"户主：张三，身份证号：{m}，联系电话：138****5678。") for m in fixed]
        for _ in range(100):
            idv, mob, bank = self.id18(), self.mobile(), self.bank()
            text = (f"姓名：{self.name()}，身份证号：{mask_value('id', idv)}，手机：{mask_value('mobile', mob)}，"
                    f"银行卡号：{mask_value('bank', bank)}，家庭住址：{mask_value('address', self.address())}")
            out.append(Sample("masked", "已脱敏", text))
        return out

    def traps(self) -> list[Sample]:
        g = self
        r = self.r
        out: list[Sample] = []

        def add(theme: str, text: str) -> None:
            out.append(Sample("trap", theme, text))

        for _ in range(60):
            idlike = g.id18()  # a number with ID structure used as a project/acceptance code
            luhn16 = g.luhn_complete("6217" + "".join(r.choice("0123456789") for _ in range(11)))
            mob = g.mobile()
            add("项目编号", f"项目编号：{idlike}，项目名称：酉阳县{r.choice(STREETS)}改造工程。")
            add("受理编号", f"受理编号：{mob}，办理状态：已办结。")
            add("订单号", f"订单号：{luhn16}，支付时间：2024-05-0{r.randint(1, 9)} 1{r.randint(0, 9)}:2{r.randint(0, 9)}:00。")
            add("统一编号", f"统一编号：{g.id18()}")
            add("中标公告", f"中标人：重庆{r.choice('鑫华隆盛')}建设工程有限公司，统一社会信用代码：{g.uscc('91')}，中标金额：{r.randint(100, 999)}.{r.randint(10, 99)}万元。")
            add("金额", f"共计{mob}元，其中中央资金{r.randint(1000, 9999)}万元。")
            add("金额", f"合同金额：￥{luhn16}.00")
            add("统计", f"全县共有低保户{r.randint(1000, 9999)}户{r.randint(10000, 30000)}人，全年发放保障金{r.randint(1000, 9999)}.{r.randint(1, 9)}万元，同比增长{r.randint(1, 20)}.{r.randint(1, 9)}%。")
            add("日期时间", f"公示时间：{r.randint(2019, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日至{r.randint(2019, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} 18:00:00，时间戳{r.randint(1600000000000, 1760000000000)}。")
            add("文号", f"根据《酉阳自治县人民政府关于印发……的通知》（酉阳府发〔{r.randint(2015, 2025)}〕{r.randint(1, 99)}号）和渝府办发〔2019〕63号文件精神。")
            add("邮编", f"通信地址：酉阳县桃花源街道{r.choice(STREETS)}，邮编：409800，邮政编码409800。")
            add("办公电话", f"联系人：{g.name()}，联系电话：{g.landline()}。")
            add("办公电话", f"县民政局联系电话：{g.landline()}，监督电话：{g.landline()}，传真：{g.landline()}。")
            add("办公电话", f"咨询电话：（023）7555{r.randint(1000, 9999)}，服务热线：400-{r.randint(100, 999)}-{r.randint(1000, 9999)}，12345。")
            add("办公地址", f"办公地址：酉阳县桃花源街道{r.choice(STREETS)}{r.randint(1, 99)}号县政务服务中心{r.randint(1, 5)}楼。")
            add("统计病种", f"{r.randint(2019, 2024)}年全县报告{r.choice(DISEASES)}病例{r.randint(5, 99)}例，较上年下降{r.randint(1, 9)}%。")
            add("车辆", f"县城区{g.plate()}等{r.randint(2, 9)}辆公务用车完成年检。")
            add("投稿邮箱", f"欢迎投稿，投稿邮箱：yyrm{r.randint(10, 99)}@163.com。")
            add("项目代码", f"项目代码：{r.randint(2019, 2025)}-500242-{r.randint(10, 99)}-01-{r.randint(100000, 999999)}")
            add("序号与链接", f"第{mob}号；详见 https://www.cq.gov.cn/zwgk/content_{mob}.html 和 /xxgk/{idlike}/index.htm")
            add("批准文号", f"批准文号：国药准字H{r.randint(10000000, 99999999)}，坐标106.{r.randint(1000000, 9999999)}。")
            add("法条", "第十三条 对吸毒成瘾人员，县级、设区的市级人民政府卫生行政部门应当……精神障碍患者的监护人应当履行监护职责。")
        return out


def generate(seed: int = 4, n_positive: int = 900) -> list[Sample]:
    g = Gen(seed)
    return g.positives(n_positive) + g.masked() + g.traps()


def main() -> None:
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 4
    for s in generate(seed):
        print(json.dumps(asdict(s), ensure_ascii=False))


if __name__ == "__main__":
    main()
