"""The command line: the JSON contract field by field, exit codes, selection, configuration
files and their errors, inline suppression in each format, stdin, extract."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from docx_factory import build_kitchen_sink
from sensitive_lint.cli import app

runner = CliRunner()
DRAFT = "关于做好防汛工作的通知\n机密★5年\n全县共投入资金【待补充】万元。\n"


def run(*args: str, input: str | None = None, cwd: Path | None = None) -> tuple[int, str]:
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        r = runner.invoke(app, list(args), input=input)
    finally:
        os.chdir(old)
    return r.exit_code, r.output


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


def test_json_contract_every_field(tmp_path: Path, draft: Path) -> None:
    kitchen = build_kitchen_sink(tmp_path / "k.docx")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    code, out = run("lint", "--format", "json", str(draft), str(kitchen), str(bad))
    assert code == 1
    report = json.loads(out)
    assert set(report) >= {"version", "tool", "files", "findings", "summary"}
    assert report["version"] == 1
    assert report["tool"] == {"name": "sensitive-lint", "version": "0.1.0"}
    files = {f["path"]: f for f in report["files"]}
    assert files[str(draft)] == {"path": str(draft), "status": "checked", "findings": 2, "error": None}
    assert files[str(bad)]["status"] == "failed" and "损坏" in files[str(bad)]["error"]
    assert files[str(bad)]["findings"] == 0
    f = next(x for x in report["findings"] if x["path"] == str(draft) and x["rule"] == "SEC001")
    assert f == {
        "path": str(draft), "rule": "SEC001", "category": "secrecy", "severity": "error",
        "checkpoint": "保密性", "line": 2, "column": 1, "end_line": 2, "end_column": 6,
        "location": "第2行", "text": "机密★5年", "message": f["message"], "suggestion": None,
    }
    assert f["message"]
    for x in report["findings"]:
        assert x["category"] in {"secrecy", "privacy", "sensitive", "political", "typo", "format", "link", "source"}
        assert x["severity"] in {"error", "warning", "info"}
        assert x["checkpoint"] in {"政治性", "保密性", "真实性", "时效性", "准确性", "完整性", "安全性", "文字图片格式符号"}
        assert x["line"] >= 1 and x["column"] >= 1 and (x["end_line"], x["end_column"]) >= (x["line"], x["column"])
    s = report["summary"]
    assert s["files"] == 3
    assert s["errors"] == sum(1 for x in report["findings"] if x["severity"] == "error")
    assert s["warnings"] == sum(1 for x in report["findings"] if x["severity"] == "warning")
    assert s["infos"] == sum(1 for x in report["findings"] if x["severity"] == "info")
    docx_finding = next(x for x in report["findings"] if x["path"] == str(kitchen) and x["rule"] == "SEC001")
    assert docx_finding["location"] == "页眉（第1节）"


def test_line_and_column_match_extract(tmp_path: Path) -> None:
    kitchen = build_kitchen_sink(tmp_path / "k.docx")
    code, out = run("lint", "-f", "json", str(kitchen))
    _, text = run("extract", str(kitchen))
    lines = text.split("\n")
    for f in json.loads(out)["findings"]:
        if f["line"] == f["end_line"] and f["rule"] != "DOC001":
            assert lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["text"], f


def test_exit_codes(draft: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("关于做好防汛工作的通知\n", encoding="utf-8")
    assert run("lint", str(clean))[0] == 0
    assert run("lint", str(draft))[0] == 1
    assert run("lint", "--exit-zero", str(draft))[0] == 0
    warn_only = tmp_path / "w.txt"
    warn_only.write_text("全县投入【待补充】万元\n", encoding="utf-8")
    assert run("lint", str(warn_only))[0] == 0
    assert run("lint", "--fail-on", "warning", str(warn_only))[0] == 1
    assert run("lint", "--fail-on", "nonsense", str(warn_only))[0] == 2
    assert run("lint", "--select", "NOPE999", str(draft))[0] == 2
    assert run("lint")[0] == 2


def test_select_ignore_and_min_severity(draft: Path) -> None:
    _, out = run("lint", "-f", "json", "--select", "DRAFT", str(draft))
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"DRAFT003"}
    _, out = run("lint", "-f", "json", "--ignore", "SEC001", str(draft))
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"DRAFT003"}
    _, out = run("lint", "-f", "json", "--select", "SEC,DRAFT", "--ignore", "DRAFT003", str(draft))
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"SEC001"}
    _, out = run("lint", "-f", "json", "--min-severity", "error", str(draft))
    report = json.loads(out)
    assert {f["rule"] for f in report["findings"]} == {"SEC001"} and report["summary"]["warnings"] == 0


def test_text_report_plain_in_ci(draft: Path) -> None:
    code, out = run("lint", "--no-color", str(draft))
    assert code == 1
    assert "\x1b[" not in out
    assert "2:1" in out and "SEC001" in out and "机密★5年" in out and "^^^^" in out
    assert "审核要点" in out
    for cp in ("政治性", "保密性", "真实性", "时效性", "准确性", "完整性", "安全性", "文字图片格式符号"):
        assert cp in out
    assert "✗ 保密性" in out and "✓ 政治性" in out


def test_no_color_env_in_a_real_process(draft: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"}
    p = subprocess.run([sys.executable, "-m", "sensitive_lint", "lint", str(draft)],
                       capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 1
    assert "\x1b[" not in p.stdout and "SEC001" in p.stdout
    assert "Traceback" not in p.stderr


def test_stdin(tmp_path: Path) -> None:
    code, out = run("lint", "-f", "json", "-", input="秘密★1年\n")
    assert code == 1
    report = json.loads(out)
    assert report["files"][0]["path"] == "stdin.txt"
    assert report["findings"][0]["rule"] == "SEC001"


def test_folder_walk_include_exclude(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("机密★1年\n", encoding="utf-8")
    (tmp_path / "a" / "two.md").write_text("内部资料\n", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text("机密★1年\n", encoding="utf-8")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("机密★1年\n", encoding="utf-8")
    _, out = run("lint", "-f", "json", str(tmp_path))
    paths = sorted(Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(out)["files"])
    assert paths == ["a/one.txt", "a/two.md", "archive/old.txt"]
    _, out = run("lint", "-f", "json", "--exclude", "archive", str(tmp_path))
    paths = sorted(Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(out)["files"])
    assert paths == ["a/one.txt", "a/two.md"]
    _, out = run("lint", "-f", "json", "--include", "*.md", str(tmp_path))
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["two.md"]
    _, out = run("lint", "-f", "json", str(tmp_path / "a" / "*.txt"))
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["one.txt"]


def test_parallel_batch_same_result_as_serial(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"f{i:02}.txt").write_text(f"第{i}篇\n机密★{i + 1}年\n【待补充】\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"broken")
    _, serial = run("lint", "-f", "json", "--jobs", "1", str(tmp_path))
    _, parallel = run("lint", "-f", "json", "--jobs", "2", str(tmp_path))
    assert json.loads(serial) == json.loads(parallel)
    assert json.loads(serial)["summary"]["errors"] == 12


# -- configuration ---------------------------------------------------------------------------

def test_config_file_found_by_walking_up(tmp_path: Path, draft: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.sensitive-lint]\nignore = ["DRAFT"]\n'
        '[tool.sensitive-lint.severity]\nSEC001 = "warning"\n', encoding="utf-8")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    code, out = run("lint", "-f", "json", str(draft), cwd=sub)
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("SEC001", "warning")]
    assert code == 0


def test_own_config_file_wins_and_explicit_config(tmp_path: Path, draft: Path) -> None:
    (tmp_path / "sensitive-lint.toml").write_text('select = ["DRAFT"]\nfail-on = "warning"\n', encoding="utf-8")
    code, out = run("lint", "-f", "json", str(draft), cwd=tmp_path)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["DRAFT003"] and code == 1
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["DRAFT", "SEC"]\n', encoding="utf-8")
    code, out = run("lint", "-f", "json", "--config", str(other), str(draft), cwd=tmp_path)
    assert json.loads(out)["findings"] == [] and code == 0


def test_allowlist_from_config(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("内部资料\n会议纪要，不得外传\n", encoding="utf-8")
    (tmp_path / "sensitive-lint.toml").write_text('allowlist = ["会议纪要，不得外传"]\n', encoding="utf-8")
    _, out = run("lint", "-f", "json", str(p), cwd=tmp_path)
    assert [f["text"] for f in json.loads(out)["findings"]] == ["内部资料"]


@pytest.mark.parametrize(
    "content,needle",
    [
        ('selct = ["SEC"]\n', "selct"),
        ('ignore = ["XYZ123"]\n', "XYZ123"),
        ('[severity]\nSEC001 = "fatal"\n', "fatal"),
        ('select = "SEC001"\nfail-on = "sometimes"\n', "sometimes"),
        ("select = [\n", "TOML"),
        ('[mask]\nfingerprint = "keep:1:1"\n', "fingerprint"),
        ('[[wordlists]]\nfile = "x.txt"\n', "path"),
    ],
)
def test_config_errors_exit_2(tmp_path: Path, draft: Path, content: str, needle: str) -> None:
    cfg = tmp_path / "sensitive-lint.toml"
    cfg.write_text(content, encoding="utf-8")
    code, out = run("lint", str(draft), cwd=tmp_path)
    assert code == 2
    assert needle in out


def test_missing_config_file_is_an_error(draft: Path, tmp_path: Path) -> None:
    code, out = run("lint", "--config", str(tmp_path / "nope.toml"), str(draft))
    assert code == 2 and "不存在" in out


# -- inline suppression in every format ------------------------------------------------------

def test_suppression_txt(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(
        "sensitive-lint: disable-next-line=SEC001\n机密★5年\n机密★6年\n"
        "内部资料 sensitive-lint: disable-line\n【待补充】\n", encoding="utf-8")
    _, out = run("lint", "-f", "json", str(p))
    assert [(f["rule"], f["line"]) for f in json.loads(out)["findings"]] == [("SEC001", 3), ("DRAFT003", 5)]


def test_suppression_markdown_comment_and_file(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("<!-- sensitive-lint: disable-file=DRAFT -->\n# 通知\n\n【待补充】\n\n"
                 "<!-- sensitive-lint: disable-next-line=SEC -->\n秘密★1年\n\n秘密★2年\n", encoding="utf-8")
    _, out = run("lint", "-f", "json", str(p))
    assert [(f["rule"], f["text"]) for f in json.loads(out)["findings"]] == [("SEC001", "秘密★2年")]


def test_suppression_html(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text("<html><body><p>秘密★1年</p><!-- sensitive-lint: disable-next-line -->"
                 "<p>机密★2年</p><p>绝密★3年</p></body></html>", encoding="utf-8")
    _, out = run("lint", "-f", "json", str(p))
    assert [f["text"] for f in json.loads(out)["findings"]] == ["秘密★1年", "绝密★3年"]


def test_suppression_docx_marker_paragraph(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("sensitive-lint: disable-next-line=SEC001")
    d.add_paragraph("机密★5年")
    d.add_paragraph("秘密★1年")
    p = tmp_path / "a.docx"
    d.save(p)
    _, out = run("lint", "-f", "json", str(p))
    assert [(f["text"], f["location"]) for f in json.loads(out)["findings"]] == [("秘密★1年", "段落 3")]


# -- other commands and guarantees -----------------------------------------------------------

def test_inputs_never_written(tmp_path: Path, draft: Path) -> None:
    kitchen = build_kitchen_sink(tmp_path / "k.docx")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (draft, kitchen)}
    run("lint", str(draft), str(kitchen))
    run("lint", "-f", "json", "-o", str(tmp_path / "report.json"), str(draft), str(kitchen))
    run("extract", str(kitchen))
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before} == before
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["summary"]["files"] == 2


def test_rules_command_lists_every_rule() -> None:
    code, out = run("rules", "-f", "json")
    assert code == 0
    rules = json.loads(out)
    codes = {r["code"] for r in rules}
    assert {"SEC001", "SEC002", "SEC003", "DRAFT001", "DOC001", "DOC002"} <= codes
    for r in rules:
        assert r["regulation"] and r["checkpoint"] and r["category"] and r["severity"]
    code, out = run("rules", "--explain", "SEC001")
    assert code == 0 and "为什么" in out and "示例" in out and "修改" in out and "依据" in out
    assert run("rules")[0] == 0


def test_console_script_and_module_run(draft: Path) -> None:
    exe = Path(sys.executable).with_name("sensitive-lint")
    p = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "0.1.0" in p.stdout
    p = subprocess.run([sys.executable, "-m", "sensitive_lint", "lint", "-f", "json", str(draft)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1 and json.loads(p.stdout)["summary"]["errors"] == 1


def test_document_date_rule_packs_and_rosters_from_config(tmp_path: Path) -> None:
    from sensitive_lint.config import parse_config

    pack = tmp_path / "county.tsv"
    pack.write_text("# id: county\n# rule: TYPO050\n# category: typo\n# severity: warning\n"
                    "# checkpoint: 准确性\n# label: 本县易错词\n# source: test\n本县错词\t本县正词\t-\t-\n", encoding="utf-8")
    cfg = parse_config({"document-date": "2019-06-30", "rule-packs": ["county.tsv"], "rosters": []},
                       base_dir=str(tmp_path))
    assert dict(cfg.extra)["document-date"] == "2019-06-30"
    assert dict(cfg.extra)["rule-packs"] == (str(pack),)
    (tmp_path / "sensitive-lint.toml").write_text('rule-packs = ["county.tsv"]\n', encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("这是本县错词。\n", encoding="utf-8")
    code, out = run("lint", "-f", "json", "--select", "TYPO050", str(draft), cwd=tmp_path)
    assert [(f["rule"], f["suggestion"]) for f in json.loads(out)["findings"]] == [("TYPO050", "本县正词")]
    (tmp_path / "sensitive-lint.toml").write_text('document-date = "yesterday"\n', encoding="utf-8")
    assert run("lint", str(draft), cwd=tmp_path)[0] == 2


def test_readme_configuration_examples_parse() -> None:
    """The TOML examples in the README are real configuration, not prose."""
    import re
    import tomllib

    from sensitive_lint.config import parse_config

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        parse_config(tomllib.loads(block), source="README.md")
