"""Numbers: resident ID, mobile, bank card, 统一社会信用代码, landline, passport.

One regex pass finds every run of 7+ digits (digits may be grouped by single spaces or dashes:
138 0013 8000, 6222-0212-…); each run is then classified in Python by length, check digits
and the label before it. An alternation of one regex per detector is 10-30× slower, and most
runs (dates, amounts, article numbers) are rejected by their length alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator

try:  # `regex` scans digit runs ~3× faster than `re`; both give the same matches.
    import regex as _re
except ImportError:  # pragma: no cover
    import re as _re  # type: ignore[no-redef]

from . import signals as sig
from . import validators as v
from .layout import Layout
from .lexicon import Lexicon
from .model import Detection

_RUN = _re.compile(r"(?<![0-9])[0-9](?:[0-9]|[ \-](?=[0-9])){6,}")
_FULLWIDTH = _re.compile(r"[０-９]")
# Full-width digits are read as ASCII; one character for one, so offsets stay the same.
_FW_TABLE = str.maketrans("０１２３４５６７８９－Ｘｘ", "0123456789-Xx")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM = _LETTERS | frozenset("0123456789")
# A value touching one of these is already masked (110101********1234, 1101011990****1234).
MASK_CHARS = frozenset("*＊×✱●○■□#")
_URL_CHARS = frozenset("/=_?&%#~\\")
_PASSPORT_SHAPE = _re.compile(r"[A-Z]{1,2}[0-9]{7,8}")

_PHONE_PREFIXES = frozenset(("tel", "tell", "phone", "mobile", "mob", "cell", "m", "t", "p"))
_PAREN_AREA = _re.compile(r"[(（]0[0-9]{2,3}[)）] ?$")
_ID_SHAPES = {(6, 8, 4), (6, 4, 4, 4)}
_BANK_SHAPES = {(4, 4, 4, 4), (4, 4, 4, 4, 1), (4, 4, 4, 4, 2), (4, 4, 4, 4, 3), (4, 4, 4, 4, 4), (6, 13)}


@dataclass
class _Candidate:
    start: int
    end: int
    digits: str  # ASCII digits, maybe a final X
    dashed_landline: bool = False  # written as a phone number: 023-75551007


def _in_url(t: str, ts: int, te: int) -> bool:
    """A number inside a URL or path (content_13800138000.html, /xxgk/5002421990…/, ?id=…):
    the ASCII token around it has letters and URL punctuation. 023-75551007/13800138000 (two
    numbers) has no letters and stays a candidate."""
    if not ((ts > 0 and t[ts - 1] in _URL_CHARS) or (te < len(t) and t[te] in _URL_CHARS | {"."})):
        return False
    a = ts
    while a > 0 and ts - a < 200 and " " < t[a - 1] < "\x7f":
        a -= 1
    b = te
    while b < len(t) and b - te < 200 and " " < t[b] < "\x7f":
        b += 1
    token = t[a:b]
    if "://" in token or "www." in token:
        return True
    return any(c in _LETTERS for c in token) and any(c in _URL_CHARS for c in token)


def _area_split(d: str) -> str | None:
    """The area code of 0XX(X)+local, if the local number has 7-8 digits."""
    area = d[:3] if d[:3] == "010" or d[1] == "2" else d[:4]
    return area if v.area_code_ok(area) and 7 <= len(d) - len(area) <= 8 else None


def scan_text(text: str) -> str:
    return text.translate(_FW_TABLE) if _FULLWIDTH.search(text) else text


class NumberScanner:
    def __init__(self, text: str, lex: Lexicon, layout: Layout, today: date | None = None,
                 trace: list[str] | None = None) -> None:
        self.text = scan_text(text)
        self.trace = trace  # --explain: why a candidate was dropped (never the value itself)
        self.lex = lex
        self.layout = layout
        self.today = today or date.today()
        self.pii_records: set[tuple[int, int]] = set()  # records holding an ID or mobile number
        self.id_records: set[tuple[int, int]] = set()  # records holding an ID number: a person's row
        self._landlines: list[tuple[_Candidate, sig.Label | None]] = []

    def run(self) -> Iterator[Detection]:
        t = self.text
        n = len(t)
        for m in _RUN.finditer(t):
            s, e = m.span()
            ts, te = s, e
            while ts > 0 and t[ts - 1] in _LETTERS:
                ts -= 1
            while te < n and t[te] in _ALNUM:
                te += 1
            if (ts > 0 and t[ts - 1] in MASK_CHARS) or (te < n and t[te] in MASK_CHARS):
                continue
            if _in_url(t, ts, te):
                continue
            if te > e and t[e:te] in ("X", "x"):
                e = te  # an ID number ending in X
            if ts < s and te == e and t[ts:s].lower() in _PHONE_PREFIXES:
                ts = s  # Tel13800138000
            if ts < s or te > e:
                yield from self._lettered(ts, te)  # USCC, passport, or part of a code (AB20240115138)
                continue
            for c in self._candidates(s, e):
                yield from self._classify(c)
        yield from self._decide_landlines()

    # -- splitting a run into values --------------------------------------------------------
    def _candidates(self, s: int, e: int) -> list[_Candidate]:
        """Values in a run of digit groups. Groups written as one number (138 0013 8000,
        6222-0212-…, 023-75551007) are joined; anything else is a list of separate numbers
        (13800138000 13900139000, an ID then a phone, 2024-01-15), each taken on its own."""
        t = self.text
        groups: list[tuple[int, int]] = []
        seps: list[str] = []
        g = s
        for i in range(s, e):
            if t[i] in " -":
                groups.append((g, i))
                seps.append(t[i])
                g = i + 1
        groups.append((g, e))
        if len(groups) == 1:
            return [_Candidate(s, e, t[s:e])]
        texts = [t[a:b] for a, b in groups]
        out: list[_Candidate] = []
        i = 0
        while i < len(groups):
            took = self._shape_at(groups, seps, texts, i)
            if took is None:
                a, b = groups[i]
                if b - a >= 7:
                    out.append(_Candidate(a, b, texts[i]))
                i += 1
            else:
                cand, used = took
                out.append(cand)
                i += used
        return out

    @staticmethod
    def _shape_at(groups: list[tuple[int, int]], seps: list[str], texts: list[str],
                  i: int) -> tuple[_Candidate, int] | None:
        """The longest one-value shape that starts at group i, with one kind of separator."""
        lens = [len(x) for x in texts]
        for k in range(min(5, len(groups) - i), 1, -1):
            if len(set(seps[i:i + k - 1])) != 1:
                continue
            shape = tuple(lens[i:i + k])
            joined = "".join(texts[i:i + k])
            start, end = groups[i][0], groups[i + k - 1][1]
            if shape in _BANK_SHAPES or shape in _ID_SHAPES or shape == (3, 4, 4):
                return _Candidate(start, end, joined), k
            # +86 138 0013 8000 / 0086-13800138000: the value is what follows the country code.
            if texts[i] in ("86", "0086") and shape[1:] in ((11,), (3, 4, 4)) and v.mobile_valid(joined[len(texts[i]):]):
                return _Candidate(groups[i + 1][0], end, joined[len(texts[i]):]), k
            if v.area_code_ok(texts[i]) and shape[1:] in ((7,), (8,), (3, 4), (4, 4)):
                return _Candidate(start, end, joined, dashed_landline=True), k
        return None

    # -- classification ---------------------------------------------------------------------
    def _classify(self, c: _Candidate) -> Iterator[Detection]:
        d = c.digits
        n = len(d)
        if c.dashed_landline:
            self._landlines.append((c, sig.nearest(sig.labels_before(self.text, c.start, self.lex))))
            return
        if n == 18:
            if v.id18_valid(d, self.today):
                yield from self._id(c, legacy=False)
            elif v.uscc_valid(d):
                yield from self._uscc(c)
            elif d.isdigit() and v.luhn_valid(d) and v.bank_issuer_ok(d):
                yield from self._bank(c)
        elif n == 15:
            if d.startswith("0086") and v.mobile_valid(d[4:]):
                yield from self._mobile(_Candidate(c.start + 4, c.end, d[4:]))
            elif v.id15_valid(d) and d[:6] in self.lex.regions:
                yield from self._id(c, legacy=True)
        elif 16 <= n <= 19:
            if d.isdigit() and v.luhn_valid(d) and v.bank_issuer_ok(d):
                yield from self._bank(c)
        elif n == 13:
            if d.startswith("86") and c.start > 0 and self.text[c.start - 1] in "+＋" and v.mobile_valid(d[2:]):
                yield from self._mobile(_Candidate(c.start + 2, c.end, d[2:]))
        elif n == 11 and v.mobile_valid(d):
            yield from self._mobile(c)
        elif (d[0] == "0" and 10 <= n <= 12) or 7 <= n <= 8:
            self._landlines.append((c, sig.nearest(sig.labels_before(self.text, c.start, self.lex))))

    def _context(self, c: _Candidate) -> tuple[sig.Label | None, set[str]]:
        """The nearest label before the value, or else the labels of its column header."""
        near = sig.nearest(sig.labels_before(self.text, c.start, self.lex))
        header = set() if near else sig.header_kinds(self.layout.header(c.start), self.lex)
        return near, header

    def _silenced(self, c: _Candidate, near: sig.Label | None, header: set[str], own: set[str]) -> bool:
        """A project/order number or an amount, not personal data. The label must stand right
        before the value (项目编号：…, 金额（元）…): 金额 earlier in a long clause says nothing."""
        why = None
        if near is not None and near.kind in ("code", "amount") and sig.adjacent(self.text, near, c.start):
            why = f"紧跟在“{near.word}”之后"
        elif near is None and header & {"code", "amount"} and not header & own:
            why = "所在列的表头是编号或金额"
        elif sig.is_amount(self.text, c.start, c.end, self.lex):
            why = "是金额、数量或序号（前后有 第/元/人/小数点 等）"
        if why and self.trace is not None:
            self.trace.append(f"丢弃 {len(c.digits)} 位数字（第 {c.start} 字符处）：{why}")
        return why is not None

    def _id(self, c: _Candidate, legacy: bool) -> Iterator[Detection]:
        near, header = self._context(c)
        if self._silenced(c, near, header, {"id"}):
            return
        self.pii_records.add(self.layout.record(c.start))
        self.id_records.add(self.layout.record(c.start))
        labelled = (near is not None and near.kind == "id") or "id" in header
        known = c.digits[:6] in self.lex.regions
        if legacy:
            yield Detection("PRIV001", c.start, c.end, "error" if labelled else "warning", 0.9 if labelled else 0.6,
                            note="15 位旧号码（无校验位）" + ("" if labelled else "，前面没有证件标签"))
            return
        note = None if known else "地区码不在 1981 年以来的行政区划代码表中（仍按身份号码处理）"
        yield Detection("PRIV001", c.start, c.end, "error", 1.0 if known else 0.85, note=note)

    def _mobile(self, c: _Candidate) -> Iterator[Detection]:
        near, header = self._context(c)
        if self._silenced(c, near, header, {"phone", "hotline"}):
            return
        self.pii_records.add(self.layout.record(c.start))
        if (near is not None and near.kind == "hotline") or (near is None and header == {"hotline"}):
            yield Detection("PRIV002", c.start, c.end, "warning", 0.7,
                            note="标为监督/咨询等公开电话：确认是否为个人手机，是则脱敏或换成办公电话")
            return
        yield Detection("PRIV002", c.start, c.end, "error", 0.95)

    def _bank(self, c: _Candidate) -> Iterator[Detection]:
        near, header = self._context(c)
        if self._silenced(c, near, header, {"bank"}):
            return
        labels = sig.labels_before(self.text, c.start, self.lex, limit=40)
        if any(lb.kind == "bank" for lb in labels) or "bank" in header:
            a, b = self.layout.record(c.start)
            if sig.office_owned(self.text, c.start, self.lex, exclude=self.lex.bank_words) \
                    and not sig.person_in(self.text, a, b, self.lex, strict=True):
                yield Detection("PRIV003", c.start, c.end, "warning", 0.7, note="户名像是单位：单位账户可以公开，个人卡号须脱敏")
                return
            yield Detection("PRIV003", c.start, c.end, "error", 0.95)
            return
        yield Detection("PRIV003", c.start, c.end, "warning", 0.6,
                        note="卡号格式和校验位都对，但附近没有“卡号、账号、开户行”等字样：确认是否为银行卡号")

    def _uscc(self, c: _Candidate) -> Iterator[Detection]:
        if v.uscc_kind(c.digits) == "individual":
            yield Detection("PRIV004", c.start, c.end, "warning", 0.9)

    def _lettered(self, ts: int, te: int) -> Iterator[Detection]:
        """A token with letters: a USCC (92500242MA5U…) or a passport number after its label."""
        tok = self.text[ts:te]
        if len(tok) == 18 and v.uscc_valid(tok):
            yield from self._uscc(_Candidate(ts, te, tok))
        elif _PASSPORT_SHAPE.fullmatch(tok):
            near = sig.nearest(sig.labels_before(self.text, ts, self.lex))
            if near is not None and near.kind == "passport":
                yield Detection("PRIV009", ts, te, "error", 0.9)

    def _drop(self, pos: int, why: str) -> None:
        if self.trace is not None:
            self.trace.append(f"丢弃固定电话（第 {pos} 字符处）：{why}")

    # -- landlines: decided last, when we know which records hold an ID number --------------
    def _decide_landlines(self) -> Iterator[Detection]:
        t = self.text
        for c, near in self._landlines:
            d = c.digits
            start = c.start
            if not c.dashed_landline:
                paren = _PAREN_AREA.search(t, max(0, c.start - 7), c.start)
                phone_label = near is not None and near.kind in ("phone", "hotline", "homephone")
                if len(d) > 8 and not (phone_label and _area_split(d)):
                    continue
                if len(d) <= 8 and not (phone_label or paren):
                    continue
                if paren and len(d) <= 8:
                    start = paren.start()  # (023)75551234 is one number
            if near is not None and near.kind in ("hotline", "code", "amount"):
                self._drop(start, f"“{near.word}”之后的号码是公开电话或编号")
                continue  # a public service number is meant to be published
            home = near is not None and near.kind == "homephone"
            if not home and sig.office_owned(t, start, self.lex):
                self._drop(start, "单位的联系电话")
                continue  # 县民政局联系电话, 联系人：… — an office's contact line
            a, b = self.layout.record(start)
            if home or (a, b) in self.id_records or sig.person_in(t, a, b, self.lex):
                yield Detection("PRIV005", start, c.end, "warning", 0.8 if home else 0.7)
