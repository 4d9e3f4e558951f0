"""Read wordlists: shipped ones (with a header) and the plain lists counties receive.

Formats (docs/data-formats.md): `# key: value` header lines, then one entry per line with
optional tab-separated fields `term, severity, suggestion, note`. A headerless plain list or a
`word<TAB>category` file loads too, taking its defaults from the configuration that adds it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

from .model import SEVERITIES

_SEV = set(SEVERITIES)


class WordlistError(Exception):
    pass


class Entry(NamedTuple):
    """A tuple, not a dataclass: thousands are unpickled from the cache on every run."""

    term: str
    severity: str
    suggestion: str | None
    note: str | None
    label: str


@dataclass(frozen=True)
class Wordlist:
    id: str
    path: str
    rule: str
    category: str
    label: str
    severity: str
    source: str
    checkpoint: str
    entries: tuple[Entry, ...]
    header: tuple[tuple[str, str], ...] = ()

    def meta(self, key: str, default: str = "") -> str:
        return dict(self.header).get(key, default)


def split_header(text: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """The `# key: value` lines before the first entry, and the entry lines with their numbers.

    Shared by wordlists and substitution packs: one header convention for every data file."""
    header: dict[str, str] = {}
    lines: list[tuple[int, str]] = []
    in_header = True
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if in_header and ":" in stripped:
                key, _, value = stripped[1:].partition(":")
                key = key.strip().lower()
                if key and " " not in key:
                    header.setdefault(key, value.strip())
            continue
        in_header = False
        lines.append((lineno, raw))
    return header, lines


def parse_wordlist(
    text: str,
    path: str,
    *,
    default_rule: str = "SENS010",
    default_category: str = "sensitive",
    default_severity: str = "warning",
    default_label: str = "",
    default_checkpoint: str = "安全性",
) -> Wordlist:
    header, lines = split_header(text)
    entries: list[Entry] = []
    for lineno, line in lines:
        fields = [f.strip() for f in line.split("\t")]
        term = fields[0]
        if not term:
            continue
        severity = header.get("severity", default_severity)
        suggestion = note = None
        label = header.get("label", default_label)
        rest = fields[1:]
        if rest and rest[0] and rest[0] != "-" and rest[0] not in _SEV:
            # `word<TAB>category` lists as counties receive them: the second field is a label.
            label = rest[0]
            rest = []
        if rest:
            if rest[0] and rest[0] != "-":
                severity = rest[0]
            if len(rest) > 1 and rest[1] and rest[1] != "-":
                suggestion = rest[1]
            if len(rest) > 2 and rest[2] and rest[2] != "-":
                note = rest[2]
        if severity not in _SEV:
            raise WordlistError(f"{path}:{lineno}: 级别 {severity!r} 无效（可用 error, warning, info）")
        entries.append(Entry(term, severity, suggestion, note, label))
    list_id = header.get("id") or Path(path).stem
    return Wordlist(
        id=list_id,
        path=path,
        rule=header.get("rule", default_rule),
        category=header.get("category", default_category),
        label=header.get("label", default_label or list_id),
        severity=header.get("severity", default_severity),
        source=header.get("source", ""),
        checkpoint=header.get("checkpoint", default_checkpoint),
        entries=tuple(entries),
        header=tuple(header.items()),
    )


def read_wordlist(path: Path, **defaults: str) -> Wordlist:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise WordlistError(f"无法读取词表 {path}: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # county lists often arrive in GBK
        except UnicodeDecodeError:
            raise WordlistError(f"词表 {path} 既不是 UTF-8 也不是 GB18030 编码") from None
    return parse_wordlist(text, str(path), **defaults)


def read_phrases(path: Path) -> list[str]:
    """A plain phrase list (allowlist, context words): one per line, # comments."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.split("\t")[0].strip()
        if s and not s.startswith("#"):
            out.append(s)
    return out
