"""完整性: an unfinished draft — placeholders, blanks and notes-to-self left in the text."""
from __future__ import annotations

import re
from typing import Iterator

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_JINPING, REG_YOUYANG, Rule

_SRC = "src/sensitive_lint/checks/drafts.py"
_COMMON = dict(category="format", severity="warning", checkpoint="完整性", source=_SRC)

RULES = [
    Rule(
        code="DRAFT001", name="placeholder",
        message="占位符未替换（XX/××/〇〇 代替名称或数字）",
        regulation=f"{REG_JINPING} 第三条(8); {REG_YOUYANG}（表达规范、内容准确）",
        what="代替人名、地名、数字的占位符：XX县、20XX年、××月××日、〇〇同志，以及未填充的模板字段 {{name}}。",
        why="带占位符发布说明稿件未完成，是政务新媒体被通报的常见差错。",
        example="XX县人民政府于20XX年召开会议",
        fix="换成实际的名称、日期或数字。",
        **_COMMON,
    ),
    Rule(
        code="DRAFT002", name="blank",
        message="待填空白（＿＿）",
        regulation=f"{REG_JINPING} 第三条(8)",
        what="连续的下划线空白：＿＿、____。",
        why="未填写的空白说明稿件或表格没有完成。",
        example="联系人：＿＿＿＿",
        fix="填写内容；确需保留空白（供下载填写的表格）的，用 sensitive-lint: disable 标注。",
        **_COMMON,
    ),
    Rule(
        code="DRAFT003", name="editor-note",
        message="编辑备注未删除（待补充/此处插入/TODO）",
        regulation=f"{REG_JINPING} 第三条(8)",
        what="写给自己或同事的备注：【待补充】、【待核实】、此处插入图片、TODO、？？？。",
        why="备注随稿件发布，既显得不严肃，也可能泄露内部工作信息。",
        example="全县共发放补贴【待补充】万元",
        fix="补全内容并删除备注。",
        **_COMMON,
    ),
]

_CN_NUM = "一二三四五六七八九十百千万零〇○"
# Each pattern opens with a lookahead on its possible first characters: Python's re tries an
# alternation at every position, and the cheap character test lets it skip almost all of them.
_PLACEHOLDER = re.compile(
    r"(?=[XＸxｘ×〇○{$])"
    r"(?:(?<![A-Za-zＸｘ])(?:[XＸ]{2,}|[xｘ]{2,}(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[xｘ]{2,})(?![A-Za-z0-9Ｘｘ])"
    r"|(?<![×\d])×{2,}(?![×\d])"
    rf"|(?<![{_CN_NUM}])[〇○]{{2,}}(?![{_CN_NUM}年])"
    r"|\{\{[^{}\n]{1,40}\}\}|\$\{[A-Za-z_][A-Za-z0-9_.]{0,40}\})"  # template fields: {{name}}, ${name}
)
_BLANK = re.compile(r"＿{2,}|(?<!_)_{4,}(?!_)(?=.*\S|)")
_NOTE = re.compile(
    r"(?=[【TF此待?？])(?:【[^】\n]{0,12}?(?:待补充|待定|待核实|待确认|待修改|待更新|补充|插入|核实|填写|替换)[^】\n]{0,12}】"
    r"|(?<![A-Za-z])(?:TODO|TBD|FIXME)(?![A-Za-z])"
    r"|此处(?:插入|添加|补充|填写|替换|放|加)"
    r"|(?<![有尚仍还])待(?:补充|核实)(?![的工])"  # not 待确认: a status value in many tables
    r"|[?？]{3,})"
)


def rules(ctx: Context) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    text = doc.text
    for m in _PLACEHOLDER.finditer(text):
        yield Hit("DRAFT001", m.start(), m.end())
    for m in _BLANK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start: len(text) if line_end == -1 else line_end]
        if line.strip() == m.group(0):
            continue  # a Markdown rule or a separator line, not a blank in a sentence
        yield Hit("DRAFT002", m.start(), m.end())
    for m in _NOTE.finditer(text):
        yield Hit("DRAFT003", m.start(), m.end())
