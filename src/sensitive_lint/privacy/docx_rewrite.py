"""Mask a .docx in place of its text: only the characters inside <w:t> (and <w:delText>,
<w:instrText>) change, so runs, tables, headers, footers, footnotes and every other part keep
their bytes or their structure.

Each paragraph is one Stream of its own runs (nested text-box paragraphs are their own
streams). Three kinds of text are masked separately, because they are three different texts:
what is shown (w:t), tracked deletions (w:delText — still in the file, still readable), and
field codes (w:instrText, e.g. HYPERLINK "mailto:…").
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lxml import etree

from ..context import Context
from ..masking import MaskReport, Replacement
from .rewrite import Stream, known_values, plan_stream

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, T, DELTEXT, INSTR = f"{{{W}}}p", f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}instrText"
TAB, BR, CR, NBH = f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}noBreakHyphen"
DEL, MOVE_FROM, PPR, RPR = f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{W}}}pPr", f"{{{W}}}rPr"

# Parts with document text. Other parts (styles, settings, theme, media) are copied unchanged.
_TEXT_PART = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
# Keep comments and everything else: this parser reads to write back, unlike the loader's.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def rewrite_docx(data: bytes, name: str, ctx: Context, report: MaskReport) -> bytes:
    from ..loaders import load_bytes

    doc = load_bytes(data, name)  # the linter's view: its findings must all be masked
    known = known_values(doc, ctx, report)
    zin = zipfile.ZipFile(BytesIO(data))
    changed: dict[str, bytes] = {}
    for info in zin.infolist():
        if not _TEXT_PART.fullmatch(info.filename):
            continue
        root = etree.fromstring(zin.read(info.filename), _PARSER)
        if _mask_part(root, ctx, known, report):
            changed[info.filename] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not changed:
        return data
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            # Same ZipInfo: same order, names, dates and compression as the input.
            zout.writestr(info, changed.get(info.filename) or zin.read(info.filename))
    return out.getvalue()


def _mask_part(root: etree._Element, ctx: Context, known: dict[str, Replacement], report: MaskReport) -> bool:
    changed = False
    for p in root.iter(P):
        shown, deleted, instr = Stream(), Stream(), Stream()
        _collect(p, shown, deleted, instr, in_deletion=False)
        for stream in (shown, deleted, instr):
            if not any(ch.isdigit() or ch in "@＠" for _, t in stream.pieces for ch in t) and not _has_label(stream):
                continue  # nothing maskable: skip detection (most paragraphs)
            text = stream.text
            masked = plan_stream(text, ctx, known, report)
            if masked == text:
                continue
            edits: dict[etree._Element, list[str]] = {}
            for owner, i, new in stream.changes(masked):
                if owner is None:
                    continue  # a tab or break: masks never change separators
                buf = edits.setdefault(owner, list(owner.text or ""))
                buf[i] = new
            for el, buf in edits.items():
                el.text = "".join(buf)
            changed = changed or bool(edits)
    return changed


def _has_label(stream: Stream) -> bool:
    # Addresses have digits too (12号) except when written in Chinese numerals (十二号).
    return any(any(w in t for w in ("住", "家", "户籍")) for _, t in stream.pieces)


def _collect(el: etree._Element, shown: Stream, deleted: Stream, instr: Stream, in_deletion: bool) -> None:
    for ch in el:
        tag = ch.tag
        if tag == P:
            continue  # a text-box paragraph inside a run: its own stream
        if tag == T:
            (deleted if in_deletion else shown).add(ch, ch.text or "")
        elif tag == DELTEXT:
            deleted.add(ch, ch.text or "")
        elif tag == INSTR:
            instr.add(ch, ch.text or "")
        elif tag == TAB:
            (deleted if in_deletion else shown).add(None, "\t")
        elif tag in (BR, CR):
            (deleted if in_deletion else shown).add(None, "\n")
        elif tag == NBH:
            (deleted if in_deletion else shown).add(None, "-")
        elif tag in (PPR, RPR):
            continue
        else:
            _collect(ch, shown, deleted, instr, in_deletion or tag in (DEL, MOVE_FROM))
