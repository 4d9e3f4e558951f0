"""JSON Lines for streams: `--format jsonl`. One JSON object per line, written as each file's
results arrive (memory stays flat on any archive):

    {"type": "finding", "path": …, "rule": …, …}       the JSON contract's finding fields
    {"type": "file", "path": …, "status": "checked", "findings": 3, "error": null}
    …
    {"type": "summary", "version": 1, "tool": {…}, "files": 2, "errors": 1, "warnings": 0, "infos": 2}

A file's findings come before its "file" line (the file line says the file is done). Field
names are those of the JSON report (DESIGN.md); `type` is the only addition.
"""
from __future__ import annotations

import json
from typing import IO

from .. import __version__
from ..model import FileResult
from . import ReportOptions, shown
from .json import REPORT_VERSION


class JsonlReporter:
    def __init__(self, out: IO[str], opts: ReportOptions) -> None:
        self.out = out
        self.opts = opts
        self.files = 0
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def _line(self, obj: dict[str, object]) -> None:
        self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")

    def file(self, r: FileResult) -> None:
        self.files += 1
        findings = shown(r, self.opts.min_severity)
        for f in findings:
            self.counts[f.severity] += 1
            self._line({"type": "finding", **f.to_json()})
        self._line({"type": "file", "path": r.path, "status": r.status, "findings": len(findings), "error": r.error})
        self.out.flush()

    def finish(self) -> None:
        self._line({
            "type": "summary", "version": REPORT_VERSION,
            "tool": {"name": "sensitive-lint", "version": __version__},
            "files": self.files, "errors": self.counts["error"], "warnings": self.counts["warning"],
            "infos": self.counts["info"],
        })
        self.out.flush()
