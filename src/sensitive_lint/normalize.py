"""Normalisation for matching, with a map back to the original text.

Evasions a wordlist must see through: full-width letters and digits, letter case, traditional
characters (賭博), look-alike radicals and compatibility characters (⻄ → 西), zero-width
characters, and noise put between the characters of a word (赌★博, 赌 博, 赌-博).

Normalising 20 MB character by character in Python is slow (~1–2 MB/s) and most official text
needs none of it, so only lines that contain a suspicious character are normalised; the rest
is matched as it stands (after ASCII lower-casing, which keeps offsets).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .matcher import Matcher

# Symbols people put between characters to dodge a filter. Sentence punctuation is not noise:
# a word never spans a full stop.
NOISE = " \u3000\t★☆✩✪✫✬✭✮✯✰*＊-－_＿.．·•・‧∙~～|｜/／\\＼#＃+＋=＝^`♥♡❤◆◇■□●○◎"
# Not noise: quotation marks and 书名号 (据《中华人民共和国…》, 的“情况”) structure a sentence;
# they are everywhere in official text and nobody hides a word behind them.
NOISE_SET = frozenset(NOISE)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"

# CJK Radicals Supplement look-alikes that NFKC leaves alone.
_RADICALS = {
    "⺀": "冫", "⺁": "厂", "⺇": "几", "⺈": "刀", "⺊": "卜", "⺋": "卩", "⺍": "小", "⺎": "兀",
    "⺏": "尣", "⺐": "尢", "⺑": "尣", "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺖": "心", "⺗": "心",
    "⺘": "手", "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歹", "⺟": "母", "⺠": "民",
    "⺡": "水", "⺢": "水", "⺣": "火", "⺤": "爪", "⺥": "爪", "⺦": "丬", "⺧": "牛", "⺨": "犬",
    "⺩": "王", "⺪": "疋", "⺫": "目", "⺬": "示", "⺭": "示", "⺮": "竹", "⺯": "糸", "⺰": "糸",
    "⺱": "网", "⺲": "网", "⺳": "网", "⺴": "网", "⺵": "网", "⺶": "羊", "⺷": "羊", "⺸": "羊",
    "⺹": "老", "⺺": "聿", "⺻": "聿", "⺼": "肉", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹",
    "⻁": "虎", "⻂": "衣", "⻃": "西", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠",
    "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "金",
    "⻑": "长", "⻒": "长", "⻓": "长", "⻔": "门", "⻕": "阜", "⻖": "阝", "⻗": "雨", "⻘": "青",
    "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "饣",
    "⻡": "首", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻫": "齐", "⻬": "齐", "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙",
    "⻱": "龟", "⻲": "龟", "⻳": "龟",
}


def _opencc_chars(name: str) -> dict[str, str]:
    text = resources.files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            first = parts[1].split(" ")[0]
            if len(first) == 1:
                out[parts[0]] = first
    return out


@lru_cache(maxsize=1)
def char_map() -> dict[str, str]:
    """Character → normalised character ("" = drop). One to one, so offsets can be mapped."""
    from .diskcache import cached_pickle, fingerprint

    src = resources.files("opencc").joinpath("dictionary")
    files = [Path(str(src.joinpath(n))) for n in ("TSCharacters.txt", "STCharacters.txt")]
    return cached_pickle("charmap", fingerprint(files + [Path(__file__)]), _build_char_map)


def _build_char_map() -> dict[str, str]:
    m: dict[str, str] = {}
    ts = _opencc_chars("TSCharacters.txt")
    simplified = set(_opencc_chars("STCharacters.txt"))
    for trad, simp in ts.items():
        # A character that is also a simplified one (著, 乾, 於 …) stays: mapping it would
        # corrupt correct simplified text.
        if trad != simp and trad not in simplified:
            m[trad] = simp
    for cp in list(range(0x2F00, 0x2FD6)) + list(range(0xF900, 0xFB00)) + list(range(0x2F800, 0x2FA20)):
        ch = chr(cp)
        nf = unicodedata.normalize("NFKC", ch)
        if len(nf) == 1 and nf != ch:
            m[ch] = m.get(nf, nf)
    m.update(_RADICALS)
    for cp in range(0xFF21, 0xFF3B):  # Ａ-Ｚ
        m[chr(cp)] = chr(cp - 0xFF21 + ord("a"))
    for cp in range(0xFF41, 0xFF5B):  # ａ-ｚ
        m[chr(cp)] = chr(cp - 0xFF41 + ord("a"))
    for cp in range(0xFF10, 0xFF1A):  # ０-９
        m[chr(cp)] = chr(cp - 0xFF10 + ord("0"))
    for ch in ZERO_WIDTH:
        m[ch] = ""
    return m


ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def _word_char(ch: str) -> bool:
    """Noise counts only between two letters or characters (赌★博, b-j-l). Not digits: "2024 年"
    and "第 1 条" are everywhere in official text and no listed term is split that way."""
    return "\u4e00" <= ch <= "\u9fff" or ("a" <= ch <= "z") or ("A" <= ch <= "Z")


_DROPPED = re.compile(f"[{re.escape(NOISE + ZERO_WIDTH)}]+")
# How far from a trigger a term can reach: the longest terms are ~10 characters, and up to
# 3 noise characters may stand between two of them.
SLOW_WINDOW = 40


# Noise symbols that are common in ordinary text (spaces after 第一条, "." and "/" in URLs and
# markup, "#" headings, "-" in dates): ~95% of noise occurrences in the laws and news corpus.
COMMON_NOISE = " \u3000-.．|/#=·"


def trigger_patterns(spelled: frozenset[str]) -> list[str]:
    """Patterns whose matches send a stretch of text to the slow path, each ending at the
    character that triggers it: the ~3,000 characters normalisation maps, the rare noise
    symbols, and for the common ones only "X+symbol", where X is a letter or character that
    begins one of the `spelled` pairs (see `spelled_pairs`); the / in </p> or the - in 2024-01
    never does.

    A caller puts them in its own automaton after its terms, so one pass finds the terms and
    the triggers: a separate regex scan for noise cost as much as the whole automaton pass,
    and a Python test per space or slash another half of it.
    """
    cmap = char_map()
    firsts = sorted({p[0] for p in spelled if _word_char(p[0])})
    return (sorted(cmap) + [c for c in NOISE if c not in cmap and c not in COMMON_NOISE]
            + [f + n for n in COMMON_NOISE for f in firsts])


@lru_cache(maxsize=1)
def mapped_matcher() -> "Matcher":
    """An automaton over the ~3,000 mapped characters: a regex class of them takes ~60 ms to
    compile, the automaton ~5 ms to build, and both scan at C speed."""
    from .matcher import Matcher

    return Matcher(sorted(char_map()))


@lru_cache(maxsize=1)
def _mapped_or_noise() -> frozenset[str]:
    return frozenset(char_map()) | frozenset(NOISE) | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def needs_normalising(s: str) -> bool:
    return not _mapped_or_noise().isdisjoint(s)


def fold(text: str) -> str:
    """Fast path: lower-casing with offsets unchanged (str.lower runs at C speed; a handful of
    characters such as İ lower to two, and then only ASCII is folded)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(ASCII_LOWER)


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {ord(k): v for k, v in char_map().items() if v}
    table.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
    return table


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset in `text` it came from.

    Noise symbols and zero-width characters are dropped; a match is later accepted only if the
    gaps it spans in the original are short runs of noise (see `gaps_ok`). Runs of kept text
    are mapped with str.translate, so the work per character stays in C.
    """
    pieces: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in _DROPPED.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos:m.start()])
            idx.extend(range(pos, m.start()))
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
        idx.extend(range(pos, len(text)))
    return "".join(pieces).translate(_table()), idx


def gaps_ok(idx: list[int], start: int, end: int, max_gap: int = 3) -> bool:
    """A normalised match [start, end) is genuine if no gap between its characters in the
    original text is longer than `max_gap` noise characters."""
    for k in range(start + 1, end):
        if idx[k] - idx[k - 1] - 1 > max_gap:
            return False
    return True


@lru_cache(maxsize=1)
def _spellings() -> dict[str, frozenset[str]]:
    """Normalised character → every character that normalises to it (赌 → 赌, 賭)."""
    inv: dict[str, set[str]] = {}
    for raw, norm in char_map().items():
        if norm:
            inv.setdefault(norm.lower(), {norm.lower()}).add(raw)
    for c in range(ord("a"), ord("z") + 1):
        inv.setdefault(chr(c), {chr(c)}).add(chr(c).upper())
    return {k: frozenset(v) for k, v in inv.items()}


def spelled_pairs(terms: Iterable[str]) -> frozenset[str]:
    """Every two adjacent characters of every (normalised) term, in every raw spelling that
    normalises to them (赌博 → 赌博, 賭博, 赌愽 …), so the test per noise trigger is one set
    lookup (tens of thousands of triggers per 20 MB)."""
    pairs = {t[i:i + 2] for t in terms for i in range(len(t) - 1)}
    sp = _spellings()
    out: set[str] = set()
    for p in pairs:
        for a in sp.get(p[0], (p[0],)):
            for b in sp.get(p[1], (p[1],)):
                out.add(a + b)
    return frozenset(out)


def suspicious_spans(text: str, spelled: frozenset[str], chars: frozenset[str],
                     triggers: list[int]) -> list[tuple[int, int]]:
    """Spans of `text` that need the slow path: a window around each mapped character or noise
    between word characters, kept inside its line.

    `triggers` are the end positions (less one) of `trigger_patterns(spelled)` matches in
    `text`, in ascending order, from the caller's own automaton pass. With `spelled`
    (`spelled_pairs` of the terms) and `chars` (every character of every normalised term), a
    trigger counts only if it could be part of a term: the space in "第一条 为了" (every article
    of every law) is noise between two characters no term has side by side, and a full-width ２
    matters only if some term holds a 2.
    """
    cmap = char_map()
    starts: set[int] = set()
    n = len(text)
    run_end = -1
    noise = NOISE_SET
    for pos in triggers:
        ch = text[pos]
        if ch in noise:
            if pos < run_end:
                continue  # inside a run already judged
            end = pos + 1
            while end < n and text[end] in noise:
                end += 1
            run_end = end
            if pos == 0 or end >= n or end - pos > 3:
                continue
            left, right = text[pos - 1], text[end]
            if left + right not in spelled:
                continue
            if _word_char(left) and _word_char(right):
                starts.add(pos - 1)
            continue
        mapped = cmap.get(ch, "")
        if not mapped or mapped.lower() in chars:  # "" = zero-width: always
            starts.add(pos)
    spans: list[tuple[int, int]] = []
    for pos in sorted(starts):
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end == -1 else line_end
        a, b = max(line_start, pos - SLOW_WINDOW), min(line_end, pos + SLOW_WINDOW)
        if spans and a <= spans[-1][1] and text.find("\n", spans[-1][1], a) == -1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    return spans
