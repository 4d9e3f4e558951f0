"""Build real .docx files for tests: python-docx for what it supports, then XML edits for what
it does not (footnotes, text boxes, tracked changes, field-code hyperlinks)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_DECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)

FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NS_DECL}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>脚注：本材料仅供内部参考。</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""

ENDNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes {NS_DECL}>
<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
<w:endnote w:id="1"><w:p><w:r><w:t>尾注：数据来源于县统计局。</w:t></w:r></w:p></w:endnote>
</w:endnotes>"""

# A text box as Word writes it: DrawingML in mc:Choice and the same content again in VML in
# mc:Fallback. The loader must read it once.
TEXTBOX_RUN = """<w:r xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml">
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>
<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框：秘密★1年</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框：秘密★1年</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""

TRACKED_PARAGRAPH = """<w:p><w:r><w:t xml:space="preserve">本次会议</w:t></w:r>
<w:ins w:id="101" w:author="张三" w:date="2024-05-01T10:00:00Z"><w:r><w:t>新增通过</w:t></w:r></w:ins>
<w:del w:id="102" w:author="李四" w:date="2024-05-01T10:05:00Z"><w:r><w:delText>机密★长期</w:delText></w:r></w:del>
<w:r><w:t>三项议程。</w:t></w:r></w:p>"""

FIELD_LINK_PARAGRAPH = """<w:p><w:r><w:t xml:space="preserve">详见</w:t></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.com/field" </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>示例网站</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"""


def _add_hyperlink(paragraph, url: str, text: str) -> None:
    part = paragraph.part
    r_id = part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def build_kitchen_sink(path: Path) -> Path:
    """A draft with every structure the loader must read."""
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "机密★5年"
    sec.footer.paragraphs[0].text = "第一节页脚"
    d.add_paragraph("关于开展2024年安全生产检查的通知")
    p = d.add_paragraph("各乡镇：现将有关事项通知如下。")
    p.add_run("FOOTNOTE_HERE")
    d.add_paragraph("TEXTBOX_HERE")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text = "姓名"
    t.cell(0, 1).text = "单位"
    t.cell(0, 2).text = "备注"
    merged = t.cell(1, 0).merge(t.cell(1, 1))  # horizontal merge
    merged.text = "合并单元格内容"
    t.cell(1, 2).text = "内部资料"
    vert = t.cell(1, 2).merge(t.cell(2, 2))  # vertical merge: stored once
    vert.text = "纵向合并"
    inner = t.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "嵌套甲"
    inner.cell(0, 1).text = "嵌套乙"
    d.add_paragraph("TRACKED_HERE")
    lp = d.add_paragraph("政策原文见")
    _add_hyperlink(lp, "http://www.gov.cn/zhengce/", "中国政府网")
    d.add_paragraph("FIELDLINK_HERE")
    cp = d.add_paragraph()
    run = cp.add_run("这一段有批注")
    d.add_comment(run, text="这个数据先别公开", author="王五")
    new = d.add_section(WD_SECTION.NEW_PAGE)
    new.header.is_linked_to_previous = False
    new.header.paragraphs[0].text = "第二节页眉"
    d.add_paragraph("第二节正文")
    d.save(path)
    _patch(path)
    return path


def _patch(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode("utf-8")
    doc = doc.replace("<w:t>FOOTNOTE_HERE</w:t>", '<w:footnoteReference w:id="1"/>')
    doc = re.sub(r"<w:p>(?:(?!<w:p>).)*?<w:t>TEXTBOX_HERE</w:t>.*?</w:p>",
                 lambda m: "<w:p><w:r><w:t>图示如下</w:t></w:r>" + TEXTBOX_RUN + "</w:p>", doc, flags=re.S)
    doc = re.sub(r"<w:p>(?:(?!<w:p>).)*?<w:t>TRACKED_HERE</w:t>.*?</w:p>", lambda m: TRACKED_PARAGRAPH, doc, flags=re.S)
    doc = re.sub(r"<w:p>(?:(?!<w:p>).)*?<w:t>FIELDLINK_HERE</w:t>.*?</w:p>", lambda m: FIELD_LINK_PARAGRAPH, doc, flags=re.S)
    parts["word/document.xml"] = doc.encode("utf-8")
    parts["word/footnotes.xml"] = FOOTNOTES_XML.encode("utf-8")
    parts["word/endnotes.xml"] = ENDNOTES_XML.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
        '<Relationship Id="rIdEn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
        "</Relationships>",
    )
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8")
    ct = ct.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
        '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>'
        "</Types>",
    )
    parts["[Content_Types].xml"] = ct.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def build_simple(path: Path, paragraphs: list[str]) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(path)
    return path
