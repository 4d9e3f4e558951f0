"""The PDF loader on PDFs made here: a text PDF with Chinese (reportlab's built-in Adobe CJK
font STSong-Light, as many generated government PDFs use, so no font file is needed), a scan
(an image and no text layer), a scanned attachment after a text page, encrypted and corrupt
files. reportlab is in the `test` extra."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sensitive_lint import lint_bytes
from sensitive_lint.cli import app
from sensitive_lint.loaders import SUPPORTED, LoadError, load_bytes
from sensitive_lint.loaders.pdf import _garbled, _paragraphs

reportlab = pytest.importorskip("reportlab", reason="reportlab makes the test PDFs: pip install '.[test]'")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
STYLE = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK", firstLineIndent=24)
MOBILE = "13812345678"
LONG = ("各乡镇人民政府，县政府各部门：为切实做好安全生产工作，经县政府同意，现将有关事项通知如下。"
        f"本次检查由县应急管理局牵头，联系人张三，联系电话{MOBILE}，请各单位于3月15日前报送材料。")


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF laid out by reportlab: paragraphs wrap at the margin like a real notice."""
    buf = io.BytesIO()
    story: list[object] = []
    for i, paras in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.extend(Paragraph(p, STYLE) for p in paras)
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def _scan_image() -> object:
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    d = ImageDraw.Draw(img)
    for y in range(60, 760, 24):  # lines of "text" as a scanner sees them: pixels
        d.rectangle([60, y, 540, y + 10], fill=0)
    return img


def scanned_pdf(pages: int = 2, text_first: list[str] | None = None) -> bytes:
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if text_first:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(text_first):
            c.drawString(72, 770 - 20 * i, line)
        c.showPage()
    img = ImageReader(_scan_image())
    for _ in range(pages):
        c.drawImage(img, 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted(data: bytes, user: str, owner: str = "owner-secret", algorithm: str = "AES-256") -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    w.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


NOTICE = text_pdf([["关于开展2024年度安全生产检查工作的通知", LONG, "一、检查范围", "全县各类生产经营单位。"],
                   ["机密★5年", "二、工作要求", "详见附件。"]])


def test_pdf_is_a_supported_type() -> None:
    assert ".pdf" in SUPPORTED


def test_text_pdf_pages_paragraphs_and_locators() -> None:
    doc = load_bytes(NOTICE, "notice.pdf")
    got = [(b.locator, b.text) for b in doc.blocks]
    assert got == [
        ("第1页", "关于开展2024年度安全生产检查工作的通知"),
        ("第1页", LONG),  # wrapped at the margin on the page, one paragraph again
        ("第1页", "一、检查范围"),
        ("第1页", "全县各类生产经营单位。"),
        ("第2页", "机密★5年"),
        ("第2页", "二、工作要求"),
        ("第2页", "详见附件。"),
    ]
    assert doc.unchecked is None and doc.pages == 2


def test_text_pdf_findings_carry_page_locators() -> None:
    r = lint_bytes(NOTICE, "notice.pdf")
    assert r.status == "checked"
    by_rule = {f.rule: f for f in r.findings}
    assert by_rule["PRIV002"].location == "第1页"
    assert by_rule["PRIV002"].text == "138****5678"  # masked, and found although the page wrapped it
    assert by_rule["SEC001"].location == "第2页"


def test_extract_prints_the_checked_text(tmp_path: Path) -> None:
    p = tmp_path / "notice.pdf"
    p.write_bytes(NOTICE)
    r = CliRunner().invoke(app, ["extract", "--locators", str(p)])
    assert r.exit_code == 0
    assert "[第2页] 机密★5年" in r.output


def test_scanned_pdf_fails_with_a_reason_never_clean(tmp_path: Path) -> None:
    data = scanned_pdf(pages=3)
    with pytest.raises(LoadError) as e:
        load_bytes(data, "scan.pdf")
    assert "扫描件，无文字层，无法检查" in e.value.reason and "3 页" in e.value.reason
    r = lint_bytes(data, "scan.pdf")
    assert r.status == "failed" and "扫描件" in (r.error or "")
    p = tmp_path / "scan.pdf"
    p.write_bytes(data)
    res = CliRunner().invoke(app, ["lint", "--format", "json", str(p)])
    assert res.exit_code == 1, "a scan must fail the run: nobody checked it"
    report = json.loads(res.stdout)
    assert report["files"][0]["status"] == "failed"


def test_scanned_pages_after_a_text_page_are_named_and_the_text_is_still_checked() -> None:
    data = scanned_pdf(pages=2, text_first=["关于公示的通知", f"联系电话{MOBILE}"])
    r = lint_bytes(data, "mixed.pdf")
    assert r.status == "failed"
    assert "第2、3页是扫描图像，无文字层" in (r.error or "")
    assert "已检查部分发现问题" in (r.error or "")
    assert [f.rule for f in r.findings] == ["PRIV002"]
    assert r.findings[0].location == "第1页"


def test_encrypted_pdf_needing_a_password_fails() -> None:
    r = lint_bytes(encrypted(NOTICE, user="open-me"), "locked.pdf")
    assert r.status == "failed" and "需要打开密码" in (r.error or "")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(algorithm: str) -> None:
    # "禁止复制/打印" PDFs open for everyone: what everyone can read must be checked.
    r = lint_bytes(encrypted(NOTICE, user="", algorithm=algorithm), "restricted.pdf")
    assert r.status == "checked"
    assert {"PRIV002", "SEC001"} <= {f.rule for f in r.findings}


def test_corrupt_and_fake_pdfs_fail_with_a_reason() -> None:
    r = lint_bytes(NOTICE[: len(NOTICE) // 3], "truncated.pdf")
    assert r.status in ("failed", "checked")  # pypdf recovers what it can from a cut file
    if r.status == "failed":
        assert r.error
    r = lint_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50, "corrupt.pdf")
    assert r.status == "failed" and "PDF" in (r.error or "")
    r = lint_bytes("这不是PDF".encode(), "fake.pdf")
    assert r.status == "failed" and "不是有效的 PDF" in (r.error or "")


def test_blank_pdf_is_skipped_not_failed() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.showPage()
    c.save()
    r = lint_bytes(buf.getvalue(), "blank.pdf")
    assert r.status == "skipped"


def test_paragraphs_join_soft_breaks_only() -> None:
    raw = ("关于开展检查的通知\n"
           "各乡镇人民政府，县政府各部门：为切实做好安全生产工作，经县政府同意，现将有\n"
           "关事项通知如下。联系人张三，联系电话138123\n"
           "45678。\n"
           "一、检查范围\n"
           "全县各类生产经营单位。\n")
    assert _paragraphs(raw) == [
        "关于开展检查的通知",
        "各乡镇人民政府，县政府各部门：为切实做好安全生产工作，经县政府同意，现将有关事项通知如下。联系人张三，联系电话13812345678。",
        "一、检查范围",
        "全县各类生产经营单位。",
    ]


def test_garbled_text_layer_is_recognised() -> None:
    assert _garbled("(cid:12)(cid:55)(cid:91)(cid:3)(cid:77)")
    assert _garbled("\ue001\ue002\ue003\ue004 \ue005\ue006")
    assert not _garbled("关于开展检查的通知（2024年）")


def test_partly_scanned_pdf_shows_what_was_read_in_text_and_sarif(tmp_path: Path) -> None:
    import json
    import os

    from typer.testing import CliRunner

    from sensitive_lint.cli import app

    p = tmp_path / "part.pdf"
    p.write_bytes(scanned_pdf(pages=1, text_first=["机密★5年", "关于某事的通知"]))
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        text = CliRunner().invoke(app, ["lint", "--no-color", str(p)])
        sarif = CliRunner().invoke(app, ["lint", "-f", "sarif", str(p)])
    finally:
        os.chdir(old)
    assert text.exit_code == 1
    assert "失败" in text.output and "SEC001" in text.output and "机密★5年" in text.output
    run = json.loads(sarif.output)["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["SEC001"]
    assert run["invocations"][0]["toolExecutionNotifications"]
