"""POL001 重要表述: near-miss variants of the canonical forms in
wordlists/political/standard-expressions.txt — one character substituted, missing, extra, or two
neighbours swapped (习近平新时代中国特色会社主义思想, 全国人民代表大会堂务委员会).

How it stays fast (~10 MB/s, not a per-entry scan): each form of >= MIN_LEN characters has two
anchor pieces with at least one character between them, chosen long and rare among the entries
(not 中华人民共和国, not 社会主义, never a bare numeral). One edit damages at most one piece, and
it leaves the form's part on one side of the other piece intact too. So one Aho-Corasick pass
finds the pieces (and the exact forms); where a piece stands, two string comparisons say whether
its form's left or right part is there, and only then is the other part compared, allowing one
edit. A piece shared by many forms (中全会 in every plenum) is resolved by looking the five
possible windows up in an index of every form with one character deleted. Titles of laws and
central documents are judged only as titles: the text between 《 and 》 is looked up in the same
index.

The limits from the data file's header keep it quiet on clean text: entries >= 7 characters;
a wrong first or last character only for entries >= 12; no edit involving punctuation or
whitespace; an inserted or dropped 的/等/和/之/与/及 is not a variant; a string that is itself a
listed form (or lies inside one in the text) is never reported. One more: a numeral changed,
added, dropped or swapped (二十届四中全会 → 二十届五中全会, 十二届 ↔ 二十届, 第十四个五年规划 → 第十五个)
names another meeting or plan — possibly a newer one than the list knows — not a misspelling.
A variant that a POL002 wrong form covers is left to POL002 (when POL002 is enabled).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from ..config import ConfigError
from ..context import Context
from ..matcher import Matcher
from ..model import Document, Hit
from ..registry import Rule
from ..wordlists import WordlistError, read_wordlist
from .packs import REGULATION

CODE = "POL001"
MIN_LEN = 7
ENDS_MIN_LEN = 12
FUNCTION_CHARS = frozenset("的等和之与及")
NUMERALS = frozenset("〇零一二三四五六七八九十百千两0123456789")
MAX_TITLE = 80
MAX_PIECE = 8
_TITLE_SECTIONS = ("法律", "文件标题")  # sections whose entries are checked only between 《 and 》

RULES = [
    Rule(
        code=CODE, name="standard-expression-variant", category="political", severity="error",
        checkpoint="政治性", message="重要表述有误",
        regulation=REGULATION,
        what="党的代表大会和全会名称、指导思想和重大论断（“两个确立”“四个意识”等）、中央和国家机关名称、法律名称"
             "的近似错误写法：错一个字、漏一个字、多一个字或相邻两字颠倒。",
        why="重要表述错误属于政治性差错，须在发布前改正。",
        example="习近平新时代中国特色会社主义思想 → 习近平新时代中国特色社会主义思想",
        fix="按规范表述改正（见建议）。确属另一个正确表述的，请维护者把它加入规范表述清单。",
        source="wordlists/political/standard-expressions.txt",
    )
]


class Piece(NamedTuple):
    offset: int  # where the piece starts in the forms
    length: int  # the forms' length
    forms: tuple[int, ...]  # forms with this piece at this offset and of this length
    by_left: dict[str, tuple[tuple[int, str], ...]]  # part before the piece → (form, part after it)
    by_right: dict[str, tuple[tuple[int, str], ...]]  # part after the piece → (form, part before it)


@dataclass
class Prepared:
    forms: list[str]  # all canonical forms (exact ones are never variants)
    titles_only: list[bool]  # per form: only checked between 《》
    literals: list[str]  # automaton patterns: pieces, then exact forms
    owners: list[list[Piece]]  # per literal: where it stands in forms; empty = an exact form only
    exact_index: dict[str, int]  # literal → form index, for exact forms
    deletions: dict[str, list[int]]  # form, and form minus one character → form indices


def _path(ctx: Context) -> Path:
    return ctx.wordlist_dir / "political" / "standard-expressions.txt"


def _load(path: Path) -> tuple[list[str], list[bool]]:
    try:
        wl = read_wordlist(path, default_rule=CODE, default_category="political")
    except WordlistError as e:
        raise ConfigError(str(e)) from None
    section: dict[str, bool] = {}
    title = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            title = any(s in line for s in _TITLE_SECTIONS)
        elif line and not line.startswith("#"):
            section.setdefault(line.split("\t")[0].strip(), title)
    forms = list(dict.fromkeys(e.term for e in wl.entries))
    return forms, [section.get(f, False) for f in forms]


def _cost(piece: str, common: dict[str, int]) -> float:
    weight = {2: 8.0, 3: 3.0, 4: 1.5}.get(len(piece), 1.0)
    if all(ch in NUMERALS for ch in piece):
        weight *= 1000  # 十三, 二十: everywhere in numbered text
    return common[piece] * weight


def _pieces(c: str, common: dict[str, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two pieces of c at least one character apart, as long and as rare among the entries as
    can be (one edit leaves one of them intact)."""
    best: tuple[float, tuple[int, int], tuple[int, int]] | None = None
    n = len(c)
    for j in range(2, n - 2):  # c[j] is between the pieces
        left = min(((_cost(c[a:j], common), a) for a in range(max(0, j - MAX_PIECE), j - 1)))
        right = min(((_cost(c[j + 1:b], common), -b) for b in range(j + 3, min(n, j + 1 + MAX_PIECE) + 1)))
        cost = left[0] + right[0]
        if best is None or cost < best[0]:
            best = (cost, (left[1], j), (j + 1, -right[1]))
    assert best is not None
    return best[1], best[2]


def prepare(path: Path) -> Prepared:
    forms, titles_only = _load(path)
    common: dict[str, int] = {}
    for f in forms:
        subs = {f[a:b] for a in range(len(f)) for b in range(a + 2, min(a + MAX_PIECE, len(f)) + 1)}
        for s in subs:
            common[s] = common.get(s, 0) + 1
    index: dict[str, int] = {}
    literals: list[str] = []
    owners: list[list[Piece]] = []

    def lit(s: str) -> int:
        if s not in index:
            index[s] = len(literals)
            literals.append(s)
            owners.append([])
        return index[s]

    deletions: dict[str, list[int]] = {}
    groups: dict[tuple[int, int, int], list[int]] = {}
    for fi, c in enumerate(forms):
        lit(c)
        if len(c) < MIN_LEN:
            continue
        for d in {c} | {c[:x] + c[x + 1:] for x in range(len(c))}:
            deletions.setdefault(d, []).append(fi)
        if titles_only[fi]:
            continue
        for a, b in _pieces(c, common):
            groups.setdefault((lit(c[a:b]), a, len(c)), []).append(fi)
    for (li, a, n), fis in groups.items():
        b = a + len(literals[li])
        by_left: dict[str, list[tuple[int, str]]] = {}
        by_right: dict[str, list[tuple[int, str]]] = {}
        for f in fis:
            by_left.setdefault(forms[f][:a], []).append((f, forms[f][b:]))
            by_right.setdefault(forms[f][b:], []).append((f, forms[f][:a]))
        owners[li].append(Piece(a, n, tuple(fis), {k: tuple(v) for k, v in by_left.items()},
                                {k: tuple(v) for k, v in by_right.items()}))
    exact_index = {c: fi for fi, c in enumerate(forms)}
    return Prepared(forms, titles_only, literals, owners, exact_index, deletions)


def prepared(ctx: Context) -> Prepared:
    def build() -> Prepared:
        from ..diskcache import cached_pickle, fingerprint

        p = _path(ctx)
        return cached_pickle("expressions", fingerprint([p, Path(__file__)]), lambda: prepare(p))

    return ctx.cached("expressions", build)


def _matcher(ctx: Context) -> Matcher:
    return ctx.cached("expressions-matcher", lambda: Matcher(prepared(ctx).literals))


def rules(ctx: Context) -> list[Rule]:
    return RULES


# -- one edit ----------------------------------------------------------------------------------

class Edit(NamedTuple):
    op: str  # sub | del (a character of the form is missing) | ins (an extra one) | swap
    pos: int  # position in the form (for ins: the form position the extra char stands before)
    got: str  # what the text has there ("" for del)
    want: str  # what the form has there ("" for ins)


def edit1(w: str, c: str) -> Edit | None:
    """The single edit that turns c into w, or None if there is none (or w == c)."""
    n, m = len(c), len(w)
    if abs(n - m) > 1 or w == c:
        return None
    i = 0
    lim = min(n, m)
    while i < lim and w[i] == c[i]:
        i += 1
    if m == n:
        if w[i + 1:] == c[i + 1:]:
            return Edit("sub", i, w[i], c[i])
        if i + 1 < n and w[i] == c[i + 1] and w[i + 1] == c[i] and w[i + 2:] == c[i + 2:]:
            return Edit("swap", i, w[i:i + 2], c[i:i + 2])
        return None
    if m == n - 1:
        return Edit("del", i, "", c[i]) if w[i:] == c[i + 1:] else None
    return Edit("ins", i, w[i], "") if w[i + 1:] == c[i:] else None


def _word(ch: str) -> bool:
    return ch.isalnum()


def allowed(ed: Edit, n: int) -> bool:
    """The data file's limits, for a form of length n."""
    if n < MIN_LEN:
        return False
    if ed.op == "ins" and (ed.pos == 0 or ed.pos == n):
        return False  # the form itself stands in the text
    last = ed.pos + (1 if ed.op == "swap" else 0)
    if (ed.pos == 0 or last >= n - 1) and n < ENDS_MIN_LEN:
        return False
    chars = ed.got + ed.want
    if not all(_word(ch) for ch in chars):
        return False
    if ed.op in ("ins", "del") and chars in FUNCTION_CHARS:
        return False
    if ed.op == "sub" and ed.got in NUMERALS and ed.want in NUMERALS:
        return False
    if ed.op in ("ins", "del") and chars in NUMERALS:
        return False
    if ed.op == "swap" and any(ch in NUMERALS for ch in ed.got):
        return False  # 二十届 ↔ 十二届
    return True


def describe(ed: Edit, form: str) -> str:
    if ed.op == "sub":
        return f"“{ed.got}”应为“{ed.want}”"
    if ed.op == "del":
        return f"漏了“{ed.want}”"
    if ed.op == "ins":
        return f"多了“{ed.got}”"
    return f"“{ed.got}”应为“{ed.want}”（顺序颠倒）"


# -- finding -----------------------------------------------------------------------------------

class Candidate(NamedTuple):
    start: int
    end: int
    form: int
    edit: Edit


def candidates(text: str, ctx: Context) -> tuple[list[Candidate], list[tuple[int, int, int]]]:
    """Near-miss candidates (before the exact-form and overlap filters) and exact occurrences."""
    p = prepared(ctx)
    cands: dict[tuple[int, int, int], Candidate] = {}
    exact: list[tuple[int, int, int]] = []

    def add(a: int, b: int, fi: int, ed: Edit | None) -> None:
        if ed is not None and allowed(ed, len(p.forms[fi])):
            cands[(a, b, fi)] = Candidate(a, b, fi, ed)

    def near(a: int, b: int, titles: bool = False) -> None:
        """Forms one edit away from text[a:b] (titles: only checked between 《》)."""
        w = text[a:b]
        if w in p.exact_index or "\n" in w:
            return
        for d in {w} | {w[:x] + w[x + 1:] for x in range(len(w))}:
            for fi in p.deletions.get(d, ()):
                if (titles or not p.titles_only[fi]) and (a, b, fi) not in cands:
                    add(a, b, fi, edit1(w, p.forms[fi]))

    for li, s, e in _matcher(ctx).find(text):
        fi = p.exact_index.get(p.literals[li])
        if fi is not None:
            exact.append((s, e, fi))
        for piece in p.owners[li]:
            if len(piece.forms) == 1:
                _one(text, s, e, piece.forms[0], piece.offset, p, add)
            else:
                _group(text, s, e, piece, p, add)
    for a, b in _titles(text):
        near(a, b, titles=True)
    return sorted(cands.values()), exact


def _group(text: str, s: int, e: int, piece: Piece, p: Prepared,
           add: Callable[[int, int, int, Edit | None], None]) -> None:
    """Several forms share the piece at this offset (党的十九届四中全会, 党的二十届三中全会 …). One
    edit leaves a form's left part or its right part intact: look up the forms whose left part
    (or right part) is the text's, and compare only their other part."""
    q, r = s - piece.offset, s - piece.offset + piece.length
    if q >= 0 and text[q:r] in p.exact_index:
        return  # a form itself
    after, before = text[e:e + 2], text[max(0, s - 2):s]
    for fi, right in piece.by_left.get(text[q:s] if q >= 0 else "\0", ()):
        # One edit keeps the part's first or second character in the text's first two.
        if right[:1] in after or right[1:2] in after:
            _edit_right(text, s, e, fi, piece.offset, right, p, add)
    for fi, left in piece.by_right.get(text[e:r], ()):
        if left[-1:] in before or left[-2:-1] in before:
            _edit_left(text, s, e, fi, left, r - e, add)


def _edits_after(text: str, a: int, part: str) -> Iterator[tuple[int, Edit]]:
    """(length in the text, edit) for every way text[a:] starts with `part` changed by one edit
    (nothing if it starts with `part` itself)."""
    n, size = len(part), len(text)
    i = 0
    while i < n and a + i < size and text[a + i] == part[i]:
        i += 1
    if i == n:
        return
    here = a + i < size
    # Each case first compares one character, then the rest (most windows fail at once).
    nxt = text[a + i + 1] if a + i + 1 < size else ""
    if here and a + n <= size and (i + 1 == n or nxt == part[i + 1]) and text[a + i + 1:a + n] == part[i + 1:]:
        yield n, Edit("sub", i, text[a + i], part[i])
    if (i + 1 < n and a + n <= size and text[a + i:a + i + 2] == part[i + 1] + part[i]
            and text[a + i + 2:a + n] == part[i + 2:]):
        yield n, Edit("swap", i, text[a + i:a + i + 2], part[i:i + 2])
    if a + n - 1 <= size and (i + 1 == n or (here and text[a + i] == part[i + 1])) and text[a + i:a + n - 1] == part[i + 1:]:
        yield n - 1, Edit("del", i, "", part[i])
    if here and a + n + 1 <= size and nxt == part[i] and text[a + i + 1:a + n + 1] == part[i:]:
        yield n + 1, Edit("ins", i, text[a + i], "")


def _edits_before(text: str, b: int, part: str) -> Iterator[tuple[int, Edit]]:
    """The mirror of _edits_after: every way text[:b] ends with `part` changed by one edit."""
    n = len(part)
    j = 0  # characters that match, counted from the end
    while j < n and b - 1 - j >= 0 and text[b - 1 - j] == part[n - 1 - j]:
        j += 1
    if j == n:
        return
    i = n - 1 - j  # where in `part` the first mismatch from the end is
    here = b - 1 - j >= 0
    if here and b - n >= 0 and text[b - n:b - j - 1] == part[:i]:
        yield n, Edit("sub", i, text[b - 1 - j], part[i])
    if (i >= 1 and b - n >= 0 and text[b - j - 2:b - j] == part[i] + part[i - 1]
            and text[b - n:b - j - 2] == part[:i - 1]):
        yield n, Edit("swap", i - 1, text[b - j - 2:b - j], part[i - 1:i + 1])
    if b - n + 1 >= 0 and text[b - n + 1:b - j] == part[:i]:
        yield n - 1, Edit("del", i, "", part[i])
    if here and b - n - 1 >= 0 and text[b - n - 1:b - j - 1] == part[:i + 1]:
        yield n + 1, Edit("ins", i + 1, text[b - 1 - j], "")


def _edit_right(text: str, s: int, e: int, fi: int, o: int, right: str, p: Prepared,
                add: Callable[[int, int, int, Edit | None], None]) -> None:
    shift = len(p.forms[fi]) - len(right)
    for m, ed in _edits_after(text, e, right):
        add(s - o, e + m, fi, ed._replace(pos=ed.pos + shift))


def _edit_left(text: str, s: int, e: int, fi: int, left: str, right_len: int,
               add: Callable[[int, int, int, Edit | None], None]) -> None:
    for m, ed in _edits_before(text, s, left):
        add(s - m, e + right_len, fi, ed)


def _one(text: str, s: int, e: int, fi: int, o: int, p: Prepared,
         add: Callable[[int, int, int, Edit | None], None]) -> None:
    """One form with a piece intact at [s, e): one edit leaves the form's left part (before the
    piece) or its right part (after it) intact too, at a position the piece fixes."""
    c = p.forms[fi]
    left, right = c[:o], c[o + e - s:]
    left_ok = s >= o and text.startswith(left, s - o)
    if left_ok == text.startswith(right, e):
        return  # the form itself, or more than one edit
    if left_ok:
        _edit_right(text, s, e, fi, o, right, p, add)
    else:
        _edit_left(text, s, e, fi, left, len(right), add)


def _titles(text: str) -> Iterator[tuple[int, int]]:
    i = text.find("《")
    while i != -1:
        j = text.find("》", i + 1, i + 2 + MAX_TITLE)
        if j != -1:
            inner = text[i + 1:j]
            if "《" not in inner and "\n" not in inner and len(inner) >= MIN_LEN - 1:
                yield i + 1, j
        i = text.find("《", i + 1)


def _pol002_spans(text: str, ctx: Context, lo: int, hi: int) -> list[tuple[int, int]]:
    from . import packs

    ls = text.rfind("\n", 0, lo) + 1
    le = text.find("\n", hi)
    le = len(text) if le == -1 else le
    return [(h.start + ls, h.end + ls) for h in packs.find(text[ls:le], ctx) if h.rule == "POL002"]


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    from .packs import simplified

    text = simplified(doc.text)  # 中華人民共和國 is checked as 中华人民共和国; offsets unchanged
    cands, exact = candidates(text, ctx)
    if not cands:
        return
    p = prepared(ctx)
    trace = ctx.trace
    check_pol002 = ctx.config.is_enabled("POL002")
    kept: list[Candidate] = []
    for cd in cands:
        w = text[cd.start:cd.end]
        why = None
        if w in p.exact_index:
            why = "本身是规范表述"
        elif any(s <= cd.start and cd.end <= e for s, e, _ in exact):
            why = "在规范表述之内"
        elif any(fi == cd.form and s < cd.end and cd.start < e for s, e, fi in exact):
            why = "与该规范表述的原文重叠"
        elif check_pol002 and any(s < cd.end and cd.start < e for s, e in _pol002_spans(text, ctx, cd.start, cd.end)):
            why = "已由 POL002 报告"
        if why:
            if trace is not None:
                trace.append(f"丢弃 {w}（{cd.start}）≈ {p.forms[cd.form]}：{why}")
            continue
        kept.append(cd)
    # Overlapping candidates (新时代中国特色… inside 习近平新时代中国特色…): the longest form wins.
    # Same form and place: a substitution reads better than a dropped last character (思像 is
    # 想 written as 像, not 想 missing).
    kept.sort(key=lambda cd: (-len(p.forms[cd.form]), cd.edit.op not in ("sub", "swap"), cd.start))
    chosen: list[Candidate] = []
    for cd in kept:
        if any(o.start < cd.end and cd.start < o.end for o in chosen):
            continue
        chosen.append(cd)
    for cd in sorted(chosen):
        form = p.forms[cd.form]
        yield Hit(CODE, cd.start, cd.end, message=f"重要表述有误：{describe(cd.edit, form)}，应为“{form}”",
                  suggestion=form)
