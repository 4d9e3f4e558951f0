"""The human report: findings per file with position, locator, severity, rule, message, the
text in context with the match marked, the suggestion; then totals and the 审核要点 checklist.

Readable in a CI log (no TTY, NO_COLOR: plain text, no hard wrapping) and on a terminal.
"""
from __future__ import annotations

from typing import IO, Iterable

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..model import CHECKPOINTS, SEVERITY_RANK, FileResult, Finding, Severity

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_STATUS = {"checked": "已检查", "skipped": "已跳过", "failed": "失败"}


def _console(out: IO[str] | None, color: bool | None) -> Console:
    kw: dict[str, object] = {"file": out, "soft_wrap": True, "highlight": False, "emoji": False}
    if color is False:
        kw["no_color"] = True
        kw["color_system"] = None
    elif color is True:
        kw["force_terminal"] = True
    return Console(**kw)  # type: ignore[arg-type]


def _one_line(s: str) -> str:
    return s.replace("\n", "⏎").replace("\t", " ")


class TextReporter:
    """Streams: files are printed as their results arrive, the summary at the end."""

    def __init__(self, out: IO[str] | None = None, color: bool | None = None,
                 min_severity: Severity = "info", show_context: bool = True, explain: bool = False) -> None:
        self.console = _console(out, color)
        self.min_severity = min_severity
        self.show_context = show_context
        self.explain = explain
        self.status = {"checked": 0, "skipped": 0, "failed": 0}
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.by_checkpoint = {c: 0 for c in CHECKPOINTS}
        self.suppressed = 0

    def file(self, r: FileResult) -> None:
        self.status[r.status] += 1
        shown = [f for f in r.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[self.min_severity]]
        for f in shown:
            self.counts[f.severity] += 1
            self.by_checkpoint[f.checkpoint] = self.by_checkpoint.get(f.checkpoint, 0) + 1
        self.suppressed += r.suppressed
        c = self.console
        if r.status != "checked":
            style = "red" if r.status == "failed" else "dim"
            c.print(Text.assemble((r.path, "bold"), "  ", (f"{_STATUS[r.status]}：{r.error}", style)))
            # A partly readable file (scanned pages in a PDF) fails, but what was read is shown.
            for f in shown:
                self._finding(f)
            if shown:
                c.print()
            return
        if not shown and not (self.explain and r.trace):
            return
        head = Text.assemble((r.path, "bold underline"))
        if r.encoding and r.encoding not in ("utf-8", None):
            head.append(f"  （编码 {r.encoding}）", style="dim")
        c.print(head)
        for f in shown:
            self._finding(f)
        if self.explain and r.trace:
            c.print(Text("  判断过程：", style="bold"))
            for line in r.trace:
                c.print(Text(f"    {line}", style="dim"))
        c.print()

    def _finding(self, f: Finding) -> None:
        c = self.console
        pos = f"{f.line}:{f.column}"
        line = Text("  ")
        line.append(f"{pos:<8}", style="dim")
        line.append(f"{f.severity:<8}", style=_STYLE[f.severity])
        line.append(f"{f.rule:<9}", style="bold")
        line.append(f.message)
        if f.location and f.location != f"第{f.line}行":
            line.append(f"  [{f.location}]", style="dim")
        c.print(line)
        if self.show_context:
            before, match, after = _one_line(f.context_before), _one_line(f.text), _one_line(f.context_after)
            snippet = Text("          ")
            snippet.append(before, style="dim")
            snippet.append(match, style=f"{_STYLE[f.severity]} reverse")
            snippet.append(after, style="dim")
            c.print(snippet)
            caret = " " * (10 + cell_len(before)) + "^" * max(1, cell_len(match))
            c.print(Text(caret, style=_STYLE[f.severity]))
        if f.suggestion is not None:
            c.print(Text.assemble("          建议：", (f.suggestion, "green")))
        if self.explain and f.note:
            c.print(Text(f"          说明：{f.note}", style="dim"))

    def finish(self) -> None:
        c = self.console
        checked, failed, skipped = self.status["checked"], self.status["failed"], self.status["skipped"]
        total = Text(f"共 {checked + failed + skipped} 个文件（已检查 {checked}")
        if skipped:
            total.append(f"，跳过 {skipped}")
        if failed:
            total.append(f"，失败 {failed}", style="red")
        total.append("）：")
        for sev in ("error", "warning", "info"):
            total.append(f"{_ZH[sev]} {self.counts[sev]}", style=_STYLE[sev] if self.counts[sev] else "")
            total.append("，" if sev != "info" else "")
        if self.suppressed:
            total.append(f"（行内豁免 {self.suppressed} 条）", style="dim")
        c.print(total)
        if failed:
            c.print(Text(f"注意：{failed} 个文件未能检查（见上），下面的审核要点不包括这些文件。", style="red"))
        c.print(Text("审核要点：", style="bold"))
        for cp in CHECKPOINTS:
            n = self.by_checkpoint.get(cp, 0)
            if n:
                c.print(Text.assemble("  ", ("✗", "red"), f" {cp}  ", (f"{n} 处问题", "red")))
            else:
                c.print(Text.assemble("  ", ("✓", "green"), f" {cp}  ", ("未发现问题", "dim")))
        if (failed or skipped) and checked == 0:
            c.print(Text("没有文件被检查。", style="red"))


def render(results: Iterable[FileResult], out: IO[str] | None = None, **kw: object) -> None:
    rep = TextReporter(out, **kw)  # type: ignore[arg-type]
    for r in results:
        rep.file(r)
    rep.finish()
