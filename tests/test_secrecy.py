"""Secrecy marks (SEC) and unfinished-draft leftovers (DRAFT): tables of valid and invalid cases,
and the five real regulations, which talk about secrecy all the time and carry no mark."""
from __future__ import annotations

from pathlib import Path

import pytest

from sensitive_lint import lint_path, lint_text
from sensitive_lint.config import Config

REGULATIONS = sorted((Path(__file__).resolve().parents[2] / "shared" / "regulations").glob("*.txt"))


def hits(text: str, prefix: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(text) if f.rule.startswith(prefix)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("绝密★长期\n关于……的请示", [("SEC001", "绝密★长期")]),
        ("机密★10年", [("SEC001", "机密★10年")]),
        ("秘密★1年", [("SEC001", "秘密★1年")]),
        ("机密 ★", [("SEC001", "机密 ★")]),
        ("绝密★启用前\n2024年普通高等学校招生全国统一考试", [("SEC001", "绝密★启用前")]),
        ("机密★6个月", [("SEC001", "机密★6个月")]),
        ("秘密☆五年", [("SEC001", "秘密☆五年")]),
        ("本文件 机密＊2年 请妥善保管", [("SEC001", "机密＊2年")]),
        ("秘　密★1年", [("SEC001", "秘　密★1年")]),
    ],
)
def test_sec001_classification_marks(text: str, expected: list[tuple[str, str]]) -> None:
    assert [h for h in hits(text, "SEC") if h[0] == "SEC001"] == expected
    assert all(f.severity == "error" for f in lint_text(text) if f.rule == "SEC001")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("秘密\n××县人民政府文件", [("SEC002", "秘密")]),
        ("  机密  \n关于……", [("SEC002", "机密")]),
        ("绝密 长期\n", [("SEC002", "绝密 长期")]),
        ("机密　10年\n正文", [("SEC002", "机密　10年")]),
        ("密级：秘密\n份号：000123", [("SEC002", "密级：秘密")]),
        ("工作秘密\n关于……", [("SEC002", "工作秘密")]),
        ("表格\n密级: 机密 编号 01", [("SEC002", "密级: 机密")]),
    ],
)
def test_sec002_header_marks(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text, "SEC002") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("【内部资料 注意保存】", [("SEC003", "内部资料 注意保存")]),
        ("内部资料\n关于……", [("SEC003", "内部资料")]),
        ("（内部文件）", [("SEC003", "（内部文件）")]),
        ("本材料仅供内部参考，请勿外传。", [("SEC003", "仅供内部参考"), ("SEC003", "请勿外传")]),
        ("内部传阅 阅后收回", [("SEC003", "内部传阅")]),
        ("会议纪要，不得外传", [("SEC003", "不得外传")]),
        ("仅限内部使用", [("SEC003", "仅限内部使用")]),
    ],
)
def test_sec003_internal_markings(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text, "SEC003") == expected


@pytest.mark.parametrize(
    "text",
    [
        "凡涉及国家秘密、商业秘密、个人隐私的信息不得公开。",
        "坚持“涉密信息不上网，上网信息不涉密”的原则。",
        "依照《中华人民共和国保守国家秘密法》做好保密审查。",
        "机密文件的管理应当符合有关规定。",
        "印刷企业接受委托印刷内部资料性出版物的，必须验证批准文件。",
        "他们保守秘密，严守纪律。",
        "秘密投票的方式进行选举。",
        "妥善保管分配的管理密码，不得在公共场所泄露。",
        "单位内部资料的管理制度",
        "★★★★★ 五星好评",
        "这是一个秘密。",
    ],
)
def test_talking_about_secrecy_is_not_a_mark(text: str) -> None:
    assert hits(text, "SEC") == []


@pytest.mark.parametrize("reg", REGULATIONS, ids=[p.name for p in REGULATIONS])
def test_regulations_give_zero_secrecy_errors(reg: Path) -> None:
    r = lint_path(reg)
    assert r.status == "checked"
    assert [f for f in r.findings if f.category == "secrecy" and f.severity == "error"] == []


def test_regulations_are_real_and_talk_about_secrecy() -> None:
    # Guard the test above: it only means something if the inputs really discuss secrecy.
    assert len(REGULATIONS) == 5
    joined = "".join(p.read_text(encoding="utf-8") for p in REGULATIONS)
    assert joined.count("秘密") >= 5 and "涉密" in joined


@pytest.mark.parametrize(
    "text,expected",
    [
        ("XX县人民政府于20XX年召开会议", [("DRAFT001", "XX"), ("DRAFT001", "XX")]),
        ("××月××日", [("DRAFT001", "××"), ("DRAFT001", "××")]),
        ("〇〇同志任县长", [("DRAFT001", "〇〇")]),
        ("尊敬的{{name}}：", [("DRAFT001", "{{name}}")]),
        ("联系人：＿＿＿＿", [("DRAFT002", "＿＿＿＿")]),
        ("姓名____ 电话____", [("DRAFT002", "____"), ("DRAFT002", "____")]),
        ("全县共发放补贴【待补充】万元", [("DRAFT003", "【待补充】")]),
        ("此处插入图片", [("DRAFT003", "此处插入")]),
        ("TODO 核对数字", [("DRAFT003", "TODO")]),
        ("增长了？？？个百分点", [("DRAFT003", "？？？")]),
    ],
)
def test_draft_leftovers(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text, "DRAFT") == expected
    assert all(f.severity == "warning" and f.checkpoint == "完整性" for f in lint_text(text) if f.rule.startswith("DRAFT"))


@pytest.mark.parametrize(
    "text",
    [
        "二〇〇八年北京奥运会",
        "二○○四年十月一日起施行",
        "XXL 号服装",
        "访问 https://example.com/AbXXcd 查看",
        "2×3 的矩阵",
        "问题有待补充完善",
        "状态：待确认",
        "---\n____\n",
        "身份证号码 110101********1234",
    ],
)
def test_not_draft_leftovers(text: str) -> None:
    assert hits(text, "DRAFT") == []


def test_severity_override_and_ignore() -> None:
    text = "机密★5年\n【待补充】"
    cfg = Config(severity=(("SEC001", "warning"),), ignore=("DRAFT",))
    got = [(f.rule, f.severity) for f in lint_text(text, config=cfg)]
    assert got == [("SEC001", "warning")]
