"""公文 conventions and punctuation (FMT101–FMT105): tables of texts with the findings they must
give and clean texts that must give none; the five regulations give no error from these rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from sensitive_lint import lint_path, lint_text
from sensitive_lint.config import Config

REGULATIONS = sorted((Path(__file__).resolve().parents[2] / "shared" / "regulations").glob("*.txt"))
CODES = ("FMT101", "FMT102", "FMT103", "FMT104", "FMT105")
CONFIG = Config(select=CODES)


def hits(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(text, config=CONFIG)]


def fixes(text: str) -> list[tuple[str, str | None]]:
    return [(f.rule, f.suggestion) for f in lint_text(text, config=CONFIG)]


INVALID = [
    # FMT101 发文字号
    ("国发[2024]1号", [("FMT101", "[2024]1号")]),
    ("渝府办发【2019】63号", [("FMT101", "【2019】63号")]),
    ("国办发（2024）5号", [("FMT101", "（2024）5号")]),
    ("国办函(2024)5号", [("FMT101", "(2024)5号")]),
    ("人薪发［1995］32号", [("FMT101", "［1995］32号")]),
    ("京政发〔2024)3号", [("FMT101", "〔2024)3号")]),
    ("按国办发(1985)49号文件规定办理。", [("FMT101", "(1985)49号")]),
    # FMT102 unpaired marks
    ("严格落实“三审三校制度。", [("FMT102", "“")]),
    ("严格落实三审三校”制度。", [("FMT102", "”")]),
    ("严格落实”三审三校”制度。", [("FMT102", "”")]),
    ("根据《政府信息公开条例规定。", [("FMT102", "《")]),
    ("根据政府信息公开条例》规定。", [("FMT102", "》")]),
    ("（未闭合的括号，这是一个句子。", [("FMT102", "（")]),
    ("这是一个句子）后面多了括号。", [("FMT102", "）")]),
    ("【通知", [("FMT102", "【")]),
    ("“任何组织（个人”不得侵占。", [("FMT102", "（")]),
    ("第二百九十九条 （《刑法修正案（十》）", [("FMT102", "（")]),
    # FMT103 doubled marks
    ("全县共有12个乡镇，，3个街道。", [("FMT103", "，，")]),
    ("工作完成。。", [("FMT103", "。。")]),
    ("甲、、乙", [("FMT103", "、、")]),
    ("（一）未依法履行进货查验义务的；。", [("FMT103", "；。")]),
    ("人民法院应予支持：。", [("FMT103", "：。")]),
    ("工作，。", [("FMT103", "，。")]),
    ("工作，,下一步", [("FMT103", "，,")]),
    # FMT104 half-width between CJK
    ("各单位要高度重视,认真落实。", [("FMT104", ",")]),
    ("时间:上午九时", [("FMT104", ":")]),
    ("已完成;正在推进", [("FMT104", ";")]),
    ("是否完成?请回复", [("FMT104", "?")]),
    ("加油!我们", [("FMT104", "!")]),
    ("各单位要高度重视, 认真落实。", [("FMT104", ", ")]),
    # FMT105 nesting
    ("《关于印发《政府网站管理办法》的通知》", [("FMT105", "《政府网站管理办法》")]),
    ("他说：“要落实“三审三校”制度。”", [("FMT105", "“三审三校”")]),
]

VALID = [
    "国发〔2024〕1号",
    "渝府办发〔2019〕63号",
    "（2024）京0105民初123号",
    "案号为（2024）京01民终123号",
    "国家税务总局公告2024年第1号",
    "《“十四五”规划（2021—2025年）》",
    "中华人民共和国国务院令第711号",
    "严格落实“三审三校”制度。",
    "他说：“要落实‘三审三校’制度。”",
    "《关于印发〈政府网站管理办法〉的通知》",
    "《〈《防止倾倒废物及其他物质污染海洋的公约》1996年议定书〉污水污泥修正案》",
    "1）符合国家政策、法律法规；",
    "如下：1)符合；2)不符合。",
    "a) 第一项",
    "一）第一项",
    "China’s economy and People’s Daily",
    "‘single quoted’",
    "他问：“你来吗？！”",
    "真好！！",
    "省略号……。",
    "1,000元",
    "3:2获胜",
    "Hello, world; see: www.gov.cn?",
    "网址 http://www.gov.cn/a,b;c:d",
    "时间：上午9:30",
    "（2024）",
    # A title broken over lines in a 公文 layout.
    "县人民政府办公室关于修订《锦屏县人民政府\n\n网站及政务新媒体平台信息发布\n\n“三审三校”制度》的通知",
    # A quotation over several paragraphs: each paragraph opens with “, only the last closes.
    "他说：“第一段。\n“第二段。\n“第三段。”",
    # A quoted article: the first paragraph opens, the last closes (as the courts publish it).
    "第二条修改为：“有下列情形之一的，不予受理：\n（一）未依法登记的；\n（二）超过期限的。”",
    # A law's revision history in brackets over several lines.
    "（1995年8月29日通过\n2009年8月27日第一次修正\n2022年6月24日修订）",
]


@pytest.mark.parametrize("text,expected", INVALID)
def test_invalid(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize("text", VALID)
def test_valid(text: str) -> None:
    assert hits(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("国发[2024]1号", [("FMT101", "〔2024〕1号")]),
        ("国发[2024]第1号", [("FMT101", "〔2024〕第1号")]),
        ("严格落实”三审三校”制度。", [("FMT102", "“")]),
        ("严格落实“三审三校“制度。", [("FMT102", "”")]),
        ("乡镇，，街道", [("FMT103", "，")]),
        ("工作。。。", [("FMT103", "……")]),
        ("工作；。", [("FMT103", None)]),
        ("重视, 落实", [("FMT104", "，")]),
        ("时间:上午", [("FMT104", "：")]),
        ("《关于印发《办法》的通知》", [("FMT105", "〈办法〉")]),
        ("“要落实“三审三校”制度”", [("FMT105", "‘三审三校’")]),
    ],
)
def test_suggestions(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert fixes(text) == expected


def test_unpaired_over_paragraphs_is_reported_once_per_mark() -> None:
    # A quotation left open and never closed: reported at the opener, once.
    text = "他说：“要落实制度。\n下一段没有引号。\n" + "普通段落。\n" * 70
    assert hits(text) == [("FMT102", "“")]
    # An unpaired closer in one paragraph and an unclosed opener in another are both reported
    # when the opener comes later.
    assert hits("落实制度”。\n“下一段") == [("FMT102", "”"), ("FMT102", "“")]


def test_severities_checkpoint_and_location() -> None:
    text = "国发[2024]1号\n“三审三校\n乡镇，，街道\n重视,落实\n《关于印发《办法》的通知》"
    got = {f.rule: f for f in lint_text(text, config=CONFIG)}
    assert {r: f.severity for r, f in got.items()} == {
        "FMT101": "warning", "FMT102": "warning", "FMT103": "warning", "FMT104": "info", "FMT105": "info"}
    assert {f.checkpoint for f in got.values()} == {"文字图片格式符号"}
    assert (got["FMT102"].line, got["FMT102"].column) == (2, 1)
    assert (got["FMT104"].line, got["FMT104"].column) == (4, 3)


@pytest.mark.parametrize("path", REGULATIONS, ids=lambda p: p.stem)
def test_regulations_have_no_convention_errors(path: Path) -> None:
    r = lint_path(path, config=CONFIG)
    assert r.status == "checked"
    assert [f for f in r.findings if f.severity == "error"] == []
    # youyang is the carefully typeset one: it cites 渝府办发〔2019〕63号 with 六角括号, nests
    # nothing wrongly and uses full-width punctuation throughout — no finding at all. The other
    # four were scraped from web pages: half-width commas (FMT104, info), and in panshan/xixiang
    # pinyin annotations and mojibake that leave stray “)” (FMT102), and city's page marker “4、。”.
    if path.stem == "youyang-review-notice":
        assert r.findings == ()
    if path.stem == "city-review-rules":
        assert [(f.rule, f.text) for f in r.findings if f.rule != "FMT104"] == [("FMT103", "、。")]


def test_every_rule_example_triggers_its_rule() -> None:
    from sensitive_lint.checks import conventions

    for rule in conventions.RULES:
        assert rule.code in {f.rule for f in lint_text(rule.example, config=CONFIG)}, rule.code
        assert rule.what and rule.why and rule.fix and "GB/T" in rule.regulation
