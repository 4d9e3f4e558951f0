"""The JSON report: the contract in DESIGN.md. Change only by adding fields."""
from __future__ import annotations

import json
from typing import IO, Iterable

from .. import __version__
from ..model import FileResult, Severity, SEVERITY_RANK

REPORT_VERSION = 1


def summary(results: list[FileResult], min_severity: Severity = "info") -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min_severity]:
                counts[f.severity] += 1
    return {"files": len(results), "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"]}


def render(results: Iterable[FileResult], out: IO[str], min_severity: Severity = "info") -> None:
    results = list(results)
    shown = [
        [f for f in r.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min_severity]] for r in results
    ]
    doc = {
        "version": REPORT_VERSION,
        "tool": {"name": "sensitive-lint", "version": __version__},
        "files": [
            {"path": r.path, "status": r.status, "findings": len(fs), "error": r.error}
            for r, fs in zip(results, shown)
        ],
        "findings": [f.to_json() for fs in shown for f in fs],
        "summary": summary(results, min_severity),
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


class JsonReporter:
    """One JSON object for the whole run, written when the run ends."""

    def __init__(self, out: IO[str], min_severity: Severity = "info") -> None:
        self.out = out
        self.min_severity = min_severity
        self.results: list[FileResult] = []

    def file(self, result: FileResult) -> None:
        self.results.append(result)

    def finish(self) -> None:
        render(self.results, self.out, self.min_severity)
