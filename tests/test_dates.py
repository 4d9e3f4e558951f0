"""Dates and numbers (FMT001–FMT005): tables of texts with the findings they must give and clean
texts that must give none; the five regulations give no error from these rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from sensitive_lint import lint_path, lint_text
from sensitive_lint.checks.dates import cn_small
from sensitive_lint.config import Config

REGULATIONS = sorted((Path(__file__).resolve().parents[2] / "shared" / "regulations").glob("*.txt"))
CODES = ("FMT001", "FMT002", "FMT003", "FMT004", "FMT005")
CONFIG = Config(select=CODES)


def hits(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(text, config=CONFIG)]


INVALID = [
    # FMT001 impossible dates
    ("会议定于2023年2月29日召开。", [("FMT001", "2023年2月29日")]),
    ("1900年2月29日", [("FMT001", "1900年2月29日")]),
    ("截至2024年2月30日", [("FMT001", "2024年2月30日")]),
    ("2024年4月31日前报送", [("FMT001", "2024年4月31日")]),
    ("6月31日", [("FMT001", "6月31日")]),
    ("2月30日", [("FMT001", "2月30日")]),
    ("1月32日", [("FMT001", "1月32日")]),
    ("5月0日", [("FMT001", "5月0日")]),
    ("2024年13月5日", [("FMT001", "2024年13月5日")]),
    ("2023年13月", [("FMT001", "2023年13月")]),
    ("13月份完成", [("FMT001", "13月份")]),
    ("2024 年 4 月 31 日", [("FMT001", "2024 年 4 月 31 日")]),
    ("２０２３年２月２９日", [("FMT001", "２０２３年２月２９日")]),
    ("报名时间为4月1日至31日", [("FMT001", "4月1日至31日")]),
    ("6月1—31日", [("FMT001", "6月1—31日")]),
    ("二〇二三年二月二十九日", [("FMT001", "二〇二三年二月二十九日")]),
    ("二〇二四年四月三十一日", [("FMT001", "二〇二四年四月三十一日")]),
    ("九月三十一日", [("FMT001", "九月三十一日")]),
    ("十二月三十二日", [("FMT001", "十二月三十二日")]),
    ("1月5日、2月30日", [("FMT001", "2月30日")]),
    # FMT002 weekday
    ("2024年5月1日（星期四）", [("FMT002", "2024年5月1日（星期四）")]),
    ("2024年5月1日(星期二)", [("FMT002", "2024年5月1日(星期二)")]),
    ("2024年5月1日周四上午9时", [("FMT002", "2024年5月1日周四")]),
    ("2024年6月2日（星期六）", [("FMT002", "2024年6月2日（星期六）")]),
    ("2024年6月1日（星期日）", [("FMT002", "2024年6月1日（星期日）")]),
    ("二〇二四年五月一日（星期四）", [("FMT002", "二〇二四年五月一日（星期四）")]),
    # FMT003 rates
    ("收入120万元，同比增长20%，上年同期为110万元。", [("FMT003", "同比增长20%")]),
    ("收入120万元，同比下降5%，上年同期为110万元。", [("FMT003", "同比下降5%")]),
    ("收入1.2亿元，同比增长20%，上年同期为11000万元。", [("FMT003", "同比增长20%")]),
    ("全年接待游客90万人次，环比增长10%，上月为100万人次。", [("FMT003", "环比增长10%")]),
    ("收入120万元，比上年同期的110万元增长20%。", [("FMT003", "比上年同期的110万元增长20%")]),
    ("产值由110万元增加到120万元，增长20%。", [("FMT003", "增长20%")]),
    # FMT004 shares
    ("其中，男性120人，占60%；女性100人，占50%。", [("FMT004", "120人，占60%；女性100人，占50%")]),
    ("其中，城镇1200户（占60%）、农村1000户（占50%）。", [("FMT004", "1200户（占60%）、农村1000户（占50%）")]),
    ("男女分别为120人、100人，分别占60%、50%。", [("FMT004", "分别为120人、100人，分别占60%、50%")]),
    # FMT005 lunar / solar
    ("农历八月三十一日", [("FMT005", "农历八月三十一")]),
    ("腊月三十二", [("FMT005", "腊月三十二")]),
    ("农历正月初十一", [("FMT005", "农历正月初十一")]),
    ("农历十三月初一", [("FMT005", "农历十三月初一")]),
    ("农历5月31日", [("FMT005", "农历5月31")]),
    ("公历五月初五", [("FMT005", "公历五月初五")]),
    ("公历2024年正月", [("FMT005", "公历2024年正月")]),
]

VALID = [
    "2024年2月29日",
    "2000年2月29日",
    "2月29日",
    "12月31日24时",
    "2024年5月1日（星期三）",
    "2024年5月1日(周三)",
    "2024年6月2日（星期日）",
    "2024年6月2日（星期天）",
    "二〇二四年五月一日（星期三）",
    "5月1日—31日",
    "3月1日至4月30日",
    "1至12月",
    "2020年1—12月",
    "二月三十日",  # may be a lunar date
    "农历二月三十",
    "农历2月30日",
    "农历八月十五",
    "农历九月初九为老年节。",
    "春节，放假4天（农历除夕、正月初一至初三）",
    "腊月二十三",
    "纠正月度考核中的问题",
    "修正月报数据",
    "13月龄婴儿",
    "有期徒刑3年6个月",
    "期限为32日",
    "每月30日前",
    "民国二十年二月三十日",
    "2024年5月1日—5日（星期三至星期日）",
    "收入120万元，同比增长9.1%，上年同期为110万元。",
    "收入120万元，同比增长9%，上年同期为110万元。",
    "收入120万元，同比增长10%，上年同期为110万元。",  # within rounding of 110 and 120
    "地区生产总值120亿元，按可比价格计算，同比增长5%，上年为110亿元。",
    "收入120万元，同比增长20%左右，上年同期为110万元。",
    "收入120万元，同比增长约20%，上年同期为110万元。",
    "收入120万元，其中工资收入80万元，同比增长20%，上年同期为110万元。",
    "森林覆盖率由21.63%提高到24.02%。",
    "收入120万元，同比增长20%。",
    "其中，汽车出口1806.3亿元，同比增长2.7%，占全国的39%；船舶出口1114.1亿元，同比增长79%，占全国的64.1%。",
    "其中，清洁能源装机占比约93%，发电量占比约84%。",
    "三大指标分别占到了全球总量的53.8%、69.6%和56.7%。",
    "其中，共建“一带一路”国家采购商13万人，占65.6%；金砖国家采购商4.1万人，占20.8%。",
    "其中，男性120人，占54.5%；女性100人，占45.5%。",
    "其中，60岁以上1200人，占30%；65岁以上1000人，占25%；80岁以上800人，占20%。",
    "男女分别为120人、80人，分别占60%、40%。",
]


@pytest.mark.parametrize("text,expected", INVALID)
def test_invalid(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize("text", VALID)
def test_valid(text: str) -> None:
    assert hits(text) == []


@pytest.mark.parametrize(
    "text,suggestion,message",
    [
        ("2024年5月1日（星期四）", "2024年5月1日（星期三）", "2024年5月1日是星期三，不是星期四"),
        ("2024年5月1日周四", "2024年5月1日周三", "是星期三"),
        ("收入120万元，同比增长20%，上年同期为110万元。", "同比增长9.1%", "应为增长9.1%"),
        ("收入120万元，同比下降5%，上年同期为110万元。", "同比增长9.1%", "应为增长9.1%"),
        ("收入100万元，同比增长10%，上年同期为110万元。", "同比下降9.1%", "应为下降9.1%"),
    ],
)
def test_suggestions_and_messages(text: str, suggestion: str, message: str) -> None:
    (f,) = lint_text(text, config=CONFIG)
    assert f.suggestion == suggestion
    assert message in f.message


def test_messages_say_why() -> None:
    (f,) = lint_text("2023年2月29日", config=CONFIG)
    assert "2023年不是闰年" in f.message
    (f,) = lint_text("2024年4月31日", config=CONFIG)
    assert "4月只有30天" in f.message
    (f,) = lint_text("其中，男性120人，占60%；女性100人，占50%。", config=CONFIG)
    assert "110%" in f.message


def test_severities_and_checkpoint() -> None:
    got = {f.rule: f for f in lint_text(
        "2023年2月29日；2024年5月1日（星期四）；农历八月三十一日；"
        "收入120万元，同比增长20%，上年同期为110万元。其中，男性120人，占60%；女性100人，占50%。",
        config=CONFIG)}
    assert {r: f.severity for r, f in got.items()} == {
        "FMT001": "error", "FMT002": "error", "FMT005": "error", "FMT003": "warning", "FMT004": "warning"}
    assert {f.checkpoint for f in got.values()} == {"准确性"}
    assert {f.category for f in got.values()} == {"format"}


def test_offsets_point_at_the_original_text() -> None:
    text = "第一行\n通知：会议定于２０２３年２月２９日召开"
    (f,) = lint_text(text, config=CONFIG)
    assert (f.line, f.column, f.text) == (2, 8, "２０２３年２月２９日")


@pytest.mark.parametrize(
    "s,n", [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十九", 29), ("三十一", 31), ("廿三", 23),
            ("卅一", 31), ("12", 12), ("一二", None), ("十十", None), ("零十", None)],
)
def test_chinese_numerals(s: str, n: int | None) -> None:
    assert cn_small(s) == n


@pytest.mark.parametrize("path", REGULATIONS, ids=lambda p: p.stem)
def test_regulations_have_no_date_or_number_errors(path: Path) -> None:
    r = lint_path(path, config=CONFIG)
    assert r.status == "checked"
    # The five notices are dated correctly (2023年11月17日, 2024年1月9日, 2021年1月29日 …) and
    # give no finding at all from these rules.
    assert [(f.rule, f.text) for f in r.findings] == []


def test_every_rule_example_triggers_its_rule() -> None:
    from sensitive_lint.checks import dates

    for rule in dates.RULES:
        assert rule.code in {f.rule for f in lint_text(rule.example, config=CONFIG)}, rule.code
        assert rule.what and rule.why and rule.fix and rule.regulation
