"""Annotated drafts (`lint draft.docx --annotate out.docx`): a comment on each finding, anchored
on exactly the matched text even inside runs, formatting kept, the original untouched; what
Word cannot comment (headers, footers, footnotes, text boxes) handled as the README says."""
from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt, RGBColor
from lxml import etree
from typer.testing import CliRunner

from docx_factory import _add_hyperlink, build_kitchen_sink
from sensitive_lint.annotate import annotate_docx
from sensitive_lint.cli import app
from sensitive_lint.engine import lint_path
from sensitive_lint.loaders import load_path
from sensitive_lint.registry import all_rules

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _id_check(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


RAW_ID = "44030619900615123" + _id_check("44030619900615123")
RAW_MOBILE = "15927384651"


def build_formatted(path: Path) -> Path:
    """Findings that start and end inside runs of different formatting, in paragraphs, a table,
    a hyperlink and a tracked insertion; one in the header, one in the footer."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    d.sections[0].footer.paragraphs[0].text = "第XX页"
    d.add_paragraph("关于做好防汛工作的通知")
    p = d.add_paragraph()
    r1 = p.add_run("通知：本文件为")
    r1.bold = True
    r2 = p.add_run("机密★")
    r2.italic = True
    r2.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    r3 = p.add_run("5年，请注意保管。")
    r3.underline = True
    r3.font.size = Pt(14)
    p2 = d.add_paragraph()
    r = p2.add_run(f"联系人王某手机{RAW_MOBILE}谢谢，身份证号{RAW_ID}。")
    r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    r.font.name = "仿宋"
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "事项"
    t.cell(0, 1).text = "备注"
    t.cell(1, 0).text = "资金"
    cell = t.cell(1, 1).paragraphs[0]
    a = cell.add_run("本表仅供内部")
    a.bold = True
    cell.add_run("参考，共计【待补充】元")
    lp = d.add_paragraph("政策原文见")
    _add_hyperlink(lp, "http://www.example-blog.com/post", "某自媒体解读文章")
    d.add_paragraph("TRACKED_HERE")
    d.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    tracked = ('<w:p><w:r><w:t xml:space="preserve">会议决定</w:t></w:r>'
               '<w:ins w:id="901" w:author="张三" w:date="2024-05-01T10:00:00Z"><w:r><w:rPr><w:b/></w:rPr>'
               '<w:t>此件不得外传</w:t></w:r></w:ins><w:r><w:t>。</w:t></w:r></w:p>')
    import re

    xml = re.sub(r"<w:p>(?:(?!<w:p>).)*?<w:t>TRACKED_HERE</w:t>.*?</w:p>", lambda m: tracked, xml, flags=re.S)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


# -- reading an annotated file back ------------------------------------------------------------

def comments_of(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    return {
        c.get(_w("id")): "\n".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in c.iter(_w("p")))
        for c in root.iter(_w("comment"))
    }


def anchored_text(path: Path) -> dict[str, str]:
    """Comment id → the text between its range start and end, in document order (published
    text: deletions and the VML copy of text boxes skipped)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    active: dict[str, list[str]] = {}
    out: dict[str, str] = {}

    def walk(el: etree._Element) -> None:
        for ch in el:
            if ch.tag in (_w("del"), f"{{{MC}}}Fallback", _w("txbxContent")):
                continue
            if ch.tag == _w("commentRangeStart"):
                active[ch.get(_w("id"))] = []
            elif ch.tag == _w("commentRangeEnd"):
                cid = ch.get(_w("id"))
                out[cid] = "".join(active.pop(cid, []))
            elif ch.tag == _w("t"):
                for buf in active.values():
                    buf.append(ch.text or "")
            elif ch.tag == _w("p"):
                walk(ch)
                for buf in active.values():
                    buf.append("\n")
            else:
                walk(ch)

    walk(root)
    return {k: v.rstrip("\n") for k, v in out.items()}


def formatting_per_char(path: Path) -> list[tuple[str, bytes]]:
    """Every character of the body's w:t with its run's properties, in order."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for t in root.iter(_w("t")):
        r = t.getparent()
        rpr = r.find(_w("rPr")) if r.tag == _w("r") else None
        key = etree.tostring(rpr, method="c14n") if rpr is not None else b""
        out.extend((ch, key) for ch in t.text or "")
    return out


def comment_refs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [e.get(_w("id")) for e in root.iter(_w("commentReference"))]


# -- tests --------------------------------------------------------------------------------------

@pytest.fixture()
def formatted(tmp_path: Path) -> Path:
    return build_formatted(tmp_path / "稿件.docx")


def _annotate(src: Path, dst: Path):  # type: ignore[no-untyped-def]
    result = lint_path(src)
    assert result.status == "checked"
    report = annotate_docx(src, dst, result.findings, all_rules())
    return result, report


def test_comments_anchor_exactly_the_matched_text(formatted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result, report = _annotate(formatted, out)
    doc = load_path(formatted, 2**30)
    texts = comments_of(out)
    spans = anchored_text(out)
    body = [f for f in result.findings if not f.location.startswith(("页眉", "页脚"))]
    assert report.anchored == len(body) >= 6
    rules = {f.rule for f in body}
    assert {"SEC001", "PRIV001", "PRIV002", "SEC003", "DRAFT003", "LINK001"} <= rules
    # Each body finding: one comment whose range covers exactly the matched text.
    by_text: dict[str, list[str]] = {}
    for cid, s in spans.items():
        by_text.setdefault(s, []).append(texts[cid])
    for f in body:
        raw = doc.text[f.start:f.end]
        assert raw in by_text, (f.rule, raw, list(by_text))
        assert any(f.rule in c and f.message in c for c in by_text[raw]), (f.rule, by_text[raw])
    sec = next(f for f in body if f.rule == "SEC001")
    assert doc.text[sec.start:sec.end] == "机密★5年"  # starts at a run start, ends inside a run
    # Every comment has its reference mark, and the comment ids are distinct.
    assert sorted(comment_refs(out)) == sorted(texts)


def test_split_runs_keep_their_formatting(formatted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    _annotate(formatted, out)
    assert formatting_per_char(out) == formatting_per_char(formatted)
    # And the runs were split: the finding inside the one highlighted run is now its own run.
    d = docx.Document(str(out))
    runs = [r for p in d.paragraphs for r in p.runs]
    assert any(r.text == RAW_MOBILE and r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)
    assert any(r.text == "5年" and r.underline for r in runs)
    assert any(r.text == "，请注意保管。" and r.underline and r.font.size == Pt(14) for r in runs)


def test_text_unchanged_and_original_untouched(formatted: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(formatted.read_bytes()).hexdigest()
    mtime = os.stat(formatted).st_mtime_ns
    out = tmp_path / "out.docx"
    _annotate(formatted, out)
    assert hashlib.sha256(formatted.read_bytes()).hexdigest() == before
    assert os.stat(formatted).st_mtime_ns == mtime
    assert load_path(out, 2**30).text == load_path(formatted, 2**30).text
    docx.Document(str(out))  # opens


def test_comment_content(formatted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result, _ = _annotate(formatted, out)
    texts = comments_of(out)
    priv = next(c for c in texts.values() if "PRIV001" in c)
    assert "【错误】PRIV001" in priv and "未脱敏的公民身份号码" in priv
    assert "建议改为：440306********" in priv and RAW_ID not in priv  # the masked form to use
    assert "审核要点：保密性" in priv
    assert all(RAW_ID not in c and RAW_MOBILE not in c for c in texts.values())


def test_header_and_footer_findings_are_listed_on_the_first_paragraph(formatted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result, report = _annotate(formatted, out)
    assert report.summarized == 2 and report.summary_kinds == ["页眉", "页脚"]
    texts = comments_of(out)
    spans = anchored_text(out)
    (cid,) = [k for k, c in texts.items() if c.startswith("以下 2 处问题在页眉、页脚中")]
    assert "SEC003" in texts[cid] and "内部资料 注意保存" in texts[cid] and "DRAFT001" in texts[cid]
    assert spans[cid] == "关于做好防汛工作的通知"  # the first body paragraph


def test_text_boxes_and_footnotes_are_commented_at_their_anchor(tmp_path: Path) -> None:
    src = build_kitchen_sink(tmp_path / "k.docx")
    out = tmp_path / "k.out.docx"
    result, report = _annotate(src, out)
    assert report.relocated == 2
    texts = comments_of(out)
    spans = anchored_text(out)
    box = next(k for k, c in texts.items() if c.startswith("【错误】SEC001") and "文本框中" in c)
    assert "「秘密★1年」" in texts[box]
    note = next(k for k, c in texts.items() if "脚注 1：「仅供内部参考」" in c)
    # The footnote's comment sits on the run holding its reference mark in the body.
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    start = next(e for e in root.iter(_w("commentRangeStart")) if e.get(_w("id")) == note)
    run = start.getnext()
    assert run.find(_w("footnoteReference")) is not None
    assert spans[box] == ""  # the host run holds a drawing, no text of its own
    # No comment range was put inside a text box, a header or a footnote.
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith(("word/header", "word/footer", "word/footnotes", "word/endnotes")):
                assert b"commentRange" not in z.read(name)
    assert not any(next(e.iterancestors(_w("txbxContent")), None) is not None
                   for e in root.iter(_w("commentRangeStart")))
    assert load_path(out, 2**30).text == load_path(src, 2**30).text


def test_overlapping_findings_and_points(tmp_path: Path) -> None:
    # Two findings on overlapping text in one run, and the same text twice.
    src = tmp_path / "o.docx"
    d = docx.Document()
    d.add_paragraph("本文件为机密★5年机密★5年文件，仅供内部参考不得外传。")
    d.save(src)
    out = tmp_path / "o.out.docx"
    result, report = _annotate(src, out)
    doc = load_path(src, 2**30)
    spans = anchored_text(out)
    assert report.anchored == len(result.findings) >= 3
    assert sorted(spans.values()) == sorted(doc.text[f.start:f.end] for f in result.findings)
    assert load_path(out, 2**30).text == doc.text


def test_cli_annotate(formatted: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "稿件.checked.docx"
    r = runner.invoke(app, ["lint", str(formatted), "--annotate", str(out), "--format", "json"])
    assert r.exit_code == 1  # the findings still fail the run
    assert out.is_file() and len(comments_of(out)) >= 7
    assert "已写入批注稿" in r.output
    # --min-severity applies to the comments too.
    out2 = tmp_path / "errors-only.docx"
    runner.invoke(app, ["lint", str(formatted), "--annotate", str(out2), "--min-severity", "error"])
    assert all("【错误】" in c or c.startswith("以下") for c in comments_of(out2).values())
    assert len(comments_of(out2)) < len(comments_of(out))


@pytest.mark.parametrize("args", [
    ["a.txt", "--annotate", "x.docx"],
    ["稿件.docx", "b.docx", "--annotate", "x.docx"],
    ["稿件.docx", "--annotate", "稿件.docx"],
    ["稿件.docx", "--annotate", "x.txt"],
])
def test_cli_annotate_usage_errors(formatted: Path, args: list[str]) -> None:
    (formatted.parent / "a.txt").write_text("机密★5年\n", encoding="utf-8")
    (formatted.parent / "b.docx").write_bytes(formatted.read_bytes())
    before = formatted.read_bytes()
    old = os.getcwd()
    os.chdir(formatted.parent)
    try:
        r = CliRunner().invoke(app, ["lint", *args])
    finally:
        os.chdir(old)
    assert r.exit_code == 2, r.output
    assert formatted.read_bytes() == before
    assert not (formatted.parent / "x.docx").exists()


def test_example_draft(tmp_path: Path) -> None:
    src = Path(__file__).parent.parent / "examples" / "draft.docx"
    out = tmp_path / "draft.checked.docx"
    result, report = _annotate(src, out)
    assert report.anchored + report.summarized == len(result.findings)
    assert load_path(out, 2**30).text == load_path(src, 2**30).text
    assert formatting_per_char(out) == formatting_per_char(src)
