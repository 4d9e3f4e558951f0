"""The audit ledger (台账): what was checked, when, by whom, with which rules, and what was found.

youyang §三 and panshan 三(一) ask for 审查留痕 — a record of every check. `lint --ledger
audit.sqlite` keeps it in SQLite (stdlib sqlite3, one file, readable by any SQL tool):

- `runs`: one row per run — start and end time, tool and rule-set version, reviewer, command,
  how many files were checked, reused and failed, whether it was interrupted;
- `files`: one row per file checked — path as given, absolute path, SHA-256 of the bytes,
  size, time, tool and rule-set version, status and error, reviewer, counts per severity
  (errors/warnings/infos) and per category (one column per category), inline suppressions;
- `findings`: one row per finding of a file row — rule, category, severity, 审核要点,
  position, locator, message, suggestion, and the matched text **masked**: personal data is
  stored only in its masked form (110101********1234), context snippets only as reports show
  them (never with --show-values).

Re-running over the same archive: a file whose absolute path, SHA-256, tool version and rule-set
version match a row already checked is not checked again — its findings are replayed from the
ledger, so the report of a re-run is complete and the same — unless `--recheck`. The rule-set
version is a hash over the enabled rules (code, configured severity, category, checkpoint,
message), the configuration that changes results (allowlist, added wordlists and their
contents, disabled lists, mask patterns, encoding, size limit), every shipped data file
(wordlists/, rules/) and the checking code itself: change any of them and every file is
re-checked. Failed files are always retried.

Writes are committed in batches (every COMMIT_EVERY files or COMMIT_SECONDS seconds) and each
file's rows are written atomically, so Ctrl-C keeps every file that was finished; `runs` then
says `interrupted`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import socket
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Collection, Iterable, Mapping

from . import __version__
from .context import Context
from .model import CATEGORIES, CHECKPOINTS, FileResult, Finding

SCHEMA_VERSION = 1
COMMIT_EVERY = 200
COMMIT_SECONDS = 2.0

# Source files whose change can change findings (the rule-set version covers them).
_CODE_EXCLUDE = {"cli.py", "ledger.py", "baseline.py", "__main__.py"}


class LedgerError(Exception):
    """The ledger file cannot be used (not a ledger, newer schema, unwritable)."""


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# -- rule-set version -------------------------------------------------------------------------

def _hash_tree(h: "hashlib._Hash", root: Path, suffixes: tuple[str, ...] | None = None) -> int:
    n = 0
    if not root.is_dir():
        return 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        for name in sorted(filenames):
            if name.startswith(".") or (suffixes and not name.endswith(suffixes)):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            if suffixes == (".py",) and (rel in _CODE_EXCLUDE or rel.startswith("report/")):
                continue
            try:
                data = full.read_bytes()
            except OSError:
                continue
            h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
            n += 1
    return n


def ruleset_version(ctx: Context) -> str:
    """A short hash naming everything that decides the findings of a given input."""
    from .registry import all_rules

    cfg = ctx.config
    h = hashlib.sha256(f"ruleset/{SCHEMA_VERSION}".encode())
    rules = ctx.cached("rules", lambda: all_rules(ctx))
    for code, r in sorted(rules.items()):
        if cfg.is_enabled(code, r.default_enabled):
            line = f"{code}|{cfg.severity_for(code, r.severity)}|{r.category}|{r.checkpoint}|{r.message}\n"
            h.update(line.encode())
    settings = {
        "allowlist": list(cfg.allowlist), "disable_wordlists": list(cfg.disable_wordlists),
        "mask": list(cfg.mask), "encoding": cfg.encoding, "max_file_size": cfg.max_file_size,
        "wordlists": [(w.category, w.severity, w.rule, w.label) for w in cfg.wordlists],
        # Report-only settings (the HTML report's "keep the text") do not change findings.
        "extra": repr(tuple((k, v) for k, v in cfg.extra if k != "report-text")),
    }
    h.update(json.dumps(settings, ensure_ascii=False, sort_keys=True).encode())
    for w in cfg.wordlists:
        try:
            h.update(hashlib.sha256(Path(w.path).read_bytes()).digest())
        except OSError:
            h.update(b"missing:" + w.path.encode())
    _hash_tree(h, ctx.wordlist_dir)
    _hash_tree(h, ctx.rules_dir)
    _hash_tree(h, Path(__file__).resolve().parent, (".py",))
    return h.hexdigest()[:16]


# -- what is stored for a finding -------------------------------------------------------------

def stored_text(f: Finding) -> str:
    """The matched text as the ledger (and a baseline) may keep it: personal data masked even
    when the report shows values (the privacy checks always give the masked value as the
    suggestion)."""
    if f.category == "privacy" and f.suggestion is not None:
        return f.suggestion
    return f.text


_FILE_COLS = ("run_id", "path", "abspath", "sha256", "size", "checked_at", "tool_version", "ruleset",
              "status", "error", "reviewer", "findings", "errors", "warnings", "infos", "suppressed",
              "encoding", "seconds") + CATEGORIES
_FINDING_COLS = ("file_id", "seq", "rule", "category", "severity", "checkpoint", "line", "col", "end_line",
                 "end_col", "location", "text", "message", "suggestion", "start_offset", "end_offset",
                 "confidence", "context_before", "context_after")


def _schema() -> str:
    cats = "".join(f",\n  {c} INTEGER NOT NULL DEFAULT 0" for c in CATEGORIES)
    return f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started TEXT NOT NULL, finished TEXT,
  tool_version TEXT NOT NULL, ruleset TEXT NOT NULL, reviewer TEXT,
  command TEXT, cwd TEXT, host TEXT,
  files_checked INTEGER NOT NULL DEFAULT 0, files_reused INTEGER NOT NULL DEFAULT 0,
  files_failed INTEGER NOT NULL DEFAULT 0, interrupted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  path TEXT NOT NULL, abspath TEXT NOT NULL, sha256 TEXT, size INTEGER,
  checked_at TEXT NOT NULL, tool_version TEXT NOT NULL, ruleset TEXT NOT NULL,
  status TEXT NOT NULL, error TEXT, reviewer TEXT,
  findings INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0, infos INTEGER NOT NULL DEFAULT 0,
  suppressed INTEGER NOT NULL DEFAULT 0, encoding TEXT, seconds REAL{cats}
);
CREATE INDEX IF NOT EXISTS files_by_path ON files(abspath, ruleset, tool_version);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id),
  seq INTEGER NOT NULL,
  rule TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL, checkpoint TEXT NOT NULL,
  line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER, location TEXT,
  text TEXT, message TEXT, suggestion TEXT, start_offset INTEGER, end_offset INTEGER,
  confidence REAL, context_before TEXT, context_after TEXT
);
CREATE INDEX IF NOT EXISTS findings_by_file ON findings(file_id);
"""


def connect(path: str | Path, create: bool = False) -> sqlite3.Connection:
    p = Path(path)
    if not create and not p.is_file():
        raise LedgerError(f"台账文件不存在：{p}")
    try:
        conn = sqlite3.connect(str(p), isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as e:
        raise LedgerError(f"{p} 不是 SQLite 台账文件（{e}）") from None
    if tables and "files" not in tables:
        conn.close()
        raise LedgerError(f"{p} 是一个 SQLite 数据库，但不是 sensitive-lint 台账")
    if "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row and int(row[0]) > SCHEMA_VERSION:
            conn.close()
            raise LedgerError(f"{p} 由更新版本的 sensitive-lint 写入（台账格式 {row[0]}），请升级")
    if create:
        try:
            conn.executescript(_schema())
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            have = {r[1] for r in conn.execute("PRAGMA table_info(files)")}
            for c in CATEGORIES:  # a category added since the ledger was made
                if c not in have:
                    conn.execute(f"ALTER TABLE files ADD COLUMN {c} INTEGER NOT NULL DEFAULT 0")
        except sqlite3.DatabaseError as e:
            conn.close()
            raise LedgerError(f"无法写入台账 {p}：{e}") from None
    return conn


@dataclass
class RunStats:
    checked: int = 0
    reused: int = 0
    failed: int = 0


class Ledger:
    """Writer for one run. Use `known` and `replay` to skip unchanged files, `record` for each
    file checked, and `close` at the end (also on Ctrl-C, with interrupted=True)."""

    def __init__(self, path: str | Path, ctx: Context, reviewer: str | None = None,
                 command: str | None = None, recheck: bool = False) -> None:
        self.path = Path(path)
        self.ctx = ctx
        self.reviewer = reviewer
        self.recheck = recheck
        self.ruleset = ruleset_version(ctx)
        self.stats = RunStats()
        self.keep_context = not ctx.config.show_values
        self.conn = connect(self.path, create=True)
        self.conn.execute("PRAGMA synchronous=NORMAL")
        cur = self.conn.execute(
            "INSERT INTO runs(started, tool_version, ruleset, reviewer, command, cwd, host) VALUES (?,?,?,?,?,?,?)",
            (_now(), __version__, self.ruleset, reviewer, command, os.getcwd(), socket.gethostname()),
        )
        self.run_id = cur.lastrowid
        self._pending = 0
        self._last_commit = time.monotonic()
        self.conn.execute("BEGIN")
        self.closed = False

    @property
    def abspath(self) -> str:
        return str(self.path.resolve())

    # -- skipping unchanged files

    def known(self, paths: list[str]) -> Mapping[str, Collection[str]]:
        """Per path, the hashes already checked with this tool and rule-set version."""
        if self.recheck:
            return {}
        absmap = {os.path.abspath(p): p for p in paths}
        out: dict[str, set[str]] = {}
        keys = list(absmap)
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            q = ("SELECT abspath, sha256 FROM files WHERE ruleset=? AND tool_version=? "
                 "AND status IN ('checked','skipped') AND sha256 IS NOT NULL "
                 f"AND abspath IN ({','.join('?' * len(part))})")
            for row in self.conn.execute(q, (self.ruleset, __version__, *part)):
                out.setdefault(absmap[row[0]], set()).add(row[1])
        return out

    def replay(self, path: str, sha256: str) -> FileResult:
        """The result recorded for these bytes (latest matching row), reported under `path`."""
        row = self.conn.execute(
            "SELECT * FROM files WHERE abspath=? AND sha256=? AND ruleset=? AND tool_version=? "
            "AND status IN ('checked','skipped') ORDER BY id DESC LIMIT 1",
            (os.path.abspath(path), sha256, self.ruleset, __version__),
        ).fetchone()
        self.stats.reused += 1
        if row is None:  # cannot happen unless the ledger changed under us
            return FileResult(path, "failed", error="台账记录缺失，请用 --recheck 重新检查")
        findings = tuple(
            Finding(
                path=path, rule=f["rule"], category=f["category"], severity=f["severity"],
                checkpoint=f["checkpoint"], line=f["line"], column=f["col"], end_line=f["end_line"],
                end_column=f["end_col"], location=f["location"] or "", text=f["text"] or "",
                message=f["message"] or "", suggestion=f["suggestion"], start=f["start_offset"] or 0,
                end=f["end_offset"] or 0, confidence=f["confidence"] if f["confidence"] is not None else 1.0,
                context_before=f["context_before"] or "", context_after=f["context_after"] or "",
            )
            for f in self.conn.execute("SELECT * FROM findings WHERE file_id=? ORDER BY seq", (row["id"],))
        )
        return FileResult(path, row["status"], findings, error=row["error"], encoding=row["encoding"],
                          suppressed=row["suppressed"])

    # -- writing

    def record(self, result: FileResult, sha256: str | None = None, size: int | None = None,
               seconds: float = 0.0) -> None:
        """Write one file's row and its findings, atomically."""
        sev = {"error": 0, "warning": 0, "info": 0}
        cats = {c: 0 for c in CATEGORIES}
        for f in result.findings:
            sev[f.severity] = sev.get(f.severity, 0) + 1
            cats[f.category] = cats.get(f.category, 0) + 1
        values = (self.run_id, result.path, os.path.abspath(result.path), sha256, size, _now(), __version__,
                  self.ruleset, result.status, result.error, self.reviewer, len(result.findings),
                  sev["error"], sev["warning"], sev["info"], result.suppressed, result.encoding,
                  round(seconds, 4)) + tuple(cats[c] for c in CATEGORIES)
        self.conn.execute("SAVEPOINT file")
        try:
            cur = self.conn.execute(
                f"INSERT INTO files({','.join(_FILE_COLS)}) VALUES ({','.join('?' * len(_FILE_COLS))})", values)
            fid = cur.lastrowid
            self.conn.executemany(
                f"INSERT INTO findings({','.join(_FINDING_COLS)}) VALUES ({','.join('?' * len(_FINDING_COLS))})",
                [(fid, i, f.rule, f.category, f.severity, f.checkpoint, f.line, f.column, f.end_line,
                  f.end_column, f.location, stored_text(f), f.message, f.suggestion, f.start, f.end,
                  f.confidence, f.context_before if self.keep_context else None,
                  f.context_after if self.keep_context else None)
                 for i, f in enumerate(result.findings)],
            )
        except BaseException:
            self.conn.execute("ROLLBACK TO file")
            self.conn.execute("RELEASE file")
            raise
        self.conn.execute("RELEASE file")
        self.stats.checked += 1
        self.stats.failed += result.status == "failed"
        self._pending += 1
        if self._pending >= COMMIT_EVERY or time.monotonic() - self._last_commit >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        self.conn.execute(
            "UPDATE runs SET files_checked=?, files_reused=?, files_failed=? WHERE id=?",
            (self.stats.checked, self.stats.reused, self.stats.failed, self.run_id),
        )
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN")
        self._pending = 0
        self._last_commit = time.monotonic()

    def close(self, interrupted: bool = False) -> None:
        if self.closed:
            return
        self.closed = True
        self.conn.execute(
            "UPDATE runs SET finished=?, interrupted=?, files_checked=?, files_reused=?, files_failed=? WHERE id=?",
            (_now(), int(interrupted), self.stats.checked, self.stats.reused, self.stats.failed, self.run_id),
        )
        self.conn.execute("COMMIT")
        self.conn.close()


# -- reading: report and export ---------------------------------------------------------------

_LATEST = "SELECT * FROM files WHERE id IN (SELECT MAX(id) FROM files GROUP BY abspath)"


def _folder(path: str, depth: int | None) -> str:
    parent = os.path.dirname(path.replace(os.sep, "/")) or "."
    if depth:
        parts = parent.split("/")
        keep = depth + (1 if parts and parts[0] == "" else 0)  # an absolute path starts with ""
        parent = "/".join(parts[:keep]) or "/"
    return parent


def summary(path: str | Path, depth: int | None = None) -> dict[str, object]:
    """Everything `ledger report` shows, as data."""
    conn = connect(path)
    try:
        runs = [dict(r) for r in conn.execute("SELECT * FROM runs ORDER BY id")]
        latest = [dict(r) for r in conn.execute(_LATEST)]
        state = {"files": len(latest), "checked": 0, "failed": 0, "skipped": 0, "with_findings": 0,
                 "errors": 0, "warnings": 0, "infos": 0}
        folders: dict[str, dict[str, int]] = {}
        for r in latest:
            state[r["status"]] = state.get(r["status"], 0) + 1
            state["with_findings"] += r["findings"] > 0
            for k in ("errors", "warnings", "infos"):
                state[k] += r[k]
            d = folders.setdefault(_folder(r["path"], depth), {"files": 0, "failed": 0, "with_findings": 0,
                                                              "errors": 0, "warnings": 0, "infos": 0})
            d["files"] += 1
            d["failed"] += r["status"] == "failed"
            d["with_findings"] += r["findings"] > 0
            for k in ("errors", "warnings", "infos"):
                d[k] += r[k]
        months = [dict(r) for r in conn.execute(
            "SELECT substr(checked_at, 1, 7) AS month, COUNT(*) AS checks, COUNT(DISTINCT abspath) AS files, "
            "SUM(status='failed') AS failed, SUM(findings > 0) AS with_findings, SUM(errors) AS errors, "
            "SUM(warnings) AS warnings, SUM(infos) AS infos FROM files GROUP BY month ORDER BY month")]
        latest_ids = "SELECT MAX(id) FROM files GROUP BY abspath"
        categories = [dict(r) for r in conn.execute(
            "SELECT category, COUNT(*) AS findings, COUNT(DISTINCT file_id) AS files, "
            "SUM(severity='error') AS errors, SUM(severity='warning') AS warnings, SUM(severity='info') AS infos "
            f"FROM findings WHERE file_id IN ({latest_ids}) GROUP BY category")]
        order = {c: i for i, c in enumerate(CATEGORIES)}
        categories.sort(key=lambda r: order.get(r["category"], len(order)))
        checkpoints = {r[0]: r[1] for r in conn.execute(
            f"SELECT checkpoint, COUNT(*) FROM findings WHERE file_id IN ({latest_ids}) GROUP BY checkpoint")}
        rules = [dict(r) for r in conn.execute(
            "SELECT rule, category, COUNT(*) AS findings, COUNT(DISTINCT file_id) AS files FROM findings "
            f"WHERE file_id IN ({latest_ids}) GROUP BY rule ORDER BY findings DESC, rule LIMIT 20")]
    finally:
        conn.close()
    return {
        "ledger": str(path),
        "runs": runs,
        "state": state,
        "months": months,
        "folders": [{"folder": k, **v} for k, v in sorted(folders.items())],
        "categories": categories,
        "checkpoints": [{"checkpoint": c, "findings": checkpoints.get(c, 0)} for c in CHECKPOINTS],
        "top_rules": rules,
    }


CATEGORY_ZH = {"secrecy": "涉密标志", "privacy": "个人信息", "sensitive": "敏感词", "political": "规范表述",
               "typo": "错别字", "format": "格式", "link": "链接", "source": "来源"}


def render_report(data: Mapping[str, object], out: IO[str] | None = None) -> None:
    """The summary a leader reads: state of the archive, by month, by folder, by category."""
    from rich.console import Console
    from rich.table import Table

    c = Console(file=out or sys.stdout, soft_wrap=True, highlight=False, emoji=False)
    runs: list[dict[str, object]] = data["runs"]  # type: ignore[assignment]
    st: dict[str, int] = data["state"]  # type: ignore[assignment]
    c.print(f"审查台账 {data['ledger']}", style="bold")
    if runs:
        last = runs[-1]
        reviewers = sorted({str(r["reviewer"]) for r in runs if r["reviewer"]})
        c.print(f"检查 {len(runs)} 次（{str(runs[0]['started'])[:10]} 至 {str(last['started'])[:10]}）；"
                f"最近一次：{last['started']}，工具 {last['tool_version']}，规则集 {last['ruleset']}"
                + ("（已中断）" if last["interrupted"] else ""))
        if reviewers:
            c.print(f"审核人：{'、'.join(reviewers)}")
    c.print(f"文件 {st['files']} 个（按每个文件最近一次检查）：已检查 {st['checked']}，失败 {st['failed']}，"
            f"跳过 {st['skipped']}；有问题的文件 {st['with_findings']} 个；错误 {st['errors']}，"
            f"警告 {st['warnings']}，提示 {st['infos']}")

    def table(title: str, cols: list[tuple[str, str]], rows: Iterable[Mapping[str, object]]) -> None:
        t = Table(title=title, title_justify="left", box=None, pad_edge=False, show_lines=False)
        for head, _k in cols:
            t.add_column(head, overflow="fold", justify="left" if _k in ("month", "folder", "category", "checkpoint", "rule") else "right")
        for r in rows:
            t.add_row(*(str(r.get(k) if r.get(k) is not None else 0) for _h, k in cols))
        c.print()
        c.print(t)

    table("按月（检查时间）", [("月份", "month"), ("检查次数", "checks"), ("文件", "files"), ("失败", "failed"),
                         ("有问题", "with_findings"), ("错误", "errors"), ("警告", "warnings"), ("提示", "infos")],
          data["months"])  # type: ignore[arg-type]
    table("按目录", [("目录", "folder"), ("文件", "files"), ("失败", "failed"), ("有问题", "with_findings"),
                  ("错误", "errors"), ("警告", "warnings"), ("提示", "infos")], data["folders"])  # type: ignore[arg-type]
    cats = [{**r, "category": f"{r['category']} {CATEGORY_ZH.get(str(r['category']), '')}".strip()}
            for r in data["categories"]]  # type: ignore[union-attr]
    table("按类别", [("类别", "category"), ("问题", "findings"), ("涉及文件", "files"), ("错误", "errors"),
                  ("警告", "warnings"), ("提示", "infos")], cats)
    table("按审核要点", [("审核要点", "checkpoint"), ("问题", "findings")], data["checkpoints"])  # type: ignore[arg-type]
    if data["top_rules"]:
        table("最常见的规则", [("规则", "rule"), ("类别", "category"), ("问题", "findings"), ("涉及文件", "files")],
              data["top_rules"])  # type: ignore[arg-type]


def export_csv(path: str | Path, out: IO[str], what: str = "files", latest: bool = False) -> int:
    """Write the files (every check, or the latest per file) or the findings table as CSV."""
    conn = connect(path)
    try:
        if what == "files":
            q = _LATEST if latest else "SELECT * FROM files"
            cur = conn.execute(q + " ORDER BY id")
        elif what == "findings":
            where = "WHERE f.id IN (SELECT MAX(id) FROM files GROUP BY abspath)" if latest else ""
            cur = conn.execute(
                "SELECT f.path, f.sha256, f.checked_at, f.reviewer, x.rule, x.category, x.severity, x.checkpoint, "
                "x.line, x.col, x.location, x.text, x.message, x.suggestion FROM findings x "
                f"JOIN files f ON f.id = x.file_id {where} ORDER BY x.file_id, x.seq")
        elif what == "runs":
            cur = conn.execute("SELECT * FROM runs ORDER BY id")
        else:
            raise LedgerError(f"未知的表 {what}（可用: files, findings, runs）")
        w = csv.writer(out)
        w.writerow([d[0] for d in cur.description])
        n = 0
        for row in cur:
            w.writerow(["" if v is None else v for v in row])
            n += 1
        return n
    finally:
        conn.close()
