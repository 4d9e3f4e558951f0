"""Mask personal data: in findings (what reports show) and in a desensitised copy of a file.

Mask patterns, per kind, in configuration (`[tool.sensitive-lint.mask]`, kinds id, mobile,
bank, uscc, landline, email, passport, plate, address):

    keep:H:T[:C]   keep the first H and the last T significant characters, replace every other
                   significant character by C (default "*"). Significant characters are
                   letters and digits (ASCII or full-width); for `address` and `plate` also
                   Chinese characters. Separators (spaces, dashes, "·") stay where they are.
                   For `email`, H and T count in the part before "@"; the domain is kept.
    digits[:C]     replace every digit, and every Chinese numeral right before 号/栋/幢/单元/室/
                   弄/层/楼/组, by C; keep the rest (幸福路12号3栋 → 幸福路**号*栋).

A mask replaces one character by one character, so a masked value has the length of the
original: findings show it in place of the value (engine._Redactor relies on this) and
line/column positions of a masked copy stay valid. At least one significant character is
always masked: when a value is shorter than H + T, T shrinks first, then H.

Defaults (the forms the regulations' examples use):

    id = "keep:6:4"        110101********1234
    mobile = "keep:3:4"    138****5678
    bank = "keep:0:4"      **** **** **** 1234
    uscc = "keep:8:2"      92500242********4C
    landline = "keep:4:2"  023-7*****07
    email = "keep:1:0"     z*******@163.com
    passport = "keep:1:3"  E*****678
    plate = "keep:3:2"     渝A·1**45
    address = "digits"     幸福路**号*栋*单元***室

Files: `mask_file(src, dst, config)` writes a desensitised copy of .txt/.md/.html/.docx. The
input is never written unless `in_place=True`, and then atomically (temp file + os.replace).
"""
from __future__ import annotations

import codecs
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import Config, ConfigError
from .context import Context
from .model import SEVERITY_RANK, Document

MASK_KINDS = ("id", "mobile", "bank", "uscc", "landline", "email", "passport", "plate", "address")
DEFAULT_MASKS: dict[str, str] = {
    "id": "keep:6:4", "mobile": "keep:3:4", "bank": "keep:0:4", "uscc": "keep:8:2",
    "landline": "keep:4:2", "email": "keep:1:0", "passport": "keep:1:3", "plate": "keep:3:2",
    "address": "digits",
}
_SPEC = re.compile(r"keep:(\d{1,2}):(\d{1,2})(?::(.))?|digits(?::(.))?")
_CN_DOOR_NUMERAL = re.compile(r"[一二三四五六七八九十百零〇两]+(?=号|栋|幢|单元|室|弄|层|楼|组)")


@dataclass(frozen=True)
class MaskSpec:
    mode: str  # keep | digits
    head: int = 0
    tail: int = 0
    char: str = "*"


def parse_spec(kind: str, text: str) -> MaskSpec:
    m = _SPEC.fullmatch(text.strip())
    if kind not in MASK_KINDS:
        raise ConfigError(f"mask: 未知的类型 {kind!r}（可用: {', '.join(MASK_KINDS)}）")
    if not m:
        raise ConfigError(f"mask.{kind} = {text!r} 无效：应为 keep:前:后[:字符] 或 digits[:字符]，如 \"keep:6:4\"")
    if text.startswith("keep"):
        return MaskSpec("keep", int(m.group(1)), int(m.group(2)), m.group(3) or "*")
    return MaskSpec("digits", char=m.group(4) or "*")


def specs(config: Config) -> dict[str, MaskSpec]:
    table = dict(DEFAULT_MASKS)
    table.update(dict(config.mask))
    return {k: parse_spec(k, v) for k, v in table.items()}


def _significant(kind: str) -> Callable[[str], bool]:
    if kind in ("address", "plate"):
        return lambda ch: not ch.isspace() and ch not in "-－·•・.．"
    return lambda ch: ch.isalnum()


def mask_value(kind: str, value: str, spec: MaskSpec | None = None) -> str:
    """The masked form of one value, the same length as the value."""
    spec = spec or parse_spec(kind, DEFAULT_MASKS[kind])
    if kind == "email":
        at = max(value.rfind("@"), value.rfind("＠"))
        if at > 0:
            return _mask_chars("email", value[:at], spec) + value[at:]
    if spec.mode == "digits":
        out = _CN_DOOR_NUMERAL.sub(lambda m: spec.char * len(m.group()), value)
        return "".join(spec.char if ch.isdigit() else ch for ch in out)
    return _mask_chars(kind, value, spec)


def _mask_chars(kind: str, value: str, spec: MaskSpec) -> str:
    sig = _significant(kind)
    idx = [i for i, ch in enumerate(value) if sig(ch)]
    n = len(idx)
    if n == 0:
        return value
    head, tail = spec.head, spec.tail
    if head + tail >= n:  # always mask something: shrink the kept tail first, then the head
        tail = max(0, n - head - 1)
        head = min(head, n - 1 - tail)
    chars = list(value)
    for i in idx[head:n - tail]:
        chars[i] = spec.char
    return "".join(chars)


class Masker:
    """Masks values of each kind per configuration; built once per Context."""

    def __init__(self, config: Config) -> None:
        self.specs = specs(config)

    def __call__(self, kind: str, value: str) -> str:
        return mask_value(kind, value, self.specs.get(kind))


def masker(ctx: Context) -> Masker:
    return ctx.cached("privacy.masker", lambda: Masker(ctx.config))


# -- plans: what to replace in a text -------------------------------------------------------

@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    kind: str
    rule: str
    masked: str


@dataclass
class Plan:
    replacements: list[Replacement]
    manual: int = 0  # health details: no mask, a person rewords them


def plan(text: str, ctx: Context, doc: Document | None = None, min_severity: str = "warning") -> Plan:
    """Replacements for every maskable privacy detection at or above `min_severity` whose rule
    is enabled in configuration. PRIV007 (health) has no mask: it is counted as manual work."""
    from .privacy import detect
    from .registry import all_rules

    rules = ctx.cached("rules", lambda: all_rules(ctx))
    m = masker(ctx)
    out, manual = [], 0
    for d in detect(text, ctx, doc.blocks if doc is not None else ()):
        rule = rules.get(d.rule)
        if rule is not None and not ctx.config.is_enabled(d.rule, rule.default_enabled):
            continue
        if d.kind not in m.specs:
            manual += 1
            continue
        if SEVERITY_RANK[d.severity] < SEVERITY_RANK[min_severity]:
            continue
        out.append(Replacement(d.start, d.end, d.kind, d.rule, m(d.kind, text[d.start:d.end])))
    return Plan(out, manual)


def apply(text: str, replacements: list[Replacement]) -> str:
    parts, pos = [], 0
    for r in sorted(replacements, key=lambda r: r.start):
        parts.append(text[pos:r.start])
        parts.append(r.masked)
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


@dataclass
class MaskedText:
    text: str
    replacements: list[Replacement]


def mask_text(text: str, config: Config | None = None, ctx: Context | None = None) -> MaskedText:
    ctx = ctx or Context(config)
    reps = plan(text, ctx).replacements
    return MaskedText(apply(text, reps), reps)


def mask_document(doc: Document, ctx: Context) -> MaskedText:
    """The Document's text (what `extract` prints) with personal data masked."""
    reps = plan(doc.text, ctx, doc).replacements
    return MaskedText(apply(doc.text, reps), reps)


# -- files ----------------------------------------------------------------------------------

@dataclass
class MaskReport:
    src: str
    dst: str
    masked: dict[str, int] = field(default_factory=dict)  # kind → values masked
    manual: int = 0  # findings a person must fix (health details, values a mask cannot reach)

    @property
    def total(self) -> int:
        return sum(self.masked.values())


def mask_file(src: Path, dst: Path | None, config: Config | None = None, in_place: bool = False,
              ctx: Context | None = None) -> MaskReport:
    """Write a desensitised copy of `src` to `dst` (or over `src` when `in_place`)."""
    from .loaders import kind_of

    ctx = ctx or Context(config)
    src = Path(src)
    if in_place:
        if dst is not None and Path(dst).resolve() != src.resolve():
            raise ValueError("in_place 时不能另给输出路径")
        target = src
    else:
        if dst is None:
            raise ValueError("需要输出路径（或使用 in_place）")
        target = Path(dst)
        if target.exists() and target.resolve() == src.resolve():
            raise ValueError(f"输出路径与输入相同：{src}；覆盖原文件须明确指定 in_place")
    kind = kind_of(src.name)
    data = src.read_bytes()
    report = MaskReport(str(src), str(target))
    if kind == "docx":
        from .privacy.docx_rewrite import rewrite_docx

        out = rewrite_docx(data, src.name, ctx, report)
    elif kind == "html":
        from .privacy.html_rewrite import rewrite_html

        out = rewrite_html(data, src.name, ctx, report)
    elif kind in ("txt", "md"):
        out = _rewrite_text(data, ctx, report)
    else:
        raise ValueError(f"不支持的文件类型：{src.suffix}（支持 .txt .md .html .docx）")
    _write_atomic(target, out, like=src if in_place else None)
    return report


def count(report: MaskReport, reps: list[Replacement]) -> None:
    for r in reps:
        report.masked[r.kind] = report.masked.get(r.kind, 0) + 1


def decode_keeping_bytes(data: bytes) -> tuple[str, bytes, str]:
    """(text, BOM, codec) such that BOM + text.encode(codec) == data: newlines are not touched."""
    from .loaders.encoding import decode_bytes

    _, enc = decode_bytes(data)  # the loader's strict detection decides the encoding
    if enc == "utf-8-sig":
        return data[3:].decode("utf-8"), data[:3], "utf-8"
    if enc == "utf-16":
        codec = "utf-16-le" if data[:2] == codecs.BOM_UTF16_LE else "utf-16-be"
        return data[2:].decode(codec), data[:2], codec
    return data.decode(enc), b"", enc


def _rewrite_text(data: bytes, ctx: Context, report: MaskReport) -> bytes:
    text, bom, codec = decode_keeping_bytes(data)
    p = plan(text, ctx)
    count(report, p.replacements)
    report.manual += p.manual
    return bom + apply(text, p.replacements).encode(codec)


def _write_atomic(target: Path, data: bytes, like: Path | None = None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if like is not None:
            os.chmod(tmp, os.stat(like).st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
