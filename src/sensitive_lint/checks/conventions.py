"""文字图片格式符号: 公文 conventions (GB/T 9704-2012) and punctuation (GB/T 15834-2011).

Bracket pairing is checked per paragraph (a line of Document.text), with the two cases where a
mark legitimately stays open at a line end: a quotation running over several paragraphs (each
paragraph opens with “, only the last closes, GB/T 15834 4.1.3.2; or only the first opens and the
last closes, as courts quote amended articles) and brackets over a few lines (a title broken over
lines in a 公文 layout, a law's revision history). List markers such as 1） a) are not brackets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_JINPING, REG_PANSHAN, Rule

_SRC = "src/sensitive_lint/checks/conventions.py"
_COMMON = dict(category="format", checkpoint="文字图片格式符号", source=_SRC)
_GB9704 = "GB/T 9704-2012《党政机关公文格式》7.2.4"
_GB15834 = "GB/T 15834-2011《标点符号用法》"
_REVIEW = f"{REG_JINPING} 第三条(8)、审核要点8; {REG_PANSHAN} 二(二)2（公文规范）"

RULES = [
    Rule(
        code="FMT101", name="document-number-brackets", severity="warning",
        message="发文字号的年份应使用六角括号〔〕",
        regulation=f"{_GB9704}; {_REVIEW}",
        what="发文字号（机关代字 + 年份 + 序号）中的年份用了方括号、黑括号、圆括号：国发[2024]1号、"
             "渝府办发【2019】63号、国办发（2024）5号、国办函(2024)5号。以年份开头的法院案号（（2024）京01民初1号）不查。",
        why="GB/T 9704 规定发文字号的年份“用六角括号〔〕括入”；用错括号是公文规范检查的常见扣分项。",
        example="国发[2024]1号",
        fix="把年份两侧的括号改成六角括号：国发〔2024〕1号。",
        **_COMMON,
    ),
    Rule(
        code="FMT102", name="unpaired-mark", severity="warning",
        message="标号不成对",
        regulation=f"{_GB15834} 4.1、4.9、4.15; {_REVIEW}",
        what="没有配对的引号“”、书名号《》、括号（）()【】〔〕［］、「」『』，按段落查。可以跨段的不算：多段引文"
             "（各段段首用前引号、最后一段末尾用后引号，或只在首段开头、末段结尾用引号，最多60段）、跨几行的括号和书名号"
             "（拆成几行的标题、法规题注，最多12段）。1）a) 这样的序号不算；单引号不查（英文撇号 China’s 也是这个字符）。"
             "”……”这样把前引号误打成后引号的，只报一处并给出改法。",
        why="缺了一半的引号、书名号、括号会改变引文和书名的范围，是校对必查的差错。",
        example="严格落实”三审三校”制度",
        fix="补上缺失的一半，或删去多余的一半（常见的是把前引号误打成后引号）。",
        **_COMMON,
    ),
    Rule(
        code="FMT103", name="doubled-punctuation", severity="warning",
        message="点号重复或连用",
        regulation=f"{_GB15834} 4.2–4.6; {_REVIEW}",
        what="连在一起的点号：，， 。。 、、 ；； ：：以及“；。”“，。”这样两个不同点号连用（含半角 , ;）。"
             "问号、叹号的叠用（？！、！！）是标准允许的，不查；省略号不查。",
        why="点号重复是录入差错，政务新媒体“错敏字”监测会计入。",
        example="全县共有12个乡镇，，3个街道。",
        fix="删去多余的点号，只保留一个正确的点号。",
        **_COMMON,
    ),
    Rule(
        code="FMT104", name="half-width-punctuation", severity="info",
        message="中文句子中用了半角标点",
        regulation=f"{_GB15834} 3.1（中文文本使用全角标点）; {_REVIEW}",
        what="两个汉字之间的半角逗号、分号、冒号、问号、叹号（“工作,要求”“时间:上午”）。数字、网址、代码和英文"
             "句子里的半角标点不查。",
        why="中文文本应使用全角标点；半角标点多由复制粘贴带入，显得不规范。",
        example="各单位要高度重视,认真落实。",
        fix="换成全角标点：，；：？！",
        **_COMMON,
    ),
    Rule(
        code="FMT105", name="wrong-nesting", severity="info",
        message="引号或书名号嵌套用法不对",
        regulation=f"{_GB15834} 4.1.3.1（引号里面还要用引号时，外面一层用双引号，里面一层用单引号）、"
                   f"4.15.3（书名号里边还要用书名号时，外面一层用双书名号，里边一层用单书名号）; {_REVIEW}",
        what="双引号里直接套双引号（“……“……”……”），双书名号里直接套双书名号（《关于印发《……办法》的通知》）。",
        why="标准规定内层用单引号‘’、单书名号〈〉；套用同一种符号读者分不清层次。",
        example="《关于印发《政府网站管理办法》的通知》",
        fix="内层改用单引号‘’或单书名号〈〉：《关于印发〈政府网站管理办法〉的通知》。",
        **_COMMON,
    ),
]

# -- FMT101 -------------------------------------------------------------------------------------

# (Patterns start with a character class and lookbehinds are checked in Python: a pattern that
# starts with a lookbehind is tried at every position of the text, several times slower.)
_DOCNO = re.compile(
    r"(?P<open>[\[【(（［〈<{｛〔])[ \t]*(?P<year>(?:19|20)\d\d)[ \t]*(?P<close>[\]】)）］〉>}｝〕])"
    r"[ \t]*(?P<num>第?[ \t]*\d{1,5})[ \t]*(?P<hao>[号號])"
)

# -- FMT103 / FMT104 ----------------------------------------------------------------------------

_DOUBLED = re.compile(r"[，。、；：,;]{2,}")
_FULL_POINTS = frozenset("，。、；：")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_HALF = re.compile(rf"(?P<p>[,;:?!])[ \t]?(?=[{_CJK}])")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _doubled(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The span of two or more 点号 in a row, at least one of them full-width; a half-width
    comma or semicolon next to a digit (1,，) belongs to the number."""
    s, e = m.span()
    if s > 0 and text[s - 1].isdigit() and text[s] in ",;":
        s += 1
    if e < len(text) and text[e].isdigit() and text[e - 1] in ",;":
        e -= 1
    if e - s < 2 or not any(c in _FULL_POINTS for c in text[s:e]):
        return None
    return s, e


_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}

# -- FMT102 / FMT105 ----------------------------------------------------------------------------

_PAIRS = {"“": "”", "《": "》", "（": "）", "(": ")", "【": "】", "〔": "〕", "［": "］", "[": "]", "「": "」", "『": "』",
          "〈": "〉", "‘": "’"}
_FAMILY = {  # opener/closer → family; full- and half-width brackets pair with each other
    "“": "dq", "”": "dq", "‘": "sq", "’": "sq", "《": "book", "》": "book", "〈": "sbook", "〉": "sbook",
    "（": "paren", "）": "paren", "(": "paren", ")": "paren", "【": "black", "】": "black",
    "〔": "tort", "〕": "tort", "［": "sqb", "］": "sqb", "[": "sqb", "]": "sqb",
    "「": "corner", "」": "corner", "『": "wcorner", "』": "wcorner",
}
_OPENERS = frozenset("“‘《〈（(【〔［[「『")
_CLOSER_TO_OPENER = {v: k for k, v in _PAIRS.items()}
_CLOSER_TO_OPENER[")"] = "("
_MARKS = re.compile(r"[“”‘’《》〈〉（）()【】〔〕［］\[\]「」『』]")
# 1） a) 一） ⑴: a list marker at the start of a paragraph or after punctuation, not a bracket.
_LIST_MARKER = re.compile(r"(?:^|[\s，。；：、,;:])[ \t]*[0-9A-Za-z一二三四五六七八九十]{1,3}$")
# How many paragraphs a quotation (a quoted article of a law) or a bracket (a law's revision
# history, a title broken over lines) may run over before its opener counts as unpaired.
_QUOTE_SPAN = 60
_BRACKET_SPAN = 12


@dataclass
class _Open:
    ch: str
    pos: int
    line: int  # paragraph number (non-empty lines)
    nested_in: int | None = None  # position of the same-kind opener it sits directly inside


_FLAT = re.compile(r"(?:“”|《》|（）|\(\)|（\)|\(）|【】|〔〕|［］|\[\]|「」|『』|〈〉|‘’)*")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*(?=\n)")


def _marked_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, paragraph number) of each line holding a mark; paragraphs are non-empty lines."""
    pos, para = 0, 0
    m = _MARKS.search(text)
    while m:
        s = text.rfind("\n", 0, m.start()) + 1
        e = text.find("\n", m.end())
        e = len(text) if e == -1 else e
        para += text.count("\n", pos, s) - len(_BLANK_LINE.findall(text, pos, s))
        pos = s
        yield s, e, para
        m = _MARKS.search(text, e)


def _pairing(text: str) -> Iterator[Hit]:
    carried: list[_Open] = []  # openers left open at the end of earlier lines
    for ls, le, li in _marked_lines(text):
        if carried:
            yield from _expire(carried, li, text)
        line = text[ls:le]
        if not carried and _FLAT.fullmatch("".join(_MARKS.findall(line))):
            continue  # only side-by-side pairs: （一）《办法》“三审三校” — nothing to report
        stack: list[_Open] = []
        nested: list[tuple[_Open, int]] = []  # (inner opener, its closer position)
        stray: list[int] = []
        first = len(line) - len(line.lstrip(" \t\u3000"))
        for m in _MARKS.finditer(line):
            ch, pos = m.group(0), ls + m.start()
            if ch in _OPENERS:
                if ch == "“" and m.start() == first:
                    j = next((i for i in range(len(carried) - 1, -1, -1) if carried[i].ch == "“"), None)
                    if j is not None:
                        del carried[j]  # GB/T 15834 4.1.3.2: a later paragraph of a long quotation opens with “
                stack.append(_Open(ch, pos, li, _enclosing_same_kind(stack, ch)))
                continue
            fam = _FAMILY[ch]
            k = next((i for i in range(len(stack) - 1, -1, -1) if _FAMILY[stack[i].ch] == fam), None)
            if k is not None:
                opener = stack[k]
                stray.extend(o.pos for o in stack[k + 1:] if o.ch != "‘")
                del stack[k:]
                if opener.nested_in is not None:
                    nested.append((opener, pos))
                continue
            if ch == "’" or ch in "）)" and _LIST_MARKER.search(line, 0, m.start()):
                continue  # an apostrophe (China’s), a list marker 1）
            j = next((i for i in range(len(carried) - 1, -1, -1) if _FAMILY[carried[i].ch] == fam), None)
            if j is not None:
                del carried[j]  # closes a quotation or parenthesis that runs over several paragraphs
                continue
            stray.append(pos)
        still_open = {o.pos for o in stack} | set(stray)
        carried.extend(o for o in stack if o.ch != "‘")
        for inner, close in nested:
            if inner.nested_in not in still_open:
                yield _nesting_hit(text, inner, close)
        yield from _unpaired_hits(text, stray)
    yield from _unpaired_hits(text, [o.pos for o in carried])


def _expire(carried: list[_Open], li: int, text: str) -> Iterator[Hit]:
    """Openers still open after too many paragraphs are unpaired."""
    gone = [o for o in carried if li - o.line > (_QUOTE_SPAN if o.ch == "“" else _BRACKET_SPAN)]
    if gone:
        carried[:] = [o for o in carried if o not in gone]
        yield from _unpaired_hits(text, [o.pos for o in gone])


def _enclosing_same_kind(stack: list[_Open], ch: str) -> int | None:
    """Position of the opener `ch` sits directly inside if that is the same mark (“ in “, 《 in 《)."""
    kinds = {"“": ("“", "‘"), "《": ("《", "〈")}.get(ch)
    if kinds is None:
        return None
    for o in reversed(stack):
        if o.ch in kinds:
            return o.pos if o.ch == ch else None
    return None


_NAMES = {
    "“": "前引号“", "”": "后引号”", "《": "前书名号《", "》": "后书名号》", "〈": "前单书名号〈", "〉": "后单书名号〉",
    "（": "前括号（", "(": "前括号(", "）": "后括号）", ")": "后括号)", "【": "前方头括号【", "】": "后方头括号】",
    "〔": "前六角括号〔", "〕": "后六角括号〕", "［": "前方括号［", "］": "后方括号］", "[": "前方括号[", "]": "后方括号]",
    "「": "前直角引号「", "」": "后直角引号」", "『": "前双直角引号『", "』": "后双直角引号』", "‘": "前单引号‘", "’": "后单引号’",
}


def _unpaired_hits(text: str, strays: list[int]) -> Iterator[Hit]:
    """One hit per unpaired mark; ”…” and “…“ on one line are one slip (a mistyped quote)."""
    strays = sorted(strays)
    skip: set[int] = set()
    for a, b in zip(strays, strays[1:]):
        if a in skip or text[a] != text[b] or text[a] not in "“”" or "\n" in text[a:b]:
            continue
        if text[a] == "”":
            skip.add(b)
            yield Hit("FMT102", a, a + 1, suggestion="“", message="标号不成对：这里应是前引号“，误打成了后引号”")
        else:
            skip.add(a)
            yield Hit("FMT102", b, b + 1, suggestion="”", message="标号不成对：这里应是后引号”，误打成了前引号“")
        skip.update((a, b))
    for p in strays:
        if p not in skip:
            yield _unpaired_hit(text, p)


def _unpaired_hit(text: str, pos: int) -> Hit:
    ch = text[pos]
    if ch in _OPENERS:
        msg = f"{_NAMES[ch]}没有对应的{_NAMES[_PAIRS[ch]]}"
    else:
        msg = f"{_NAMES[ch]}前面没有对应的{_NAMES[_CLOSER_TO_OPENER[ch]]}"
    return Hit("FMT102", pos, pos + 1, message=f"标号不成对：{msg}")


def _nesting_hit(text: str, inner: _Open, close: int) -> Hit:
    body = text[inner.pos + 1:close]
    single = {"“": ("‘", "’"), "《": ("〈", "〉")}[inner.ch]
    what = "双引号里套双引号，内层应改用单引号‘’" if inner.ch == "“" else "书名号里套书名号，内层应改用单书名号〈〉"
    return Hit("FMT105", inner.pos, close + 1, suggestion=single[0] + body + single[1], message=what)


def rules(ctx: Context) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    text = doc.text
    docno: set[int] = set()  # brackets of a 发文字号 are FMT101's, not unpaired marks
    for m in _DOCNO.finditer(text):
        if m.start() == 0 or not _is_cjk(text[m.start() - 1]):
            continue  # a 发文字号 starts with the issuer's code; (2024)京01民初1号 is a case number
        docno.update((m.start("open"), m.start("close")))
        if m["open"] == "〔" and m["close"] == "〕":
            continue
        fixed = f"〔{m['year']}〕{m['num'].replace(' ', '').replace(chr(9), '')}{m['hao']}"
        yield Hit("FMT101", m.start(), m.end(), suggestion=fixed,
                  message=f"发文字号的年份应使用六角括号〔〕，不用“{m['open']}{m['close']}”")
    for m in _DOUBLED.finditer(text):
        span = _doubled(text, m)
        if span is None:
            continue
        g = text[span[0]:span[1]]
        same = len(set(g)) == 1
        fix = "……" if same and g[0] == "。" and len(g) >= 3 else g[0] if same else None
        yield Hit("FMT103", span[0], span[1], suggestion=fix,
                  message="点号重复" if same else f"点号连用：“{g}”只应保留一个")
    for m in _HALF.finditer(text):
        if m.start() == 0 or not _is_cjk(text[m.start() - 1]):
            continue
        yield Hit("FMT104", m.start(), m.end(), suggestion=_FULL[m["p"]],
                  message=f"中文句子中用了半角“{m['p']}”，应为全角“{_FULL[m['p']]}”")
    yield from (h for h in _pairing(text) if h.start not in docno)
