"""Loaders on real files: encodings, HTML, generated .docx with every structure, the corpus
samples, and every kind of bad input."""
from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import docx
import pytest

from docx_factory import build_kitchen_sink, build_simple
from sensitive_lint import lint_path
from sensitive_lint.config import Config
from sensitive_lint.loaders import LoadError, load_bytes, load_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DOCX_SAMPLES = sorted((SHARED / "corpus" / "docx-samples").glob("*.docx"))
TEXT = "关于做好2024年防汛工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n"


# -- text encodings ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "encoded,expected_encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_text_encodings_decode_exactly(encoded: bytes, expected_encoding: str) -> None:
    doc = load_bytes(encoded, "a.txt")
    assert doc.text == TEXT
    assert doc.encoding == expected_encoding


def test_gbk_file_is_checked_and_encoding_reported(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes("秘密★1年\n关于调整工作安排的通知\n".encode("gbk"))
    r = lint_path(p)
    assert r.status == "checked"
    assert r.encoding == "gb18030"
    assert [f.rule for f in r.findings] == ["SEC001"]
    assert r.findings[0].text == "秘密★1年"


def test_latin1_bytes_are_not_guessed(tmp_path: Path) -> None:
    # Windows-1252 text is neither UTF-8 nor plausible GBK: refuse rather than garble.
    data = ("Café résumé naïve façade " * 20).encode("cp1252")
    with pytest.raises(LoadError) as e:
        load_bytes(data, "x.txt")
    assert "编码" in e.value.reason


def test_forced_encoding(tmp_path: Path) -> None:
    data = "通知".encode("big5")
    doc = load_bytes(data, "x.txt", encoding="big5")
    assert doc.text == "通知"
    with pytest.raises(LoadError):
        load_bytes(b"\xff\xfe\xfa", "x.txt", encoding="utf-8")


def test_markdown_kept_as_written() -> None:
    md = "# 标题\n\n正文 **加粗** 内容\n"
    doc = load_bytes(md.encode(), "a.md")
    assert doc.text == md and doc.kind == "md"


# -- HTML ----------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><meta charset="gb2312"><title>县政府网站</title>
<style>.x{color:red}</style><script>var secret = "机密★长期";</script></head>
<body><div class="nav">首页 | 政务公开</div>
<p>关于<b>防汛</b>工作的通知</p>
<p>详见<a href="http://www.example.com/a">外部网站</a>和<a href="https://www.gov.cn/">中国政府网</a>。</p>
<!-- sensitive-lint: disable-next-line=SEC003 -->
<p>内部资料</p>
<p>内部资料</p>
<noscript>请启用脚本</noscript>
</body></html>"""


def test_html_visible_text_links_and_comment_directives() -> None:
    doc = load_bytes(HTML.encode("gb18030"), "page.html")
    assert doc.encoding == "gb18030"
    assert "var secret" not in doc.text and "color:red" not in doc.text and "请启用脚本" not in doc.text
    assert doc.text.splitlines() == [
        "县政府网站", "首页 | 政务公开", "关于防汛工作的通知", "详见外部网站和中国政府网。", "内部资料", "内部资料",
    ]
    urls = [(link.url, doc.text[link.start:link.end]) for link in doc.links]
    assert urls == [("http://www.example.com/a", "外部网站"), ("https://www.gov.cn/", "中国政府网")]
    assert doc.blocks[0].locator == "标题"
    r = lint_path_bytes(HTML.encode("gb18030"), "page.html")
    sec = [f for f in r if f.rule == "SEC003"]
    assert [f.line for f in sec] == [6], "the comment suppresses only the paragraph after it"


def lint_path_bytes(data: bytes, name: str):  # type: ignore[no-untyped-def]
    from sensitive_lint import lint_bytes

    return list(lint_bytes(data, name).findings)


# -- DOCX ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kitchen_sink(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_kitchen_sink(tmp_path_factory.mktemp("docx") / "kitchen.docx")


def test_docx_every_structure_in_order(kitchen_sink: Path) -> None:
    doc = load_path(kitchen_sink, 10**9)
    got = [(b.locator, b.text) for b in doc.blocks]
    assert got == [
        ("页眉（第1节）", "机密★5年"),
        ("页眉（第2节）", "第二节页眉"),
        ("段落 1", "关于开展2024年安全生产检查的通知"),
        ("段落 2", "各乡镇：现将有关事项通知如下。"),
        ("段落 3", "图示如下"),
        ("段落 3 文本框", "文本框：秘密★1年"),  # read once, not again from mc:Fallback
        ("表格1 第1行第1列", "姓名"),
        ("表格1 第1行第2列", "单位"),
        ("表格1 第1行第3列", "备注"),
        ("表格1 第2行第1列", "合并单元格内容"),  # a horizontally merged cell once
        ("表格1 第2行第3列", "纵向合并"),  # a vertically merged cell once
        ("表格1 第3行第1列 嵌套表格1 第1行第1列", "嵌套甲"),
        ("表格1 第3行第1列 嵌套表格1 第1行第2列", "嵌套乙"),
        ("段落 4", "本次会议新增通过三项议程。"),  # insertion in, deletion out
        ("段落 5", "政策原文见中国政府网"),
        ("段落 6", "详见示例网站"),
        ("段落 7", "这一段有批注"),
        ("段落 8", "第二节正文"),
        ("脚注 1", "脚注：本材料仅供内部参考。"),
        ("尾注 1", "尾注：数据来源于县统计局。"),
        ("页脚（第1节）", "第一节页脚"),
    ]
    assert doc.text == "\n".join(t for _, t in got)


def test_docx_links_and_annotations(kitchen_sink: Path) -> None:
    doc = load_path(kitchen_sink, 10**9)
    assert [(link.url, doc.text[link.start:link.end]) for link in doc.links] == [
        ("http://www.gov.cn/zhengce/", "中国政府网"),
        ("http://example.com/field", "示例网站"),
    ]
    kinds = [(a.kind, a.author, doc.text[a.start:a.end] if a.kind != "deletion" else a.text) for a in doc.annotations]
    assert kinds == [
        ("insertion", "张三", "新增通过"),
        ("deletion", "李四", "机密★长期"),
        ("comment", "王五", "这一段有批注"),
    ]


def test_docx_findings_with_locators(kitchen_sink: Path) -> None:
    r = lint_path(kitchen_sink)
    got = [(f.rule, f.location, f.text) for f in r.findings]
    assert ("SEC001", "页眉（第1节）", "机密★5年") in got
    assert ("SEC001", "段落 3 文本框", "秘密★1年") in got
    assert ("SEC003", "脚注 1", "仅供内部参考") in got
    assert ("DOC001", "段落 4", "新增通过") in got
    assert ("DOC002", "段落 7", "这一段有批注") in got
    # The deleted 机密★长期 is not published text: no finding for it.
    assert not any(f.text == "机密★长期" for f in r.findings)
    assert sum(1 for f in r.findings if f.rule == "SEC001") == 2


def test_docx_comment_suppression(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("请各单位注意：")
    run = p.add_run("不得外传")
    d.add_comment(run, text="sensitive-lint: disable=SEC003 （经保密办确认可公开）", author="审核员")
    d.add_paragraph("内部资料")
    path = tmp_path / "s.docx"
    d.save(path)
    r = lint_path(path)
    assert [(f.rule, f.location) for f in r.findings] == [("SEC003", "段落 2")]
    assert r.suppressed == 1


@pytest.mark.parametrize("sample", DOCX_SAMPLES, ids=[p.name for p in DOCX_SAMPLES])
def test_corpus_docx_samples_load(sample: Path) -> None:
    doc = load_path(sample, 10**9)
    assert doc.text.strip()
    r = lint_path(sample)
    assert r.status == "checked", r.error
    # Every cell once: merged cells (python-docx's row.cells repeats them) are not repeated.
    body = docx.Document(str(sample)).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    cells = 0
    for tc in body.iter(f"{w}tc"):
        vm = tc.find(f"{w}tcPr/{w}vMerge")
        direct_text = "".join(t.text or "" for p in tc.findall(f"{w}p") for t in p.iter(f"{w}t"))
        if (vm is None or vm.get(f"{w}val") == "restart") and direct_text.strip():
            cells += 1
    cell_locators = {b.locator for b in doc.blocks if b.locator.startswith("表格") and "文本框" not in b.locator}
    assert len(cell_locators) == cells
    assert len(doc.text) < 2 * len("".join(t.text or "" for t in body.iter(f"{w}t"))) + 1000


def test_payment_template_nested_table_and_first_page_header() -> None:
    doc = load_path(SHARED / "corpus/docx-samples/payment_notice_template_poi-tl.docx", 10**9)
    locs = {b.locator for b in doc.blocks}
    assert "页眉（首页）" in locs
    assert any("嵌套表格1" in loc for loc in locs)


# -- bad input: reported, never raised, never written ---------------------------------------

def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() and p.is_file() else ""


def _bad_files(tmp_path: Path, kitchen: Path) -> dict[str, tuple[Path, str, str]]:
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(kitchen.read_bytes()[:2000])
    notzip = tmp_path / "random.docx"
    notzip.write_bytes(os.urandom(4096))
    doc97 = tmp_path / "old.docx"
    doc97.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000 + "WordDocument".encode("utf-16-le"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    unknown = tmp_path / "slides.pptx"
    unknown.write_bytes(b"PK\x03\x04whatever")
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB by size, nothing on disk
    noword = tmp_path / "noword.docx"
    with zipfile.ZipFile(noword, "w") as z:
        z.writestr("hello.txt", "hi")
    badxml = tmp_path / "badxml.docx"
    with zipfile.ZipFile(kitchen) as src, zipfile.ZipFile(badxml, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    missing = tmp_path / "missing.txt"
    return {
        "corrupt zip": (corrupt, "failed", "损坏"),
        "not a zip": (notzip, "failed", "损坏"),
        ".doc renamed": (doc97, "failed", ".doc"),
        "empty": (empty, "skipped", "空"),
        "binary .txt": (binary, "failed", "二进制"),
        "unknown extension": (unknown, "skipped", "不支持"),
        "200 MB": (huge, "skipped", "过大"),
        "zip without word part": (noword, "failed", "word/document.xml"),
        "truncated XML": (badxml, "failed", "XML"),
        "missing": (missing, "failed", "不存在"),
    }


def test_bad_inputs_reported_with_reasons(tmp_path: Path, kitchen_sink: Path) -> None:
    cases = _bad_files(tmp_path, kitchen_sink)
    for label, (path, status, reason) in cases.items():
        before = _digest(path)
        r = lint_path(path)
        assert r.status == status, (label, r)
        assert reason in (r.error or ""), (label, r.error)
        assert _digest(path) == before, f"{label}: input was modified"


def test_encrypted_docx(tmp_path: Path, kitchen_sink: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    enc = tmp_path / "locked.docx"
    with open(kitchen_sink, "rb") as src, open(enc, "wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    r = lint_path(enc)
    assert r.status == "failed" and "密码" in (r.error or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    p.write_text("内容")
    p.chmod(0)
    try:
        r = lint_path(p)
        assert r.status == "failed" and "权限" in (r.error or "")
    finally:
        p.chmod(0o644)


def test_unreadable_file_as_directory_named_txt(tmp_path: Path) -> None:
    # Works for root too: a directory cannot be read as a file.
    d = tmp_path / "folder.txt"
    d.mkdir()
    r = lint_path(d)
    assert r.status in ("failed", "skipped") and r.error


def test_max_file_size_from_config(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("正文" * 1000, encoding="utf-8")
    r = lint_path(p, Config(max_file_size=100))
    assert r.status == "skipped" and "过大" in (r.error or "")


def test_simple_docx_lints(tmp_path: Path) -> None:
    p = build_simple(tmp_path / "a.docx", ["秘密", "关于某事的通知"])
    r = lint_path(p)
    assert [(f.rule, f.location) for f in r.findings] == [("SEC002", "段落 1")]
