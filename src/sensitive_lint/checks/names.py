"""领导姓名与职务 (wordlists/leaders/roster.tsv, and county rosters named in Config.extra
"rosters"):

- NAME001: a name one character off a roster name next to a title (国家主席习进平 → 习近平,
  李墙总理 → 李强). The changed character must sound the same (pinyin without tones, as an
  input method types it), except for three-character names next to a post the person held, where
  any single character counts (习近乎总书记). Two-character names are common: they are only
  judged next to a national post (国务院总理, 委员长 …), never next to 主任, 书记, 院长.
- NAME002: a roster name with a post it does not hold on the document's date (国务院总理李克强 in
  a 2024 text). The date is Config.extra "document-date" (YYYY-MM-DD), else the latest full
  date in the text (not after today), else today; so an archive audit of a 2019 page is judged
  by 2019 posts. Not reported: a name with no post next to it; a post qualified by a word before
  it (县委书记张军 is not 中央纪委书记); 时任/原/前 before the post; a post the person held in a
  year named in the same sentence (2018年3月，李克强总理 …).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple

from ..config import ConfigError
from ..context import Context
from ..matcher import Matcher
from ..model import Document, Hit
from ..registry import REG_CITY, REG_JINPING, REG_PANSHAN, Rule

REGULATION = (f"{REG_JINPING} 第三条(8)（领导姓名错误）；{REG_CITY} 第十一条(四)；{REG_PANSHAN} 二(二)1")

# Short forms of posts as copy writes them, and the roster titles they can stand for (a short
# form stands for every roster title that ends with it). UNAMBIGUOUS ones name a national post
# whoever holds it; the others (主席, 书记, 院长 …) are also local posts.
UNAMBIGUOUS_SHORT = {
    "总书记": "中共中央总书记", "总理": "国务院总理", "副总理": "国务院副总理",
    "委员长": "全国人大常委会委员长", "外长": "外交部长", "外交部部长": "外交部长",
    "中央政治局常委": "中共中央政治局常委", "政治局常委": "中共中央政治局常委",
    "全国人民代表大会常务委员会委员长": "全国人大常委会委员长",
    "中华人民共和国主席": "国家主席", "中华人民共和国副主席": "国家副主席",
}
AMBIGUOUS_SHORT = ("主席", "副主席", "书记", "院长", "检察长", "主任", "部长", "常委", "同志")
HISTORICAL_BEFORE = ("时任", "原任", "曾任", "历任", "原", "前", "已故")
_CJK = re.compile(r"[\u4e00-\u9fff]")

RULES = [
    Rule(
        code="NAME001", name="leader-name-typo", category="political", severity="error",
        checkpoint="政治性", message="领导姓名有误",
        regulation=REGULATION,
        what="职务旁边的姓名与领导名单中的姓名只差一个字（同音字，或三字姓名中任一字）。",
        why="领导姓名错误是严重的政治性差错。",
        example="国家主席习进平 → 国家主席习近平",
        fix="核对姓名后改正。名单外的同名同职务人员（如县里的领导），把县里的名单加到配置中。",
        source="wordlists/leaders/roster.tsv",
    ),
    Rule(
        code="NAME002", name="leader-title-at-date", category="political", severity="error",
        checkpoint="准确性", message="领导职务与文稿日期不符",
        regulation=REGULATION,
        what="名单中的领导与紧挨着的职务在文稿日期时不相符（该人当时未任此职）。",
        why="职务随换届变化；已卸任的职务、尚未担任的职务都是领导职务表述错误。",
        example="（2024年稿件）国务院总理李克强 → 国务院总理李强，或写明“时任”",
        fix="核对任职时间：改为当时任职的人，或加“时任”“原”等说明。",
        source="wordlists/leaders/roster.tsv",
    ),
]


class Post(NamedTuple):
    name: str
    title: str
    start_lo: dt.date  # earliest possible first day
    end_hi: dt.date | None  # latest possible last day; None = holds it now
    partial: bool  # the roster lists only some holders of this post (a section saying 仅列 …)


@dataclass
class Prepared:
    posts: list[Post]
    names: list[str]
    titles: dict[str, tuple[str, ...]]  # title word in copy → roster titles it can mean
    unambiguous: frozenset[str]
    near: dict[str, list[tuple[str, int]]]  # name with one character masked → (name, position)
    homophones: dict[str, frozenset[str]]  # roster-name character → characters that sound alike
    position_chars: dict[int, tuple[frozenset[str], ...]]  # name length → characters at each position


def roster_paths(ctx: Context) -> list[Path]:
    return [ctx.wordlist_dir / "leaders" / "roster.tsv"] + [Path(p) for p in dict(ctx.config.extra).get("rosters", ())]


def _date_bounds(s: str, where: str) -> tuple[dt.date, dt.date]:
    parts = s.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        m = int(parts[1])
        if len(parts) == 2:
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        d = dt.date(y, m, int(parts[2]))
        return d, d
    except (ValueError, IndexError):
        raise ConfigError(f"{where}: 日期 {s!r} 应为 YYYY-MM-DD、YYYY-MM 或 YYYY") from None


def parse_roster(text: str, path: str) -> list[Post]:
    """Rows of a roster. A section comment `# --- … ---` that says 仅列 (only some holders are
    listed, as for 中央书记处书记) marks the posts named in it as partial: NAME002 then never says
    that someone does not hold them."""
    posts: list[Post] = []
    partial_titles: set[str] = set()
    section = ""
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if raw.startswith("# ---"):
            section = raw
            continue
        if not raw.strip() or raw.startswith("#"):
            continue
        f = [x.strip() for x in raw.split("\t")] + ["", "", ""]
        if f[0] == "name" and f[1] == "title":
            continue
        if not f[0] or not f[1] or not f[2]:
            raise ConfigError(f"{path}:{lineno}: 需要 name、title、from 三列")
        start_lo, _ = _date_bounds(f[2], f"{path}:{lineno}")
        end_hi = _date_bounds(f[3], f"{path}:{lineno}")[1] if f[3] else None
        partial = "仅列" in section and f[1] in section.split("仅列")[0][-len(f[1]) - 2:]
        if partial:
            partial_titles.add(f[1])
        posts.append(Post(f[0], f[1], start_lo, end_hi, False))
    return [p._replace(partial=p.title in partial_titles) for p in posts]


def _toneless(p: str) -> str:
    p = unicodedata.normalize("NFD", p).replace("u\u0308", "v")
    return "".join(ch for ch in p if not unicodedata.combining(ch))


def _homophones(chars: set[str]) -> dict[str, frozenset[str]]:
    from pypinyin.pinyin_dict import pinyin_dict  # only when the roster changes (disk cache)

    by_reading: dict[str, set[str]] = {}
    readings: dict[str, set[str]] = {}
    for cp, value in pinyin_dict.items():
        ch = chr(cp)
        rs = {_toneless(r) for r in value.split(",")}
        readings[ch] = rs
        for r in rs:
            by_reading.setdefault(r, set()).add(ch)
    out: dict[str, frozenset[str]] = {}
    for ch in chars:
        same: set[str] = set()
        for r in readings.get(ch, ()):
            same |= by_reading[r]
        same.discard(ch)
        out[ch] = frozenset(same)
    return out


def prepare(paths: list[Path]) -> Prepared:
    posts: list[Post] = []
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"无法读取领导名单 {p}: {e.strerror or e}") from None
        posts.extend(parse_roster(text, str(p)))
    names = sorted({p.name for p in posts})
    full = sorted({p.title for p in posts})
    titles: dict[str, tuple[str, ...]] = {t: (t,) for t in full}
    for short, target in UNAMBIGUOUS_SHORT.items():
        if target in titles:
            titles.setdefault(short, (target,))
    for short in AMBIGUOUS_SHORT:
        titles.setdefault(short, tuple(t for t in full if t.endswith(short)))
    unambiguous = frozenset(full) | frozenset(s for s, t in UNAMBIGUOUS_SHORT.items() if t in full)
    near: dict[str, list[tuple[str, int]]] = {}
    for n in names:
        for i in range(len(n)):
            near.setdefault(n[:i] + "?" + n[i + 1:], []).append((n, i))
    homophones = _homophones({ch for n in names for ch in n})
    lengths = {len(n) for n in names}
    position_chars = {k: tuple(frozenset(n[i] for n in names if len(n) == k) for i in range(k)) for k in lengths}
    return Prepared(posts, names, titles, unambiguous, near, homophones, position_chars)


def prepared(ctx: Context) -> Prepared:
    def build() -> Prepared:
        from ..diskcache import cached_pickle, fingerprint

        paths = roster_paths(ctx)
        return cached_pickle("names", fingerprint(paths + [Path(__file__)]), lambda: prepare(paths))

    return ctx.cached("names", build)


def _matcher(ctx: Context) -> Matcher:
    p = prepared(ctx)
    return ctx.cached("names-matcher", lambda: Matcher(list(p.titles) + p.names))


def rules(ctx: Context) -> list[Rule]:
    return RULES


# -- dates -------------------------------------------------------------------------------------

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
# Each starts with a literal, so `re` finds candidates at memchr speed; the year is read back.
_DATE_FORMS = (re.compile(r"年([0-9]{1,2})月([0-9]{1,2})日"), re.compile(r"-([0-9]{1,2})-([0-9]{1,2})(?![0-9])"),
               re.compile(r"/([0-9]{1,2})/([0-9]{1,2})(?![0-9])"))
_CN_DATE = re.compile(r"年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年|([〇零一二三四五六七八九]{4})年|(?<!\d)(\d{2})年代")


def _cn_number(s: str) -> int:
    if all(c in _CN_DIGIT for c in s):
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)


def full_dates(text: str) -> Iterator[tuple[int, dt.date]]:
    for rx in _DATE_FORMS:
        for m in rx.finditer(text):
            y = m.start() - 4
            if y < 0 or not text[y:m.start()].isdigit() or (y and text[y - 1].isdigit()):
                continue
            try:
                yield y, dt.date(int(text[y:m.start()]), int(m.group(1)), int(m.group(2)))
            except ValueError:
                continue
    for m in _CN_DATE.finditer(text):
        y = m.start() - 4
        if y < 0 or not all(c in _CN_DIGIT for c in text[y:m.start()]):
            continue
        try:
            yield y, dt.date(_cn_number(text[y:m.start()]), _cn_number(m.group(1)), _cn_number(m.group(2)))
        except ValueError:
            continue


def years(text: str, lo: int, hi: int) -> list[tuple[dt.date, dt.date]]:
    """Periods named in text[lo:hi]: years (2018年, 二〇一八年) and decades (90年代 → 1990s)."""
    out = []
    for m in _YEAR.finditer(text, lo, hi):
        if m.group(3):
            y = 1900 + int(m.group(3))
            out.append((dt.date(y, 1, 1), dt.date(y + 9, 12, 31)))
        else:
            y = int(m.group(1)) if m.group(1) else _cn_number(m.group(2))
            if 1900 <= y <= 2100:
                out.append((dt.date(y, 1, 1), dt.date(y, 12, 31)))
    return out


def document_date(text: str, ctx: Context) -> tuple[dt.date, str]:
    """The date a text is judged by, and where it came from."""
    configured = dict(ctx.config.extra).get("document-date")
    if configured:
        return _date_bounds(str(configured), "document-date")[0], "配置 document-date"
    today = dt.date.today()
    found = [d for _, d in full_dates(text) if d <= today]
    if found:
        return max(found), "文中最晚的日期"
    return today, "今天"


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    stops = "。！？；!?;\n"
    s = max(text.rfind(c, 0, start) for c in stops) + 1
    ends = [i for i in (text.find(c, end) for c in stops) if i != -1]
    return s, min(ends) if ends else len(text)


# -- checking ----------------------------------------------------------------------------------

def _held(p: Prepared, name: str, titles: tuple[str, ...], lo: dt.date, hi: dt.date) -> bool:
    """Did `name` possibly hold one of `titles` at some time in [lo, hi]?"""
    return any(post.name == name and post.title in titles and post.start_lo <= hi
               and (post.end_hi is None or lo <= post.end_hi) for post in p.posts)


def _partial(p: Prepared, title: str) -> bool:
    return any(post.partial for post in p.posts if post.title == title)


def _ever_held(p: Prepared, name: str, titles: tuple[str, ...]) -> bool:
    return any(post.name == name and post.title in titles for post in p.posts)


def _holders(p: Prepared, titles: tuple[str, ...], day: dt.date) -> list[str]:
    return sorted({post.name for post in p.posts if post.title in titles and post.start_lo <= day
                   and (post.end_hi is None or day <= post.end_hi)})


class Mention(NamedTuple):
    start: int
    end: int
    word: str


def _longest_by_end(found: list[Mention]) -> dict[int, Mention]:
    out: dict[int, Mention] = {}
    for m in found:
        if m.end not in out or m.start < out[m.end].start:
            out[m.end] = m
    return out


def _longest_by_start(found: list[Mention]) -> dict[int, Mention]:
    out: dict[int, Mention] = {}
    for m in found:
        if m.start not in out or m.end > out[m.start].end:
            out[m.start] = m
    return out


def _qualified(text: str, t: Mention, p: Prepared) -> bool:
    """A short form of a post with a word before it (县委书记, 副委员长, 常务副主席) is another post."""
    return p.titles[t.word] != (t.word,) and t.start > 0 and _CJK.match(text[t.start - 1]) is not None


def _titles_before(text: str, start: int, by_end: dict[int, Mention]) -> list[Mention]:
    """The post right before a name, and the posts listed before it with 、 (总书记、国家主席、…)."""
    out = []
    t = by_end.get(start)
    while t is not None:
        out.append(t)
        t = by_end.get(t.start - 1) if t.start > 0 and text[t.start - 1] == "、" else None
    return out


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    from .packs import simplified

    text = simplified(doc.text)  # traditional characters matched as simplified; offsets unchanged
    p = prepared(ctx)
    found = [Mention(s, e, text[s:e]) for _, s, e in _matcher(ctx).find(text)]
    if not found:
        return
    title_words = [m for m in found if m.word in p.titles]
    if not title_words:
        return
    roster = set(p.names)
    names = [m for m in found if m.word in roster]
    by_end = _longest_by_end(title_words)
    by_start = _longest_by_start(title_words)
    yield from _name002(text, p, names, by_end, by_start, ctx)
    yield from _name001(text, p, names, by_end, by_start)


def _name002(text: str, p: Prepared, names: list[Mention], by_end: dict[int, Mention],
             by_start: dict[int, Mention], ctx: Context) -> Iterator[Hit]:
    day: dt.date | None = None
    how = ""
    for n in names:
        posts = [t for t in _titles_before(text, n.start, by_end) if not _qualified(text, t, p)]
        after = by_start.get(n.end)
        if after is not None:
            posts.append(after)
        for t in posts:
            if t.word not in p.unambiguous:
                continue
            first = min(t.start, n.start)
            if text[max(0, first - 2):first].endswith(HISTORICAL_BEFORE):
                continue
            if text[t.start - 1:t.start] == "届":
                continue  # 第十届、十一届全国人大常委会委员长: the term names the time
            meant = tuple(x for x in p.titles[t.word] if not _partial(p, x))
            if not meant:
                continue
            if day is None:
                day, how = document_date(text, ctx)
            if _held(p, n.word, meant, day, day):
                continue
            ss, se = sentence(text, n.start, n.end)
            if any(_held(p, n.word, meant, lo, hi) for lo, hi in years(text, ss, se)):
                continue  # a year in the sentence dates the mention (2018年，李克强总理 …)
            holders = _holders(p, meant, day)
            now = f"，当时任{t.word}的是{'、'.join(holders)}" if holders else ""
            own = sorted({post.title for post in p.posts if post.name == n.word and post.start_lo <= day
                          and (post.end_hi is None or day <= post.end_hi)})
            own_s = f"（{n.word}当时任{'、'.join(own)}）" if own else ""
            # The post right next to the name: post and name; a post further up a 、 list: the post.
            adjacent = t.end == n.start or t.start == n.end
            span = (min(t.start, n.start), max(t.end, n.end)) if adjacent else (t.start, t.end)
            yield Hit("NAME002", span[0], span[1],
                      message=f"按文稿日期 {day.isoformat()}（{how}），{n.word}不任{t.word}{own_s}{now}；"
                              "如指当时的职务，请写明“时任”",
                      note=f"文稿日期 {day.isoformat()} 取自{how}")


def _name001(text: str, p: Prepared, names: list[Mention], by_end: dict[int, Mention],
             by_start: dict[int, Mention]) -> Iterator[Hit]:
    name_starts = {n.start for n in names}
    name_ends = {n.end for n in names}
    seen: set[tuple[int, int]] = set()
    for t in sorted(set(by_end.values()) | set(by_start.values())):
        # name after the post (国家主席习进平), or before it (李墙总理)
        options = []
        if t.end not in name_starts:
            options += [(t.end, t.end + k) for k in (3, 2)]
        if t.start not in name_ends:
            options += [(t.start - k, t.start) for k in (3, 2)]
        for a, b in options:
            if a < 0 or b > len(text) or (a, b) in seen:
                continue
            cand = text[a:b]
            match = _roster_match(cand, t, text, p, before=(a == t.end))
            if match is None or cand in p.names or not all(_CJK.match(ch) for ch in cand):
                continue
            if len(cand) == 2 and _longer_name(text, a, b, after_post=(a == t.end)):
                continue
            seen.add((a, b))
            yield Hit("NAME001", a, b, message=f"领导姓名有误：“{cand}”应为“{match}”（{t.word}）",
                      suggestion=match)
            break


def _roster_match(cand: str, t: Mention, text: str, p: Prepared, before: bool) -> str | None:
    """The roster name `cand` is one character off, next to post t (before it if `before`)."""
    chars = p.position_chars.get(len(cand))
    if chars is None:
        return None
    missing = 0
    for ch, at in zip(cand, chars):
        if ch not in at:
            missing += 1
            if missing > 1:
                return None  # two characters off every roster name
    meant = p.titles[t.word]
    for i in range(len(cand)):
        for name, pos in p.near.get(cand[:i] + "?" + cand[i + 1:], ()):
            sounds = cand[pos] in p.homophones.get(name[pos], frozenset())
            held = _ever_held(p, name, meant)
            if len(name) == 2:
                ok = sounds and held and t.word in p.unambiguous
            else:
                ok = sounds or (held and not (before and _qualified(text, t, p)))
            if ok:
                return name
    return None


def _longer_name(text: str, a: int, b: int, after_post: bool) -> bool:
    """Is the two-character candidate part of a longer name (国务委员王永康 is not 王勇)?"""
    nxt = b if after_post else a - 1
    if nxt < 0 or nxt >= len(text) or not _CJK.match(text[nxt]):
        return False
    from ..segment import _jieba

    lo, hi = (a, min(len(text), b + 4)) if after_post else (max(0, a - 4), b)
    pos = lo
    for tok in _jieba().lcut(text[lo:hi], HMM=True):
        s, e = pos, pos + len(tok)
        pos = e
        if s < b and a < e and (s < a or e > b):
            return True
    return False
