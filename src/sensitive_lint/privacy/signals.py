"""Context around a candidate, presidio-style: the label right before it, whether an office or a
person owns it, whether it is an amount. Context words come from wordlists/privacy/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Layout
from .lexicon import Lexicon

LABEL_WINDOW = 24  # characters before a value searched for its label (same line, same sentence)
_SENTENCE_END = "。；;！!？?\n"
_MONEY = frozenset("元万亿%％")
# A pseudonymised name (张某, 王某某) standing as a word; 某些/某种/某市 are not names.
_PSEUDONYM = re.compile(
    r"(?:^|(?<=[\s，,、；;：:（(]))[\u4e00-\u9fff]某{1,2}(?=[\s，,、；;：:）)（(男女]|$)", re.M
)
# 男/女 as a table cell or between commas: "张三，男，45岁".
_GENDER = re.compile(r"(?:^|(?<=[\s，,、；;：:（(|]))[男女](?=[\s，,、；;）)|]|$)", re.M)
# An age, not an age bracket of a law (六十周岁以上).
_AGE = re.compile(r"(?<![0-9－\-~至到—])(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})岁(?![以及至到—\-~－])")


@dataclass(frozen=True)
class Label:
    kind: str  # id, passport, bank, phone, hotline, code, amount
    word: str
    end: int  # where the label ends; the value follows


def clause_start(text: str, pos: int, limit: int = LABEL_WINDOW) -> int:
    """Start of the window a label is looked for in: same sentence, at most `limit` back."""
    a = max(0, pos - limit)
    for i in range(pos - 1, a - 1, -1):
        if text[i] in _SENTENCE_END:
            return i + 1
    return a


def labels_before(text: str, pos: int, lex: Lexicon, limit: int = LABEL_WINDOW) -> list[Label]:
    a = clause_start(text, pos, limit)
    return [Label(lex.label_kind[m.group()], m.group(), m.end()) for m in lex.labels.finditer(text, a, pos)]


def adjacent(text: str, label: Label, pos: int, gap: int = 6) -> bool:
    """The label stands right before pos: a few characters between, no clause break."""
    between = text[label.end:pos]
    return len(between) <= gap and not any(ch in "，,；;。" for ch in between)


def nearest(labels: list[Label]) -> Label | None:
    return labels[-1] if labels else None


def header_kinds(header: str, lex: Lexicon) -> set[str]:
    return {lex.label_kind[m.group()] for m in lex.labels.finditer(header)} if header else set()


def is_amount(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """An amount, count or serial: 13500000000元, 2.13800138000, 第13800138000号, 1500000000人。

    A one-character unit counts only when no Chinese character follows it: in 13800138000本人
    or 13800138000户主 the next word merely starts with a unit character."""
    if start > 0 and text[start - 1] in ".．第":
        return True
    if end < len(text) and text[end] in ".．" and end + 1 < len(text) and text[end + 1].isdigit():
        return True
    after = end + 1 if end < len(text) and text[end] == " " else end
    m = lex.units.match(text, after)
    if m is None:
        return False
    unit = m.group()
    if len(unit) > 1 or unit in _MONEY:
        return True
    return m.end() >= len(text) or not ("\u4e00" <= text[m.end()] <= "\u9fff")


def office_owned(text: str, pos: int, lex: Lexicon, exclude: frozenset[str] = frozenset()) -> bool:
    """An office word in the clause before `pos` (县民政局联系电话, 联系人：…, 户名：××局)."""
    a = clause_start(text, pos, LABEL_WINDOW + 8)
    return any(m.group() not in exclude for m in lex.office.finditer(text, a, pos))


def person_in(text: str, a: int, b: int, lex: Lexicon, strict: bool = False) -> bool:
    """A natural person is named or described in text[a:b]. `strict` asks for one particular
    person (张某, 男/女, an age, "户主：…"), not a class of people: laws speak of 患者、家属、
    监护人 in general, and a disease next to such words is no one's health detail."""
    return bool(
        (lex.person_label if strict else lex.person).search(text, a, b)
        or _PSEUDONYM.search(text, a, b)
        or _GENDER.search(text, a, b)
        or _AGE.search(text, a, b)
    )


def sentence(text: str, pos: int, layout: Layout) -> tuple[int, int]:
    """The sentence around pos; in a .docx table, the whole row (one person per row)."""
    ra, rb = layout.record(pos)
    if layout.in_table(pos):
        return ra, rb
    a = pos
    while a > ra and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = pos
    while b < rb and text[b] not in _SENTENCE_END:
        b += 1
    return a, b
