"""Masking: mask patterns, masked text, and desensitised copies of .txt/.md/.html/.docx that keep
everything but the masked characters (formatting, encoding, newlines) and never touch the input
unless asked to."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import docx
import pytest
from docx.shared import Pt, RGBColor

from sensitive_lint import lint_path, lint_text
from sensitive_lint.config import Config, ConfigError, parse_config
from sensitive_lint.masking import mask_file, mask_text, mask_value, parse_spec

ID = "500242199003071239"
ID2 = "110101198001010037"
MOBILE = "13800138000"
CARD = "6228480402564890018"


def privacy_findings(findings: object) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in findings if f.rule.startswith("PRIV")]  # type: ignore[attr-defined]


# -- patterns --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kind,value,masked",
    [
        ("id", "110101199003071234", "110101********1234"),
        ("id", "11010519491231002X", "110105********002X"),
        ("id", "500242 19900307 1239", "500242 ******** 1239"),
        ("id", "500242900307123", "500242*****7123"),
        ("mobile", "13812345678", "138****5678"),
        ("mobile", "138-1234-5678", "138-****-5678"),
        ("mobile", "１３８１２３４５６７８", "１３８****５６７８"),
        ("bank", "6222021234567890123", "***************0123"),
        ("bank", "6222 0212 3456 7890", "**** **** **** 7890"),
        ("uscc", "92500242MA5U1AXQ98", "92500242********98"),
        ("landline", "023-75551234", "023-7*****34"),
        ("email", "zhangsan@163.com", "z*******@163.com"),
        ("passport", "E12345678", "E*****678"),
        ("plate", "渝A12345", "渝A1**45"),
        ("plate", "渝A·12345", "渝A·1**45"),
        ("address", "幸福路12号3栋2单元501室", "幸福路**号*栋*单元***室"),
        ("address", "梨耳村三组十二号", "梨耳村*组**号"),
    ],
)
def test_default_masks(kind: str, value: str, masked: str) -> None:
    assert mask_value(kind, value) == masked
    assert len(mask_value(kind, value)) == len(value)


def test_custom_patterns() -> None:
    assert mask_value("id", ID, parse_spec("id", "keep:1:1")) == "5****************9"
    assert mask_value("id", ID, parse_spec("id", "keep:3:0:#")) == "500###############"
    assert mask_value("mobile", MOBILE, parse_spec("mobile", "digits:×")) == "×" * 11
    # A value shorter than head + tail still gets something masked.
    assert mask_value("mobile", MOBILE, parse_spec("mobile", "keep:8:8")) == "13800138*00"


@pytest.mark.parametrize("bad", ["keep:6", "keep:a:b", "stars", "keep:6:4:**", ""])
def test_bad_patterns_are_config_errors(bad: str) -> None:
    with pytest.raises(ConfigError):
        parse_spec("id", bad)


def test_config_mask_is_used_in_findings_and_copies(tmp_path: Path) -> None:
    cfg = parse_config({"mask": {"id": "keep:4:2"}})
    (f,) = [f for f in lint_text(f"身份证号：{ID}", config=cfg) if f.rule == "PRIV001"]
    assert f.text == "5002************39"
    src = tmp_path / "a.txt"
    src.write_text(f"身份证号：{ID}\n", encoding="utf-8")
    mask_file(src, tmp_path / "b.txt", cfg)
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "身份证号：5002************39\n"


def test_mask_text_leaves_nothing_to_find() -> None:
    text = (f"户主：张三，身份证号：{ID}，手机：{MOBILE}，银行卡号：{CARD}，家庭电话：023-75551234，"
            "家住幸福路12号3栋，护照号码：E12345678，邮箱：zs1990@163.com，驾驶人张某驾驶渝A12345。")
    out = mask_text(text)
    assert len(out.text) == len(text)
    assert {r.kind for r in out.replacements} == {"id", "mobile", "bank", "landline", "address", "passport", "email", "plate"}
    assert privacy_findings(lint_text(out.text)) == []
    # Office contacts and project numbers are not personal data: left as they are.
    keep = f"联系人：白典章，联系电话：023-75551007；项目编号：{ID}"
    assert mask_text(keep).text == keep


# -- text files ------------------------------------------------------------------------------

def test_txt_copy_keeps_encoding_bom_and_newlines(tmp_path: Path) -> None:
    for enc, bom in (("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")):
        src = tmp_path / f"in-{enc}-{len(bom)}.txt"
        raw = bom + f"户主：张三\r\n身份证号：{ID}\r\n手机：{MOBILE}\r\n".encode(enc)
        src.write_bytes(raw)
        dst = tmp_path / f"out-{enc}-{len(bom)}.md"
        rep = mask_file(src, dst, Config())
        assert src.read_bytes() == raw
        assert dst.read_bytes() == bom + "户主：张三\r\n身份证号：500242********1239\r\n手机：138****8000\r\n".encode(enc)
        assert rep.masked == {"id": 1, "mobile": 1}


def test_input_is_never_overwritten_unless_in_place(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(f"手机：{MOBILE}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        mask_file(src, src, Config())
    with pytest.raises(ValueError):
        mask_file(src, tmp_path / "." / "a.txt", Config())
    assert src.read_text(encoding="utf-8") == f"手机：{MOBILE}\n"
    os.chmod(src, 0o640)
    mask_file(src, None, Config(), in_place=True)
    assert src.read_text(encoding="utf-8") == "手机：138****8000\n"
    assert stat.S_IMODE(os.stat(src).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temp file left behind


def test_html_copy_changes_only_masked_characters(tmp_path: Path) -> None:
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>低保公示</title>'
        '<script>var id = "13800138000";</script></head><body>\n'
        '<table><tr><td>户主</td><td>身份证号</td></tr>\n'
        f'<tr><td>张三</td><td class="id">{ID}</td></tr></table>\n'
        '<p>联系电话：138<b style="color:red">0013</b>8000&nbsp;（本人）</p>\n'
        '<p>联系人：白典章，联系电话：023-75551007</p></body></html>\n'
    )
    src = tmp_path / "a.html"
    src.write_text(page, encoding="utf-8")
    mask_file(src, tmp_path / "b.html", Config())
    out = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert len(out) == len(page)
    assert "500242********1239" in out
    assert '138<b style="color:red">****</b>8000' in out
    assert 'var id = "13800138000"' in out  # scripts are not page text
    assert "023-75551007" in out
    assert privacy_findings(lint_path(tmp_path / "b.html").findings) == []


# -- .docx ----------------------------------------------------------------------------------

def _build_docx(path: Path) -> Path:
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = f"页眉：联系人手机 {MOBILE}"
    sec.footer.paragraphs[0].text = f"页脚：身份证号 {ID2}"
    p = d.add_paragraph("户主：张三，身份证号：")
    for text, fmt in (("500242", "bold"), ("19900307", "italic"), ("123", "red"), ("9", "big")):
        run = p.add_run(text)
        if fmt == "bold":
            run.bold = True
        elif fmt == "italic":
            run.italic = True
        elif fmt == "red":
            run.font.color.rgb = RGBColor(0xFF, 0, 0)
        else:
            run.font.size = Pt(16)
    p.add_run("，已核实。")
    d.add_paragraph("联系人：白典章，联系电话：023-75551007")
    t = d.add_table(rows=3, cols=4)
    for i, h in enumerate(["姓名", "身份证号码", "社保卡号", "手机"]):
        t.cell(0, i).text = h
    rows = [("李四", ID2, CARD, "139 0013 9000"), ("王五", ID, "6222 0212 3456 7890 128", "+86 13700137000")]
    for r, row in enumerate(rows, 1):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    d.save(str(path))
    return path


def _runs(document: docx.document.Document) -> list[tuple[str, object, object, object, object]]:
    out = []
    for para in document.paragraphs:
        for r in para.runs:
            color = r.font.color.rgb if r.font.color and r.font.color.type else None
            out.append((r.text, r.bold, r.italic, color, r.font.size))
    return out


def test_docx_round_trip(tmp_path: Path) -> None:
    src = _build_docx(tmp_path / "名单.docx")
    before = src.read_bytes()
    assert {r for r, _ in privacy_findings(lint_path(src).findings)} == {"PRIV001", "PRIV002", "PRIV003"}
    dst = tmp_path / "名单.masked.docx"
    rep = mask_file(src, dst, Config())
    assert src.read_bytes() == before  # the input is untouched
    assert rep.masked == {"mobile": 3, "id": 4, "bank": 2}

    out = docx.Document(str(dst))  # opens in python-docx
    assert privacy_findings(lint_path(dst).findings) == []  # nothing left to find
    orig = docx.Document(str(src))
    # Formatting kept run by run: same runs, same lengths, same bold/italic/colour/size.
    a, b = _runs(orig), _runs(out)
    assert [(len(x[0]),) + x[1:] for x in a] == [(len(x[0]),) + x[1:] for x in b]
    # The ID was split over four runs (bold, italic, red, 16 pt): masked across them.
    assert [x[0] for x in b[1:5]] == ["500242", "********", "123", "9"]
    assert out.sections[0].header.paragraphs[0].text == "页眉：联系人手机 138****8000"
    assert out.sections[0].footer.paragraphs[0].text == "页脚：身份证号 110101********0037"
    cells = [[c.text for c in row.cells] for row in out.tables[0].rows]
    assert cells[1] == ["李四", "110101********0037", "***************0018", "139 **** 9000"]
    assert cells[2] == ["王五", "500242********1239", "**** **** **** ***0 128", "+86 137****7000"]
    assert out.paragraphs[1].text == "联系人：白典章，联系电话：023-75551007"
    # Parts without personal data are copied byte for byte.
    import zipfile

    zin, zout = zipfile.ZipFile(src), zipfile.ZipFile(dst)
    assert zin.namelist() == zout.namelist()
    assert zin.read("word/styles.xml") == zout.read("word/styles.xml")


def test_docx_in_place_and_tracked_deletion(tmp_path: Path) -> None:
    import zipfile

    src = _build_docx(tmp_path / "a.docx")
    # A deleted revision still carries the number in the file: it must be masked too.
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    deleted = (f'<w:p><w:del w:id="9" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r>'
               f'<w:delText>手机{MOBILE}</w:delText></w:r></w:del></w:p>')
    xml = xml.replace("<w:sectPr", deleted + "<w:sectPr", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(src, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    mask_file(src, None, Config(), in_place=True)
    with zipfile.ZipFile(src) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert MOBILE not in body and ID not in body and "138****8000" in body
    docx.Document(str(src))
