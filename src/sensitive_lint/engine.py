"""Run the enabled checks over a Document and turn their hits into Findings.

A lint is a pure function of (document bytes or text, file name, configuration); the Context
only adds per-process caches, so batches can run in worker processes.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

from .config import Config
from .context import Context
from .loaders import LoadError, load_bytes, load_path
from .model import SEVERITY_RANK, Document, FileResult, Finding, Hit, SEVERITIES, Severity
from .registry import Rule, all_rules, check_modules
from .suppress import is_suppressed, scan_text_markers

CONTEXT_CHARS = 16


def _rules(ctx: Context) -> dict[str, Rule]:
    return ctx.cached("rules", lambda: all_rules(ctx))


def _severity(hit: Hit, rule: Rule, config: Config) -> Severity:
    base = config.severity_for(hit.rule, rule.severity)
    if hit.severity is None or hit.severity == rule.severity:
        return base
    # A check adjusted the severity (e.g. a word in an enforcement sentence): keep the same
    # adjustment relative to what the user configured.
    steps = SEVERITY_RANK[rule.severity] - SEVERITY_RANK[hit.severity]
    rank = min(3, max(1, SEVERITY_RANK[base] - steps))
    return next(s for s in SEVERITIES if SEVERITY_RANK[s] == rank)


class _Redactor:
    """Context snippets must not show personal data either: mask every privacy span in them."""

    def __init__(self, text: str, hits: list[Hit]) -> None:
        self.text = text
        self.spans = sorted((h.start, h.end, h.display) for h in hits if h.display is not None)

    def slice(self, a: int, b: int) -> str:
        a, b = max(0, a), min(len(self.text), b)
        if not self.spans:
            return self.text[a:b]
        out, pos = [], a
        for s, e, disp in self.spans:
            if e <= pos or s >= b:
                continue
            if s > pos:
                out.append(self.text[pos:s])
            masked = disp or ""
            # Keep offsets: a masked value replaces its span; clip it to the window.
            out.append(masked[max(0, pos - s): len(masked) - max(0, e - b)])
            pos = e
        if pos < b:
            out.append(self.text[pos:b])
        return "".join(out)


def lint_document(doc: Document, ctx: Context,
                  masked_spans: list[Hit] | None = None) -> tuple[list[Finding], int]:
    """Findings of one document in position order, and how many were suppressed inline.

    `masked_spans`, when a list, receives every hit that has a masked display (personal data),
    suppressed or allowlisted ones included: what a reporter must mask when it shows the text."""
    config = ctx.config
    rules = _rules(ctx)
    enabled = {code for code, r in rules.items() if config.is_enabled(code, r.default_enabled)}
    directives = doc.directives + scan_text_markers(doc)
    hits: list[Hit] = []
    for module in check_modules():
        codes = {r.code for r in module.rules(ctx)}  # type: ignore[attr-defined]
        if not codes & enabled:
            continue
        hits.extend(h for h in module.run(doc, ctx) if h.rule in enabled)  # type: ignore[attr-defined]
    if masked_spans is not None:
        masked_spans.extend(h for h in hits if h.display is not None)

    allow_spans = _allow_spans(doc.text, config.allowlist) if config.allowlist else []
    suppressed = 0
    kept: list[Hit] = []
    seen: set[tuple[str, int, int]] = set()
    for h in hits:
        key = (h.rule, h.start, h.end)
        if key in seen:
            continue
        seen.add(key)
        if directives and is_suppressed(h.rule, h.start, h.end, directives):
            suppressed += 1
            continue
        if allow_spans and any(s <= h.start and h.end <= e for s, e in allow_spans):
            continue
        kept.append(h)
    kept.sort(key=lambda h: (h.start, h.end, h.rule))
    redact = _Redactor(doc.text, kept)
    findings = [_finding(doc, h, rules[h.rule], config, redact) for h in kept]
    return findings, suppressed


def _allow_spans(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for p in phrases:
        i = text.find(p)
        while i != -1 and p:
            spans.append((i, i + len(p)))
            i = text.find(p, i + 1)
    return spans


def _line_end(text: str, pos: int, limit: int) -> int:
    nl = text.find("\n", pos, limit)
    return limit if nl == -1 else nl


def _finding(doc: Document, h: Hit, rule: Rule, config: Config, redact: _Redactor) -> Finding:
    line, col = doc.line_col(h.start)
    end_line, end_col = doc.line_col(h.end)
    block = doc.block_at(h.start)
    location = block.locator if block and block.locator else f"第{line}行"
    shown = h.display if h.display is not None else doc.text[h.start:h.end]
    return Finding(
        path=doc.path,
        rule=h.rule,
        category=rule.category,
        severity=_severity(h, rule, config),
        checkpoint=rule.checkpoint,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        location=location,
        text=shown,
        message=h.message or rule.message,
        suggestion=h.suggestion,
        start=h.start,
        end=h.end,
        confidence=h.confidence,
        # Context stays on the finding's own lines: a neighbouring paragraph is noise.
        context_before=redact.slice(max(h.start - CONTEXT_CHARS, doc.text.rfind("\n", 0, h.start) + 1), h.start),
        context_after=redact.slice(h.end, _line_end(doc.text, h.end, h.end + CONTEXT_CHARS)),
        note=h.note,
    )


# -- public API ------------------------------------------------------------------------------

def lint_text(text: str, path: str = "<text>", config: Config | None = None,
              ctx: Context | None = None) -> list[Finding]:
    """Lint a string as plain text. Returns Findings in position order."""
    ctx = ctx or Context(config)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    from .model import Block

    doc = Document(path=path, blocks=[Block(text, "", 0)], text=text, kind="txt")
    return lint_document(doc, ctx)[0]


def lint_bytes(data: bytes, name: str, config: Config | None = None, ctx: Context | None = None) -> FileResult:
    ctx = ctx or Context(config)
    try:
        doc = load_bytes(data, name, ctx.config.encoding)
    except LoadError as e:
        return FileResult(name, e.status, error=e.reason)  # type: ignore[arg-type]
    return _check(doc, ctx)


def lint_path(path: str | Path, config: Config | None = None, ctx: Context | None = None) -> FileResult:
    """Load and lint one file. Never raises for a bad file: the result says `failed` and why."""
    ctx = ctx or Context(config)
    try:
        doc = load_path(Path(path), ctx.config.max_file_size, ctx.config.encoding)
    except LoadError as e:
        return FileResult(str(path), e.status, error=e.reason)  # type: ignore[arg-type]
    except Exception as e:  # noqa: BLE001 - a loader bug must not stop a batch
        return FileResult(str(path), "failed", error=f"读取时出错：{type(e).__name__}: {e}")
    return _check(doc, ctx)


def _check(doc: Document, ctx: Context) -> FileResult:
    if ctx.trace is not None:
        ctx.trace.clear()
    # A reporter that shows the whole text (HTML) asks for it; the default path skips this.
    spans: list[Hit] | None = [] if _wants_text(ctx.config) else None
    try:
        findings, suppressed = lint_document(doc, ctx, spans)
    except Exception as e:  # noqa: BLE001
        if os.environ.get("SENSITIVE_LINT_DEBUG"):
            raise
        return FileResult(doc.path, "failed", error=f"检查时出错：{type(e).__name__}: {e}")
    if not doc.text.strip() and not findings:
        return FileResult(doc.path, "skipped", error="没有可检查的文字", encoding=doc.encoding)
    text = _Redactor(doc.text, spans).slice(0, len(doc.text)) if spans is not None else None
    return FileResult(doc.path, "checked", tuple(findings), encoding=doc.encoding, suppressed=suppressed,
                      trace=tuple(ctx.trace or ()), text=text)


REPORT_TEXT = "report-text"  # Config.extra key: fill FileResult.text (see report.with_text)


def _wants_text(config: Config) -> bool:
    return bool(config.extra) and any(k == REPORT_TEXT and v for k, v in config.extra)


# -- batches ---------------------------------------------------------------------------------

_WORKER_CTX: Context | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_CTX
    _WORKER_CTX = Context(config)


def _work(path: str) -> FileResult:
    assert _WORKER_CTX is not None
    return lint_path(path, ctx=_WORKER_CTX)


def lint_paths(paths: Iterable[str], config: Config, jobs: int = 1,
               ctx: Context | None = None) -> Iterator[FileResult]:
    """Lint files in order, streaming results; `jobs` > 1 uses worker processes."""
    paths = list(paths)
    if jobs <= 1 or len(paths) < 2:
        ctx = ctx or Context(config)
        for p in paths:
            yield lint_path(p, ctx=ctx)
        return
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker, initargs=(config,)) as pool:
        chunk = max(1, min(32, len(paths) // (jobs * 8)))
        yield from pool.map(_work, paths, chunksize=chunk)
