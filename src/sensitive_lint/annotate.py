"""Annotated drafts: a copy of a .docx with a Word comment on each finding
(`sensitive-lint lint draft.docx --annotate draft.checked.docx`).

Each comment says the severity, rule, message, 审核要点 and the suggestion. It is anchored on
exactly the matched text: where a match starts or ends inside a run, the run is split in two
(both halves keep the run's properties, `w:rPr`, so the formatting does not change) and the
comment range starts before / ends after the right runs. The text of the copy is the text of
the draft: only runs are split and comment marks added (`extract` prints the same).

Where Word cannot show a comment (MS-OI29500 2.1.315: Word ignores comment ranges in
headers, footers, text boxes, footnotes and endnotes):
- a finding in a text box of the body is commented on the run that holds the text box;
- a finding in a footnote or endnote is commented on the note's reference mark in the body;
- findings in headers and footers (and anything that cannot be located) are listed in one
  comment on the first paragraph of the body.

Mapping findings back to runs: the walker below produces each body paragraph's text exactly as
the docx loader does (same container/table traversal — it reuses the loader's `_Part` — and the
same rules inside a paragraph: w:t, tabs, breaks, hyperlinks, fields, insertions in, deletions
out, text boxes after their paragraph), recording for every character the XML element it comes
from. Its paragraphs are matched to the loader's blocks (by text), so offsets are the
loader's. The original file is only read.
"""
from __future__ import annotations

import copy
import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from lxml import etree

from .loaders.docx import (
    BR, CR, CRE, CREF, CRS, DEL, FALLBACK, FLD_CHAR, FLD_SIMPLE, HYPERLINK, INS, INSTR, MOVE_FROM,
    MOVE_TO, NBH, PPR, RPR, TAB, TXBX, T, W, _Para, _Part,
)
from .model import Finding

if TYPE_CHECKING:
    from .registry import Rule

R_TAG = f"{{{W}}}r"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
AUTHOR = "sensitive-lint"
INITIALS = "SL"
_NOTE = re.compile(r"^(脚注|尾注) (\d+)")


@dataclass
class AnnotateReport:
    src: str
    dst: str
    anchored: int = 0  # comments on exactly the matched text
    relocated: int = 0  # text boxes, footnotes: commented at their anchor in the body
    summarized: int = 0  # headers, footers, not locatable: listed in one comment at the top
    summary_kinds: list[str] = field(default_factory=list)  # where the summarized ones are

    @property
    def comments(self) -> int:
        return self.anchored + self.relocated + (1 if self.summarized else 0)


# -- the walker ------------------------------------------------------------------------------

@dataclass
class _MPara(_Para):
    el: etree._Element | None = None
    chars: list[tuple[etree._Element, int]] = field(default_factory=list)  # per character: (element, index)
    host: etree._Element | None = None  # the body run holding the text box this paragraph is in
    start: int | None = None  # offset in Document.text once matched to a block


class _MapPart(_Part):
    """The loader's traversal of containers and tables; paragraphs record where each character
    comes from. Keep `paragraph` in step with loaders/docx.py `_Part.paragraph`."""

    def __init__(self) -> None:
        super().__init__({})
        self.host: etree._Element | None = None

    def paragraph(self, p: etree._Element, locator: str) -> None:  # noqa: C901 - mirrors the loader
        para = _MPara("", locator, el=p, host=self.host)
        buf: list[str] = []
        chars = para.chars
        textboxes: list[etree._Element] = []

        def emit(s: str, el: etree._Element) -> None:
            buf.append(s)
            chars.extend((el, i) for i in range(len(s)))

        def walk(el: etree._Element) -> None:
            for ch in el:
                tag = ch.tag
                if tag == T:
                    if ch.text:
                        emit(ch.text, ch)
                elif tag == TAB:
                    emit("\t", ch)
                elif tag in (BR, CR):
                    emit("\n", ch)
                elif tag == NBH:
                    emit("-", ch)
                elif tag in (DEL, MOVE_FROM):
                    continue
                elif tag in (INS, MOVE_TO, HYPERLINK, FLD_SIMPLE):
                    walk(ch)
                elif tag in (FLD_CHAR, INSTR):
                    continue
                elif tag == TXBX:
                    textboxes.append(ch)
                elif tag == FALLBACK:
                    continue
                elif tag in (CRS, CRE, CREF, PPR, RPR):
                    continue
                else:
                    walk(ch)

        walk(p)
        para.text = "".join(buf)
        self.paras.append(para)
        for i, box in enumerate(textboxes, 1):
            saved = self.host
            if self.host is None:
                self.host = next(box.iterancestors(R_TAG), None)
            self.container(box, f"{locator} 文本框{i}" if len(textboxes) > 1 else f"{locator} 文本框")
            self.host = saved


def _is_body(locator: str) -> bool:
    return not locator.startswith(("页眉", "页脚", "脚注", "尾注"))


def _match(paras: list[_MPara], blocks: Sequence[object]) -> None:
    """Give each kept body paragraph the offset of its block in Document.text."""
    texts = [p.text for p in paras]
    btexts = [b.text for b in blocks]  # type: ignore[attr-defined]
    if texts == btexts:
        for p, b in zip(paras, blocks):
            p.start = b.start  # type: ignore[attr-defined]
        return
    sm = difflib.SequenceMatcher(None, texts, btexts, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            paras[a + k].start = blocks[b + k].start  # type: ignore[attr-defined]


# -- runs -------------------------------------------------------------------------------------

def _run(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    return parent if parent is not None and parent.tag == R_TAG else None


def _new(tag: str, **attrs: str) -> etree._Element:
    from docx.oxml import OxmlElement

    return OxmlElement(tag, attrs={f"{{{W}}}{k}": v for k, v in attrs.items()} or None)


def _boundary(para: _MPara, k: int) -> None:
    """Make paragraph offset k fall between two runs: split the run (and the w:t) it is in."""
    chars = para.chars
    if k <= 0 or k >= len(chars):
        return
    el, i = chars[k]
    r = _run(el)
    if r is None or _run(chars[k - 1][0]) is not r:
        return  # already a run boundary (or a character outside a plain run: left whole)
    if i > 0:  # inside a w:t: split the text element first
        new_t = _new("w:t")
        new_t.text = el.text[i:]
        el.text = el.text[:i]
        el.set(XML_SPACE, "preserve")
        new_t.set(XML_SPACE, "preserve")
        el.addnext(new_t)
        for j in range(k, len(chars)):
            e2, i2 = chars[j]
            if e2 is el and i2 >= i:
                chars[j] = (new_t, i2 - i)
        el = new_t
    new_r = _new("w:r")
    for name, value in r.attrib.items():
        new_r.set(name, value)
    rpr = r.find(RPR)
    if rpr is not None:
        new_r.append(copy.deepcopy(rpr))  # same formatting on both halves
    moving = [el, *el.itersiblings()]
    for m in moving:
        new_r.append(m)
    r.addnext(new_r)


def _ref_run(cid: int) -> etree._Element:
    r = _new("w:r")
    rpr = _new("w:rPr")
    rpr.append(_new("w:rStyle", val="CommentReference"))
    r.append(rpr)
    r.append(_new("w:commentReference", id=str(cid)))
    return r


def _mark_paragraph(p: etree._Element, cid: int) -> None:
    """A comment on a whole paragraph, whatever it holds."""
    start = _new("w:commentRangeStart", id=str(cid))
    ppr = p.find(PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(_new("w:commentRangeEnd", id=str(cid)))
    p.append(_ref_run(cid))


def _mark_point(before: etree._Element, cid: int) -> None:
    """A comment on a point: range start and end together, before `before`."""
    start = _new("w:commentRangeStart", id=str(cid))
    before.addprevious(start)
    start.addnext(_ref_run(cid))
    start.addnext(_new("w:commentRangeEnd", id=str(cid)))


# -- comments ---------------------------------------------------------------------------------

def comment_text(f: Finding, rules: "dict[str, Rule] | None" = None, where: str = "") -> str:
    rule = (rules or {}).get(f.rule)
    head = f"【{SEV_ZH.get(f.severity, f.severity)}】{f.rule}" + (f" {rule.name}" if rule is not None else "")
    lines = [head]
    if where:
        lines.append(f"{where}：「{f.text}」")
    lines.append(f.message)
    if f.suggestion is not None:  # for personal data: the masked form to put in its place
        lines.append(f"建议改为：{f.suggestion}")
    lines.append(f"审核要点：{f.checkpoint}")
    return "\n".join(lines)


def annotate_docx(src: str | Path, dst: str | Path, findings: Iterable[Finding],
                  rules: "dict[str, Rule] | None" = None, author: str = AUTHOR,
                  initials: str = INITIALS) -> AnnotateReport:
    """Write to `dst` a copy of the .docx `src` with a comment on each finding (findings of
    `src` as the engine reported them: offsets into the loader's text). `src` is only read."""
    import docx
    from docx.text.run import Run

    from .loaders import load_bytes

    src, dst = Path(src), Path(dst)
    if dst.exists() and dst.resolve() == src.resolve():
        raise ValueError(f"批注稿不能覆盖原文件：{dst}")
    data = src.read_bytes()
    doc = load_bytes(data, src.name, kind="docx")
    d = docx.Document(BytesIO(data))
    body = d.element.body

    walker = _MapPart()
    walker.container(body, "", numbered=True)
    paras = [p for p in walker.paras if p.text.strip()]
    _match(paras, [b for b in doc.blocks if _is_body(b.locator)])
    placed = sorted((p for p in paras if p.start is not None), key=lambda p: p.start)  # type: ignore[arg-type, return-value]
    starts = [p.start for p in placed]

    from bisect import bisect_right

    def locate(pos: int, end_side: bool) -> tuple[_MPara, int] | None:
        """The paragraph and paragraph offset of a text offset (a character for starts, the
        character before for ends)."""
        probe = pos - 1 if end_side else pos
        i = bisect_right(starts, probe) - 1
        if i < 0:
            return None
        p = placed[i]
        local = probe - p.start  # type: ignore[operator]
        if local >= len(p.text):
            if end_side:
                return p, len(p.text)
            return None
        return p, local + (1 if end_side else 0)

    def locate_point(pos: int) -> tuple[_MPara, int] | None:
        i = bisect_right(starts, pos) - 1
        if i < 0 or pos - placed[i].start > len(placed[i].text):  # type: ignore[operator]
            return None
        return placed[i], pos - placed[i].start  # type: ignore[operator]

    report = AnnotateReport(str(src), str(dst))
    exact: list[tuple[Finding, _MPara, int, _MPara, int]] = []
    hosted: list[tuple[Finding, etree._Element, str]] = []
    summary: list[tuple[Finding, str]] = []
    notes = _note_refs(d, body)

    for f in sorted(findings, key=lambda f: (f.start, f.end, f.rule)):
        block = doc.block_at(f.start)
        locator = f.location or (block.locator if block else "")
        m = _NOTE.match(locator)
        if m:
            ref = notes.get((m.group(1), int(m.group(2))))
            if ref is not None:
                hosted.append((f, ref, locator))
            else:
                summary.append((f, locator))
            continue
        if not _is_body(locator):
            summary.append((f, locator))
            continue
        if f.end > f.start:
            a, b = locate(f.start, end_side=False), locate(f.end, end_side=True)
        else:
            a = b = locate_point(f.start)
        if a is None or b is None:
            summary.append((f, locator or f"第{f.line}行"))
            continue
        pa, la = a
        pb, lb = b
        if pa.host is not None:  # in a text box: Word ignores comments there
            hosted.append((f, pa.host, "文本框中"))
            continue
        if f.end > f.start and pa is pb and lb <= la:
            summary.append((f, locator))
            continue
        exact.append((f, pa, la, pb, lb))

    # Split runs at every boundary first, then place the comment marks.
    for f, pa, la, pb, lb in exact:
        _boundary(pa, la)
        if f.end > f.start:
            _boundary(pb, lb)

    for f, pa, la, pb, lb in exact:
        text = comment_text(f, rules)
        if f.end <= f.start:  # a point: before the character there, or at the paragraph end
            c = d.comments.add_comment(text=text, author=author, initials=initials)
            if la < len(pa.chars) and _run(pa.chars[la][0]) is not None:
                _mark_point(_run(pa.chars[la][0]), c.comment_id)  # type: ignore[arg-type]
            else:
                last = _run(pa.chars[-1][0]) if pa.chars else None
                if last is None:
                    _mark_paragraph(pa.el, c.comment_id)  # type: ignore[arg-type]
                else:
                    marker = _new("w:commentRangeStart", id=str(c.comment_id))
                    last.addnext(marker)
                    marker.addnext(_ref_run(c.comment_id))
                    marker.addnext(_new("w:commentRangeEnd", id=str(c.comment_id)))
            report.anchored += 1
            continue
        first = _run(pa.chars[la][0])
        last = _run(pb.chars[lb - 1][0])
        if first is None:
            first = next(pa.chars[la][0].iterancestors(R_TAG), None)
        if last is None:
            last = next(pb.chars[lb - 1][0].iterancestors(R_TAG), None)
        if first is None or last is None:
            c = d.comments.add_comment(text=text, author=author, initials=initials)
            _mark_paragraph(pa.el, c.comment_id)  # type: ignore[arg-type]
        else:
            d.add_comment([Run(first, None), Run(last, None)], text=text,  # type: ignore[arg-type]
                          author=author, initials=initials)
        report.anchored += 1

    for f, el, where in hosted:
        d.add_comment([Run(el, None)], text=comment_text(f, rules, where), author=author,  # type: ignore[arg-type]
                      initials=initials)
        report.relocated += 1

    if summary:
        first_para = next((p.el for p in placed if p.host is None), None)
        if first_para is None:
            first_para = next(iter(body.iter(f"{{{W}}}p")), None)
        if first_para is not None:
            kinds = sorted({_kind(loc) for _, loc in summary})
            report.summary_kinds = kinds
            lines = [f"以下 {len(summary)} 处问题在{'、'.join(kinds)}中（Word 不能在这些位置加批注），汇总于此："]
            for i, (f, loc) in enumerate(summary, 1):
                lines.append(f"{i}. " + comment_text(f, rules, loc).replace("\n", "；"))
            c = d.comments.add_comment(text="\n".join(lines), author=author, initials=initials)
            _mark_paragraph(first_para, c.comment_id)
            report.summarized = len(summary)

    buf = BytesIO()
    d.save(buf)
    _write_atomic(dst, buf.getvalue())
    return report


def _kind(locator: str) -> str:
    for k in ("页眉", "页脚", "脚注", "尾注"):
        if locator.startswith(k):
            return k
    return "无法定位的位置"


def _note_refs(d: object, body: etree._Element) -> dict[tuple[str, int], etree._Element]:
    """("脚注"|"尾注", n) → the body run holding that note's reference mark; n counts notes as
    the loader does (separators skipped)."""
    out: dict[tuple[str, int], etree._Element] = {}
    part = d.part  # type: ignore[attr-defined]
    for kind, label, tag in (("footnotes", "脚注", "footnote"), ("endnotes", "尾注", "endnote")):
        rel = next((r for r in part.rels.values() if r.reltype.endswith("/" + kind) and not r.is_external), None)
        if rel is None:
            continue
        target = rel.target_part
        root = getattr(target, "_element", None)
        if root is None:
            root = etree.fromstring(target.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        refs = {}
        for el in body.iter(f"{{{W}}}{tag}Reference"):
            r = _run(el)
            if r is not None:
                refs.setdefault(el.get(f"{{{W}}}id"), r)
        n = 0
        for note in root.findall(f"{{{W}}}{tag}"):
            if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            n += 1
            r = refs.get(note.get(f"{{{W}}}id"))
            if r is not None:
                out[(label, n)] = r
    return out


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
