"""A self-contained HTML report: `--format html -o report.html`.

One file that opens offline: inline CSS and vanilla JS, no network resource (a Content
Security Policy in the page forbids any). It shows the totals, the 审核要点 checklist, and per
file the checked text (what `extract` prints, personal data masked exactly as in the
findings) with line numbers and every finding highlighted by severity; beside it a list of the
findings that can be filtered by severity, category and 审核要点 (filtering also switches the
highlights in the text), each item linking to its place in the text.

Large inputs: a file's text is shown whole up to MAX_FILE_CHARS characters and while the
report holds less than MAX_TOTAL_CHARS; beyond that only the lines with findings and
CONTEXT_LINES lines around them. Files without findings are listed, their text folded away.
Rendered sections are spooled to a temporary file, so memory stays bounded on big batches.
"""
from __future__ import annotations

import datetime as dt
import html
import tempfile
from bisect import bisect_right
from typing import IO

from .. import __version__
from ..model import CATEGORIES, CHECKPOINTS, SEVERITY_RANK, FileResult, Finding
from . import ReportOptions, rel_path, shown

MAX_FILE_CHARS = 300_000
MAX_TOTAL_CHARS = 8_000_000
CONTEXT_LINES = 2

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
CAT_ZH = {
    "secrecy": "涉密标志", "privacy": "个人信息", "sensitive": "敏感词", "political": "规范表述",
    "typo": "错别字", "format": "格式", "link": "链接", "source": "来源",
}
STATUS_ZH = {"checked": "已检查", "skipped": "已跳过", "failed": "未能检查"}
_e = html.escape


def _attr(s: object) -> str:
    return html.escape(str(s), quote=True)


class _Item:
    """What the side list and the checklist need of a finding (the document is not kept)."""

    __slots__ = ("id", "file_no", "path", "f")

    def __init__(self, id: int, file_no: int, path: str, f: Finding) -> None:
        self.id, self.file_no, self.path, self.f = id, file_no, path, f


def render_text(text: str, items: list[_Item], excerpt: bool) -> str:
    """The text as numbered lines, findings wrapped in <mark class="hl sev-…" data-f="ids">; an
    empty <a id="f-N"> marks where finding N starts. `excerpt`: only lines with findings and
    CONTEXT_LINES around them."""
    n = len(text)
    line_starts = [0]
    i = text.find("\n")
    while i != -1:
        line_starts.append(i + 1)
        i = text.find("\n", i + 1)
    n_lines = len(line_starts)
    spans = []
    for it in items:
        s = min(max(it.f.start, 0), n)
        e = min(max(it.f.end, s), n)
        spans.append((s, e, it))
    by_line: dict[int, list[tuple[int, int, _Item]]] = {}
    for s, e, it in spans:
        first = bisect_right(line_starts, s) - 1
        last = bisect_right(line_starts, max(s, e - 1)) - 1 if e > s else first
        for ln in range(first, last + 1):
            by_line.setdefault(ln, []).append((s, e, it))
    if excerpt:
        wanted: set[int] = set()
        for ln in by_line:
            wanted.update(range(max(0, ln - CONTEXT_LINES), min(n_lines, ln + CONTEXT_LINES + 1)))
        lines = sorted(wanted)
    else:
        lines = list(range(n_lines))
    out: list[str] = []
    prev = -1
    for ln in lines:
        if excerpt and ln != prev + 1:
            skipped = ln - prev - 1
            out.append(f'<div class="gap">⋯ 省略 {skipped} 行</div>')
        prev = ln
        ls = line_starts[ln]
        le = line_starts[ln + 1] - 1 if ln + 1 < n_lines else n
        out.append(f'<div class="ln" data-line="{ln + 1}"><span class="no">{ln + 1}</span><span class="tx">')
        out.append(_render_line(text, ls, le, by_line.get(ln, [])))
        out.append("</span></div>")
    if excerpt and prev != -1 and prev < n_lines - 1:
        out.append(f'<div class="gap">⋯ 省略 {n_lines - 1 - prev} 行</div>')
    return "".join(out)


def _render_line(text: str, ls: int, le: int, spans: list[tuple[int, int, _Item]]) -> str:
    if not spans:
        return _e(text[ls:le])
    cuts = {ls, le}
    for s, e, _ in spans:
        cuts.add(min(max(s, ls), le))
        cuts.add(min(max(e, ls), le))
    points = sorted(cuts)
    starts_at: dict[int, list[_Item]] = {}
    for s, e, it in spans:
        if ls <= s <= le:
            starts_at.setdefault(s, []).append(it)
    parts: list[str] = []
    for a, b in zip(points, points[1:] + [None]):  # type: ignore[operator]
        for it in starts_at.get(a, ()):
            parts.append(f'<a class="anchor" id="f-{it.id}"></a>')
            s0, e0 = it.f.start, it.f.end
            if e0 <= s0:  # a point (a deleted passage, a missing word): a caret
                parts.append(f'<mark class="hl pt sev-{it.f.severity}" data-f="{it.id}" title="{_attr(it.f.rule)}"></mark>')
        if b is None:
            break
        cover = [it for s, e, it in spans if s <= a and e >= b and e > s]
        seg = _e(text[a:b])
        if cover:
            worst = max(cover, key=lambda it: SEVERITY_RANK[it.f.severity]).f.severity
            ids = " ".join(str(it.id) for it in cover)
            title = "；".join(f"{it.f.rule} {it.f.message}" for it in cover)
            parts.append(f'<mark class="hl sev-{worst}" data-f="{ids}" title="{_attr(title)}">{seg}</mark>')
        else:
            parts.append(seg)
    return "".join(parts)


class HtmlReporter:
    def __init__(self, out: IO[str], opts: ReportOptions) -> None:
        self.out = out
        self.opts = opts
        self.started = dt.datetime.now().astimezone().replace(microsecond=0)
        self.sections = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8")
        self.items: list[_Item] = []
        self.status = {"checked": 0, "skipped": 0, "failed": 0}
        self.suppressed = 0
        self.total_chars = 0
        self.n_files = 0

    def file(self, r: FileResult) -> None:
        self.status[r.status] += 1
        self.n_files += 1
        no = self.n_files
        path = rel_path(r.path)
        if r.status != "checked":
            cls = "failed" if r.status == "failed" else "skipped"
            self.sections.write(
                f'<section class="file {cls}" id="file-{no}"><h2><span class="path">{_e(path)}</span>'
                f'<span class="st">{STATUS_ZH[r.status]}</span></h2><p class="why">{_e(r.error or "")}</p></section>\n')
            return
        self.suppressed += r.suppressed
        findings = shown(r, self.opts.min_severity)
        items = []
        for f in findings:
            it = _Item(len(self.items) + 1, no, path, f)
            self.items.append(it)
            items.append(it)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEV_ZH}
        badges = "".join(f'<span class="badge sev-{s}">{SEV_ZH[s]} {n}</span>' for s, n in counts.items() if n)
        head = (f'<section class="file" id="file-{no}"><h2><span class="path">{_e(path)}</span>'
                f'{badges or "<span class=ok>未发现问题</span>"}</h2>\n')
        self.sections.write(head)
        text = r.text
        if text is None:
            self.sections.write('<p class="why">（报告中不含正文：请用 --format html 运行 lint。）</p>')
        elif not items:
            if len(text) <= MAX_FILE_CHARS and self.total_chars + len(text) <= MAX_TOTAL_CHARS:
                self.total_chars += len(text)
                self.sections.write(f'<details><summary>查看全文（{len(text)} 字）</summary><div class="text">'
                                    f'{render_text(text, [], False)}</div></details>')
        else:
            excerpt = len(text) > MAX_FILE_CHARS or self.total_chars + len(text) > MAX_TOTAL_CHARS
            if excerpt:
                self.sections.write(f'<p class="why">全文 {len(text)} 字，只显示有问题的行及其前后 {CONTEXT_LINES} 行。</p>')
            else:
                self.total_chars += len(text)
            self.sections.write(f'<div class="text">{render_text(text, items, excerpt)}</div>')
        self.sections.write("</section>\n")

    # -- the page -------------------------------------------------------------------------------
    def _checklist(self) -> str:
        fail = SEVERITY_RANK[self.opts.fail_on]
        rows = []
        for i, cp in enumerate(CHECKPOINTS, 1):
            c = {s: 0 for s in SEV_ZH}
            for it in self.items:
                if it.f.checkpoint == cp:
                    c[it.f.severity] += 1
            bad = any(n and SEVERITY_RANK[s] >= fail for s, n in c.items())
            state, mark = ("fail", "✗ 不通过") if bad else (("warn", "△ 需复核") if sum(c.values()) else ("pass", "✓ 通过"))
            rows.append(
                f'<tr class="{state}" data-cp="{_attr(cp)}"><td>{i}</td><td>{_e(cp)}</td><td class="state">{mark}</td>'
                f'<td>{c["error"]}</td><td>{c["warning"]}</td><td>{c["info"]}</td>'
                f'<td><button type="button" class="only-cp" data-cp="{_attr(cp)}">只看此项</button></td></tr>')
        return ('<section id="checklist"><h2>审核要点</h2><table><thead><tr><th>序号</th><th>审核要点</th><th>结论</th>'
                '<th>错误</th><th>警告</th><th>提示</th><th></th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
                f'<p class="hint">有达到“{SEV_ZH[self.opts.fail_on]}”级别的问题为不通过，只有较低级别的问题为需复核。'
                + ("有文件未能检查，清单不包括这些文件。" if self.status["failed"] else "")
                + "</p></section>")

    def _filters(self) -> str:
        def group(name: str, title: str, values: list[tuple[str, str, int]]) -> str:
            boxes = "".join(
                f'<label><input type="checkbox" data-group="{name}" value="{_attr(v)}" checked> {_e(label)} '
                f'<span class="n">{n}</span></label>' for v, label, n in values)
            return f'<fieldset id="f-{name}"><legend>{title}</legend>{boxes}</fieldset>'

        sev = [(s, SEV_ZH[s], sum(1 for it in self.items if it.f.severity == s)) for s in SEV_ZH]
        cats = sorted({it.f.category for it in self.items},
                      key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else 99)
        cat = [(c, CAT_ZH.get(c, c), sum(1 for it in self.items if it.f.category == c)) for c in cats]
        cp = [(c, c, sum(1 for it in self.items if it.f.checkpoint == c)) for c in CHECKPOINTS]
        return ('<div id="filters">' + group("sev", "级别", sev) + group("cat", "类别", cat) + group("cp", "审核要点", cp)
                + f'<p class="count">显示 <b id="shown">{len(self.items)}</b> / {len(self.items)} 条'
                  ' <button type="button" id="reset">全部显示</button></p></div>')

    def _list(self) -> str:
        out = ['<ol id="list">']
        for it in self.items:
            f = it.f
            where = f"第{f.line}行第{f.column}列"
            if f.location and f.location != f"第{f.line}行":
                where += f" · {f.location}"
            sug = (f'<span class="sug">建议：{_e(f.suggestion)}</span>'
                   if f.suggestion is not None and f.suggestion != f.text else "")
            out.append(
                f'<li class="item" data-id="{it.id}" data-sev="{f.severity}" data-cat="{_attr(f.category)}" '
                f'data-cp="{_attr(f.checkpoint)}" data-rule="{_attr(f.rule)}" data-file="{it.file_no}">'
                f'<a href="#f-{it.id}"><span class="badge sev-{f.severity}">{SEV_ZH[f.severity]}</span> '
                f'<b class="rule">{_e(f.rule)}</b> <span class="msg">{_e(f.message)}</span>'
                f'<span class="txt">「{_e(f.text)}」</span>{sug}'
                f'<span class="where">{_e(it.path)} · {_e(where)} · {_e(CAT_ZH.get(f.category, f.category))} · '
                f'{_e(f.checkpoint)}</span></a></li>')
        out.append("</ol>")
        if not self.items:
            out.append('<p class="none">没有发现问题。</p>')
        return "".join(out)

    def finish(self) -> None:
        st = self.status
        total = sum(st.values())
        counts = {s: sum(1 for it in self.items if it.f.severity == s) for s in SEV_ZH}
        summary = (f'<p class="totals">共 {total} 个文件：已检查 {st["checked"]}'
                   + (f'，跳过 {st["skipped"]}' if st["skipped"] else "")
                   + (f'，<span class="bad">未能检查 {st["failed"]}</span>' if st["failed"] else "")
                   + "。 "
                   + " ".join(f'<span class="badge sev-{s}">{SEV_ZH[s]} {n}</span>' for s, n in counts.items())
                   + (f' <span class="dim">（行内豁免 {self.suppressed} 条）</span>' if self.suppressed else "")
                   + "</p>")
        w = self.out.write
        w(_HEAD)
        w(f'<header><h1>sensitive-lint 检查报告</h1><p class="meta">sensitive-lint {__version__} · '
          f'{self.started.strftime("%Y-%m-%d %H:%M")} · 个人信息已打码</p>{summary}</header>\n')
        w('<div class="layout"><main>\n')
        w(self._checklist())
        self.sections.seek(0)
        while True:
            chunk = self.sections.read(1 << 20)
            if not chunk:
                break
            w(chunk)
        self.sections.close()
        w('</main>\n<aside id="side"><h2>问题列表</h2>')
        w(self._filters())
        w(self._list())
        w("</aside></div>\n<script>\n" + _SCRIPT + "</script>\n</body>\n</html>\n")
        self.out.flush()


_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sensitive-lint 检查报告</title>
<style>
:root { --err: #b91c1c; --err-bg: #fde2e2; --warn: #a16207; --warn-bg: #fef3c7; --info: #1d4ed8; --info-bg: #dbeafe; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei", sans-serif; color: #1f2937; background: #f8fafc; }
header { padding: 12px 20px; background: #1e3a5f; color: #fff; }
header h1 { margin: 0; font-size: 20px; }
header .meta { margin: 2px 0; opacity: .8; }
header .totals { margin: 4px 0 0; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 16px; padding: 16px 20px; align-items: start; }
main section { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px 14px; margin-bottom: 16px; }
h2 { font-size: 16px; margin: 4px 0 8px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.path { font-family: ui-monospace, monospace; word-break: break-all; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; }
.badge.sev-error { background: var(--err); color: #fff; }
.badge.sev-warning { background: #f59e0b; color: #111; }
.badge.sev-info { background: var(--info); color: #fff; }
.ok { color: #15803d; font-size: 13px; }
.bad { color: #fecaca; font-weight: bold; }
.dim { opacity: .75; }
#checklist table { border-collapse: collapse; width: 100%; }
#checklist th, #checklist td { border-bottom: 1px solid #e2e8f0; padding: 3px 8px; text-align: left; }
#checklist tr.fail .state { color: var(--err); font-weight: bold; }
#checklist tr.warn .state { color: var(--warn); }
#checklist tr.pass .state { color: #15803d; }
.hint { color: #64748b; font-size: 12px; margin: 6px 0 0; }
.text { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 13px; border-top: 1px solid #e2e8f0; }
.ln { display: flex; }
.ln .no { flex: 0 0 3.5em; text-align: right; padding-right: 10px; color: #94a3b8; user-select: none; }
.ln .tx { white-space: pre-wrap; word-break: break-all; flex: 1; min-height: 1.6em; }
.gap { color: #94a3b8; padding-left: 4.5em; font-size: 12px; }
mark.hl { border-radius: 2px; padding: 0 1px; cursor: pointer; color: inherit; }
mark.sev-error { background: var(--err-bg); border-bottom: 2px solid var(--err); }
mark.sev-warning { background: var(--warn-bg); border-bottom: 2px solid #f59e0b; }
mark.sev-info { background: var(--info-bg); border-bottom: 2px dotted var(--info); }
mark.off { background: transparent; border-bottom: none; }
mark.pt::after { content: "‸"; color: var(--err); font-weight: bold; }
mark.pt.off::after { content: ""; }
.flash { outline: 3px solid #f97316; }
section.failed h2 .st { color: var(--err); }
section.skipped h2 .st { color: #64748b; }
.why { color: #64748b; margin: 4px 0; }
aside { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px 12px; }
fieldset { border: 1px solid #e2e8f0; border-radius: 4px; margin: 0 0 8px; padding: 4px 8px; }
legend { font-weight: 600; font-size: 13px; }
fieldset label { display: inline-block; margin-right: 10px; font-size: 13px; white-space: nowrap; }
fieldset .n { color: #94a3b8; }
.count { margin: 6px 0; }
#list { list-style: none; margin: 0; padding: 0; }
#list li { border-top: 1px solid #f1f5f9; }
#list li a { display: block; padding: 6px 4px; color: inherit; text-decoration: none; }
#list li a:hover { background: #f1f5f9; }
#list .txt { font-family: ui-monospace, monospace; word-break: break-all; }
#list .sug { display: block; color: #15803d; font-size: 12px; }
#list .where { display: block; color: #64748b; font-size: 12px; }
button { font: inherit; font-size: 12px; cursor: pointer; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } aside { position: static; max-height: none; } }
@media print { aside { display: none; } .layout { display: block; } details { display: none; } }
</style>
</head>
<body>
"""

_SCRIPT = r"""(function () {
  "use strict";
  var RANK = { error: 3, warning: 2, info: 1 };
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  var items = all("#list li.item");
  var sevOf = {};
  items.forEach(function (li) { sevOf[li.getAttribute("data-id")] = li.getAttribute("data-sev"); });
  var marks = all("mark.hl");
  var boxes = all("#filters input[type=checkbox]");

  function selected(group) {
    var s = {};
    boxes.forEach(function (b) { if (b.getAttribute("data-group") === group && b.checked) { s[b.value] = true; } });
    return s;
  }

  function apply() {
    var sev = selected("sev"), cat = selected("cat"), cp = selected("cp");
    var visible = {}, n = 0;
    items.forEach(function (li) {
      var ok = !!(sev[li.getAttribute("data-sev")] && cat[li.getAttribute("data-cat")] && cp[li.getAttribute("data-cp")]);
      li.hidden = !ok;
      if (ok) { visible[li.getAttribute("data-id")] = true; n += 1; }
    });
    marks.forEach(function (m) {
      var best = 0, name = "";
      (m.getAttribute("data-f") || "").split(" ").forEach(function (id) {
        var s = sevOf[id];
        if (visible[id] && RANK[s] > best) { best = RANK[s]; name = s; }
      });
      m.classList.remove("sev-error", "sev-warning", "sev-info", "off");
      m.classList.add(best ? "sev-" + name : "off");
    });
    document.getElementById("shown").textContent = String(n);
  }

  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.getElementById("reset").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; });
    apply();
  });
  all("button.only-cp").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var want = btn.getAttribute("data-cp");
      boxes.forEach(function (b) { b.checked = b.getAttribute("data-group") !== "cp" || b.value === want; });
      apply();
    });
  });
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1200);
  }
  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      var ids = (m.getAttribute("data-f") || "").split(" ");
      for (var i = 0; i < ids.length; i++) {
        var li = document.querySelector('#list li[data-id="' + ids[i] + '"]');
        if (li && !li.hidden) { li.scrollIntoView({ block: "nearest" }); flash(li); break; }
      }
    });
  });
  items.forEach(function (li) {
    li.addEventListener("click", function () {
      var a = document.getElementById("f-" + li.getAttribute("data-id"));
      var m = a && a.nextElementSibling;
      if (m && m.tagName === "MARK") { flash(m); }
    });
  });
  apply();
  document.body.setAttribute("data-ready", "1");
})();
"""
