"""The audit ledger (台账): one row per file checked, findings in their own table (masked),
unchanged files skipped on a re-run (and their findings replayed), a rule change re-checks,
`ledger report` by month/folder/category, `ledger export --format csv`."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sensitive_lint import ledger as ledger_mod
from sensitive_lint.cli import app
from sensitive_lint.config import Config
from sensitive_lint.context import Context

ID = "500242199003071239"
MOBILE = "13812345678"
FILES = {
    "archive/2024/tzgg/a.txt": f"关于低保公示的通知\n张三，身份证号{ID}，联系电话{MOBILE}。\n",
    "archive/2024/tzgg/b.md": "# 会议纪要\n机密★5年\n",
    "archive/2024/gzdt/c.txt": "全县防汛工作会议召开。\n",
    "archive/2023/d.html": "<html><body><p>绝密★长期</p><p>内容</p></body></html>",
    "archive/2023/empty.txt": "",
}


def run(cwd: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    return r.exit_code, r.stdout


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def lint(site: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out = run(site, "lint", "archive", "--format", "json", "--ledger", "audit.sqlite", *extra)
    return code, json.loads(out)


def rows(db: Path, sql: str, *args: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_one_row_per_file_with_hash_versions_counts_reviewer(site: Path) -> None:
    code, report = lint(site, "--reviewer", "李审核")
    assert code == 1
    assert report["ledger"]["checked"] == 5 and report["ledger"]["reused"] == 0
    db = site / "audit.sqlite"
    files = {r["path"]: r for r in rows(db, "SELECT * FROM files")}
    assert len(files) == 5
    a = files[os.path.join("archive", "2024", "tzgg", "a.txt")]
    assert a["sha256"] == hashlib.sha256(FILES["archive/2024/tzgg/a.txt"].encode()).hexdigest()
    assert a["abspath"] == str((site / "archive/2024/tzgg/a.txt").resolve())
    assert a["status"] == "checked" and a["reviewer"] == "李审核"
    assert a["tool_version"] == "0.1.0" and len(a["ruleset"]) == 16
    assert a["errors"] == 2 and a["privacy"] == 2 and a["secrecy"] == 0 and a["findings"] == 2
    assert a["checked_at"][:4].isdigit() and "T" in a["checked_at"]
    b = files[os.path.join("archive", "2024", "tzgg", "b.md")]
    assert b["secrecy"] == 1 and b["errors"] == 1
    empty = files[os.path.join("archive", "2023", "empty.txt")]
    assert empty["status"] == "skipped" and empty["error"]
    # Findings in their own table, one per finding.
    f = rows(db, "SELECT * FROM findings WHERE file_id=? ORDER BY seq", a["id"])
    assert [(x["rule"], x["category"], x["severity"], x["checkpoint"], x["line"], x["location"]) for x in f] == [
        ("PRIV001", "privacy", "error", "保密性", 2, "第2行"), ("PRIV002", "privacy", "error", "保密性", 2, "第2行")]
    run_row = rows(db, "SELECT * FROM runs")[0]
    assert run_row["files_checked"] == 5 and run_row["interrupted"] == 0 and run_row["finished"]
    assert run_row["reviewer"] == "李审核"


def test_no_raw_personal_data_in_the_ledger(site: Path) -> None:
    lint(site, "--show-values")  # even when the report shows values
    dump = "\n".join(sqlite3.connect(site / "audit.sqlite").iterdump())
    assert ID not in dump and MOBILE not in dump
    assert "500242********1239" in dump and "138****5678" in dump


def test_rerun_skips_unchanged_files_and_replays_their_findings(site: Path) -> None:
    _, first = lint(site)
    code, second = lint(site)
    assert code == 1, "replayed errors still fail the run"
    assert second["ledger"]["checked"] == 0 and second["ledger"]["reused"] == 5
    assert second["findings"] == first["findings"] and second["files"] == first["files"]
    assert len(rows(site / "audit.sqlite", "SELECT id FROM files")) == 5, "nothing was checked again"
    # One file changes: only it is checked.
    (site / "archive/2024/gzdt/c.txt").write_text("全县防汛工作会议召开。秘密★1年\n", encoding="utf-8")
    _, third = lint(site)
    assert third["ledger"]["checked"] == 1 and third["ledger"]["reused"] == 4
    assert any(f["text"] == "秘密★1年" for f in third["findings"])
    # --recheck checks everything again.
    _, fourth = lint(site, "--recheck")
    assert fourth["ledger"]["checked"] == 5 and fourth["ledger"]["reused"] == 0


def test_rule_change_rechecks(site: Path) -> None:
    lint(site)
    _, r = lint(site, "--ignore", "SEC")
    assert r["ledger"]["checked"] == 5, "a different rule set: every file again"
    assert not any(f["rule"].startswith("SEC") for f in r["findings"])
    _, r = lint(site, "--ignore", "SEC")
    assert r["ledger"]["reused"] == 5
    _, r = lint(site)
    assert r["ledger"]["reused"] == 5, "back to the first rule set: its rows are still valid"
    rulesets = {x[0] for x in rows(site / "audit.sqlite", "SELECT DISTINCT ruleset FROM files")}
    assert len(rulesets) == 2


def test_ruleset_version_covers_configuration_and_added_wordlists(tmp_path: Path) -> None:
    base = ledger_mod.ruleset_version(Context(Config()))
    assert base == ledger_mod.ruleset_version(Context(Config()))
    assert ledger_mod.ruleset_version(Context(Config(allowlist=("某词",)))) != base
    assert ledger_mod.ruleset_version(Context(Config(severity=(("SEC001", "warning"),)))) != base
    from sensitive_lint.config import WordlistSpec

    wl = tmp_path / "words.txt"
    wl.write_text("甲词\n", encoding="utf-8")
    one = ledger_mod.ruleset_version(Context(Config(wordlists=(WordlistSpec(str(wl)),))))
    wl.write_text("甲词\n乙词\n", encoding="utf-8")
    assert ledger_mod.ruleset_version(Context(Config(wordlists=(WordlistSpec(str(wl)),)))) != one
    # What only a report needs does not change findings.
    assert ledger_mod.ruleset_version(Context(Config(extra=(("report-text", True),)))) == base


def test_failed_files_are_retried(site: Path) -> None:
    bad = site / "archive" / "bad.docx"
    bad.write_bytes(b"not a zip")
    lint(site)
    _, r = lint(site)
    assert r["ledger"]["checked"] == 1 and r["ledger"]["reused"] == 5


def test_report_by_month_folder_and_category(site: Path) -> None:
    lint(site, "--reviewer", "李审核")
    lint(site)
    data = ledger_mod.summary(site / "audit.sqlite")
    assert data["state"]["files"] == 5 and data["state"]["checked"] == 4 and data["state"]["skipped"] == 1
    assert data["state"]["errors"] == 4 and data["state"]["with_findings"] == 3
    assert len(data["runs"]) == 2
    (month,) = data["months"]
    assert month["checks"] == 5 and month["files"] == 5 and len(month["month"]) == 7
    folders = {f["folder"]: f for f in data["folders"]}
    assert folders["archive/2024/tzgg"]["files"] == 2 and folders["archive/2024/tzgg"]["errors"] == 3
    assert folders["archive/2023"]["errors"] == 1
    cats = {c["category"]: c for c in data["categories"]}
    assert cats["privacy"]["findings"] == 2 and cats["privacy"]["files"] == 1
    assert cats["secrecy"]["findings"] == 2 and cats["secrecy"]["files"] == 2
    shallow = {f["folder"] for f in ledger_mod.summary(site / "audit.sqlite", depth=2)["folders"]}
    assert shallow == {"archive/2023", "archive/2024"}
    code, out = run(site, "ledger", "report", "audit.sqlite")
    assert code == 0
    for text in ("按月", "按目录", "按类别", "按审核要点", month["month"], "archive/2024/tzgg", "privacy", "李审核"):
        assert text in out
    code, out = run(site, "ledger", "report", "audit.sqlite", "--format", "json")
    assert json.loads(out)["state"]["files"] == 5


def test_export_csv(site: Path) -> None:
    lint(site)
    lint(site, "--recheck")
    code, out = run(site, "ledger", "export", "audit.sqlite", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 10
    assert {"path", "sha256", "checked_at", "tool_version", "ruleset", "status", "reviewer", "errors",
            "privacy", "secrecy"} <= set(table[0])
    code, out = run(site, "ledger", "export", "audit.sqlite", "--table", "findings", "--latest")
    findings = list(csv.DictReader(io.StringIO(out)))
    assert len(findings) == 4 and {"path", "rule", "text", "location"} <= set(findings[0])
    assert ID not in out
    code, _ = run(site, "ledger", "export", "audit.sqlite", "-o", "files.csv", "--latest")
    raw = (site / "files.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM"
    assert len(list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))) == 5


def test_not_a_ledger_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("内容\n", encoding="utf-8")
    (tmp_path / "x.sqlite").write_bytes(b"this is not sqlite" * 100)
    code, _ = run(tmp_path, "lint", "a.txt", "--ledger", "x.sqlite")
    assert code == 2
    code, _ = run(tmp_path, "ledger", "report", "missing.sqlite")
    assert code == 2
    code, _ = run(tmp_path, "lint", "a.txt", "--recheck")
    assert code == 2


def test_ledger_is_never_an_input(site: Path) -> None:
    # A ledger inside the archive, with a name that looks like a text file, is not checked.
    code, out = run(site, "lint", "archive", "--format", "json", "--ledger", "archive/ledger.txt")
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert not any(p.endswith("ledger.txt") for p in paths)
    _, out = run(site, "lint", "archive", "--format", "json", "--ledger", "archive/ledger.txt")
    assert json.loads(out)["ledger"]["reused"] == 5
