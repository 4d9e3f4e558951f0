"""准确性: dates and numbers that cannot be right (统计数据准确, jinping 第三条(7), city 第十一条(五)).

Precision first: a finding means the text is wrong as written — a date that does not exist, a
weekday that is not that date's, a year-on-year rate the figures beside it contradict (beyond
rounding), shares of one whole that add up to more than 100%, a lunar date that cannot exist.
Anything that might be right under some reading (a lunar 二月三十, a GDP rate at comparable
prices, shares of different wholes) is left alone.
"""
from __future__ import annotations

import calendar
import datetime
import re
from typing import Iterator

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_CITY, REG_JINPING, Rule

_SRC = "src/sensitive_lint/checks/dates.py"
_COMMON = dict(category="format", checkpoint="准确性", source=_SRC)
_REG = f"{REG_JINPING} 第三条(7)(8); {REG_CITY} 第十一条(五)"

RULES = [
    Rule(
        code="FMT001", name="impossible-date", severity="error",
        message="日期不存在",
        regulation=_REG,
        what="不存在的公历日期：平年的2月29日、2月30日、4月31日、13月、32日、0日；阿拉伯数字和汉字数字"
             "（二〇二三年二月二十九日）都查，“5月1日—31日”这样的日期范围也查。前面标明农历、藏历等的日期不按公历查；"
             "不带年份的汉字日期只报任何历法都不存在的（如“九月三十一日”），因为“二月三十日”可能是农历。",
        why="日期写错是最常被通报的“数据不准确”差错，通知、公告中的日期错误会误导办事群众。",
        example="会议定于2023年2月29日召开",
        fix="核对原始材料，改成正确的日期。",
        **_COMMON,
    ),
    Rule(
        code="FMT002", name="weekday-mismatch", severity="error",
        message="星期与日期不符",
        regulation=_REG,
        what="带年份的日期后紧跟的星期（2024年5月1日（星期四）、2024年5月1日周四）与该日期实际的星期不一致。",
        why="日期和星期必有一个错，读者无法知道会议、报名、办事究竟是哪一天。",
        example="2024年5月1日（星期四）",
        fix="核对日期和星期，改正错的一个（建议中按日期给出正确的星期）。",
        **_COMMON,
    ),
    Rule(
        code="FMT003", name="rate-contradicts-figures", severity="warning",
        message="同比/环比增幅与文中数字不符",
        regulation=_REG,
        what="同一句中给出了本期数、上年同期（上月）数和同比（环比）增减百分比，按两个数算出的增减幅度与所写百分比"
             "相差超出四舍五入误差（增减方向相反也算）。句中有“可比价”“可比口径”“实际增长”“约”“左右”等时不查。",
        why="统计数据须准确；增幅算错或写反是数据类信息的常见差错。",
        example="收入120万元，同比增长20%，上年同期为110万元（按数字应为增长9.1%）",
        fix="核对三个数字，改正错的一个；建议中给出按数字算出的增幅。",
        **_COMMON,
    ),
    Rule(
        code="FMT004", name="shares-over-100", severity="warning",
        message="各部分占比之和超过100%",
        regulation=_REG,
        what="同一枚举中各部分占比相加超过100%（超出四舍五入误差），且各项的数量和占比推算出的总数一致（说明是同一总体）："
             "“其中，男性120人，占60%；女性100人，占50%”；“分别为120人、100人，分别占60%、50%”。"
             "只有占比、没有数量的枚举（“装机和发电量分别占93%和84%”可能各占不同总体）、带“以上/以下”的嵌套分组、"
             "约数不查。",
        why="同一总体的各部分占比之和不可能超过100%，说明至少一个数字有误。",
        example="其中，男性120人，占60%；女性100人，占50%",
        fix="核对各项数字和总数。",
        **_COMMON,
    ),
    Rule(
        code="FMT005", name="lunar-solar-mixup", severity="error",
        message="农历/公历表述错误",
        regulation=_REG,
        what="农历日期不存在（农历月最多30天：农历三月三十一日、腊月三十二、初十一；农历十三月），"
             "或公历日期用了农历的说法（公历五月初五、公历正月）。",
        why="农历与公历混用会让读者弄错节日、活动的日期。",
        example="农历八月三十一日；公历正月初一",
        fix="确认用哪种历法，改成该历法下存在的日期（农历用“正月初一”“八月十五”，公历用“2月10日”）。",
        **_COMMON,
    ),
]

# -- numbers -----------------------------------------------------------------------------------

_FW_DIGITS = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_FULLWIDTH = re.compile("[０-９％]")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAYS = "一二三四五六日"


def cn_small(s: str) -> int | None:
    """An integer 0..99 written in Chinese numerals (十一, 二十九, 廿三, 卅一) or digits; else None."""
    if s.isdigit():
        return int(s)
    s = s.replace("廿", "二十").replace("卅", "三十")
    if not s or any(c not in _CN_DIGIT and c != "十" for c in s):
        return None
    if "十" not in s:
        return _CN_DIGIT[s] if len(s) == 1 else None
    tens, _, units = s.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    t = _CN_DIGIT[tens] if tens else 1
    u = _CN_DIGIT[units] if units else 0
    if tens and t == 0:
        return None
    return t * 10 + u


def _cn_year(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if len(s) != 4 or any(c not in _CN_DIGIT for c in s):
        return None
    return int("".join(str(_CN_DIGIT[c]) for c in s))


# -- dates --------------------------------------------------------------------------------------

_SP = r"[ \t\u3000]*"
_CN_Y = "〇○零一二三四五六七八九Ｏ"
_CN_N = "一二三四五六七八九十廿卅〇零"
_RANGE = r"[—–\-~～至到]{1,2}"
# An Arabic-numeral date (optionally with a year) or a month/day range within one month.
_DATE_AR = re.compile(
    rf"(?<![\d.])(?:(?P<y>\d{{4}}){_SP}年{_SP})?(?P<m>\d{{1,2}}){_SP}月{_SP}(?P<d>\d{{1,2}})"
    rf"(?:{_SP}[日号](?:{_SP}{_RANGE}{_SP}(?P<d2>\d{{1,2}}){_SP}[日号])?|{_SP}{_RANGE}{_SP}(?P<d3>\d{{1,2}}){_SP}[日号])"
)
_DATE_CN = re.compile(
    rf"(?<![{_CN_Y}十百千万两几\d])(?:(?P<y>[{_CN_Y}]{{4}})年)?(?P<m>[一二三四五六七八九十]{{1,3}})月"
    rf"(?P<d>[{_CN_N}]{{1,4}})[日号]"
)
# A month that cannot exist, after a year (2023年13月) or as 13月份 (not 13月龄, an age).
_BAD_MONTH = re.compile(
    rf"(?<![\d.])(?:(?P<y>\d{{4}}){_SP}年{_SP}(?P<m>\d{{1,2}}){_SP}月(?!份?{_SP}\d*[日号])|(?P<m2>1[3-9]|[2-9]\d)月份)"
)
_WEEKDAY = re.compile(rf"{_SP}(?P<open>[（(])?{_SP}(?:星期|礼拜|周)(?P<w>[一二三四五六日天七])(?![年岁期边末])"
                      rf"{_SP}(?(open)[）)])")
_CALENDAR_BEFORE = re.compile(r"(?:农历|阴历|夏历|旧历|藏历|回历|彝历|傣历|苗历|伊斯兰历|希吉来历|民国|光绪|宣统)[^，。；\n]{0,6}$")

_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _why_impossible(y: int | None, m: int, d: int, lunar_possible: bool) -> str | None:
    if not 1 <= m <= 12:
        return f"没有{m}月"
    if d == 0:
        return "没有0日"
    if d > 31:
        return f"没有{d}日"
    if y is not None:
        if d > calendar.monthrange(y, m)[1]:
            if m == 2 and d == 29:
                return f"{y}年不是闰年，2月只有28天"
            return f"{y}年{m}月只有{calendar.monthrange(y, m)[1]}天"
        return None
    limit = _MONTH_DAYS[m - 1]
    if lunar_possible:
        limit = max(limit, 30)
    if d > limit:
        return f"{m}月只有{_MONTH_DAYS[m - 1]}天" if m != 2 else "2月最多29天"
    return None


def _preceded_by_other_calendar(text: str, pos: int) -> bool:
    return bool(_CALENDAR_BEFORE.search(text, max(0, pos - 12), pos))


_BEFORE, _AFTER = 16, 32  # how far a date reaches on either side of its 月
_MONTH_END = re.compile(r"[0-9０-９一二三四五六七八九十正腊冬][ \t\u3000]*月")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_CN_DIGITS = frozenset("一二三四五六七八九十")
_AR_CHARS = frozenset("0123456789０１２３４５６７８９年 \t\u3000")
_CN_CHARS = frozenset("〇○零一二三四五六七八九十Ｏ年")
_LUNAR_FIRST = frozenset("正冬腊一二三四五六七八九十0123456789０１２３４５６７８９")
_LUNAR_CHARS = frozenset("农阴夏旧历闰正冬腊年甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥〇○零一二三四五六七八九十"
                         "0123456789０１２３４５６７８９ \t\u3000")


def _months(text: str) -> list[tuple[int, int]]:
    """(start of the number, position of 月) for every 月 written after a number."""
    return [(mm.start(), mm.end() - 1) for mm in _MONTH_END.finditer(text)]


def _around_months(text: str, months: list[tuple[int, int]], pattern: re.Pattern[str],
                   chars: frozenset[str], first: frozenset[str]) -> Iterator[re.Match[str]]:
    """Matches of `pattern` that hold a 月 whose number ends with one of `first`, starting at the
    run of `chars` before it. Looking only at each 月 is far faster than running a pattern that
    starts with optional groups over the whole text."""
    seen = -1
    for j, i in months:
        if text[j] not in first:
            continue
        stop = max(0, i - _BEFORE)
        while j > stop and text[j - 1] in chars:
            j -= 1
        if j <= seen:
            continue
        m = pattern.search(text, j, i + _AFTER)
        if m and m.start() <= i < m.end():
            seen = m.start()
            yield m


def _dates(text: str, orig: str, months: list[tuple[int, int]]) -> Iterator[Hit]:
    for m in _around_months(text, months, _DATE_AR, _AR_CHARS, _DIGITS):
        if _preceded_by_other_calendar(text, m.start()):
            continue
        y = int(m["y"]) if m["y"] else None
        if y is not None and not 1000 <= y <= 2999:
            y = None
        mo, d = int(m["m"]), int(m["d"])
        why = _why_impossible(y, mo, d, lunar_possible=False)
        d_end = m["d2"] or m["d3"]
        if why is None and d_end is not None and int(d_end) >= d:
            why = _why_impossible(y, mo, int(d_end), lunar_possible=False)
        if why:
            yield Hit("FMT001", m.start(), m.end(), message=f"日期不存在：{why}")
            continue
        if y is not None and d_end is None:
            yield from _weekday(text, orig, m.start(), m.end(), y, mo, d)
    for m in _around_months(text, months, _DATE_CN, _CN_CHARS, _CN_DIGITS):
        if _preceded_by_other_calendar(text, m.start()):
            continue
        mo, d = cn_small(m["m"]), cn_small(m["d"])
        if mo is None or d is None:
            continue
        y = _cn_year(m["y"]) if m["y"] else None
        why = _why_impossible(y, mo, d, lunar_possible=y is None)
        if why:
            yield Hit("FMT001", m.start(), m.end(), message=f"日期不存在：{why}")
        elif y is not None:
            yield from _weekday(text, orig, m.start(), m.end(), y, mo, d)
    for m in _around_months(text, months, _BAD_MONTH, _AR_CHARS, _DIGITS):
        mo = int(m["m"] or m["m2"])
        if not 1 <= mo <= 12 and not _preceded_by_other_calendar(text, m.start()):
            yield Hit("FMT001", m.start(), m.end(), message=f"日期不存在：没有{mo}月")


def _weekday(text: str, orig: str, start: int, end: int, y: int, mo: int, d: int) -> Iterator[Hit]:
    w = _WEEKDAY.match(text, end)
    if not w or not 1900 <= y <= 2200:
        return
    said = {"天": 6, "七": 6}.get(w["w"], _WEEKDAYS.find(w["w"]))
    real = datetime.date(y, mo, d).weekday()
    if said == real:
        return
    ws, we = w.start("w"), w.end("w")
    suggestion = orig[start:ws] + _WEEKDAYS[real] + orig[we:w.end()]
    yield Hit("FMT002", start, w.end(), suggestion=suggestion,
              message=f"星期与日期不符：{y}年{mo}月{d}日是星期{_WEEKDAYS[real]}，不是星期{_WEEKDAYS[said]}")


# -- lunar / solar --------------------------------------------------------------------------------

_LUNAR_MONTH = r"(?P<m>正|冬|腊|[一二三四五六七八九十]{1,3}|\d{1,2})"
_LUNAR_DAY = r"(?P<d>初[一二三四五六七八九十]+|[一二三四五六七八九十廿卅]{1,4}|\d{1,2})"
_LUNAR = re.compile(
    rf"(?:(?:农历|阴历|夏历|旧历){_SP}(?:\d{{4}}年|[{_CN_Y}]{{4}}年|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年)?{_SP}闰?{_LUNAR_MONTH}月"
    rf"|(?P<named>(?<![纠修改更端公真矫订指校辨])正|腊)月){_SP}{_LUNAR_DAY}(?![\d{_CN_N}])"
)
_SOLAR_WITH_LUNAR = re.compile(
    rf"(?:公历|阳历|新历){_SP}(?:\d{{4}}年|[{_CN_Y}]{{4}}年)?{_SP}"
    rf"(?:[0-9一二三四五六七八九十]{{1,3}}月{_SP}(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?)|正月|腊月|冬月|除夕)"
)


def _lunar(text: str, months: list[tuple[int, int]]) -> Iterator[Hit]:
    for m in _around_months(text, months, _LUNAR, _LUNAR_CHARS, _LUNAR_FIRST):
        ms = m["m"] or m["named"]
        month = {"正": 1, "冬": 11, "腊": 12}.get(ms) or cn_small(ms)
        ds = m["d"]
        if ds.startswith("初"):
            day = cn_small(ds[1:])
            bad = day is None or not 1 <= day <= 10
        else:
            day = cn_small(ds)
            bad = day is not None and not 1 <= day <= 30
        if month is not None and not 1 <= month <= 12:
            bad = True
        if bad:
            yield Hit("FMT005", m.start(), m.end(), message=f"农历日期不存在：“{m.group(0)}”（农历每月最多30天，“初”只用于初一至初十）")
    for m in _SOLAR_WITH_LUNAR.finditer(text):
        yield Hit("FMT005", m.start(), m.end(), message=f"公历日期用了农历说法：“{m.group(0)}”")


# -- rates and shares -------------------------------------------------------------------------------

_UNIT_MULT = {"": 1.0, "十": 10.0, "百": 1e2, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7,
              "亿": 1e8, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12}
_BASE_UNITS = ("元|美元|欧元|人次|人|户|家|吨|千瓦时|千瓦|辆|件|个|台|套|亩|公顷|公里|千米|平方米|立方米|只|头|册|篇|份|起|宗|项|所|次|艘|架|列|标箱")
_AMOUNT = re.compile(rf"(?<![\d.%])(?P<v>\d+(?:\.\d+)?){_SP}(?P<mult>万亿|[十百千]?亿|[十百千]?万|千|百)?(?P<unit>{_BASE_UNITS})(?!\d)")
_SENT = re.compile(r"[^。！？；!?;\n]+")
_SENT_FULL = re.compile(r"[^。！？!?\n]+")  # an enumeration runs over semicolons
_PRIOR = r"(?:上年同期|去年同期|上一年度?|上年度?|去年|前一年|上月|上一个?月|上季度|上一季度|上期)"
_UP = "增长|增加|上升|提高|提升|上涨|增"
_DOWN = "下降|减少|降低|下跌|回落|下滑|减"
_CHANGE = re.compile(
    rf"(?P<ref>同比|环比|(?:比|较){_PRIOR}(?:同期)?)(?P<pre>[^，,%。；\d]{{0,3}}?)(?:的?{_SP}(?P<base>\d+(?:\.\d+)?{_SP}(?:万亿|[十百千]?亿|[十百千]?万|千|百)?(?:{_BASE_UNITS})))?"
    rf"(?P<dir>{_UP}|{_DOWN})了?{_SP}(?P<p>\d+(?:\.\d+)?){_SP}%(?P<post>左右|以上|以下|多|强|弱)?"
)
_BASE_STATED = re.compile(
    rf"{_PRIOR}(?:同期)?(?:为|是|的|实现|完成|共|有|达到?|仅为?)?{_SP}(?P<v>\d+(?:\.\d+)?){_SP}"
    rf"(?P<mult>万亿|[十百千]?亿|[十百千]?万|千|百)?(?P<unit>{_BASE_UNITS})(?!\d)"
)
_FROM_TO = re.compile(
    rf"(?:由|从)(?P<a>\d+(?:\.\d+)?){_SP}(?P<ma>万亿|[十百千]?亿|[十百千]?万|千|百)?(?P<ua>{_BASE_UNITS})"
    rf"(?:{_UP}|{_DOWN})?(?:到|至|为)(?P<b>\d+(?:\.\d+)?){_SP}(?P<mb>万亿|[十百千]?亿|[十百千]?万|千|百)?(?P<ub>{_BASE_UNITS})"
    rf"[，,]?{_SP}(?:同比|环比)?(?P<dir>{_UP}|{_DOWN})了?{_SP}(?P<p>\d+(?:\.\d+)?){_SP}%(?P<post>左右|以上|以下|多|强|弱)?"
)
_HEDGE = re.compile(r"可比|实际增长|实际下降|口径|剔除|扣除|折算|按.{0,6}计算|年均|平均|约|近|超过|逾|左右|多万|余万|翻|倍|分别|百分点")


def _half(s: str) -> float:
    return 0.5 * 10 ** -(len(s.split(".")[1]) if "." in s else 0)


def _rate_range(cur: str, cm: float, base: str, bm: float) -> tuple[float, float] | None:
    c, b = float(cur) * cm, float(base) * bm
    hc, hb = _half(cur) * cm, _half(base) * bm
    if b - hb <= 0:
        return None
    lo = ((c - hc) - (b + hb)) / (b + hb) * 100
    hi = ((c + hc) - (b - hb)) / (b - hb) * 100
    return lo, hi


def _contradicts(stated: float, p_text: str, rng: tuple[float, float]) -> bool:
    slack = _half(p_text) + 0.05 + 0.02 * abs(stated)
    lo, hi = rng
    return stated + slack < lo or stated - slack > hi


def _fmt_rate(r: float) -> str:
    return f"{'增长' if r >= 0 else '下降'}{abs(r):.1f}%"


def _rates(text: str, orig: str) -> Iterator[Hit]:
    for s in _SENT.finditer(text):
        sent = s.group(0)
        if "%" not in sent or not any(k in sent for k in ("比", "由", "从")):
            continue
        yield from _rate_in_sentence(sent, s.start(), orig)


def _rate_in_sentence(sent: str, off: int, orig: str) -> Iterator[Hit]:
    changes = list(_CHANGE.finditer(sent))
    for m in _FROM_TO.finditer(sent):
        if m["post"] or _HEDGE.search(sent) or m["ua"] != m["ub"]:
            continue
        sign = -1.0 if m["dir"] in _DOWN else 1.0
        rng = _rate_range(m["b"], _UNIT_MULT[m["mb"] or ""], m["a"], _UNIT_MULT[m["ma"] or ""])
        if rng and _contradicts(sign * float(m["p"]), m["p"], rng):
            yield _rate_hit(m.start("dir"), sent.index("%", m.end("p")) + 1, off, orig, rng, m["dir"], m["p"])
        return
    if len(changes) != 1:
        return
    c = changes[0]
    if c["post"] or c["pre"] or _HEDGE.search(sent):
        return
    # The base figure: inside the change phrase (比上年同期的110万元增长…) or stated on its own.
    if c["base"]:
        b = _AMOUNT.match(c["base"])
        bases = [(b["v"], b["mult"] or "", b["unit"], c.start("base"), c.end("base"))] if b else []
    else:
        bases = [(m["v"], m["mult"] or "", m["unit"], m.start("v"), m.end()) for m in _BASE_STATED.finditer(sent)]
    if len(bases) != 1:
        return
    bv, bmult, bunit, bs, be = bases[0]
    # The current figure: the one amount of the same unit before the change, not the base.
    cur = [m for m in _AMOUNT.finditer(sent, 0, c.start()) if m["unit"] == bunit and not bs <= m.start() < be]
    if len(cur) != 1:
        return
    cm = cur[0]
    if any(a["unit"] == bunit for a in _AMOUNT.finditer(sent) if a.start() not in (cm.start(),) and not bs <= a.start() < be):
        return  # another figure of the same kind: which one the rate is about is unclear
    sign = -1.0 if c["dir"] in _DOWN else 1.0
    rng = _rate_range(cm["v"], _UNIT_MULT[cm["mult"] or ""], bv, _UNIT_MULT[bmult])
    if rng and _contradicts(sign * float(c["p"]), c["p"], rng):
        yield _rate_hit(c.start(), sent.index("%", c.end("p")) + 1, off, orig, rng, c["dir"], c["p"])


def _rate_hit(s: int, e: int, off: int, orig: str, rng: tuple[float, float], said_dir: str, p: str) -> Hit:
    mid = (rng[0] + rng[1]) / 2
    span = orig[off + s: off + e]
    new = _fmt_rate(mid)
    verb = new[:2]
    if (mid >= 0) == (said_dir not in _DOWN):
        verb = said_dir  # keep the writer's verb when only the number is wrong
    suggestion = span[: span.find(said_dir)] + verb + f"{abs(mid):.1f}%"
    return Hit("FMT003", off + s, off + e, suggestion=suggestion,
               message=f"按文中数字计算应为{new}（四舍五入范围 {rng[0]:.1f}%～{rng[1]:.1f}%），与所写“{said_dir}{p}%”不符")


_MULT = r"(?:万亿|[十百千]?亿|[十百千]?万|千|百)"
_SEP = rf"{_SP}(?:、|，|,|和|及|与){_SP}"
# "分别为120人、100人，分别占60%、50%": amounts and shares paired in order.
_PAIRED = re.compile(
    rf"分别(?:为|是|有|达到?)?{_SP}(?P<vals>\d+(?:\.\d+)?{_SP}{_MULT}?(?:{_BASE_UNITS})?(?:{_SEP}\d+(?:\.\d+)?{_SP}{_MULT}?(?:{_BASE_UNITS})?)+)"
    rf"[，,]?{_SP}(?:分别)?占(?:比|总[\u4e00-\u9fff]{{0,4}}?的?(?:比重|比例)?)?(?:分别)?(?:为|是|达到?)?{_SP}"
    rf"(?P<pcts>\d+(?:\.\d+)?{_SP}%(?:{_SEP}\d+(?:\.\d+)?{_SP}%)+)"
)
_VAL = re.compile(rf"(?P<v>\d+(?:\.\d+)?){_SP}(?P<mult>{_MULT})?(?P<unit>{_BASE_UNITS})?")
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_QITA = re.compile(r"其中[，,：:]?")
# "其中，男性120人，占60%；女性100人（占50%）": each part with its amount and share.
_ITEM = re.compile(
    rf"(?P<v>\d+(?:\.\d+)?){_SP}(?P<mult>{_MULT})?(?P<unit>{_BASE_UNITS})"
    rf"[，,]?{_SP}[（(]?占(?:比)?(?:为|达)?{_SP}(?P<p>\d+(?:\.\d+)?){_SP}%[）)]?"
)
# Nested groups (60岁以上 / 65岁以上), changes and approximations: not a partition, or not exact.
_NESTED = re.compile(r"以上|以下|以内|超过|不足|低于|高于|至少|同比|环比|增长|下降|提高|降低|百分点|约|近|多|余")


def _shares(text: str) -> Iterator[Hit]:
    for s in _SENT_FULL.finditer(text):
        sent = s.group(0)
        if sent.count("%") < 2 or "占" not in sent:
            continue
        off = s.start()
        for m in _PAIRED.finditer(sent):
            vals = list(_VAL.finditer(m["vals"]))
            pcts = _PCT.findall(m["pcts"])
            if len(vals) != len(pcts) or _NESTED.search(sent):
                continue
            last = vals[-1]
            if not last["unit"] or any(v["unit"] not in (None, last["unit"]) for v in vals):
                continue
            amounts = [(v["v"], v["mult"] or last["mult"] or "") for v in vals]
            hit = _over_100(amounts, pcts)
            if hit:
                yield Hit("FMT004", off + m.start(), off + m.end(), message=hit)
        q = _QITA.search(sent)
        if q:
            clause = sent[q.end():]
            items = list(_ITEM.finditer(clause))
            if len(items) < 2 or _NESTED.search(clause) or "分别" in clause or clause.count("%") != len(items):
                continue
            if len({i["unit"] for i in items}) != 1:
                continue
            hit = _over_100([(i["v"], i["mult"] or "") for i in items], [i["p"] for i in items])
            if hit:
                yield Hit("FMT004", off + q.end() + items[0].start(), off + q.end() + items[-1].end(), message=hit)


def _over_100(amounts: list[tuple[str, str]], pcts: list[str]) -> str | None:
    """A message when the shares of one whole add up to more than 100%, else None.

    The parts belong to one whole when the totals they imply (amount / share) agree within
    rounding; parts of different wholes (装机 and 发电量) are not added up."""
    total = sum(float(p) for p in pcts)
    if total <= 100 + sum(_half(p) for p in pcts):
        return None
    lo_all, hi_all = 0.0, float("inf")
    for (v, mult), p in zip(amounts, pcts):
        pv, hp = float(p), _half(p)
        if pv - hp <= 0:
            return None
        x, hx = float(v) * _UNIT_MULT[mult], _half(v) * _UNIT_MULT[mult]
        lo_all = max(lo_all, (x - hx) / (pv + hp) * 100)
        hi_all = min(hi_all, (x + hx) / (pv - hp) * 100)
    if lo_all > hi_all * 1.02:
        return None  # not parts of one whole
    return f"各部分占比之和为{total:g}%，超过100%（按各项数量和占比推算的总数一致，应为同一总体的各部分）"


def rules(ctx: Context) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    orig = doc.text
    # Full-width digits as ASCII; same length, so offsets are unchanged.
    text = orig.translate(_FW_DIGITS) if _FULLWIDTH.search(orig) else orig
    if "月" in text:
        months = _months(text)
        yield from _dates(text, orig, months)
        if "历" in text or "正月" in text or "腊月" in text:
            yield from _lunar(text, months)
    if "%" in text:
        yield from _rates(text, orig)
        yield from _shares(text)
