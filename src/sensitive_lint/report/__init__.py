"""Reporters. Each format is a class with `file(result)` (called as results stream in) and
`finish()`; `FORMATS` maps the `--format` name to a factory. Add a format here and in its own
module; the CLI needs no change."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Callable, Protocol

from ..model import FileResult, Severity

if TYPE_CHECKING:
    from ..registry import Rule


@dataclass
class ReportOptions:
    min_severity: Severity = "info"
    color: bool | None = None
    explain: bool = False
    rules: "dict[str, Rule]" = field(default_factory=dict)
    reviewer: str | None = None


class Reporter(Protocol):
    def file(self, result: FileResult) -> None: ...

    def finish(self) -> None: ...


def _text(out: IO[str], opts: ReportOptions) -> Reporter:
    from .text import TextReporter

    return TextReporter(out, color=opts.color, min_severity=opts.min_severity, explain=opts.explain)


def _json(out: IO[str], opts: ReportOptions) -> Reporter:
    from .json import JsonReporter

    return JsonReporter(out, opts.min_severity)


FORMATS: dict[str, Callable[[IO[str], ReportOptions], Reporter]] = {
    "text": _text,
    "json": _json,
}


def make_reporter(name: str, out: IO[str], opts: ReportOptions) -> Reporter:
    return FORMATS[name](out, opts)
