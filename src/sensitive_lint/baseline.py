"""Baselines: adopt the tool on an existing body of text without fixing everything first.

`sensitive-lint baseline create PATHS -o .sensitive-lint-baseline.json` records the findings of
today; `sensitive-lint lint --baseline .sensitive-lint-baseline.json PATHS` then reports only
findings that are not in it, and lists the baseline entries that no longer match anything
(stale: the problem was fixed or the file is gone) so the baseline can be re-created smaller.

A finding's fingerprint is a hash of

    rule + file path (relative to the baseline file's folder) + normalised matched text
    + occurrence index among findings with the same rule and text in that file

— no line or column, so inserting or deleting paragraphs elsewhere in the file changes nothing.
The occurrence index tells repeated identical findings apart: a second "内部资料" added to a
file is new even though the first is in the baseline. (Adding one *above* an existing identical
one reports the last of them as new; the count is what is compared.)

Personal data never goes into the file raw: the text of a privacy finding is stored and
fingerprinted only as a SHA-256 of its masked form (`sha256:…`). Other findings keep their
text so a reviewer can read the baseline.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__
from .ledger import stored_text
from .model import FileResult, Finding

BASELINE_VERSION = 1
DEFAULT_NAME = ".sensitive-lint-baseline.json"


class BaselineError(Exception):
    """The baseline file is missing or not a baseline (exit 2)."""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def entry_text(f: Finding) -> str:
    """What the baseline keeps of the matched text."""
    if f.category == "privacy":
        return "sha256:" + hashlib.sha256(_norm(stored_text(f)).encode()).hexdigest()[:24]
    return _norm(f.text)


def rel_path(path: str, base_dir: Path) -> str:
    if path in ("-", "<text>"):
        return path
    return Path(os.path.relpath(os.path.abspath(path), base_dir)).as_posix()


def fingerprint(rule: str, rel: str, text: str, occurrence: int) -> str:
    return hashlib.sha256(f"{rule}\x1f{rel}\x1f{text}\x1f{occurrence}".encode()).hexdigest()[:24]


def entries(findings: Iterable[Finding], rel: str) -> Iterator[tuple[Finding, dict[str, object]]]:
    """Each finding (in position order) with its baseline entry."""
    seen: dict[tuple[str, str], int] = {}
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.rule, f.line, f.column)):
        text = entry_text(f)
        k = seen.get((f.rule, text), 0)
        seen[(f.rule, text)] = k + 1
        yield f, {"fingerprint": fingerprint(f.rule, rel, text, k), "path": rel, "rule": f.rule,
                  "text": text, "occurrence": k, "severity": f.severity, "line": f.line}


def write(results: Iterable[FileResult], out: Path) -> tuple[int, int]:
    """Write a baseline of `results` to `out` (atomically). Returns (entries, files with entries)."""
    base = out.resolve().parent
    rows: list[dict[str, object]] = []
    files = 0
    for r in results:
        es = [e for _f, e in entries(r.findings, rel_path(r.path, base))]
        files += bool(es)
        rows.extend(es)
    rows.sort(key=lambda e: (str(e["path"]), int(e["line"]), str(e["rule"]), int(e["occurrence"])))  # type: ignore[call-overload]
    doc = {
        "version": BASELINE_VERSION,
        "tool": {"name": "sensitive-lint", "version": __version__},
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "about": "sensitive-lint lint --baseline 只报告不在此文件中的问题；line 仅供参考，匹配不看行号。"
                 "个人信息只以其打码文本的 SHA-256 保存。",
        "findings": rows,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", dir=str(out.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return len(rows), files


@dataclass
class Baseline:
    """A loaded baseline: filters results and keeps track of what matched."""

    path: Path
    by_fp: dict[str, dict[str, object]]
    base_dir: Path
    matched: set[str] = field(default_factory=set)
    seen_paths: set[str] = field(default_factory=set)  # files fully checked in this run
    new: int = 0

    @classmethod
    def load(cls, path: str | Path) -> "Baseline":
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"基线文件不存在：{p}（用 sensitive-lint baseline create 生成）") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise BaselineError(f"无法读取基线文件 {p}：{e}") from None
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{p} 不是 sensitive-lint 基线文件")
        if int(data.get("version", 0)) > BASELINE_VERSION:
            raise BaselineError(f"{p} 由更新版本的 sensitive-lint 生成（基线格式 {data.get('version')}），请升级")
        by_fp = {str(e["fingerprint"]): e for e in data["findings"] if isinstance(e, dict) and "fingerprint" in e}
        return cls(p, by_fp, p.resolve().parent)

    def filter(self, result: FileResult) -> FileResult:
        """The result with only the findings that are not in the baseline."""
        rel = rel_path(result.path, self.base_dir)
        if result.status == "checked":
            self.seen_paths.add(rel)
        if not result.findings:
            return result
        keep = []
        for f, e in entries(result.findings, rel):
            fp = str(e["fingerprint"])
            if fp in self.by_fp:
                self.matched.add(fp)
            else:
                keep.append(f)
        self.new += len(keep)
        if len(keep) == len(result.findings):
            return result
        keep.sort(key=lambda f: (f.start, f.end, f.rule))
        return replace(result, findings=tuple(keep))

    def stale(self) -> list[dict[str, object]]:
        """Entries of files checked in this run that matched nothing, and entries of files that
        no longer exist. Entries of files this run did not look at are not judged."""
        out = []
        for fp, e in self.by_fp.items():
            if fp in self.matched:
                continue
            rel = str(e.get("path", ""))
            if rel in self.seen_paths or not (self.base_dir / rel).exists():
                out.append(e)
        out.sort(key=lambda e: (str(e.get("path")), int(e.get("line", 0) or 0), str(e.get("rule"))))  # type: ignore[call-overload]
        return out

    def summary(self) -> dict[str, object]:
        stale = self.stale()
        return {"path": str(self.path), "entries": len(self.by_fp), "matched": len(self.matched),
                "new": self.new, "stale": stale}
