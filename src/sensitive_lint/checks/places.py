"""地域名称 (wordlists/places/divisions.tsv: county level and above, 1981–2024):

- PLACE001: a county/district name that does not exist but is one character off a real one,
  where the text uses it as a place: right after a province or prefecture (重庆市西阳县), or right
  before 人民政府/政府/党委/境内 … or as 县委/区委 (西阳县人民政府). The changed character is in the
  name's stem, not its 县/区/市/旗; a candidate that cuts across a word of its sentence (省内各县
  is not 内乡县) is not one. Behind a province or prefecture only that unit's counties count.
- PLACE002: a name that was abolished or renamed (酉阳县 → 酉阳土家族苗族自治县 since 1983), with
  the year. A historical mention is not wrong: not reported when the same sentence names an
  earlier year (or decade), talks about the change (撤销, 更名, 设立 …), or the name has 原/旧/
  前 before it. Two-character names (沙县, 梅县) and 地区 names (宁德地区 is also "the Ningde
  area") only count in the place contexts of PLACE001; names that are also common words
  (城市郊区 holds 市郊区) are dropped by the word-boundary check.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple

from ..config import ConfigError
from ..context import Context
from ..matcher import Matcher
from ..model import Document, Hit
from ..registry import REG_CITY, REG_JINPING, REG_PANSHAN, Rule
from .names import document_date, sentence, years

REGULATION = f"{REG_JINPING} 第三条(8)（地域名称表述错误）；{REG_CITY} 第十一条(四)；{REG_PANSHAN} 二(二)1"
SUFFIXES = "县区市旗"
AFTER_MARKERS = ("人民政府", "政府", "党委", "境内", "人大常委会", "政协", "辖区", "人民法院", "人民检察院")
EMBEDDED_MARKERS = ("县委", "区委", "市委", "旗委")  # the marker's first character ends the name
CHANGE_WORDS = re.compile(r"撤销|撤县|撤地|撤市|更名|改名|改称|改设|改为|设立|前身|原称|旧称|原名|合并|划归|并入")
HISTORICAL_BEFORE = ("原", "旧", "前")
MIN_LEN = 3
GENERIC_STEM_FREQ = 20  # a stem jieba's dictionary counts this often is a word, not a typo
FUNCTION_CHARS = "的之和与及在是了等各全本该我此每"  # a place name does not start with one
_CJK = re.compile(r"[\u4e00-\u9fff]")

RULES = [
    Rule(
        code="PLACE001", name="place-name-typo", category="political", severity="warning",
        checkpoint="准确性", message="地名有误",
        regulation=REGULATION,
        what="用作地名的县、区、市名称不存在，且与一个现有的县级以上行政区划名称只差一个字。",
        why="地域名称表述错误是审核要求明确列出的差错。",
        example="重庆市西阳县 → 重庆市酉阳县（酉阳土家族苗族自治县）",
        fix="按行政区划名称改正。",
        source="wordlists/places/divisions.tsv",
    ),
    Rule(
        code="PLACE002", name="place-name-changed", category="political", severity="warning",
        checkpoint="准确性", message="地名已撤销或更名",
        regulation=REGULATION,
        what="已经撤销或更名的县级以上行政区划名称（说明哪一年改为什么）。",
        why="现行稿件应使用现行的行政区划名称；民族自治地方的名称不宜省略“自治”。",
        example="酉阳县 → 酉阳土家族苗族自治县（1983年）",
        fix="改为现行名称；如是历史叙述，写明年份或“原”。",
        source="wordlists/places/divisions.tsv",
    ),
]


class Change(NamedTuple):
    province: str
    prefecture: str
    year: int  # the year the name stopped being valid
    successors: tuple[str, ...]


@dataclass
class Prepared:
    current: frozenset[str]  # names valid now (any level)
    old: dict[str, list[Change]]  # names no current record has → what became of them
    near: dict[str, list[str]]  # a real name with one stem character masked → full names to suggest
    parents: dict[str, frozenset[str]]  # province/prefecture (full and short) → its current names
    literals: list[str]
    kinds: list[str]  # per literal: "old", "parent", "after", "embedded", "real"


def _path(ctx: Context) -> Path:
    return ctx.wordlist_dir / "places" / "divisions.tsv"


def _short_parent(name: str, level: str) -> list[str]:
    if level == "province":
        for suf in ("特别行政区", "自治区", "省", "市"):
            if name.endswith(suf):
                stem = name[: -len(suf)]
                return [stem if len(stem) <= 3 else stem[:2]]
        return []
    if "自治州" in name:
        return []
    for suf in ("地区", "市", "盟"):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return [name[: -len(suf)]]
    return []


def prepare(path: Path) -> Prepared:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"无法读取行政区划表 {path}: {e.strerror or e}") from None
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")][1:]
    rows = [r + [""] * (10 - len(r)) for r in rows]
    current = frozenset(r[1] for r in rows if r[5] == "current")
    parents: dict[str, set[str]] = {}
    near: dict[str, list[str]] = {}
    for code, name, level, prov, pref, status, *_ in rows:
        if status != "current":
            continue
        if level == "county":
            for parent in {prov, pref} - {"", "直辖"}:
                parents.setdefault(parent, set()).add(name)
        elif level == "prefecture":
            parents.setdefault(prov, set()).add(name)
        for i in range(len(name) - 1):  # not the suffix character
            near.setdefault(name[:i] + "?" + name[i + 1:], []).append(name)
    for code, name, level, prov, pref, status, *_ in rows:
        if status == "current" and level in ("province", "prefecture"):
            for short in _short_parent(name, level):
                if short not in current:
                    parents.setdefault(short, set()).update(parents.get(name, set()))
    old: dict[str, list[Change]] = {}
    old_names = {r[1] for r in rows if r[5] != "current" and r[1] not in current and r[7]}
    for code, name, level, prov, pref, status, start, end, new_code, new_name in rows:
        if status == "current" or name in current or not end:
            continue
        year = int(end)
        marked = re.findall(r"\[(\d{4})\]", new_code)
        if marked and len(marked) == len([c for c in new_code.split(";") if c]):
            year = min(int(y) for y in marked)  # the change happened before `end`
        succ = tuple(n for n in new_name.split(";") if n and n != "?" and n != name)
        old.setdefault(name, []).append(Change(prov, pref, year, succ))
    # Autonomous counties and banners are called by a short form in copy (木垒县, 酉阳自治县 for
    # 木垒哈萨克自治县, 酉阳土家族苗族自治县): the stem is not marked in the name, so every
    # stem of 2–3 characters gives a short form. They are real names for PLACE001 (never
    # "does not exist"), and a name one character off one is a typo of the county.
    shorts: set[str] = set()
    for name in current:
        m = re.fullmatch(r"(.+)自治([县旗])", name)
        if m and len(m.group(1)) >= 4:
            for k in (2, 3):
                for short in (m.group(1)[:k] + m.group(2), m.group(1)[:k] + "自治" + m.group(2)):
                    if short not in current:
                        shorts.add(short)
                        for i in range(len(short) - 1):
                            near.setdefault(short[:i] + "?" + short[i + 1:], []).append(name)
    current = current | frozenset(shorts - old_names)
    literals: list[str] = []
    kinds: list[str] = []
    for n in sorted(old):
        literals.append(n)
        kinds.append("old")
    for n in sorted(parents):
        literals.append(n)
        kinds.append("parent")
    for n in AFTER_MARKERS:
        literals.append(n)
        kinds.append("after")
    for n in EMBEDDED_MARKERS:
        literals.append(n)
        kinds.append("embedded")
    return Prepared(current, old, near, {k: frozenset(v) for k, v in parents.items()}, literals, kinds)


def prepared(ctx: Context) -> Prepared:
    def build() -> Prepared:
        from ..diskcache import cached_pickle, fingerprint

        p = _path(ctx)
        return cached_pickle("places", fingerprint([p, Path(__file__)]), lambda: prepare(p))

    return ctx.cached("places", build)


def _matcher(ctx: Context) -> Matcher:
    p = prepared(ctx)
    return ctx.cached("places-matcher", lambda: Matcher(p.literals))


def rules(ctx: Context) -> list[Rule]:
    return RULES


# -- checking ----------------------------------------------------------------------------------

def _cuts(text: str, s: int, e: int) -> bool:
    from ..segment import cuts_across_words

    return cuts_across_words(text, s, e)[0]


def _boundary(text: str, pos: int) -> bool:
    """Is pos between two words (jieba, in a window)?"""
    from ..segment import cuts_across_words

    return not cuts_across_words(text, pos, pos)[0]


def _generic(text: str, a: int, b: int) -> bool:
    """Is the candidate an ordinary word or built on one (由城市, 开发区, 市辖区 end in a word;
    沿海县, 新竹县 have a common word or another place as stem)? A misspelt stem is rarely a
    word people write, so it ends in a lone 县/区/市/旗."""
    from ..segment import _jieba

    jb = _jieba()
    toks = jb.lcut(text[a:b], HMM=False)
    return len(toks[-1]) >= 2 or jb.dt.FREQ.get(text[a:b - 1], 0) >= GENERIC_STEM_FREQ


def _known(p: Prepared, name: str) -> bool:
    return name in p.current or name in p.old


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    from .packs import simplified

    text = simplified(doc.text)  # traditional characters matched as simplified; offsets unchanged
    p = prepared(ctx)
    hits = _matcher(ctx).find(text)
    if not hits:
        return
    olds: list[tuple[int, int]] = []
    parent_at: dict[int, str] = {}  # end of a province/prefecture name → the name
    name_ends: list[int] = []  # where a place name should end (before 人民政府, or 县 of 县委)
    for li, s, e in hits:
        kind = p.kinds[li]
        if kind == "old":
            olds.append((s, e))
        elif kind == "parent":
            if e not in parent_at or len(p.literals[li]) > len(parent_at[e]):
                parent_at[e] = p.literals[li]
        else:
            name_ends.append(s if kind == "after" else s + 1)
    # Where a place name stands: right after a province/prefecture, or right before a marker.
    contexts = (frozenset(parent_at), frozenset(name_ends))
    yield from _place002(text, p, olds, parent_at, contexts, ctx)
    seen: set[tuple[int, int]] = set()
    yield from _after_parents(text, p, parent_at, seen)
    yield from _before_markers(text, p, parent_at, name_ends, seen)


def _in_context(s: int, e: int, contexts: tuple[frozenset[int], frozenset[int]]) -> bool:
    return s in contexts[0] or e in contexts[1]


def _historical(text: str, s: int, e: int, year: int) -> str | None:
    if text[max(0, s - 1):s] in HISTORICAL_BEFORE:
        return f"前有“{text[s - 1]}”"
    ss, se = sentence(text, s, e)
    m = CHANGE_WORDS.search(text, ss, se)
    if m:
        return f"句中讲到区划变更（“{m.group(0)}”）"
    for lo, _hi in years(text, ss, se):
        if lo.year < year:
            return f"句中有更早的年份（{lo.year}）"
    return None


def _place002(text: str, p: Prepared, olds: list[tuple[int, int]], parent_at: dict[int, str],
              contexts: tuple[frozenset[int], frozenset[int]], ctx: Context) -> Iterator[Hit]:
    day: dt.date | None = None
    for s, e in olds:
        name = text[s:e]
        if name[-1] not in SUFFIXES and not name.endswith(("盟", "州")):
            continue  # 西沙群岛 and the like: not a county-level name in the text
        if len(name) < MIN_LEN and name[-1] != "县":
            continue  # 新区, 市区, 城区, 北区: ordinary words far more often than the old units
        strict = len(name) < MIN_LEN or name.endswith("地区")
        if strict and not _in_context(s, e, contexts):
            continue
        if _inside_real_name(text, s, e, p) or _cuts(text, s, e):
            continue
        changes = p.old[name]
        parent = parent_at.get(s)
        if parent is not None:
            here = [c for c in changes if parent in (c.province, c.prefecture) or c.province.startswith(parent)]
            changes = here or changes
        year = max(c.year for c in changes)  # earlier records: a code change, not a rename
        changes = [c for c in changes if c.year == year]
        why = _historical(text, s, e, year)
        if why is not None:
            if ctx.trace is not None:
                ctx.trace.append(f"丢弃 {name}（{s}）：历史叙述，{why}")
            continue
        if day is None:
            day = document_date(text, ctx)[0]
        if day.year < year:
            continue  # the text is older than the change
        succ = sorted({x for c in changes for x in c.successors})
        years_s = str(year)
        severity = None
        if len(succ) == 1:
            msg = f"“{name}”已于{years_s}年改为“{succ[0]}”"
            stem = name[:-1]
            if succ[0].startswith(stem) and "自治" in succ[0]:
                # 北川县, 石柱县: the everyday short form of the autonomous county, common even in
                # state media; the norm is to keep 自治 (北川自治县): worth a glance, not a warning.
                msg += f"；民族自治地方名称不宜省略“自治”，可简称“{stem}自治{succ[0][-1]}”"
                severity = "info"
        elif succ:
            msg = f"“{name}”已于{years_s}年撤销（改设或并入{'、'.join(succ[:5])}{'等' if len(succ) > 5 else ''}）"
        else:
            msg = f"“{name}”已于{years_s}年撤销"
        yield Hit("PLACE002", s, e, message=msg + "；如是历史叙述，请写明年份或“原”",
                  suggestion=succ[0] if len(succ) == 1 else None, severity=severity)


def _inside_real_name(text: str, s: int, e: int, p: Prepared) -> bool:
    """Is text[s:e] part of a longer current name here (安县 in 公安县, 沙县 in 沙县区)?"""
    for a in range(max(0, s - 6), s + 1):
        for b in range(e, min(len(text), e + 6) + 1):
            if (a, b) != (s, e) and text[a:b] in p.current:
                return True
    return False


def _after_parents(text: str, p: Prepared, parent_at: dict[int, str],
                   seen: set[tuple[int, int]]) -> Iterator[Hit]:
    """重庆市西阳县: a name right after a province or prefecture, judged against its units."""
    for pe, parent in parent_at.items():
        allowed = p.parents.get(parent, frozenset())
        if not all(_CJK.match(ch) for ch in text[pe:pe + MIN_LEN - 1]):
            continue
        for end in range(pe + MIN_LEN, min(len(text), pe + 11) + 1):
            cand = text[pe:end]
            if not _CJK.match(cand[-1]):
                break
            if cand[-1] not in SUFFIXES:
                continue
            if any(_known(p, cand[k:]) for k in range(len(cand) - 1)):
                break  # a real (or former) name stands here (湖南的道县 is 道县)
            if cand[0] in FUNCTION_CHARS:
                break
            real = [n for n in _one_off(p, cand) if n in allowed]
            if real and (pe, end) not in seen and _boundary(text, end) and not _generic(text, pe, end):
                seen.add((pe, end))
                yield _hit001(pe, end, cand, real, parent)
                break


def _before_markers(text: str, p: Prepared, parent_at: dict[int, str], name_ends: list[int],
                    seen: set[tuple[int, int]]) -> Iterator[Hit]:
    """西阳县人民政府, 西阳县委: a name right before a marker, judged against every unit (or the
    units of a province/prefecture right before it)."""
    for end in name_ends:
        if end < MIN_LEN or text[end - 1] not in SUFFIXES:
            continue
        if any(_known(p, text[a:end]) for a in range(end - 2, max(-1, end - 12), -1)):
            continue  # a real (or former) name ends here
        if not all(_CJK.match(ch) for ch in text[end - MIN_LEN:end]):
            continue
        for a in range(end - MIN_LEN, max(-1, end - 11), -1):
            if not _CJK.match(text[a]):
                break
            cand = text[a:end]
            if cand[0] in FUNCTION_CHARS:
                continue
            parent = parent_at.get(a)
            real = _one_off(p, cand)
            if parent is not None:
                real = [n for n in real if n in p.parents.get(parent, frozenset())]
            if (real and (a, end) not in seen and (parent is not None or _boundary(text, a))
                    and not _generic(text, a, end)):
                seen.add((a, end))
                yield _hit001(a, end, cand, real, parent)
                break


def _one_off(p: Prepared, cand: str) -> list[str]:
    out: list[str] = []
    for i in range(len(cand) - 1):
        for n in p.near.get(cand[:i] + "?" + cand[i + 1:], ()):
            if n not in out:
                out.append(n)
    return out


def _hit001(a: int, b: int, cand: str, real: list[str], parent: str | None) -> Hit:
    where = f"{parent}下" if parent else ""
    if len(real) == 1:
        return Hit("PLACE001", a, b, message=f"{where}没有“{cand}”，应为“{real[0]}”？", suggestion=real[0])
    return Hit("PLACE001", a, b, message=f"{where}没有“{cand}”，是否为{'、'.join('“' + r + '”' for r in real[:5])}之一？")
