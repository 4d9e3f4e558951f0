"""JUnit XML for CI test dashboards: `--format junit`.

    <testsuites name="sensitive-lint" tests="2" failures="1" errors="0" skipped="0">
      <testsuite name="sensitive-lint" tests="2" failures="1" errors="0" skipped="0" timestamp="…">
        <testcase classname="drafts" name="drafts/a.txt" file="drafts/a.txt">
          <failure type="SEC001" message="第2行第1列 密级标志：…「机密★5年」">…details…</failure>
          <system-out>findings below the fail level, one per line</system-out>
        </testcase>
        <testcase … name="drafts/b.docx"><error message="文件已损坏：…"/></testcase>
      </testsuite>
    </testsuites>

One testsuite; a testcase per file; one <failure> per finding at or above the fail level
(`--fail-on`, default error) and the lower ones listed in <system-out>; a file that could not
be read is an <error>, a skipped one <skipped>. The counts match the exit status: a run has
<failure>/<error> elements exactly when it exits 1.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from ..model import SEVERITY_RANK, FileResult, Finding
from . import ReportOptions, rel_path, shown

_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _clean(s: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped.
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\ufffd" for ch in s)


def _attr(s: object) -> str:
    return quoteattr(_clean(str(s)), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _one(f: Finding) -> str:
    s = f"第{f.line}行第{f.column}列 {f.message}：「{f.text}」"
    if f.suggestion is not None and f.suggestion != f.text:
        s += f" 建议改为「{f.suggestion}」"
    return s


class JunitReporter:
    def __init__(self, out: IO[str], opts: ReportOptions) -> None:
        self.out = out
        self.opts = opts
        self.cases: list[str] = []
        self.tests = self.failures = self.errors = self.skipped = 0
        self.started = dt.datetime.now().replace(microsecond=0)  # JUnit: local time, no zone

    def file(self, r: FileResult) -> None:
        self.tests += 1
        path = rel_path(r.path)
        folder = os.path.dirname(path).replace("/", ".") or "."
        head = f"    <testcase classname={_attr(folder)} name={_attr(path)} file={_attr(path)} time=\"0\""
        if r.status == "failed":
            self.errors += 1
            self.cases.append(f"{head}>\n      <error type=\"load\" message={_attr(r.error or '')}/>\n    </testcase>")
            return
        if r.status == "skipped":
            self.skipped += 1
            self.cases.append(f"{head}>\n      <skipped message={_attr(r.error or '')}/>\n    </testcase>")
            return
        fail = SEVERITY_RANK[self.opts.fail_on]
        findings = shown(r, self.opts.min_severity)
        failing = [f for f in findings if SEVERITY_RANK[f.severity] >= fail]
        other = [f for f in findings if SEVERITY_RANK[f.severity] < fail]
        if not failing and not other:
            self.cases.append(f"{head}/>")
            return
        parts = [f"{head}>"]
        if failing:
            self.failures += 1
        for f in failing:
            details = "\n".join([
                f"{f.rule} {_ZH[f.severity]} [{f.category} / {f.checkpoint}]",
                f"位置：{path}:{f.line}:{f.column}（{f.location}）",
                f"原文：{f.text}",
                f"说明：{f.message}",
                *([f"建议：{f.suggestion}"] if f.suggestion is not None else []),
            ])
            parts.append(f"      <failure type={_attr(f.rule)} message={_attr(_one(f))}>"
                         f"{escape(_clean(details))}</failure>")
        if other:
            lines = "\n".join(f"{f.rule} {_ZH[f.severity]} {_one(f)}" for f in other)
            parts.append(f"      <system-out>{escape(_clean(lines))}</system-out>")
        parts.append("    </testcase>")
        self.cases.append("\n".join(parts))

    def finish(self) -> None:
        counts = (f'tests="{self.tests}" failures="{self.failures}" errors="{self.errors}" '
                  f'skipped="{self.skipped}"')
        w = self.out.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f'<testsuites name="sensitive-lint" {counts}>\n')
        w(f'  <testsuite name="sensitive-lint" {counts} time="0" timestamp="{self.started.isoformat()}">\n')
        for c in self.cases:
            w(c + "\n")
        w("  </testsuite>\n</testsuites>\n")
