"""The document and finding model shared by loaders, checks, the engine and reporters."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1}

CATEGORIES: tuple[str, ...] = (
    "secrecy", "privacy", "sensitive", "political", "typo", "format", "link", "source",
)

# The eight 审核要点 of the 审签表 (jinping-three-reviews), in the order of the form.
CHECKPOINTS: tuple[str, ...] = (
    "政治性", "保密性", "真实性", "时效性", "准确性", "完整性", "安全性", "文字图片格式符号",
)


def lower_severity(severity: Severity) -> Severity:
    return {"error": "warning", "warning": "info", "info": "info"}[severity]  # type: ignore[return-value]


@dataclass(frozen=True)
class Block:
    """One run of text as a person sees it in the source, with where to find it."""

    text: str
    locator: str  # 段落 12 / 表格1 第2行第3列 / 页眉（第1节）/ 脚注 3
    start: int = 0  # offset of the block in Document.text


@dataclass(frozen=True)
class Link:
    url: str
    start: int
    end: int  # span of the anchor text in Document.text (may be empty)


@dataclass(frozen=True)
class Annotation:
    """Something in the source that is not text but matters: a review comment or a tracked change."""

    kind: Literal["comment", "insertion", "deletion"]
    start: int
    end: int
    text: str = ""
    author: str = ""


@dataclass(frozen=True)
class Directive:
    """An inline suppression: `codes` are rule codes or prefixes ("ALL" for every rule)."""

    codes: tuple[str, ...]
    start: int  # suppresses findings that overlap [start, end) of Document.text
    end: int


@dataclass
class Document:
    path: str
    blocks: list[Block]
    text: str = ""
    kind: str = "text"  # txt, md, html, docx, stdin
    encoding: str | None = None
    links: list[Link] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    # Parts of the source the checks could not look at, each a Chinese sentence saying what and
    # why ("图片 3 张未检查（未启用文字识别）"). The file is still checked, but no report or 审核表 may
    # certify the checkpoints that content could hold (文字图片格式符号, 保密性 …) as passed.
    unexamined: list[str] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _block_starts: list[int] | None = field(default=None, repr=False)

    @classmethod
    def from_blocks(cls, path: str, parts: list[tuple[str, str]], **kw: object) -> "Document":
        """Join (text, locator) parts with newlines; each part starts on its own line."""
        blocks: list[Block] = []
        pos = 0
        pieces: list[str] = []
        for text, locator in parts:
            if pieces:
                pieces.append("\n")
                pos += 1
            blocks.append(Block(text, locator, pos))
            pieces.append(text)
            pos += len(text)
        return cls(path=path, blocks=blocks, text="".join(pieces), **kw)  # type: ignore[arg-type]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a text offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def block_at(self, offset: int) -> Block | None:
        if not self.blocks:
            return None
        if self._block_starts is None:
            self._block_starts = [b.start for b in self.blocks]
        i = bisect_right(self._block_starts, offset) - 1
        return self.blocks[max(i, 0)]


@dataclass(frozen=True)
class Hit:
    """What a check reports: a rule and a span; the engine turns it into a Finding."""

    rule: str
    start: int
    end: int
    message: str | None = None  # defaults to the rule's message
    suggestion: str | None = None
    severity: Severity | None = None  # defaults to the rule's (configured) severity
    display: str | None = None  # what reports show instead of the raw text (masked personal data)
    confidence: float = 1.0
    note: str | None = None  # why it was kept / severity changed (--explain)


@dataclass(frozen=True)
class Finding:
    path: str
    rule: str
    category: str
    severity: Severity
    checkpoint: str
    line: int
    column: int
    end_line: int
    end_column: int
    location: str
    text: str
    message: str
    suggestion: str | None = None
    start: int = 0
    end: int = 0
    confidence: float = 1.0
    context_before: str = ""
    context_after: str = ""
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "checkpoint": self.checkpoint,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "location": self.location,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class FileResult:
    path: str
    status: Literal["checked", "skipped", "failed"]
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    encoding: str | None = None
    suppressed: int = 0
    trace: tuple[str, ...] = ()
    # The checked text (what `extract` prints) with personal data masked as in the findings
    # (same length as Document.text, so Finding.start/end index it). Filled only when a
    # reporter asks for it (Config.extra "report-text", e.g. the HTML report): None otherwise.
    text: str | None = None
    # Document.unexamined of the checked document: content the checks never saw.
    unexamined: tuple[str, ...] = ()
