"""The shipped example drafts, as a functional test: each deliberate problem gives exactly the
finding it was put there for (what a newcomer sees from the README's first command)."""
from __future__ import annotations

from pathlib import Path

from sensitive_lint import lint_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_example_docx() -> None:
    r = lint_path(EXAMPLES / "draft.docx")
    assert r.status == "checked"
    assert [(f.rule, f.location) for f in r.findings] == [
        ("SEC003", "页眉"),                  # 内部资料 注意保存
        ("SEC001", "段落 1"),                # 机密★1年
        ("DRAFT001", "段落 3"),              # XX县民政局
        ("PRIV001", "表格1 第2行第3列"),      # a full ID number in the 公示 table
        ("PRIV002", "表格1 第2行第4列"),      # a full mobile number
        ("PRIV006", "表格1 第2行第5列"),      # a home address down to the door
        ("PRIV003", "段落 4"),               # a bank card number with 卡号/开户行
        ("DRAFT003", "段落 5"),              # 【待补充】
        ("DRAFT002", "段落 5"),              # ＿＿＿＿
        ("POL001", "段落 6"),                # 思像 for 思想
        ("TYPO001", "段落 6"),               # 再接再励
        ("FMT002", "段落 6"),                # 2024年5月1日 was a Wednesday
        ("LINK001", "段落 7"),               # a link to a non-government site
        ("DRAFT001", "段落 8"),              # XX县民政局 (signature)
        ("FMT001", "段落 8"),                # 2024年2月30日
        ("DRAFT001", "页脚"),
    ]
    # The masked sample row and the office's 监督电话 are not findings.
    assert not any("023-75551007" in f.text for f in r.findings)
    assert all("11010519491231002X" not in f.text + (f.suggestion or "") for f in r.findings)


def test_example_txt() -> None:
    r = lint_path(EXAMPLES / "draft.txt")
    assert [(f.rule, f.line) for f in r.findings] == [
        ("SRC001", 1),      # 【转载】 without 来源
        ("SENS002", 3),     # 赌博网站, reported one level lower in an enforcement sentence
        ("PRIV001", 4), ("PRIV002", 4),
        ("SENS002", 4), ("SENS002", 5), ("SENS002", 5),   # 百家乐, 真人荷官, 网络赌博
        ("SENS003", 8),     # 冰毒
        ("DRAFT001", 10), ("SEC003", 10), ("SEC003", 10),  # XX日报, 仅供内部参考, 不得外传
    ]
    severities = {(f.rule, f.line): f.severity for f in r.findings}
    assert severities[("SENS002", 3)] == "warning"  # 查处……赌博网站: enforcement context
    assert severities[("SEC003", 10)] == "error"
