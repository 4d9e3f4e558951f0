"""GitHub Actions workflow commands: `--format github`.

One line per finding, streamed as files are checked:

    ::error file=drafts/a.txt,line=2,col=1,endLine=2,endColumn=5,title=SEC001 密级标志::密级标志：…「机密★5年」

error → `::error`, warning → `::warning`, info → `::notice`. `col`/`endColumn` are given only
when the finding is on one line (GitHub's rule), `endColumn` being the column of the last
character. Escaping follows GitHub's toolkit: in the message `%`, CR and LF become %25, %0D,
%0A; in property values also `:` and `,` (%3A, %2C). A file that could not be checked is an
`::error` on the file. The run ends with a plain summary line.
"""
from __future__ import annotations

from typing import IO

from ..model import FileResult, Finding
from . import ReportOptions, rel_path, shown

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, props: dict[str, object], message: str) -> str:
    p = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name} {p}::{escape_data(message)}" if p else f"::{name}::{escape_data(message)}"


def _message(f: Finding) -> str:
    msg = f"{f.message}：「{f.text}」"
    if f.suggestion is not None and f.suggestion != f.text:
        msg += f"；建议改为「{f.suggestion}」"
    if f.location and f.location != f"第{f.line}行":
        msg += f"（{f.location}）"
    return msg + f"  [{f.checkpoint}]"


class GithubReporter:
    def __init__(self, out: IO[str], opts: ReportOptions) -> None:
        self.out = out
        self.opts = opts
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.files = {"checked": 0, "skipped": 0, "failed": 0}

    def file(self, r: FileResult) -> None:
        self.files[r.status] += 1
        path = rel_path(r.path)
        if r.status == "failed":
            self.out.write(command("error", {"file": path, "title": "sensitive-lint 未能检查"}, r.error or "") + "\n")
            self.out.flush()
            return
        for f in shown(r, self.opts.min_severity):
            self.counts[f.severity] += 1
            rule = self.opts.rules.get(f.rule)
            props: dict[str, object] = {"file": path, "line": f.line}
            one_line = f.end_line == f.line
            if one_line:
                props["col"] = f.column
            props["endLine"] = max(f.end_line, f.line)
            if one_line:
                props["endColumn"] = max(f.column, f.end_column - 1)
            props["title"] = f"{f.rule} {rule.name}" if rule is not None else f.rule
            self.out.write(command(COMMAND[f.severity], props, _message(f)) + "\n")
        self.out.flush()

    def finish(self) -> None:
        c, n = self.counts, self.files
        total = n["checked"] + n["skipped"] + n["failed"]
        line = (f"sensitive-lint: {total} 个文件（已检查 {n['checked']}，跳过 {n['skipped']}，失败 {n['failed']}）："
                f"错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}")
        self.out.write(line + "\n")
