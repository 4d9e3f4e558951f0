"""Personal data written in words: home address, health detail, email, licence plate.

Each detector starts from something rare (a home-address label, a disease name, '@', a
province abbreviation followed by a capital letter) and only then looks at the context, so a
clean page costs a few fast scans.
"""
from __future__ import annotations

import re
from typing import Iterator

from . import signals as sig
from .layout import Layout
from .lexicon import Lexicon
from .model import Detection
from .numbers import MASK_CHARS

# Door-level detail: 12号, 3栋, 2单元, 501室, 5组25号, 3-2-501.
_DOOR = re.compile(
    r"(?:[0-9０-９]+|[一二三四五六七八九十百零〇两]+)(?:号楼|号院|号|栋|幢|单元|室|弄|层|楼)"
    r"|[0-9]{1,4}-[0-9]{1,4}(?:-[0-9]{1,4})?"
)
_ADDRESS_STOP = "，,。；;、\n\t（）()【】\"“”"
ADDRESS_MAX = 60
_ADDRESS_LEAD = re.compile(r"[:：]?\s*(?:在|于|为)?\s*")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,10}")
_INSTITUTIONAL = (".gov.cn", ".gov", ".edu.cn", ".edu", ".org.cn", ".ac.cn", ".mil.cn")

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Capital letter (no I/O) + optional dot + 5 characters (6 for new-energy plates), after the
# province character: 渝A·12345, 京AD12345.
_PLATE = re.compile(r"[A-HJ-NP-Z][·•・.．]?[0-9A-HJ-NP-Z]{5,6}(?![0-9A-Za-z])")


def word_hits(text: str, lex: Lexicon) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """Home-address labels and disease names, found in one scan."""
    home, disease = [], []
    for m in lex.prose_words.finditer(text):
        (home if m.group() in lex.home_words else disease).append(m)
    return home, disease


def addresses(text: str, lex: Lexicon, labels: list[re.Match[str]]) -> Iterator[Detection]:
    for m in labels:
        label = m.group()
        if label in lex.home_org_check and sig.office_owned(text, m.start(), lex):
            continue  # 住所 of a company (当事人：××有限公司，住所：…) is its registered seat
        lead = _ADDRESS_LEAD.match(text, m.end())
        a = lead.end() if lead else m.end()
        b = a
        limit = min(len(text), a + ADDRESS_MAX)
        while b < limit and text[b] not in _ADDRESS_STOP:
            b += 1
        segment = text[a:b]
        if not segment or any(ch in MASK_CHARS for ch in segment):
            continue
        if lex.office.search(segment):
            continue  # 住址：县政府大院 — an office's address
        last = None
        for d in _DOOR.finditer(segment):
            last = d
        if last is None:
            continue  # 村、组 without a door number is not 详细到门牌号
        yield Detection("PRIV006", a, a + last.end(), "warning", 0.8)


def address_cells(text: str, lex: Lexicon, layout: Layout) -> Iterator[Detection]:
    """公示 tables: a cell under a 家庭住址/住址 column that goes down to the door number."""
    for a, b in layout.cells_under(lex.home_words):
        segment = text[a:b]
        if not segment.strip() or any(ch in MASK_CHARS for ch in segment) or lex.office.search(segment):
            continue
        last = None
        for d in _DOOR.finditer(segment):
            last = d
        if last is not None:
            lead = len(segment) - len(segment.lstrip())
            yield Detection("PRIV006", a + lead, a + last.end(), "warning", 0.8)


def health(text: str, lex: Lexicon, layout: Layout, diseases: list[re.Match[str]],
           pii_records: set[tuple[int, int]]) -> Iterator[Detection]:
    for m in diseases:
        a, b = sig.sentence(text, m.start(), layout)
        if layout.record(m.start()) in pii_records or sig.person_in(text, a, b, lex, strict=True):
            yield Detection("PRIV007", m.start(), m.end(), "warning", 0.7)


def emails(text: str, lex: Lexicon, layout: Layout) -> Iterator[Detection]:
    pos = 0
    while True:
        at = _next_at(text, pos)
        if at < 0:
            return
        pos = at + 1
        m = _EMAIL.search(text, max(0, at - 64), min(len(text), at + 256))
        while m is not None and m.end() <= at:
            m = _EMAIL.search(text, m.end(), min(len(text), at + 256))
        if m is None or m.start() > at:
            continue
        pos = m.end()
        domain = m.group().replace("＠", "@").rsplit("@", 1)[1].lower()
        if domain.endswith(_INSTITUTIONAL) or sig.office_owned(text, m.start(), lex):
            continue
        ra, rb = layout.record(m.start())
        if sig.person_in(text, ra, rb, lex):
            yield Detection("PRIV008", m.start(), m.end(), "warning", 0.7)
        elif domain in lex.freemail:
            yield Detection("PRIV008", m.start(), m.end(), "info", 0.5, note="个人免费邮箱：确认是否为个人邮箱")


def _next_at(text: str, pos: int) -> int:
    a = text.find("@", pos)
    b = text.find("＠", pos)
    if a < 0:
        return b
    return a if b < 0 else min(a, b)


def plates(text: str, lex: Lexicon, layout: Layout, pii_records: set[tuple[int, int]]) -> Iterator[Detection]:
    for m in _PLATE.finditer(text):
        s = m.start()
        if s == 0 or text[s - 1] not in _PROVINCES:
            continue
        body = m.group()
        if sum(ch.isdigit() for ch in body) < 2 or (m.end() < len(text) and text[m.end()] in MASK_CHARS):
            continue
        ra, rb = layout.record(s)
        if (ra, rb) in pii_records or sig.person_in(text, ra, rb, lex):
            yield Detection("PRIV010", s - 1, m.end(), "warning", 0.7)
