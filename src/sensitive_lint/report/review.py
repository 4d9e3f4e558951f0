"""The printable 审核表 summary: `--format review` (plain text; an HTML page when `-o` ends
with .html). One form per file — what a county attaches to its 审签表: file name, SHA-256 of
the file as checked, date, tool version and rule count, the eight 审核要点 with pass/fail and
counts, the findings to fix, and blanks for 初审人/复审人/终审人 and their dates.

A 审核要点 fails when it has a finding at or above the fail level (`--fail-on`, default
error); findings below it are counted and listed but do not fail it. A file that could not be
checked passes nothing: its form says so. Personal data appears masked, as in every report.
Forms are separated by a form feed (text) or a page break (HTML).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
from typing import IO

from rich.cells import cell_len

from .. import __version__
from ..model import CHECKPOINTS, SEVERITY_RANK, FileResult, Finding
from . import ReportOptions, shown

_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_STATUS = {"checked": "已检查", "skipped": "已跳过", "failed": "未能检查"}
MAX_LISTED = 200


def file_sha256(path: str) -> str | None:
    """SHA-256 of the file on disk, or None when there is no such file (standard input)."""
    if not os.path.isfile(path):
        return None
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - cell_len(s))


def _one(f: Finding) -> str:
    s = f"第{f.line}行第{f.column}列"
    if f.location and f.location != f"第{f.line}行":
        s += f" [{f.location}]"
    s += f" {f.rule} {_ZH[f.severity]} {f.message}：「{f.text}」"
    if f.suggestion is not None and f.suggestion != f.text:
        s += f" 建议改为「{f.suggestion}」"
    return s


class Form:
    """What one file's form says, computed once for both renderings."""

    def __init__(self, r: FileResult, opts: ReportOptions, now: dt.datetime) -> None:
        self.r = r
        self.name = os.path.basename(r.path) or r.path
        self.sha256 = file_sha256(r.path)
        self.now = now
        self.findings = shown(r, opts.min_severity) if r.status == "checked" else []
        fail = SEVERITY_RANK[opts.fail_on]
        self.fail_on = opts.fail_on
        self.rows: list[tuple[str, str, int, dict[str, int]]] = []
        for cp in CHECKPOINTS:
            counts = {"error": 0, "warning": 0, "info": 0}
            for f in self.findings:
                if f.checkpoint == cp:
                    counts[f.severity] += 1
            if r.status != "checked":
                verdict = "未检查"
            elif any(SEVERITY_RANK[s] >= fail and n for s, n in counts.items()):
                verdict = "不通过"
            elif sum(counts.values()):
                verdict = "需复核"
            else:
                verdict = "通过"
            self.rows.append((cp, verdict, sum(counts.values()), counts))
        self.totals = {s: sum(1 for f in self.findings if f.severity == s) for s in ("error", "warning", "info")}
        if r.status != "checked":
            self.verdict = f"{_STATUS[r.status]}：{r.error}（不能作为审核通过的依据）"
        elif any(row[1] == "不通过" for row in self.rows):
            self.verdict = "不通过"
        else:
            self.verdict = "通过" if not self.findings else "通过（有低于不通过级别的问题，请人工复核）"
        n_rules = len(opts.rules)
        cfg = opts.config
        if cfg is not None and opts.rules:
            enabled = sum(cfg.is_enabled(code, rule.default_enabled) for code, rule in opts.rules.items())
            self.rules_text = f"启用规则 {enabled} 条（共 {n_rules} 条）"
        else:
            self.rules_text = f"规则 {n_rules} 条" if n_rules else "规则数未知"
        self.reviewer = opts.reviewer

    @property
    def counts_text(self) -> str:
        t = self.totals
        return f"错误 {t['error']} 处，警告 {t['warning']} 处，提示 {t['info']} 处"


class ReviewReporter:
    def __init__(self, out: IO[str], opts: ReportOptions) -> None:
        self.out = out
        self.opts = opts
        self.html = bool(opts.output and opts.output.lower().endswith((".html", ".htm")))
        self.now = dt.datetime.now().astimezone().replace(microsecond=0)
        self.n = 0

    def file(self, r: FileResult) -> None:
        form = Form(r, self.opts, self.now)
        if self.html:
            if self.n == 0:
                self.out.write(_HTML_HEAD)
            self.out.write(self._html(form))
        else:
            if self.n:
                self.out.write("\f\n")
            self.out.write(self._text(form))
        self.n += 1
        self.out.flush()

    def finish(self) -> None:
        if self.html:
            if self.n == 0:
                self.out.write(_HTML_HEAD + "<p>没有检查任何文件。</p>\n")
            self.out.write("</body>\n</html>\n")
        elif self.n == 0:
            self.out.write("没有检查任何文件。\n")
        self.out.flush()

    # -- text -----------------------------------------------------------------------------------
    def _text(self, fm: Form) -> str:
        r = fm.r
        L: list[str] = []
        title = "政府网站（政务新媒体）信息发布审核表 · 机器初审结果"
        L += [title, "═" * cell_len(title)]
        L.append(f"文件名称：{fm.name}")
        L.append(f"文件路径：{r.path}")
        L.append(f"SHA-256：{fm.sha256 or '（无法计算：不是磁盘上的文件）'}")
        L.append(f"检查时间：{fm.now.strftime('%Y-%m-%d %H:%M')}（{fm.now.strftime('%z')}）")
        L.append(f"检查工具：sensitive-lint {__version__}，{fm.rules_text}")
        if fm.reviewer:
            L.append(f"检查人：{fm.reviewer}")
        L.append(f"结论：{fm.verdict}" + (f"（{fm.counts_text}；达到 {fm.fail_on} 级别即不通过）"
                                          if r.status == "checked" else ""))
        L.append("")
        L.append(_pad("审核要点", 24) + _pad("结论", 14) + "问题数（错误/警告/提示）")
        for i, (cp, verdict, n, c) in enumerate(fm.rows, 1):
            mark = {"不通过": "✗", "未检查": "—", "需复核": "△"}.get(verdict, "✓")
            counts = f"{n}（{c['error']}/{c['warning']}/{c['info']}）" if n else "0"
            L.append(_pad(f"{i}. {cp}", 24) + _pad(f"{mark} {verdict}", 14) + counts)
        if fm.findings:
            L += ["", "发现的问题（按位置）："]
            for i, f in enumerate(fm.findings[:MAX_LISTED], 1):
                L.append(f"  {i}. {_one(f)}")
            if len(fm.findings) > MAX_LISTED:
                L.append(f"  …… 另有 {len(fm.findings) - MAX_LISTED} 处，见完整报告")
        L.append("")
        for who in ("初审人", "复审人", "终审人"):
            L.append(f"{who}（签字）：____________________    日期：________年____月____日")
            L.append("")
        L.append("本表由 sensitive-lint 自动生成；机器检查不能代替“三审三校”人工审核。")
        return "\n".join(L) + "\n"

    # -- HTML -----------------------------------------------------------------------------------
    def _html(self, fm: Form) -> str:
        e = html.escape
        r = fm.r
        rows = []
        for i, (cp, verdict, n, c) in enumerate(fm.rows, 1):
            cls = {"不通过": "fail", "未检查": "na", "需复核": "warn"}.get(verdict, "pass")
            counts = f"{n}（{c['error']}/{c['warning']}/{c['info']}）" if n else "0"
            mark = {"不通过": "✗", "未检查": "—", "需复核": "△"}.get(verdict, "✓")
            rows.append(f"<tr class=\"{cls}\"><td>{i}</td><td>{e(cp)}</td><td>{mark} {e(verdict)}</td><td>{counts}</td></tr>")
        items = "".join(f"<li>{e(_one(f))}</li>" for f in fm.findings[:MAX_LISTED])
        more = (f"<p>…… 另有 {len(fm.findings) - MAX_LISTED} 处，见完整报告</p>"
                if len(fm.findings) > MAX_LISTED else "")
        conclusion = e(fm.verdict) + (f"（{e(fm.counts_text)}；达到 {fm.fail_on} 级别即不通过）"
                                      if r.status == "checked" else "")
        meta = [
            ("文件名称", fm.name), ("文件路径", r.path),
            ("SHA-256", fm.sha256 or "（无法计算：不是磁盘上的文件）"),
            ("检查时间", f"{fm.now.strftime('%Y-%m-%d %H:%M')}（{fm.now.strftime('%z')}）"),
            ("检查工具", f"sensitive-lint {__version__}，{fm.rules_text}"),
        ]
        if fm.reviewer:
            meta.append(("检查人", fm.reviewer))
        meta_html = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in meta)
        sign = "".join(
            f"<tr><th>{who}（签字）</th><td class=\"blank\"></td><th>日期</th>"
            f"<td class=\"blank\">　　　　年　　月　　日</td></tr>"
            for who in ("初审人", "复审人", "终审人")
        )
        return f"""<section class="form">
<h1>政府网站（政务新媒体）信息发布审核表 · 机器初审结果</h1>
<table class="meta">{meta_html}<tr><th>结论</th><td class="verdict">{conclusion}</td></tr></table>
<table class="points"><thead><tr><th>序号</th><th>审核要点</th><th>结论</th><th>问题数（错误/警告/提示）</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
{f'<h2>发现的问题（按位置）</h2><ol class="findings">{items}</ol>{more}' if fm.findings else ''}
<table class="sign">{sign}</table>
<p class="note">本表由 sensitive-lint 自动生成；机器检查不能代替“三审三校”人工审核。</p>
</section>
"""


_HTML_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>信息发布审核表（机器初审）</title>
<style>
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 2em; color: #000; }
h1 { font-size: 1.3em; text-align: center; }
h2 { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; }
th, td { border: 1px solid #000; padding: .35em .5em; text-align: left; vertical-align: top; }
table.meta th, table.sign th { width: 8em; background: #f2f2f2; }
tr.fail td { font-weight: bold; }
td.blank { height: 2.2em; width: 36%; }
table.sign th { width: 7em; }
.findings { font-size: .92em; }
.note { font-size: .85em; color: #444; }
section.form { page-break-after: always; break-after: page; }
section.form:last-of-type { page-break-after: auto; break-after: auto; }
@page { size: A4; margin: 2cm; }
</style>
</head>
<body>
"""
