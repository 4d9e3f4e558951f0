"""Inline suppressions, the same words in every format.

    sensitive-lint: disable-next-line=PRIV001      the next line (or block)
    sensitive-lint: disable-line=SENS              the line the marker stands on
    sensitive-lint: disable-file=TYPO002,FMT       the whole file
    sensitive-lint: disable                        (no codes) every rule

Where it goes: in .txt/.md a line of its own or at the end of a line (in Markdown inside an
HTML comment, so it is not published); in HTML a comment `<!-- sensitive-lint: ... -->`; in
.docx a Word comment on the text to exempt (`disable` then means the commented range), or a
paragraph of its own with a marker.
"""
from __future__ import annotations

import re

from .model import Directive, Document

_MARK = re.compile(
    r"sensitive-lint:\s*(disable-next-line|disable-line|disable-file|disable)\b"
    r"(?:\s*=\s*([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*))?",
    re.I,
)


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ("ALL",)
    return tuple(c.strip().upper() for c in raw.split(",") if c.strip())


def _line_span(doc: Document, offset: int) -> tuple[int, int]:
    start = doc.text.rfind("\n", 0, offset) + 1
    end = doc.text.find("\n", offset)
    return start, len(doc.text) if end == -1 else end


def _next_line_span(doc: Document, offset: int) -> tuple[int, int]:
    """The next line with text on it after the line holding `offset`."""
    _, end = _line_span(doc, offset)
    pos = end + 1
    while pos < len(doc.text) and doc.text[pos] == "\n":
        pos += 1
    return _line_span(doc, min(pos, len(doc.text)))


def parse_marker(text: str, doc: Document, offset: int, standalone: bool = True,
                 span: tuple[int, int] | None = None) -> Directive | None:
    """A marker found outside the text (an HTML or Word comment) at `offset` of doc.text.

    `standalone` markers occupy no line of their own, so "next line" is the line at `offset`.
    `span` is the commented range of a Word comment, which plain `disable` suppresses.
    """
    m = _MARK.search(text)
    if not m:
        return None
    kind, codes = m.group(1).lower(), _codes(m.group(2))
    if kind == "disable-file":
        return Directive(codes, 0, len(doc.text) + 1)
    if kind == "disable" and span is not None:
        return Directive(codes, span[0], max(span[1], span[0] + 1))
    if kind == "disable-next-line" and not standalone:
        s, e = _next_line_span(doc, offset)
    else:
        s, e = _line_span(doc, offset)
    return Directive(codes, s, e)


def scan_text_markers(doc: Document) -> list[Directive]:
    """Markers written in the text itself (txt, md, a .docx marker paragraph)."""
    if "sensitive-lint" not in doc.text:
        return []
    out = []
    for m in _MARK.finditer(doc.text):
        d = parse_marker(m.group(0), doc, m.start(), standalone=False)
        if d is not None:
            out.append(d)
    return out


def is_suppressed(rule: str, start: int, end: int, directives: list[Directive]) -> bool:
    for d in directives:
        if start < d.end and max(end, start + 1) > d.start:
            for c in d.codes:
                if c == "ALL" or rule.upper().startswith(c):
                    return True
    return False
