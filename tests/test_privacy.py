"""Personal data (PRIV001–PRIV010): validators against python-stdnum, tables of findings and of
look-alikes that must stay silent, masking of every reported value, the labelled set, and the
real regulations."""
from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

from sensitive_lint import lint_text
from sensitive_lint.config import Config, parse_config
from sensitive_lint.context import Context
from sensitive_lint.privacy import detect
from sensitive_lint.privacy import validators as v

sys.path.insert(0, str(Path(__file__).parent / "data" / "privacy"))
from generate import generate  # noqa: E402

REGULATIONS = Path(__file__).resolve().parents[2] / "shared" / "regulations"
ID_A = "500242199003071239"  # 酉阳 (code since 1997), born 1990: stdnum rejects it, it is valid
ID_B = "110101198001010037"
MOBILE = "13800138000"
CARD = "6228480402564890018"  # 622848 农业银行, Luhn-valid


def priv(text: str, config: Config | None = None) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.severity) for f in lint_text(text, config=config) if f.rule.startswith("PRIV")]


def luhn_complete(body: str) -> str:
    return body + luhn.calc_check_digit(body)


# -- validators ------------------------------------------------------------------------------

def test_id_check_digit_matches_stdnum() -> None:
    r = random.Random(1)
    for _ in range(2000):
        body = "110101" + f"{r.randint(1950, 2010)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}" + f"{r.randrange(1000):03d}"
        full = body + v.id_check_char(body)
        assert v.id18_valid(full, date(2025, 1, 1))
        assert ric.is_valid(full)  # 110101 exists since 1981: the oracle agrees
        wrong = body + ("0" if full[-1] != "0" else "1")
        assert not v.id18_valid(wrong) and not ric.is_valid(wrong)


def test_region_code_newer_than_birth_is_still_an_id() -> None:
    # stdnum.cn.ric rejects this number (500242 was created in 1997, after the birth year);
    # a card keeps the code it was issued under, so the detector must not.
    assert not ric.is_valid(ID_A)
    assert v.id18_valid(ID_A)
    assert priv(f"身份证号：{ID_A}") == [("PRIV001", "500242********1239", "error")]


def test_unknown_region_code_lowers_confidence_but_is_reported() -> None:
    body = "509999199003071239"[:17]
    full = body + v.id_check_char(body)
    (d,) = detect(f"身份证号：{full}", Context())
    assert d.rule == "PRIV001" and d.severity == "error" and d.confidence < 1.0
    (known,) = detect(f"身份证号：{ID_A}", Context())
    assert known.confidence == 1.0


def test_birth_date_must_be_real() -> None:
    for bad in ("19900230", "19901301", "18991231", "20990101"):
        body = "110101" + bad + "123"
        assert not v.id18_valid(body + v.id_check_char(body))


def test_luhn_and_uscc_match_stdnum() -> None:
    r = random.Random(2)
    for _ in range(2000):
        d = "".join(r.choice("0123456789") for _ in range(r.randint(16, 19)))
        assert v.luhn_valid(d) == luhn.is_valid(d)
    alphabet = v.USCC_ALPHABET
    for _ in range(500):
        org = "".join(r.choice(alphabet) for _ in range(8))
        body = r.choice("159") + r.choice("123") + "500242" + org + v.org_code_check_char(org)
        code = body + v.uscc_check_char(body)
        assert uscc.is_valid(code) and v.uscc_valid(code)
        bad_org = body[:16] + ("0" if body[16] != "0" else "1")
        assert not v.uscc_valid(bad_org + v.uscc_check_char(bad_org))  # embedded org-code check


def test_mobile_ranges() -> None:
    for p in ("130", "145", "162", "166", "170", "178", "191", "199", "192"):
        assert v.mobile_valid(p + "00138000")
    for p in ("120", "140", "154", "194", "100"):
        assert not v.mobile_valid(p + "00138000")


# -- findings ----------------------------------------------------------------------------------

def _uscc(head: str) -> str:
    org = "MA5U1AXQ"
    body = head + "500242" + org + v.org_code_check_char(org)
    return body + v.uscc_check_char(body)


@pytest.mark.parametrize(
    "text,expected",
    [
        (f"户主：张三，身份证号：{ID_A}", [("PRIV001", "500242********1239", "error")]),
        (f"张三{ID_B}同志", [("PRIV001", "110101********0037", "error")]),
        ("身份证号：11010519491231002x", [("PRIV001", "110105********002x", "error")]),
        ("身份证号 500242 19900307 1239", [("PRIV001", "500242 ******** 1239", "error")]),
        ("证件号码：５００２４２１９９００３０７１２３９", [("PRIV001", "５００２４２********１２３９", "error")]),
        ("身份证号码：500242900307123", [("PRIV001", "500242*****7123", "error")]),
        ("张三 500242900307123 已核实", [("PRIV001", "500242*****7123", "warning")]),
        (f"手机：{MOBILE}", [("PRIV002", "138****8000", "error")]),
        ("联系电话：138 0013 8000", [("PRIV002", "138 **** 8000", "error")]),
        ("联系电话：138-0013-8000", [("PRIV002", "138-****-8000", "error")]),
        ("手机：+86 13800138000", [("PRIV002", "138****8000", "error")]),
        ("手机：0086-138-0013-8000", [("PRIV002", "138-****-8000", "error")]),
        ("手机：+8613800138000", [("PRIV002", "138****8000", "error")]),
        ("Tel13800138000", [("PRIV002", "138****8000", "error")]),
        ("联系电话：023-75551007/13800138000", [("PRIV002", "138****8000", "error")]),
        ("举报电话：13800138000", [("PRIV002", "138****8000", "warning")]),
        (f"开户行：农业银行，账号：{CARD}", [("PRIV003", "***************0018", "error")]),
        ("银行卡号：6228 4804 0256 4890 018", [("PRIV003", "**** **** **** ***0 018", "error")]),
        (f"张三：{CARD}，已发放", [("PRIV003", "***************0018", "warning")]),
        (f"户名：酉阳县财政局，账号：{CARD}", [("PRIV003", "***************0018", "warning")]),
        (f"经营者：张三，统一社会信用代码：{_uscc('92')}", [("PRIV004", _uscc("92")[:8] + "********" + _uscc("92")[16:], "warning")]),
        ("户主：张三，家庭电话：023-75551234", [("PRIV005", "023-7*****34", "warning")]),
        ("户主：张三，电话：(023)75551234", [("PRIV005", "(023)7*****34", "warning")]),
        ("张三，家住酉阳县桃花源街道幸福路12号3栋2单元501室。",
         [("PRIV006", "酉阳县桃花源街道幸福路**号*栋*单元***室", "warning")]),
        ("家庭住址：酉阳县龙潭镇梨耳村3组25号", [("PRIV006", "酉阳县龙潭镇梨耳村*组**号", "warning")]),
        ("李某某，女，52岁，尿毒症，拟给予大病救助。", [("PRIV007", "尿毒症", "warning")]),
        ("考生张三，邮箱：zs1990@163.com", [("PRIV008", "z*****@163.com", "warning")]),
        ("请发送至 zs1990@163.com", [("PRIV008", "z*****@163.com", "info")]),
        ("护照号码：E12345678", [("PRIV009", "E*****678", "error")]),
        ("驾驶人张某驾驶渝A12345小型轿车", [("PRIV010", "渝A1**45", "warning")]),
    ],
)
def test_findings(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert priv(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # already masked
        "身份证号：110101********1234", "身份证号：1101011990****1234", "手机：138****5678",
        "卡号：6222 **** **** 1234", "身份证号：500242XXXXXXXX1239", "家庭住址：幸福路**号*栋",
        # dates, times, timestamps, amounts, statistics
        "2024年1月15日", "2024-01-15 13:45:00", "20240115", "时间戳1711198056202",
        f"共计{MOBILE}元", f"合同金额：￥{CARD}.00", f"金额{ID_A}元", "发放资金13500000000.00元",
        "全县共有低保户1234户5678人，同比增长12.5%", "坐标106.1380013800",
        # codes: 文号, project/order/acceptance numbers
        "渝府办发〔2019〕63号", f"项目编号：{ID_A}", f"受理编号：{MOBILE}", f"订单号：{CARD}",
        f"统一编号：{ID_B}", f"编号为{ID_A}的项目", "项目代码：2024-500242-48-01-012345",
        "批准文号：国药准字H20043137", f"第{MOBILE}号", f"详见 https://www.cq.gov.cn/zwgk/content_{MOBILE}.html",
        f"/xxgk/{ID_A}/index.htm",
        # postcodes and office numbers
        "邮编：409800", "联系人：白典章，联系电话：023-75551007", "县民政局联系电话：023-75551234",
        "监督电话：023-75551234", "咨询电话：（023）75551007", "服务热线：400-123-4567，12345",
        "传真：023-75551008",
        # office address, company code, statistics of disease, a plate with no person
        "办公地址：酉阳县桃花源街道民族路12号县政务服务中心3楼",
        "当事人：重庆某某建设有限公司，住所：重庆市酉阳县钟多街12号",
        f"中标人：重庆鑫华建设工程有限公司，统一社会信用代码：{_uscc('91')}",
        "2023年全县报告艾滋病病例12例，较上年下降5%。", "县城区渝A12345等3辆公务用车完成年检。",
        "投稿邮箱：yyrm@163.com", "联系邮箱：xxgk@youyang.gov.cn",
        "家住酉阳县龙潭镇梨耳村3组",  # no door number
        "产品型号 E12345678",  # a passport shape without its label
    ],
)
def test_silent(text: str) -> None:
    assert priv(text) == []


def test_table_header_gives_context_in_plain_text() -> None:
    text = f"姓名\t社保卡号\t金额\n张三\t{CARD}\t300\n"
    assert priv(text) == [("PRIV003", "***************0018", "error")]
    text = f"序号\t项目编号\t项目名称\n1\t{ID_A}\t道路改造\n"
    assert priv(text) == []


def test_landline_in_a_row_with_an_id_is_personal() -> None:
    assert priv(f"张三 {ID_A} 023-75551234")[1] == ("PRIV005", "023-7*****34", "warning")


# -- what reports show ---------------------------------------------------------------------------

RAW = [ID_A, MOBILE, CARD, "75551234", "E12345678", "zs1990"]
TEXT = (f"户主：张三，身份证号：{ID_A}，手机：{MOBILE}，银行卡号：{CARD}，家庭电话：023-75551234，"
        f"护照号码：E12345678，邮箱：zs1990@163.com，家住幸福路12号3栋。")


def test_raw_values_never_reach_a_finding() -> None:
    findings = [f for f in lint_text(TEXT) if f.rule.startswith("PRIV")]
    assert {f.rule for f in findings} >= {"PRIV001", "PRIV002", "PRIV003", "PRIV005", "PRIV006", "PRIV008", "PRIV009"}
    for f in findings:
        shown = " ".join(str(x) for x in (f.text, f.message, f.suggestion, f.note, f.context_before,
                                           f.context_after, f.to_json()))
        for raw in RAW:
            assert raw not in shown, (f.rule, raw)
        assert len(f.text) == f.end - f.start  # masks keep the length


def test_show_values_reveals() -> None:
    findings = lint_text(TEXT, config=Config(show_values=True))
    id_finding = next(f for f in findings if f.rule == "PRIV001")
    assert id_finding.text == ID_A
    assert id_finding.suggestion == "500242********1239"


def test_configured_mask_and_severity() -> None:
    cfg = parse_config({"mask": {"id": "keep:1:1:#", "mobile": "keep:3:0"}, "severity": {"PRIV004": "error"}})
    out = priv(f"身份证号：{ID_A}，手机：{MOBILE}，经营者统一社会信用代码：{_uscc('92')}", cfg)
    assert out[0] == ("PRIV001", "5################9", "error")
    assert out[1] == ("PRIV002", "138********", "error")
    assert out[2][0] == "PRIV004" and out[2][2] == "error"


def test_rules_are_documented() -> None:
    from sensitive_lint.checks import privacy
    from sensitive_lint.registry import REG_JINPING, REG_YOUYANG, all_rules

    table = all_rules()
    for r in privacy.RULES:
        assert table[r.code] is r
        assert r.category == "privacy" and r.checkpoint == "保密性"
        assert r.what and r.why and r.example and r.fix
        assert REG_YOUYANG in r.regulation or REG_JINPING in r.regulation
    sev = {r.code: r.severity for r in privacy.RULES}
    assert [sev[c] for c in ("PRIV001", "PRIV002", "PRIV003", "PRIV009")] == ["error"] * 4


def test_rule_examples_trigger_their_rule() -> None:
    from sensitive_lint.checks import privacy

    for r in privacy.RULES:
        assert r.code in {f.rule for f in lint_text(r.example)}, r.code


# -- the labelled set and the real regulations ------------------------------------------------

def test_labelled_set_recall_and_traps() -> None:
    ctx = Context()
    gold_n = {"PRIV001": 0, "PRIV002": 0, "PRIV003": 0}
    found_n = dict(gold_n)
    trap_errors = []
    for s in generate(seed=4):
        found = detect(s.text, ctx)
        for rule, a, b in s.gold:
            if rule in gold_n:
                gold_n[rule] += 1
                found_n[rule] += any(d.rule == rule and d.start < b and a < d.end for d in found)
        if s.kind in ("trap", "masked"):
            trap_errors += [(s.theme, d.rule) for d in found if d.severity == "error"]
    for rule in gold_n:
        assert gold_n[rule] >= 200
        assert found_n[rule] / gold_n[rule] >= 0.99, rule
    assert trap_errors == []


def test_youyang_office_contact_is_not_an_error() -> None:
    text = (REGULATIONS / "youyang-review-notice.txt").read_text(encoding="utf-8")
    assert "023-75551007" in text
    assert [f for f in lint_text(text) if f.rule.startswith("PRIV")] == []


def test_regulations_have_no_privacy_errors() -> None:
    for p in sorted(REGULATIONS.glob("*.txt")):
        errors = [f for f in lint_text(p.read_text(encoding="utf-8")) if f.rule.startswith("PRIV") and f.severity == "error"]
        assert errors == [], p.name


def test_docx_table_rows_and_headers_give_context(tmp_path: Path) -> None:
    import docx

    from sensitive_lint import lint_path

    d = docx.Document()
    t = d.add_table(rows=3, cols=5)
    for i, h in enumerate(["姓名", "性别", "年龄", "病种", "社保卡号"]):
        t.cell(0, i).text = h
    for c, val in enumerate(["李某某", "女", "52", "尿毒症", CARD]):
        t.cell(1, c).text = val
    for c, val in enumerate(["合计", "", "", "", ""]):
        t.cell(2, c).text = val
    d.add_paragraph("全县尿毒症患者共 35 人。")
    path = tmp_path / "救助.docx"
    d.save(str(path))
    found = [(f.rule, f.severity, f.location) for f in lint_path(path).findings if f.rule.startswith("PRIV")]
    # One person per row: the disease is tied to the person in its row; the card gets its
    # column header as context. The statistic in the paragraph stays silent.
    assert found == [("PRIV007", "warning", "表格1 第2行第4列"), ("PRIV003", "error", "表格1 第2行第5列")]


def test_home_address_in_a_table_column(tmp_path):
    import docx as _docx

    from sensitive_lint import lint_path

    d = _docx.Document()
    t = d.add_table(rows=3, cols=3)
    for i, h in enumerate(["姓名", "家庭住址", "办公地址"]):
        t.cell(0, i).text = h
    t.cell(1, 0).text = "张某"
    t.cell(1, 1).text = "城关镇解放路12号3单元502室"
    t.cell(1, 2).text = "县政府大院3号楼"
    t.cell(2, 0).text = "李某"
    t.cell(2, 1).text = "城关镇"  # no door number: not 详细到门牌号
    p = tmp_path / "a.docx"
    d.save(p)
    got = [(f.rule, f.location) for f in lint_path(p).findings if f.rule == "PRIV006"]
    assert got == [("PRIV006", "表格1 第2行第2列")]
    found = [f for f in lint_path(p).findings if f.rule == "PRIV006"][0]
    assert "12" not in found.text and "502" not in found.text  # shown masked
