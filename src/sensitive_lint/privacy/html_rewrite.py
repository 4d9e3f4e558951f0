"""Mask an HTML page without re-serialising it: the page is split into markup and text, the
visible text is masked, and only masked characters change in the original source — tags,
attributes, scripts, entities and whitespace keep their bytes.

Inline tags (<span>, <b>, <font> …) join the text around them, as a browser shows it
(138<b>0013</b>8000 is one number); block tags and <br> end a line. Entities are decoded for
detection but never rewritten: a value written with entities is counted as manual work.
"""
from __future__ import annotations

import html
import re

from ..context import Context
from ..masking import MaskReport, decode_keeping_bytes
from .rewrite import Stream, known_values, plan_stream

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(script|style|noscript|template|textarea)\b[^>]*>.*?</\1\s*>|<[^>]*>",
    re.S | re.I,
)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
    "sup", "time", "tt", "u", "var", "wbr",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _decode(data: bytes) -> tuple[str, bytes, str]:
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            enc = "gb18030"
        try:
            if data.startswith(b"\xef\xbb\xbf") and enc.replace("-", "") == "utf8":
                return data[3:].decode("utf-8"), data[:3], "utf-8"
            return data.decode(enc), b"", enc
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration lies: detect like the loader does
    return decode_keeping_bytes(data)


def rewrite_html(data: bytes, name: str, ctx: Context, report: MaskReport) -> bytes:
    from ..loaders import load_bytes

    source, bom, codec = _decode(data)
    known = known_values(load_bytes(data, name), ctx, report)
    out = list(source)
    changed = False
    for stream in _streams(source):
        text = stream.text
        if not any(ch.isdigit() or ch in "@＠住家" for ch in text):
            continue
        masked = plan_stream(text, ctx, known, report)
        for owner, i, new in stream.changes(masked):
            if owner is None:
                report.manual += 1  # inside an entity or collapsed whitespace: cannot rewrite
                continue
            out[owner + i] = new
            changed = True
    return bom + "".join(out).encode(codec) if changed else data


def _streams(source: str) -> list[Stream]:
    """One Stream per line of visible text; a piece's owner is its offset in the source."""
    streams = [Stream()]
    pos = 0
    for m in _MARKUP.finditer(source):
        _add_text(streams[-1], source, pos, m.start())
        pos = m.end()
        tag = _TAG_NAME.match(m.group())
        if m.group(1) or not tag or tag.group(1).lower() not in _INLINE:
            streams.append(Stream())  # block boundary (or a script/comment): a new line
    _add_text(streams[-1], source, pos, len(source))
    return [s for s in streams if s.pieces]


def _add_text(stream: Stream, source: str, a: int, b: int) -> None:
    """Text between tags: plain runs map to the source; entities and whitespace runs are
    shown as one character that cannot be rewritten."""
    pos = a
    for m in _ENTITY.finditer(source, a, b):
        _add_plain(stream, source, pos, m.start())
        ch = html.unescape(m.group())[:1] or " "
        stream.add(None, " " if ch.isspace() else ch)  # &nbsp; separates like a space
        pos = m.end()
    _add_plain(stream, source, pos, b)


def _add_plain(stream: Stream, source: str, a: int, b: int) -> None:
    i = a
    while i < b:
        j = i
        while j < b and not source[j].isspace():
            j += 1
        if j > i:
            stream.add(i, source[i:j])
        if j < b:
            k = j
            while k < b and source[k].isspace():
                k += 1
            stream.add(None, " ")  # a whitespace run reads as one space, as in a browser
            j = k
        i = j
