"""Things a .docx carries besides its text: tracked changes and review comments left in a draft."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_JINPING, REG_YOUYANG, Rule

_SRC = "src/sensitive_lint/checks/documents.py"
_COMMON = dict(category="secrecy", severity="warning", checkpoint="保密性", source=_SRC)

RULES = [
    Rule(
        code="DOC001", name="tracked-changes",
        message="文档含未处理的修订",
        regulation=f"{REG_YOUYANG}（审查留痕不随稿件公开）; {REG_JINPING} 第三条",
        what="Word 修订模式留下的插入和删除。检查按接受全部修订后的文字进行。",
        why="带修订的文件一旦作为附件发布，被删掉的原文和修改人都能被看到。",
        example="（修订：删除“拟于下周裁撤”）",
        fix="在 Word 中“接受所有修订”（或拒绝）后再发布。",
        **_COMMON,
    ),
    Rule(
        code="DOC002", name="review-comment",
        message="文档含审阅批注",
        regulation=f"{REG_YOUYANG}; {REG_JINPING} 第三条",
        what="Word 批注。",
        why="批注是内部审核意见，随文件发布会泄露审核过程和内部意见。",
        example="批注：“这个数据先别公开”",
        fix="处理后删除全部批注（审阅 → 删除 → 删除文档中的所有批注）。",
        **_COMMON,
    ),
]


def rules(ctx: Context) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    revisions = [a for a in doc.annotations if a.kind in ("insertion", "deletion")]
    if revisions:
        ins = sum(1 for a in revisions if a.kind == "insertion")
        first = revisions[0]
        yield Hit(
            "DOC001", first.start, first.end,
            message=f"文档含 {len(revisions)} 处未处理的修订（插入 {ins} 处，删除 {len(revisions) - ins} 处）；"
                    "检查的是接受全部修订后的文字",
        )
    for a in doc.annotations:
        if a.kind == "comment":
            who = f"（{a.author}）" if a.author else ""
            yield Hit("DOC002", a.start, a.end, message=f"文档含审阅批注{who}，发布前应删除")
