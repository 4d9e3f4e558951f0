"""Command line: `sensitive-lint lint|extract|rules`.

Exit status: 0 no finding at or above --fail-on, 1 there are such findings, 2 usage or
configuration error.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .config import Config, ConfigError, load_config, validate_codes

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="政务网站与政务新媒体发布前检查：涉密标志、个人信息、敏感词、规范表述。",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"


def _check_format(value: str) -> str:
    from .report import FORMATS

    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r}（可用: {', '.join(FORMATS)}）")
    return value


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _fail(msg: str) -> "typer.Exit":
    typer.echo(f"sensitive-lint: {msg}", err=True)
    return typer.Exit(2)


def _split(values: Optional[List[str]]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


def _config(config_path: Optional[Path], **overrides: object) -> Config:
    try:
        cfg = load_config(config_path)
    except ConfigError as e:
        raise _fail(str(e)) from None
    return cfg.with_overrides(**overrides)


def _validated(cfg: Config) -> "tuple[Config, object]":
    from .context import Context
    from .registry import all_rules

    ctx = Context(cfg)
    try:
        rules = all_rules(ctx)
        validate_codes(cfg, set(rules))
    except (ConfigError, ValueError, OSError) as e:
        raise _fail(str(e)) from None
    ctx.cached("rules", lambda: rules)
    return cfg, ctx


@app.command()
def lint(
    paths: List[str] = typer.Argument(..., help="文件、文件夹、通配符；- 表示标准输入"),
    format: str = typer.Option("text", "--format", "-f", callback=_check_format,
                               help="输出格式：text, json（及 report/ 中登记的其他格式）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="报告写入文件（默认标准输出）"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只启用这些规则（代码或前缀，如 SEC,PRIV001）"),
    extend_select: Optional[List[str]] = typer.Option(None, "--extend-select", help="在配置之外再启用的规则"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="停用这些规则（代码或前缀）"),
    fail_on: Optional[Level] = typer.Option(None, "--fail-on", help="达到该级别即以 1 退出（默认 error）"),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="总是以 0 退出（除非用法错误）"),
    min_severity: Level = typer.Option(Level.info, "--min-severity", help="只显示该级别及以上"),
    config_path: Optional[Path] = typer.Option(None, "--config", help="配置文件（默认向上查找 sensitive-lint.toml 或 pyproject.toml）"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数（默认：文件多时用全部核心）"),
    show_values: bool = typer.Option(False, "--show-values", help="显示个人信息原文（默认打码）"),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="文本文件的编码（默认自动严格识别 UTF-8/GB18030）"),
    max_file_size: Optional[int] = typer.Option(None, "--max-file-size", help="跳过大于该字节数的文件"),
    stdin_filename: str = typer.Option("stdin.txt", "--stdin-filename", help="标准输入按此文件名判断格式"),
    include: Optional[List[str]] = typer.Option(None, "--include", help="遍历文件夹时只检查匹配的文件（glob）"),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="遍历文件夹时排除匹配的文件（glob）"),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="强制开启或关闭颜色"),
    explain: bool = typer.Option(False, "--explain", help="显示每条结果的判断依据"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", metavar="OUT.docx",
                                            help="另存一份带 Word 批注的副本（仅限单个 .docx 输入；原文件不改动）"),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="检查人姓名（写入审核表等报告）"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="只报告不在基线文件中的问题，并列出过期条目（见 baseline create）"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="PATH.sqlite",
                                          help="审查台账（SQLite）：记录每个文件的检查；未改动的文件沿用台账结果"),
    recheck: bool = typer.Option(False, "--recheck", help="与 --ledger 同用：未改动的文件也重新检查"),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="进度条（默认：标准错误是终端且不在 CI 中时显示）"),
) -> None:
    """检查文件，报告问题。"""
    cfg = _config(
        config_path,
        select=_split(select), extend_select=_split(extend_select), ignore=_split(ignore),
        fail_on=fail_on.value if fail_on else None, show_values=show_values or None,
        encoding=encoding, max_file_size=max_file_size,
        include=_split(include), exclude=_split(exclude),
    )
    cfg, ctx = _validated(cfg)
    if explain:
        ctx.trace = []  # type: ignore[attr-defined]
    if annotate is not None:
        _check_annotate(paths, annotate)
    from .report import NEEDS_TEXT, with_text

    if format in NEEDS_TEXT:  # the reporter shows the checked text: have the engine keep it (masked)
        cfg = with_text(cfg)
        ctx.config = cfg  # type: ignore[attr-defined]

    from .engine import lint_bytes
    from .model import SEVERITY_RANK

    # A whole-text report cannot be replayed from the ledger: such a run re-checks every file.
    batch = _Batch(cfg, ctx, jobs=jobs, explain=explain, baseline=baseline, ledger=ledger,
                   recheck=recheck or (ledger is not None and format in NEEDS_TEXT), reviewer=reviewer,
                   progress=progress)

    def results():  # type: ignore[no-untyped-def]
        file_inputs = [p for p in paths if p != "-"]
        if "-" in paths:
            data = sys.stdin.buffer.read()
            yield batch.filter(lint_bytes(data, stdin_filename, ctx=ctx))  # type: ignore[arg-type]
        if file_inputs:
            # Lazily discovered, checked in parallel, recorded in the ledger, filtered by the baseline.
            yield from batch.results(file_inputs)

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    worst = 0
    failed = 0
    try:
        from .report import ReportOptions, make_reporter

        opts = ReportOptions(min_severity=min_severity.value, color=color if output is None else False,
                             explain=explain, rules=ctx.cached("rules", dict),  # type: ignore[attr-defined]
                             reviewer=reviewer, fail_on=cfg.fail_on, output=str(output) if output else None,
                             config=cfg)
        rep = make_reporter(format, batch.sink(format, out), opts)
        annotated = None
        for r in results():  # streamed: a reporter decides what it keeps
            rep.file(r)
            if annotate is not None:
                annotated = r
            failed += r.status == "failed"
            worst = max([worst, *(SEVERITY_RANK[f.severity] for f in r.findings)])
        rep.finish()
        batch.finish(format, out)  # baseline and ledger summaries; closes the ledger
    except KeyboardInterrupt:
        # Ctrl-C: workers stopped, ledger committed, what was done reported; no traceback.
        batch.interrupt(locals().get("rep"), format, out)
        raise typer.Exit(130) from None
    finally:
        if output:
            out.close()
    if annotate is not None and annotated is not None:
        _write_annotated(annotated, annotate, opts)
    if exit_zero:
        return
    # A file that could not be read was not certified publishable: that fails the run too.
    if failed or (worst and worst >= SEVERITY_RANK[cfg.fail_on]):
        raise typer.Exit(1)


def _check_annotate(paths: List[str], dst: Path) -> None:
    if len(paths) != 1 or paths[0] == "-" or not paths[0].lower().endswith(".docx"):
        raise _fail("--annotate 只能用于单个 .docx 文件")
    src = Path(paths[0])
    if not src.is_file():
        raise _fail(f"{src}: 文件不存在")
    if dst.suffix.lower() != ".docx":
        raise _fail(f"--annotate 的输出应为 .docx 文件：{dst}")
    if dst.resolve() == src.resolve():
        raise _fail("--annotate 不能覆盖原文件，请另给一个文件名")


def _write_annotated(result: object, dst: Path, opts: object) -> None:
    from .annotate import annotate_docx
    from .report import shown

    if result.status != "checked":  # type: ignore[attr-defined]
        typer.echo(f"sensitive-lint: 未写批注稿：{result.path} {result.error}", err=True)  # type: ignore[attr-defined]
        return
    try:
        rep = annotate_docx(result.path, dst, shown(result, opts.min_severity), opts.rules)  # type: ignore[arg-type, attr-defined]
    except Exception as e:  # noqa: BLE001 - python-docx refuses some files the loader reads
        typer.echo(f"sensitive-lint: 写批注稿失败：{type(e).__name__}: {e}", err=True)
        raise typer.Exit(2) from None
    msg = f"已写入批注稿 {dst}：{rep.anchored + rep.relocated} 条批注"
    if rep.relocated:
        msg += f"（文本框、脚注中的 {rep.relocated} 条批注在其所在位置）"
    if rep.summarized:
        msg += f"；{'、'.join(rep.summary_kinds)}中的 {rep.summarized} 处问题汇总在第一段的批注里"
    typer.echo(msg, err=True)


@app.command()
def extract(
    path: str = typer.Argument(..., help="文件；- 表示标准输入"),
    locators: bool = typer.Option(False, "--locators", help="在每段前标出位置（段落/表格/页眉）"),
    encoding: Optional[str] = typer.Option(None, "--encoding"),
    stdin_filename: str = typer.Option("stdin.txt", "--stdin-filename"),
) -> None:
    """打印检查所用的纯文本（行号与报告一致）。"""
    from .loaders import LoadError, load_bytes, load_path

    try:
        if path == "-":
            doc = load_bytes(sys.stdin.buffer.read(), stdin_filename, encoding)
        else:
            doc = load_path(Path(path), 2**40, encoding)
    except LoadError as e:
        typer.echo(f"sensitive-lint: {path}: {e.reason}", err=True)
        raise typer.Exit(1) from None
    if locators:
        for b in doc.blocks:
            typer.echo(f"[{b.locator or '正文'}] {b.text}")
        for link in doc.links:
            typer.echo(f"[链接] {link.url}")
    else:
        sys.stdout.write(doc.text)
        if doc.text and not doc.text.endswith("\n"):
            sys.stdout.write("\n")


_KIND_ZH = {"id": "身份证号", "mobile": "手机号", "bank": "银行卡号", "uscc": "统一社会信用代码",
            "landline": "固定电话", "email": "电子邮箱", "passport": "护照号", "plate": "车牌号", "address": "住址"}


@app.command()
def mask(
    path: str = typer.Argument(..., help="要脱敏的文件（.docx .txt .md .html）；- 表示标准输入（按文本处理，输出到标准输出）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="脱敏副本的路径（默认：原名.masked.扩展名）"),
    in_place: bool = typer.Option(False, "--in-place", help="直接覆盖原文件（原子写入）"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它"),
    config_path: Optional[Path] = typer.Option(None, "--config", help="配置文件（脱敏格式见 [mask]）"),
) -> None:
    """写出脱敏副本：身份证号留前6后4，手机号留前3后4，银行卡号留后4……（格式可配置）。"""
    cfg, ctx = _validated(_config(config_path))
    from .loaders import LoadError
    from .masking import mask_file, mask_text

    if path == "-":
        from .loaders.encoding import decode_bytes

        try:
            text, _enc = decode_bytes(sys.stdin.buffer.read())
        except LoadError as e:
            raise _fail(f"标准输入：{e.reason}") from None
        sys.stdout.write(mask_text(text, ctx=ctx).text)  # type: ignore[arg-type]
        return
    src = Path(path)
    if not src.is_file():
        raise _fail(f"{path}: 文件不存在")
    if in_place and output is not None:
        raise _fail("--in-place 与 --output 不能同时使用")
    dst = None if in_place else (output or src.with_name(f"{src.stem}.masked{src.suffix}"))
    if dst is not None and dst.exists() and not force:
        raise _fail(f"{dst} 已存在；用 --force 覆盖，或用 -o 指定其他路径")
    try:
        report = mask_file(src, dst, in_place=in_place, ctx=ctx)  # type: ignore[arg-type]
    except LoadError as e:
        typer.echo(f"sensitive-lint: {path}: {e.reason}", err=True)
        raise typer.Exit(1) from None
    except ValueError as e:
        raise _fail(str(e)) from None
    parts = [f"{_KIND_ZH.get(k, k)} {n} 处" for k, n in sorted(report.masked.items())]
    typer.echo(f"已写入 {report.dst}：" + ("，".join(parts) if parts else "没有需要脱敏的内容"))
    if report.manual:
        typer.echo(f"另有 {report.manual} 处需要人工处理（如疾病信息），请运行 sensitive-lint lint 查看。")


@app.command()
def rules(
    explain: Optional[str] = typer.Option(None, "--explain", help="显示某条规则的完整说明"),
    format: Format = typer.Option(Format.text, "--format", "-f"),
    config_path: Optional[Path] = typer.Option(None, "--config"),
) -> None:
    """列出全部规则：代码、名称、类别、级别、审核要点、依据。"""
    cfg, ctx = _validated(_config(config_path))
    from .registry import all_rules

    table = all_rules(ctx)  # type: ignore[arg-type]
    if explain:
        rule = table.get(explain.upper())
        if rule is None:
            raise _fail(f"没有规则 {explain}")
        typer.echo(rule.doc())
        return
    if format is Format.json:
        import json

        data = [
            {"code": r.code, "name": r.name, "category": r.category,
             "severity": cfg.severity_for(r.code, r.severity), "checkpoint": r.checkpoint,
             "enabled": cfg.is_enabled(r.code, r.default_enabled), "message": r.message,
             "regulation": r.regulation, "source": r.source}
            for r in table.values()
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(show_lines=False, box=None, pad_edge=False)
    for col in ("代码", "名称", "类别", "级别", "审核要点", "说明", "依据"):
        t.add_column(col, overflow="fold")
    for r in table.values():
        sev = cfg.severity_for(r.code, r.severity)
        on = cfg.is_enabled(r.code, r.default_enabled)
        t.add_row(r.code, r.name, r.category, sev if on else f"{sev}（停用）", r.checkpoint, r.message, r.regulation)
    Console(soft_wrap=False).print(t)


# -- batches: progress, ledger, baseline (lint) -----------------------------------------------

def _show_progress(flag: Optional[bool]) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _same_terminal(a: object, b: object) -> bool:
    try:
        return a.isatty() and b.isatty() and os.ttyname(a.fileno()) == os.ttyname(b.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


class _Batch:
    """What `lint` does around the engine for a batch: lazy discovery, --jobs, the progress bar
    (stderr, terminals only), the ledger (skip unchanged files, record each file), the baseline
    (only new findings), and a clean stop on Ctrl-C."""

    def __init__(self, cfg: Config, ctx: object, *, jobs: Optional[int], explain: bool,
                 baseline: Optional[Path], ledger: Optional[Path], recheck: bool,
                 reviewer: Optional[str], progress: Optional[bool]) -> None:
        self.cfg, self.ctx, self.jobs, self.explain = cfg, ctx, jobs, explain
        self.want_progress = _show_progress(progress)
        self.critical = False  # a result is between the ledger and the reporter
        self.stop_requested = False
        self.exhausted = False  # every file done: an interrupt now only cuts the report short
        self.progress = None
        self.task = None
        self.gen = None
        self.done = 0
        self.buffer = None
        self.baseline = None
        self.ledger = None
        self.ledger_abspath = None
        if jobs is not None and jobs < 1:
            raise _fail("--jobs 必须至少为 1")
        if baseline is not None:
            from .baseline import Baseline, BaselineError

            try:
                self.baseline = Baseline.load(baseline)
            except BaselineError as e:
                raise _fail(str(e)) from None
        if recheck and ledger is None:
            raise _fail("--recheck 需要与 --ledger 同用")
        if ledger is not None:
            from .ledger import Ledger, LedgerError

            try:
                self.ledger = Ledger(ledger, ctx, reviewer=reviewer, recheck=recheck,  # type: ignore[arg-type]
                                     command=" ".join(sys.argv))
            except LedgerError as e:
                raise _fail(str(e)) from None
            self.ledger_abspath = os.path.abspath(ledger)

    # -- the stream of results

    def results(self, inputs: List[str]):  # type: ignore[no-untyped-def]
        from itertools import chain, islice

        from .engine import check_files, default_jobs
        from .files import discover

        found = discover(inputs, self.cfg.include, self.cfg.exclude)
        head = list(islice(found, 8))
        n_jobs = self.jobs if self.jobs is not None else (default_jobs() if len(head) >= 8 else 1)
        if self.explain:
            n_jobs = 1  # the trace lives in this process's context
        stream = chain(head, found)
        if self.ledger_abspath:  # the ledger is written, never read as an input
            stream = (p for p in stream if os.path.abspath(p) != self.ledger_abspath)
        led = self.ledger
        self.gen = check_files(stream, self.cfg, jobs=n_jobs, ctx=self.ctx,  # type: ignore[arg-type]
                               known=led.known if led is not None else None, want_hash=led is not None)
        # Ctrl-C while a file is between the ledger and the report is held back until the
        # report has it, so the ledger and the report of an interrupted run list the same files.
        import signal
        import threading

        own = threading.current_thread() is threading.main_thread()
        prev = signal.signal(signal.SIGINT, self._on_sigint) if own else None
        try:
            for out in self.gen:
                self.critical = True
                if self.progress is None and self.want_progress and len(head) > 1:
                    self._start_progress(inputs)
                if out.reused:
                    r = led.replay(out.path, out.sha256)  # type: ignore[union-attr]
                else:
                    r = out.result
                    if led is not None:
                        led.record(r, out.sha256, out.size, out.seconds)
                self.done += 1
                if self.progress is not None:
                    self.progress.advance(self.task)  # type: ignore[attr-defined]
                yield self.filter(r)
                self.critical = False
                if self.stop_requested:
                    raise KeyboardInterrupt
            self.exhausted = True
        finally:
            self.critical = False
            if own and signal.getsignal(signal.SIGINT) == self._on_sigint:
                signal.signal(signal.SIGINT, prev)

    def _on_sigint(self, signum: int, frame: object) -> None:
        self.stop_requested = True
        if not self.critical:
            raise KeyboardInterrupt

    def filter(self, r):  # type: ignore[no-untyped-def]
        return self.baseline.filter(r) if self.baseline is not None else r

    def _start_progress(self, inputs: List[str]) -> None:
        import threading

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("检查"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"), TimeElapsedColumn(),
            console=Console(file=sys.stderr), transient=True, redirect_stdout=False, redirect_stderr=False,
        )
        self.task = self.progress.add_task("lint", total=None)
        self.progress.start()

        def count() -> None:  # the total, found by walking the inputs once more (paths are not kept)
            from .files import discover

            n = sum(1 for _ in discover(inputs, self.cfg.include, self.cfg.exclude))
            if self.progress is not None:
                self.progress.update(self.task, total=n)  # type: ignore[arg-type]

        threading.Thread(target=count, daemon=True, name="sensitive-lint-count").start()

    def _stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    # -- the report

    def sink(self, format: str, out):  # type: ignore[no-untyped-def]
        """Where the reporter writes. JSON goes to a buffer when fields are to be added to it; a
        text report bound for the terminal the progress bar is on goes above the bar."""
        if format == "json" and (self.baseline is not None or self.ledger is not None):
            import io

            self.buffer = io.StringIO()
            return self.buffer
        if self.want_progress and format == "text" and out is sys.stdout and _same_terminal(out, sys.stderr):
            return _AboveProgress(self, out)
        return out

    def _extra(self, interrupted: bool) -> dict:  # type: ignore[type-arg]
        extra: dict = {}  # type: ignore[type-arg]
        if self.baseline is not None:
            extra["baseline"] = self.baseline.summary()
        if self.ledger is not None:
            st = self.ledger.stats
            extra["ledger"] = {"path": str(self.ledger.path), "run": self.ledger.run_id,
                               "ruleset": self.ledger.ruleset, "checked": st.checked, "reused": st.reused}
        if interrupted:
            extra["interrupted"] = True
        return extra

    def finish(self, format: str, out, interrupted: bool = False) -> None:  # type: ignore[no-untyped-def]
        """After the reporter's finish(): add the baseline and ledger summaries to the report."""
        self._stop_progress()
        if self.ledger is not None:
            self.ledger.close(interrupted=interrupted)
        extra = self._extra(interrupted)
        if self.buffer is not None:
            import json

            text = self.buffer.getvalue()
            self.buffer = None
            try:
                doc = json.loads(text)
            except ValueError:  # nothing written (interrupted before the report): leave it
                out.write(text)
                return
            doc.update(extra)  # the contract allows added fields
            json.dump(doc, out, ensure_ascii=False, indent=2)
            out.write("\n")
            return
        lines = self._summary_lines(extra)
        if not lines:
            return
        dest = out if format == "text" else sys.stderr
        dest.write("\n".join(lines) + "\n")

    def _summary_lines(self, extra: dict) -> List[str]:  # type: ignore[type-arg]
        lines = []
        b = extra.get("baseline")
        if b:
            stale = b["stale"]
            lines.append(f"基线 {b['path']}：{b['matched']} 条已在基线中，新问题 {b['new']} 条，"
                         f"过期 {len(stale)} 条" + ("（问题已不存在：重新生成基线即可缩小它）" if stale else ""))
            for e in stale[:20]:
                lines.append(f"  过期：{e.get('path')}:{e.get('line')} {e.get('rule')} {e.get('text')}")
            if len(stale) > 20:
                lines.append(f"  ……另有 {len(stale) - 20} 条")
        led = extra.get("ledger")
        if led:
            lines.append(f"台账 {led['path']}：本次检查 {led['checked']} 个文件，未改动沿用 {led['reused']} 个"
                         f"（规则集 {led['ruleset']}）")
        return lines

    def interrupt(self, rep, format: str, out) -> None:  # type: ignore[no-untyped-def]
        """Ctrl-C: stop the workers, keep the ledger, report what was done."""
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        try:
            if self.gen is not None:
                self.gen.close()  # terminates the worker processes
        except Exception:  # noqa: BLE001
            pass
        self._stop_progress()
        saved = "；台账已保存" if self.ledger is not None else ""
        if self.exhausted:  # the checks were all done; the report was being written
            if self.ledger is not None and not self.ledger.closed:
                self.ledger.close()
            typer.echo(f"sensitive-lint: 已中断，报告未写完（{self.done} 个文件已检查{saved}）", err=True)
            return
        try:
            if rep is not None:
                rep.finish()
            self.finish(format, out, interrupted=True)
        except Exception:  # noqa: BLE001 - the run is being abandoned: say so, do not crash
            if self.ledger is not None and not self.ledger.closed:
                self.ledger.close(interrupted=True)
        typer.echo(f"sensitive-lint: 已中断（已完成 {self.done} 个文件{saved}）", err=True)


class _AboveProgress:
    """A text stream that prints above the progress bar while it is shown."""

    def __init__(self, batch: _Batch, out) -> None:  # type: ignore[no-untyped-def]
        self.batch, self.out = batch, out
        self.proxy = None

    def write(self, s: str) -> int:
        prog = self.batch.progress
        if prog is None:
            if self.proxy is not None:
                self.proxy.flush()
                self.proxy = None
            return self.out.write(s)
        if self.proxy is None:
            from rich.file_proxy import FileProxy

            self.proxy = FileProxy(prog.console, self.out)
        return self.proxy.write(s)

    def flush(self) -> None:
        (self.proxy or self.out).flush()

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.out, name)


# -- baseline and ledger commands -------------------------------------------------------------

baseline_app = typer.Typer(no_args_is_help=True, help="基线：记录现有问题，之后只报告新问题。")
ledger_app = typer.Typer(no_args_is_help=True, help="审查台账（SQLite）：汇总与导出。")
app.add_typer(baseline_app, name="baseline")
app.add_typer(ledger_app, name="ledger")


@baseline_app.command("create")
def baseline_create(
    paths: List[str] = typer.Argument(None, help="文件、文件夹、通配符（默认当前文件夹）"),
    output: Path = typer.Option(Path(".sensitive-lint-baseline.json"), "--output", "-o", help="基线文件"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只启用这些规则"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="停用这些规则"),
    config_path: Optional[Path] = typer.Option(None, "--config", help="配置文件"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数"),
    include: Optional[List[str]] = typer.Option(None, "--include", help="只检查匹配的文件（glob）"),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="排除匹配的文件（glob）"),
) -> None:
    """记录当前全部问题（按指纹；个人信息只存哈希），lint --baseline 之后只报告新问题。"""
    # Values are never shown here: privacy findings are fingerprinted by their masked form.
    cfg = _config(config_path, select=_split(select), ignore=_split(ignore), include=_split(include),
                  exclude=_split(exclude), show_values=False)
    cfg, ctx = _validated(cfg)
    from .baseline import write

    batch = _Batch(cfg, ctx, jobs=jobs, explain=False, baseline=None, ledger=None, recheck=False,
                   reviewer=None, progress=None)
    out_abs = os.path.abspath(output)
    failed = []

    def results():  # type: ignore[no-untyped-def]
        for r in batch.results(list(paths or ["."])):
            if r.status == "failed":
                failed.append(r)
            if os.path.abspath(r.path) != out_abs:
                yield r

    try:
        n, files = write(results(), output)
    except KeyboardInterrupt:
        batch.interrupt(None, "none", sys.stderr)
        typer.echo("sensitive-lint: 基线未写入", err=True)
        raise typer.Exit(130) from None
    except OSError as e:
        raise _fail(f"无法写入基线 {output}：{e}") from None
    finally:
        batch._stop_progress()
    typer.echo(f"已写入基线 {output}：{n} 条问题，涉及 {files} 个文件")
    for r in failed[:20]:
        typer.echo(f"注意：{r.path} 未能检查（{r.error}），其中的问题不在基线中", err=True)


@ledger_app.command("report")
def ledger_report(
    path: Path = typer.Argument(..., help="台账文件（lint --ledger 写入的 .sqlite）"),
    format: str = typer.Option("text", "--format", "-f", help="text 或 json"),
    depth: Optional[int] = typer.Option(None, "--depth", help="按目录汇总时只取前 N 级目录"),
) -> None:
    """按月、目录、类别（及审核要点）汇总台账。"""
    from .ledger import LedgerError, render_report, summary

    if format not in ("text", "json"):
        raise _fail(f"--format {format!r} 无效（可用: text, json）")
    try:
        data = summary(path, depth)
    except LedgerError as e:
        raise _fail(str(e)) from None
    if format == "json":
        import json

        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_report(data)


@ledger_app.command("export")
def ledger_export(
    path: Path = typer.Argument(..., help="台账文件"),
    format: str = typer.Option("csv", "--format", "-f", help="导出格式（csv）"),
    table: str = typer.Option("files", "--table", help="files（每次检查一行）、findings（每个问题一行）或 runs"),
    latest: bool = typer.Option(False, "--latest", help="每个文件只取最近一次检查"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件（默认标准输出）"),
    bom: Optional[bool] = typer.Option(None, "--bom/--no-bom", help="写 UTF-8 BOM（Excel 需要；默认写入文件时加）"),
) -> None:
    """导出台账为 CSV（UTF-8，带 BOM，Excel 可直接打开）。"""
    from .ledger import LedgerError, export_csv

    if format != "csv":
        raise _fail(f"--format {format!r} 无效（可用: csv）")
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if bom if bom is not None else output is not None:
            out.write("\ufeff")  # Excel needs the BOM to read UTF-8
        n = export_csv(path, out, table, latest)
    except LedgerError as e:
        raise _fail(str(e)) from None
    finally:
        if output:
            out.close()
    if output:
        typer.echo(f"已导出 {n} 行到 {output}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sensitive-lint {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
) -> None:
    pass


def main() -> None:
    app()


if __name__ == "__main__":
    main()
