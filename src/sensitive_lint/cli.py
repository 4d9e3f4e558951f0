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

    from .engine import lint_bytes, lint_paths
    from .files import discover
    from .model import SEVERITY_RANK

    def results():  # type: ignore[no-untyped-def]
        file_inputs = [p for p in paths if p != "-"]
        if "-" in paths:
            data = sys.stdin.buffer.read()
            yield lint_bytes(data, stdin_filename, ctx=ctx)  # type: ignore[arg-type]
        files = list(discover(file_inputs, cfg.include, cfg.exclude))
        n_jobs = jobs if jobs is not None else (os.cpu_count() or 1 if len(files) >= 8 else 1)
        if explain:
            n_jobs = 1  # the trace lives in this process's context
        yield from lint_paths(files, cfg, jobs=n_jobs, ctx=ctx)  # type: ignore[arg-type]

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    worst = 0
    failed = 0
    try:
        from .report import ReportOptions, make_reporter

        opts = ReportOptions(min_severity=min_severity.value, color=color if output is None else False,
                             explain=explain, rules=ctx.cached("rules", dict))  # type: ignore[attr-defined]
        rep = make_reporter(format, out, opts)
        for r in results():  # streamed: a reporter decides what it keeps
            rep.file(r)
            failed += r.status == "failed"
            worst = max([worst, *(SEVERITY_RANK[f.severity] for f in r.findings)])
        rep.finish()
    except KeyboardInterrupt:
        typer.echo("sensitive-lint: 已中断", err=True)
        raise typer.Exit(130) from None
    finally:
        if output:
            out.close()
    if exit_zero:
        return
    # A file that could not be read was not certified publishable: that fails the run too.
    if failed or (worst and worst >= SEVERITY_RANK[cfg.fail_on]):
        raise typer.Exit(1)


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
