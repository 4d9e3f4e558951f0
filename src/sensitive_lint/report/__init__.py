"""Reporters. Each format is a class with `file(result)` (called as results stream in) and
`finish()`; `FORMATS` maps the `--format` name to a factory. Add a format here and in its own
module; the CLI needs no change."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Callable, Protocol

from ..model import FileResult, Finding, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..registry import Rule


@dataclass
class ReportOptions:
    min_severity: Severity = "info"
    color: bool | None = None
    explain: bool = False
    rules: "dict[str, Rule]" = field(default_factory=dict)
    reviewer: str | None = None
    fail_on: Severity = "error"  # junit: findings at or above this level are <failure>s
    output: str | None = None  # the -o path, if any (review: .html there means an HTML form)
    config: "Config | None" = None  # the run's configuration (enabled-rule counts)


class Reporter(Protocol):
    def file(self, result: FileResult) -> None: ...

    def finish(self) -> None: ...


def _text(out: IO[str], opts: ReportOptions) -> Reporter:
    from .text import TextReporter

    return TextReporter(out, color=opts.color, min_severity=opts.min_severity, explain=opts.explain)


def _json(out: IO[str], opts: ReportOptions) -> Reporter:
    from .json import JsonReporter

    return JsonReporter(out, opts.min_severity)


def _sarif(out: IO[str], opts: ReportOptions) -> Reporter:
    from .sarif import SarifReporter

    return SarifReporter(out, opts)


def _github(out: IO[str], opts: ReportOptions) -> Reporter:
    from .github import GithubReporter

    return GithubReporter(out, opts)


def _junit(out: IO[str], opts: ReportOptions) -> Reporter:
    from .junit import JunitReporter

    return JunitReporter(out, opts)


def _jsonl(out: IO[str], opts: ReportOptions) -> Reporter:
    from .jsonl import JsonlReporter

    return JsonlReporter(out, opts)


def _html(out: IO[str], opts: ReportOptions) -> Reporter:
    from .html import HtmlReporter

    return HtmlReporter(out, opts)


def _review(out: IO[str], opts: ReportOptions) -> Reporter:
    from .review import ReviewReporter

    return ReviewReporter(out, opts)


FORMATS: dict[str, Callable[[IO[str], ReportOptions], Reporter]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "junit": _junit,
    "jsonl": _jsonl,
    "html": _html,
    "review": _review,
}

# Formats that show the whole checked text: the engine fills FileResult.text (masked) for them.
NEEDS_TEXT = frozenset({"html"})


def with_text(config: "Config") -> "Config":
    """The configuration with FileResult.text filled (Config.extra "report-text"); picklable, so
    worker processes fill it too."""
    from ..engine import REPORT_TEXT

    if any(k == REPORT_TEXT for k, _ in config.extra):
        return config
    return replace(config, extra=config.extra + ((REPORT_TEXT, True),))


def make_reporter(name: str, out: IO[str], opts: ReportOptions) -> Reporter:
    return FORMATS[name](out, opts)


# -- helpers shared by the reporters ----------------------------------------------------------

def shown(result: FileResult, min_severity: Severity) -> "list[Finding]":
    """The findings of a file at or above `min_severity`, in position order."""
    from ..model import SEVERITY_RANK

    floor = SEVERITY_RANK[min_severity]
    return [f for f in result.findings if SEVERITY_RANK[f.severity] >= floor]


def rel_path(path: str, base: str | None = None) -> str:
    """`path` relative to `base` (default: the working directory) with forward slashes, when it
    lies below it; otherwise as given."""
    import os

    base = base or os.getcwd()
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")
