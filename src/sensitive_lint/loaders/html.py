"""HTML: the visible text only (no script/style), one block per block-level element, link
targets kept, and `<!-- sensitive-lint: ... -->` comments turned into suppressions."""
from __future__ import annotations

import re

from lxml import etree, html

from ..model import Document, Link
from .encoding import decode_bytes
from .errors import LoadError

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "center", "title", "br",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WS = re.compile(r"[ \t\r\n\f]+")


def _decode(data: bytes, forced: str | None) -> tuple[str, str]:
    if not forced:
        m = _CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
                declared = "gb18030"  # a superset: pages labelled gb2312 routinely use GBK characters
            try:
                return decode_bytes(data, declared)
            except LoadError:
                pass  # the declaration lies more often than the bytes: fall back to detection
    return decode_bytes(data, forced)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[tuple[str, str]] = []
        self.buf: list[str] = []
        self.buf_len = 0
        self.pending_links: list[tuple[str, int, int]] = []
        self.pending_marks: list[tuple[str, int]] = []
        self.links: list[tuple[str, int, int, int]] = []  # url, part index, start, end
        self.marks: list[tuple[str, int, int]] = []  # comment text, part index, offset
        self.n_para = 0
        self.in_title = False

    def add(self, s: str) -> None:
        if not s:
            return
        s = _WS.sub(" ", s)
        if not self.buf_len:
            s = s.lstrip()
        if s:
            self.buf.append(s)
            self.buf_len += len(s)

    def flush(self, locator: str | None = None) -> None:
        text = "".join(self.buf).rstrip()
        idx = len(self.parts)
        if text:
            if locator is None:
                self.n_para += 1
                locator = f"段落 {self.n_para}"
            self.parts.append((text, locator))
            for url, s, e in self.pending_links:
                self.links.append((url, idx, min(s, len(text)), min(e, len(text))))
            for t, off in self.pending_marks:
                self.marks.append((t, idx, min(off, len(text))))
        else:
            for url, _s, _e in self.pending_links:
                self.links.append((url, idx, -1, -1))
            for t, _off in self.pending_marks:
                self.marks.append((t, idx, -1))
        self.buf, self.buf_len = [], 0
        self.pending_links, self.pending_marks = [], []

    def walk(self, el: etree._Element) -> None:
        for ch in el:
            tag = ch.tag
            if tag is etree.Comment:
                self.pending_marks.append((ch.text or "", self.buf_len))
            elif not isinstance(tag, str):
                pass
            else:
                tag = tag.lower()
                if tag in _SKIP:
                    pass
                elif tag == "br":
                    self.flush()
                elif tag in _BLOCK:
                    self.flush()
                    self.walk_inline(ch, tag)
                    self.flush()
                else:
                    self.walk_inline(ch, tag)
            if ch.tail:
                self.add(ch.tail)

    def walk_inline(self, ch: etree._Element, tag: str) -> None:
        start = self.buf_len
        if ch.text:
            self.add(ch.text)
        self.walk(ch)
        if tag == "a" and ch.get("href"):
            self.pending_links.append((ch.get("href", "").strip(), start, self.buf_len))


def load_html(data: bytes, path: str, encoding: str | None = None) -> Document:
    text, used = _decode(data, encoding)
    if not text.strip():
        return Document(path=path, blocks=[], text="", kind="html", encoding=used)
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise LoadError(f"无法解析 HTML: {e}") from None
    b = _Builder()
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        b.add(title.text or "")
        b.flush("标题")
    # Comments before <body> (in <head>) still count as file-level directives.
    head = root.find("head")
    if head is not None:
        for c in head.iter(etree.Comment):
            b.pending_marks.append((c.text or "", 0))
    body = root.find("body")
    if body is not None:
        b.walk(body)
    else:
        b.walk(root)
    b.flush()
    doc = Document.from_blocks(path, b.parts, kind="html", encoding=used)
    starts = [blk.start for blk in doc.blocks]
    for url, idx, s, e in b.links:
        if s < 0 or idx >= len(starts):
            base = starts[idx] if idx < len(starts) else len(doc.text)
            doc.links.append(Link(url, base, base))
        else:
            doc.links.append(Link(url, starts[idx] + s, starts[idx] + e))
    from ..suppress import parse_marker

    for t, idx, off in b.marks:
        base = starts[idx] if idx < len(starts) else len(doc.text)
        d = parse_marker(t, doc, base + max(off, 0))
        if d is not None:
            doc.directives.append(d)
    return doc
