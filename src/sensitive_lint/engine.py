"""Run the enabled checks over a Document and turn their hits into Findings.

A lint is a pure function of (document bytes or text, file name, configuration); the Context
only adds per-process caches, so batches can run in worker processes.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Mapping

from .config import Config
from .context import Context
from .loaders import LoadError, load_bytes, read_input
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


def _plan(ctx: Context, rules: dict[str, Rule]) -> tuple[frozenset[str], list[object]]:
    """Enabled rule codes and the modules that have one: decided once per run, not per file."""
    config = ctx.config
    enabled = frozenset(code for code, r in rules.items() if config.is_enabled(code, r.default_enabled))
    modules = [m for m in check_modules() if {r.code for r in m.rules(ctx)} & enabled]  # type: ignore[attr-defined]
    return enabled, modules


def lint_document(doc: Document, ctx: Context,
                  masked_spans: list[Hit] | None = None) -> tuple[list[Finding], int]:
    """Findings of one document in position order, and how many were suppressed inline.

    `masked_spans`, when a list, receives every hit that has a masked display (personal data),
    suppressed or allowlisted ones included: what a reporter must mask when it shows the text."""
    config = ctx.config
    rules = _rules(ctx)
    enabled, modules = ctx.cached("plan", lambda: _plan(ctx, rules))
    directives = doc.directives + scan_text_markers(doc)
    hits: list[Hit] = []
    for module in modules:
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
    from .loaders.text import text_document

    ctx = ctx or Context(config)
    return lint_document(text_document(text, path), ctx)[0]


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
    out = check_file(str(path), ctx)
    assert out.result is not None
    return out.result


@dataclass(frozen=True)
class Outcome:
    """What a batch knows about one file: its result, and for the ledger the SHA-256 and size of
    the bytes that were checked. `reused` means the bytes matched a hash the caller already had
    a result for (`known`), so nothing was checked and `result` is None."""

    path: str
    result: FileResult | None
    sha256: str | None = None
    size: int | None = None
    reused: bool = False
    seconds: float = 0.0


def check_file(path: str, ctx: Context, known: Collection[str] = (), want_hash: bool = False) -> Outcome:
    """Read a file once, hash it when asked (or when `known` hashes are given), and lint it
    unless its hash is in `known`. Never raises for a bad file."""
    t0 = time.perf_counter()
    try:
        data = read_input(Path(path), ctx.config.max_file_size)
    except LoadError as e:
        return Outcome(path, FileResult(path, e.status, error=e.reason))  # type: ignore[arg-type]
    except Exception as e:  # noqa: BLE001 - a loader bug must not stop a batch
        return Outcome(path, FileResult(path, "failed", error=f"读取时出错：{type(e).__name__}: {e}"))
    size = len(data)
    digest = hashlib.sha256(data).hexdigest() if (want_hash or known) else None
    if digest is not None and digest in known:
        return Outcome(path, None, digest, size, reused=True, seconds=time.perf_counter() - t0)
    try:
        doc = load_bytes(data, path, ctx.config.encoding)
    except LoadError as e:
        result = FileResult(path, e.status, error=e.reason)  # type: ignore[arg-type]
    except Exception as e:  # noqa: BLE001
        if os.environ.get("SENSITIVE_LINT_DEBUG"):
            raise
        result = FileResult(path, "failed", error=f"读取时出错：{type(e).__name__}: {e}")
    else:
        del data
        result = _check(doc, ctx)
    return Outcome(path, result, digest, size, seconds=time.perf_counter() - t0)


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
    unchecked = getattr(doc, "unchecked", None)
    if unchecked:
        # Part of the document could not be read (scanned pages of a PDF): what was read is
        # reported, and the file is not certified — it fails like an unreadable file.
        if findings:
            unchecked += f"；已检查部分发现问题 {len(findings)} 处"
        return FileResult(doc.path, "failed", tuple(findings), error=unchecked, encoding=doc.encoding,
                          suppressed=suppressed, trace=tuple(ctx.trace or ()))
    if not doc.text.strip() and not findings:
        return FileResult(doc.path, "skipped", error="没有可检查的文字", encoding=doc.encoding)
    text = _Redactor(doc.text, spans).slice(0, len(doc.text)) if spans is not None else None
    return FileResult(doc.path, "checked", tuple(findings), encoding=doc.encoding, suppressed=suppressed,
                      trace=tuple(ctx.trace or ()), text=text, unexamined=tuple(doc.unexamined))


REPORT_TEXT = "report-text"  # Config.extra key: fill FileResult.text (see report.with_text)


def _wants_text(config: Config) -> bool:
    return bool(config.extra) and any(k == REPORT_TEXT and v for k, v in config.extra)


# -- batches ---------------------------------------------------------------------------------
#
# Memory stays bounded whatever the size of the archive: paths are read from the iterable as
# workers need them (at most `jobs * WINDOW` chunks in flight), results are yielded in input
# order as they complete and nothing is kept. Workers ignore SIGINT: Ctrl-C reaches the main
# process only, which stops submitting, terminates the workers and lets the caller report what
# was done. A worker that dies (a crash in a parser) breaks only the chunks in flight: they are
# re-run one file per task in a fresh pool, and a file that kills a worker again is reported as
# failed.

CHUNK = 8  # files per task: small enough to keep the order-preserving window moving
WINDOW = 4  # chunks in flight per worker

KnownHashes = Callable[[list[str]], Mapping[str, Collection[str]]]

_WORKER_CTX: Context | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_CTX
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    _WORKER_CTX = Context(config)


def _work_chunk(items: list[tuple[str, tuple[str, ...]]], want_hash: bool) -> list[Outcome]:
    assert _WORKER_CTX is not None
    return [check_file(p, _WORKER_CTX, known, want_hash) for p, known in items]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # the cores this process may use
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lint_paths(paths: Iterable[str], config: Config, jobs: int = 1,
               ctx: Context | None = None) -> Iterator[FileResult]:
    """Lint files in order, streaming results; `jobs` > 1 uses worker processes."""
    for out in check_files(paths, config, jobs=jobs, ctx=ctx):
        assert out.result is not None
        yield out.result


def check_files(paths: Iterable[str], config: Config, jobs: int = 1, ctx: Context | None = None,
                known: KnownHashes | None = None, want_hash: bool = False) -> Iterator[Outcome]:
    """Check files in input order, yielding an Outcome per file as soon as it and every file
    before it are done. `known(paths)` may return, per path, hashes whose results the caller
    already has (the ledger): such files are read and hashed but not checked (`reused`)."""
    it = iter(paths)
    if jobs > 1:
        head = list(islice(it, 2))  # one file is not worth starting workers for
        it = chain(head, it)
        if len(head) < 2:
            jobs = 1
    if jobs <= 1:
        ctx = ctx or Context(config)
        while True:
            batch = list(islice(it, 64))
            if not batch:
                return
            k = known(batch) if known else {}
            for p in batch:
                yield check_file(p, ctx, tuple(k.get(p, ())), want_hash)
        return
    yield from _parallel(it, config, jobs, known, want_hash)


def _new_pool(config: Config, jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(config,))


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop now: cancel what has not started and terminate the workers (no waiting for the
    chunks they are on)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        try:
            terminate()
        except Exception:  # noqa: BLE001
            pass
    else:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                proc.terminate()
            except Exception:  # noqa: BLE001
                pass
    pool.shutdown(wait=True, cancel_futures=True)


def _parallel(it: Iterator[str], config: Config, jobs: int, known: KnownHashes | None,
              want_hash: bool) -> Iterator[Outcome]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(config, jobs)
    pending: deque[tuple[object, list[tuple[str, tuple[str, ...]]]]] = deque()
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < jobs * WINDOW:
                paths = list(islice(it, CHUNK))
                if not paths:
                    exhausted = True
                    break
                k = known(paths) if known else {}
                items = [(p, tuple(k.get(p, ()))) for p in paths]
                pending.append((pool.submit(_work_chunk, items, want_hash), items))
            if not pending:
                return
            fut, items = pending.popleft()
            try:
                outs = fut.result()  # type: ignore[attr-defined]
            except BrokenProcessPool:
                # A worker died. Re-run this chunk and every chunk in flight one file at a time.
                suspects = items + [x for _f, its in pending for x in its]
                pending.clear()
                _stop_pool(pool)
                pool = _new_pool(config, jobs)
                for item in suspects:
                    out, pool = _isolated(pool, config, jobs, item, want_hash)
                    yield out
                continue
            yield from outs
    finally:
        _stop_pool(pool)


def _isolated(pool: ProcessPoolExecutor, config: Config, jobs: int, item: tuple[str, tuple[str, ...]],
              want_hash: bool) -> tuple[Outcome, ProcessPoolExecutor]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_work_chunk, [item], want_hash).result()[0], pool
    except BrokenProcessPool:
        _stop_pool(pool)
        result = FileResult(item[0], "failed", error="检查进程异常退出（文件可能触发了解析器缺陷），未能检查")
        return Outcome(item[0], result), _new_pool(config, jobs)
