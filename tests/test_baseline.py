"""Baselines: `baseline create` records today's findings by fingerprint (no raw personal data),
`lint --baseline` reports only new findings and lists stale entries, and edits elsewhere in a
file (paragraphs inserted above) do not make old findings new."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sensitive_lint.cli import app

ID = "500242199003071239"
ID_MASKED = "500242********1239"
MOBILE = "13812345678"
A = f"关于低保公示的通知\n张三，身份证号{ID}，联系电话{MOBILE}。\n机密★5年\n内部资料，不得外传。\n"
B = "第二份材料\n绝密★长期\n"


def run(cwd: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    return r.exit_code, r.stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text(B, encoding="utf-8")
    code, out = run(tmp_path, "baseline", "create", "docs", "-o", ".sensitive-lint-baseline.json")
    assert code == 0, out
    return tmp_path


def lint_json(repo: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out = run(repo, "lint", "docs", "--format", "json", "--baseline", ".sensitive-lint-baseline.json", *extra)
    return code, json.loads(out)


def test_create_records_every_finding_by_fingerprint(repo: Path) -> None:
    data = json.loads((repo / ".sensitive-lint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    rules = sorted(e["rule"] for e in data["findings"])
    assert {"PRIV001", "PRIV002", "SEC001"} <= set(rules)
    paths = {e["path"] for e in data["findings"]}
    assert paths == {"docs/a.txt", "docs/b.md"}, "paths relative to the baseline's folder"
    assert all(len(e["fingerprint"]) == 24 for e in data["findings"])
    assert len({e["fingerprint"] for e in data["findings"]}) == len(data["findings"])


def test_no_raw_personal_data_in_the_baseline(repo: Path) -> None:
    raw = (repo / ".sensitive-lint-baseline.json").read_text(encoding="utf-8")
    for value in (ID, MOBILE, ID_MASKED, "138****5678", ID[-4:] + "\"", "张三，身份证"):
        assert value not in raw
    data = json.loads(raw)
    privacy = [e for e in data["findings"] if e["rule"].startswith("PRIV")]
    assert privacy and all(e["text"].startswith("sha256:") for e in privacy)


def test_lint_with_baseline_reports_nothing_old(repo: Path) -> None:
    code, report = lint_json(repo)
    assert code == 0
    assert report["findings"] == [] and report["summary"]["errors"] == 0
    b = report["baseline"]
    assert b["new"] == 0 and b["stale"] == [] and b["matched"] == b["entries"]


def test_only_new_findings_are_reported(repo: Path) -> None:
    p = repo / "docs" / "a.txt"
    p.write_text(A + "秘密★1年\n", encoding="utf-8")
    code, report = lint_json(repo)
    assert code == 1
    assert [(f["rule"], f["text"], f["line"]) for f in report["findings"]] == [("SEC001", "秘密★1年", 5)]
    assert report["summary"]["errors"] == 1


def test_robust_to_paragraphs_inserted_above(repo: Path) -> None:
    p = repo / "docs" / "a.txt"
    p.write_text("新增的第一段。\n新增的第二段，说明有关情况。\n\n" + A.replace("关于", "关于做好"), encoding="utf-8")
    code, report = lint_json(repo)
    assert code == 0, report["findings"]
    assert report["baseline"]["stale"] == []


def test_a_second_identical_finding_is_new(repo: Path) -> None:
    p = repo / "docs" / "b.md"
    p.write_text(B + "附件：绝密★长期\n", encoding="utf-8")
    code, report = lint_json(repo)
    assert code == 1
    assert [(f["rule"], f["text"], f["line"]) for f in report["findings"]] == [("SEC001", "绝密★长期", 3)]


def test_stale_entries_are_listed_in_json_and_text(repo: Path) -> None:
    (repo / "docs" / "a.txt").write_text(A.replace("机密★5年\n", ""), encoding="utf-8")
    (repo / "docs" / "b.md").unlink()
    code, report = lint_json(repo)
    assert code == 0
    stale = report["baseline"]["stale"]
    assert sorted((e["path"], e["rule"]) for e in stale) == [("docs/a.txt", "SEC001"), ("docs/b.md", "SEC001")]
    code, out = run(repo, "lint", "docs", "--baseline", ".sensitive-lint-baseline.json")
    assert "过期 2 条" in out and "docs/a.txt:3 SEC001 机密★5年" in out
    # Re-creating the baseline shrinks it.
    run(repo, "baseline", "create", "docs", "-o", ".sensitive-lint-baseline.json")
    code, report = lint_json(repo)
    assert report["baseline"]["stale"] == [] and report["baseline"]["entries"] < 6


def test_files_outside_the_run_are_not_stale(repo: Path) -> None:
    code, out = run(repo, "lint", "docs/b.md", "--format", "json", "--baseline", ".sensitive-lint-baseline.json")
    assert code == 0
    assert json.loads(out)["baseline"]["stale"] == []


def test_works_from_another_directory(repo: Path) -> None:
    code, out = run(repo / "docs", "lint", ".", "--format", "json", "--baseline", "../.sensitive-lint-baseline.json")
    assert code == 0, out
    assert json.loads(out)["findings"] == []


def test_show_values_does_not_change_fingerprints(repo: Path) -> None:
    code, report = lint_json(repo, "--show-values")
    assert code == 0 and report["findings"] == []


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    code, _ = run(tmp_path, "lint", "a.txt", "--baseline", "missing.json")
    assert code == 2
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    code, _ = run(tmp_path, "lint", "a.txt", "--baseline", "bad.json")
    assert code == 2
