""".docx read straight from the package XML (zipfile + lxml: 5–10× faster than python-docx,
and python-docx hides tracked changes, text boxes and footnotes).

What the checks see is the text as it would be published: insertions in, deletions out.
Tracked changes and review comments are kept as annotations so a check can report them.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from ..model import Annotation, Document, Link
from .errors import LoadError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


T, TAB, BR, CR, DELTEXT = _w("t"), _w("tab"), _w("br"), _w("cr"), _w("delText")
INS, DEL, MOVE_TO, MOVE_FROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
P, TBL, TR, TC, SDT, SDT_CONTENT = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent")
HYPERLINK, FLD_SIMPLE, FLD_CHAR, INSTR = _w("hyperlink"), _w("fldSimple"), _w("fldChar"), _w("instrText")
TXBX, PPR, RPR, SECTPR = _w("txbxContent"), _w("pPr"), _w("rPr"), _w("sectPr")
CRS, CRE, CREF = _w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference")
NBH = _w("noBreakHyphen")
FALLBACK = f"{{{MC}}}Fallback"
RID = f"{{{R}}}id"
WID, WVAL, WTYPE = _w("id"), _w("val"), _w("type")

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a zip bomb is refused, not expanded
_HYPERLINK_INSTR = re.compile(r'HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', re.I)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


@dataclass
class _Para:
    """One paragraph's text with events at paragraph-local offsets."""

    text: str
    locator: str
    links: list[tuple[str, int, int]] = field(default_factory=list)
    annotations: list[tuple[str, int, int, str, str]] = field(default_factory=list)
    comment_marks: list[tuple[str, str, int]] = field(default_factory=list)  # (start|end|ref, id, pos)


class _Part:
    """Walks one XML part (document, header, footnotes …) into paragraphs."""

    def __init__(self, rels: dict[str, str]) -> None:
        self.rels = rels
        self.paras: list[_Para] = []

    # -- paragraphs -------------------------------------------------------------------------
    def paragraph(self, p: etree._Element, locator: str) -> None:
        buf: list[str] = []
        para = _Para("", locator)
        textboxes: list[etree._Element] = []
        fields: list[dict[str, object]] = []
        state = {"pos": 0}

        def emit(s: str) -> None:
            buf.append(s)
            state["pos"] += len(s)

        def walk(el: etree._Element) -> None:
            for ch in el:
                tag = ch.tag
                if tag == T:
                    if ch.text:
                        emit(ch.text)
                elif tag == TAB:
                    emit("\t")
                elif tag in (BR, CR):
                    emit("\n")
                elif tag == NBH:
                    emit("-")
                elif tag in (DEL, MOVE_FROM):
                    gone = "".join(x.text or "" for x in ch.iter(DELTEXT, T))
                    para.annotations.append(("deletion", state["pos"], state["pos"], gone, ch.get(_w("author"), "")))
                elif tag in (INS, MOVE_TO):
                    start = state["pos"]
                    walk(ch)
                    para.annotations.append(("insertion", start, state["pos"], "", ch.get(_w("author"), "")))
                elif tag == HYPERLINK:
                    start = state["pos"]
                    walk(ch)
                    rid = ch.get(RID)
                    url = self.rels.get(rid, "") if rid else ""
                    if not url and ch.get(_w("anchor")):
                        url = "#" + ch.get(_w("anchor"), "")
                    if url:
                        para.links.append((url, start, state["pos"]))
                elif tag == FLD_SIMPLE:
                    start = state["pos"]
                    walk(ch)
                    m = _HYPERLINK_INSTR.search(ch.get(_w("instr"), ""))
                    if m:
                        para.links.append((m.group(1), start, state["pos"]))
                elif tag == FLD_CHAR:
                    kind = ch.get(_w("fldCharType"))
                    if kind == "begin":
                        fields.append({"instr": "", "start": None})
                    elif kind == "separate" and fields:
                        fields[-1]["start"] = state["pos"]
                    elif kind == "end" and fields:
                        f = fields.pop()
                        m = _HYPERLINK_INSTR.search(str(f["instr"]))
                        if m:
                            s = f["start"] if f["start"] is not None else state["pos"]
                            para.links.append((m.group(1), int(s), state["pos"]))  # type: ignore[call-overload]
                elif tag == INSTR:
                    if fields:
                        fields[-1]["instr"] = str(fields[-1]["instr"]) + (ch.text or "")
                elif tag == TXBX:
                    textboxes.append(ch)
                elif tag == FALLBACK:
                    continue  # the same content as mc:Choice, in VML: read it once
                elif tag in (CRS, CRE, CREF):
                    kind = {CRS: "start", CRE: "end", CREF: "ref"}[tag]
                    para.comment_marks.append((kind, ch.get(WID, ""), state["pos"]))
                elif tag in (PPR, RPR):
                    continue
                else:
                    walk(ch)

        walk(p)
        para.text = "".join(buf)
        self.paras.append(para)
        for i, box in enumerate(textboxes, 1):
            self.container(box, f"{locator} 文本框{i}" if len(textboxes) > 1 else f"{locator} 文本框")

    # -- containers -------------------------------------------------------------------------
    def container(self, el: etree._Element, locator: str, numbered: bool = False) -> None:
        """Paragraphs and tables of a body, cell, text box, header or note, in order."""
        n_para = 0
        n_tbl = 0
        for ch in self._children(el):
            if ch.tag == P:
                n_para += 1
                self.paragraph(ch, f"段落 {n_para}" if numbered else locator)
                if numbered and not self.paras[-1].text.strip():
                    n_para -= 1  # number paragraphs as Word's 字数统计 does: non-empty ones
            elif ch.tag == TBL:
                n_tbl += 1
                prefix = f"表格{n_tbl}" if numbered else f"{locator} 嵌套表格{n_tbl}"
                self.table(ch, prefix)

    def _children(self, el: etree._Element) -> list[etree._Element]:
        out = []
        for ch in el:
            if ch.tag == SDT:  # content controls wrap paragraphs, tables and cells
                content = ch.find(SDT_CONTENT)
                if content is not None:
                    out.extend(self._children(content))
            elif ch.tag in (INS, MOVE_TO):  # whole inserted paragraphs/rows
                out.extend(self._children(ch))
            elif ch.tag in (DEL, MOVE_FROM):
                continue
            else:
                out.append(ch)
        return out

    def table(self, tbl: etree._Element, prefix: str) -> None:
        row_no = 0
        for tr in self._children(tbl):
            if tr.tag != TR:
                continue
            row_no += 1
            col = 0
            for tc in self._children(tr):
                if tc.tag != TC:
                    continue
                col += 1
                tcpr = tc.find(_w("tcPr"))
                span = 1
                if tcpr is not None:
                    gs = tcpr.find(_w("gridSpan"))
                    if gs is not None and (gs.get(WVAL) or "1").isdigit():
                        span = int(gs.get(WVAL) or "1")
                    vm = tcpr.find(_w("vMerge"))
                    # A vertically merged cell is stored once (restart) plus empty continuations.
                    if vm is not None and vm.get(WVAL) != "restart":
                        col += span - 1
                        continue
                self.container(tc, f"{prefix} 第{row_no}行第{col}列")
                col += span - 1


def _read_rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    d, name = posixpath.split(part)
    rels_path = posixpath.join(d, "_rels", name + ".rels")
    try:
        root = etree.fromstring(z.read(rels_path), _PARSER)
    except KeyError:
        return {}
    out = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            target = posixpath.normpath(posixpath.join(d, target)) if not target.startswith("/") else target[1:]
        out[rel.get("Id", "")] = target
    return out


def _rel_types(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    d, name = posixpath.split(part)
    try:
        root = etree.fromstring(z.read(posixpath.join(d, "_rels", name + ".rels")), _PARSER)
    except KeyError:
        return {}
    return {
        rel.get("Id", ""): (rel.get("Type", "").rsplit("/", 1)[-1],
                            posixpath.normpath(posixpath.join(d, rel.get("Target", ""))))
        for rel in root
    }


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data or \
                "EncryptedPackage".encode("utf-16-le") in data:
            raise LoadError("文件有密码保护（已加密），无法检查；请去掉密码后再检查")
        raise LoadError("这是旧版 Word 97-2003 (.doc) 文件，只是扩展名为 .docx；请在 Word 中另存为 .docx")
    if not data:
        raise LoadError("文件为空", status="skipped")
    try:
        z = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        if data[:5] == b"{\\rtf":
            raise LoadError("这是 RTF 文件，只是扩展名为 .docx；请另存为 .docx") from None
        raise LoadError("文件已损坏：不是有效的 .docx（zip 结构无法读取）") from None
    total = sum(i.file_size for i in z.infolist())
    if total > MAX_UNCOMPRESSED:
        raise LoadError(f"解压后超过 {MAX_UNCOMPRESSED // 2**20} MB，疑似压缩炸弹，未检查")
    return z


def _xml(z: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        raw = z.read(name)
    except KeyError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as e:
        raise LoadError(f"文件已损坏：无法解压 {name}（{e}）") from None
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as e:
        raise LoadError(f"文件已损坏：{name} 不是有效的 XML（{e}）") from None


def load_docx(data: bytes, path: str) -> Document:
    z = _open_zip(data)
    with z:
        names = set(z.namelist())
        main = "word/document.xml"
        if main not in names:
            # The main part is named by the package relationships; usually word/document.xml.
            for _rid, (typ, target) in _rel_types(z, "").items():
                if typ == "officeDocument":
                    main = target
            if main not in names:
                raise LoadError("不是 Word 文档：缺少正文部分 word/document.xml")
        root = _xml(z, main)
        body = root.find(_w("body"))
        if body is None:
            raise LoadError("不是有效的 Word 文档：正文为空结构")
        rels = _read_rels(z, main)
        types = _rel_types(z, main)

        sections: list[etree._Element] = [s for s in body.iter(SECTPR)]
        headers: list[_Part] = []
        footers: list[_Part] = []
        seen: set[str] = set()
        multi = len(sections) > 1
        for si, sect in enumerate(sections, 1):
            for ref_tag, label, out in ((_w("headerReference"), "页眉", headers), (_w("footerReference"), "页脚", footers)):
                for ref in sect.findall(ref_tag):
                    rid = ref.get(RID, "")
                    target = types.get(rid, ("", ""))[1]
                    if not target or target in seen or target not in names:
                        continue
                    seen.add(target)
                    kind = {"first": "首页", "even": "偶数页"}.get(ref.get(WTYPE, ""), "")
                    loc = label + (f"（第{si}节{('，' + kind) if kind else ''}）" if multi else (f"（{kind}）" if kind else ""))
                    part = _Part(_read_rels(z, target))
                    part.container(_xml(z, target), loc)
                    out.append(part)

        body_part = _Part(rels)
        body_part.container(body, "", numbered=True)

        notes: list[_Part] = []
        for fname, tag, label in (("footnotes", "footnote", "脚注"), ("endnotes", "endnote", "尾注")):
            target = next((t for typ, t in types.values() if typ == fname), None)
            if not target or target not in names:
                continue
            nroot = _xml(z, target)
            part = _Part(_read_rels(z, target))
            n = 0
            for note in nroot.findall(_w(tag)):
                if note.get(WTYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                n += 1
                part.container(note, f"{label} {n}")
            notes.append(part)

        comments: dict[str, tuple[str, str]] = {}
        target = next((t for typ, t in types.values() if typ == "comments"), None)
        if target and target in names:
            for c in _xml(z, target).findall(_w("comment")):
                text = "\n".join("".join(t.text or "" for t in p.iter(T)) for p in c.iter(P))
                comments[c.get(WID, "")] = (text.strip(), c.get(_w("author"), ""))

    paras = [p for part in headers for p in part.paras]
    paras += body_part.paras
    paras += [p for part in notes for p in part.paras]
    paras += [p for part in footers for p in part.paras]
    return _assemble(path, paras, comments)


def _assemble(path: str, paras: list[_Para], comments: dict[str, tuple[str, str]]) -> Document:
    kept = [p for p in paras if p.text.strip() or p.links or p.annotations or p.comment_marks]
    parts = [(p.text, p.locator) for p in kept if p.text.strip()]
    doc = Document.from_blocks(path, parts, kind="docx")
    # Events of paragraphs with no text (a deleted paragraph, an empty commented spot) are
    # placed at the start of the next block with text.
    offsets: list[int] = []
    bi = 0
    for p in kept:
        if p.text.strip():
            offsets.append(doc.blocks[bi].start)
            bi += 1
        else:
            offsets.append(doc.blocks[bi].start if bi < len(doc.blocks) else len(doc.text))
    has_text = [bool(p.text.strip()) for p in kept]
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for p, base, real in zip(kept, offsets, has_text):
        clamp = (lambda x: base + x) if real else (lambda x: base)
        for url, s, e in p.links:
            doc.links.append(Link(url, clamp(s), clamp(e)))
        for kind, s, e, txt, author in p.annotations:
            doc.annotations.append(Annotation(kind, clamp(s), clamp(e), txt, author))  # type: ignore[arg-type]
        for kind, cid, pos in p.comment_marks:
            if kind == "start":
                starts[cid] = clamp(pos)
            elif kind == "end":
                ends[cid] = clamp(pos)
            else:
                starts.setdefault(cid, clamp(pos))
                ends.setdefault(cid, clamp(pos))
    from ..suppress import parse_marker

    for cid, (text, author) in comments.items():
        s = starts.get(cid, 0)
        e = max(ends.get(cid, s), s)
        d = parse_marker(text, doc, s, standalone=True, span=(s, e))
        if d is not None:
            doc.directives.append(d)  # a suppression comment is an instruction, not a leftover remark
        else:
            doc.annotations.append(Annotation("comment", s, e, text, author))
    doc.annotations.sort(key=lambda a: (a.start, a.end))
    return doc
