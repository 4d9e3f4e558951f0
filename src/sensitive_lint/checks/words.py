"""敏感词: every wordlist in one Aho-Corasick pass, then per candidate only: allowlist, word
boundaries (jieba's segmentation of a window, by rjieba), and enforcement context.

The two failures users of open filters complain about are handled here: a listed word inside
an innocent longer word (出口交易 holds 口交, 大麻哈鱼 holds 大麻) is dropped by the boundary
check or the allowlist; and a word in a sentence that reports enforcement (打击网络赌博) is
reported one severity lower — the reviewer still sees it, but it does not fail the build.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Iterator

from ..config import ConfigError
from ..context import Context
from ..matcher import Matcher
from ..model import CATEGORIES, Document, Hit, lower_severity
from ..normalize import (fold, gaps_ok, needs_normalising, normalise, spelled_pairs, suspicious_spans,
                         trigger_patterns)
from ..registry import REG_JINPING, Rule
from ..segment import STOP, WINDOW, cuts_across_words, cuts_in_sentence
from ..wordlists import Entry, Wordlist, WordlistError, read_phrases, read_wordlist

REGULATION = f"{REG_JINPING} 第二条(六)、第三条(2)（敏感词；淫秽、赌博、暴力等违法内容）"
BOUNDARY_MAX_LEN = 3  # longer entries are specific enough that a boundary cut is implausible
# The segmenter's stop characters: a sentence here is what its windows stay inside.
_SENTENCE_END_RE = re.compile(f"[{re.escape(STOP)}]")


@dataclass
class Compiled:
    lists: list[Wordlist]
    terms: list[str]  # normalised pattern per automaton index
    owners: list[list[tuple[Wordlist, Entry]]]  # entries per pattern; empty = allowlist phrase
    matcher: Matcher
    enforcement: re.Pattern[str] | None
    spelled: frozenset[str] = frozenset()  # adjacent character pairs of the terms, every spelling
    chars: frozenset[str] = frozenset()  # characters of the terms
    rules_of: list[tuple[str, ...]] = field(default_factory=list)  # distinct rules per pattern
    # Upper/mixed-case spellings of the terms, automaton index n_terms + i → term variant_of[i];
    # empty when the lists have too many (then the text is lower-cased before the pass).
    variant_of: list[int] = field(default_factory=list)
    fold_first: bool = True


def _shipped_lists(ctx: Context) -> list[Path]:
    d = ctx.wordlist_dir / "sensitive"
    return sorted(d.glob("*.txt")) if d.is_dir() else []


def load_lists(ctx: Context) -> list[Wordlist]:
    cfg = ctx.config
    lists: list[Wordlist] = []
    try:
        for p in _shipped_lists(ctx):
            lists.append(read_wordlist(p))
        for spec in cfg.wordlists:
            if spec.category not in CATEGORIES:
                raise ConfigError(f"词表 {spec.path}: 类别 {spec.category!r} 无效（可用: {', '.join(CATEGORIES)}）")
            if not re.fullmatch(r"[A-Z]+[0-9]+", spec.rule):
                raise ConfigError(f"词表 {spec.path}: 规则代码 {spec.rule!r} 应为大写字母加数字，如 SENS010")
            lists.append(read_wordlist(
                Path(spec.path), default_rule=spec.rule, default_category=spec.category,
                default_severity=spec.severity, default_label=spec.label or Path(spec.path).stem,
            ))
    except WordlistError as e:
        raise ConfigError(str(e)) from None
    disabled = set(cfg.disable_wordlists)
    unknown = disabled - {wl.id for wl in lists}
    if unknown:
        raise ConfigError(f"disable-wordlists 中的词表 {', '.join(sorted(unknown))} 不存在"
                          f"（可用: {', '.join(wl.id for wl in lists)}）")
    return [wl for wl in lists if wl.id not in disabled]


def _norm_term(term: str) -> str:
    if needs_normalising(term):
        return normalise(term)[0]
    return fold(term)


@dataclass
class Prepared:
    """Everything parsed from the list files; pickled to the disk cache."""

    lists: list[Wordlist]
    terms: list[str]
    owners: list[list[tuple[int, int]]]  # (list index, entry index) per term; empty = allowlist
    enforcement: list[str]
    # What the automaton needs besides the terms (built here so a cold start reads it from the
    # cache: computing it takes longer than building the automaton).
    spelled: frozenset[str] = frozenset()  # spelled_pairs of the terms
    chars: frozenset[str] = frozenset()
    variants: list[str] | None = None  # None: too many, fold the text instead
    variant_of: list[int] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)


def _inputs(ctx: Context) -> list[Path]:
    src = Path(__file__).parents[1]
    return _shipped_lists(ctx) + [Path(s.path) for s in ctx.config.wordlists] + [
        ctx.wordlist_dir / "allowlist.txt", ctx.wordlist_dir / "context-enforcement.txt",
        Path(__file__), src / "wordlists.py", src / "normalize.py"]


def prepared(ctx: Context) -> Prepared:
    def build() -> Prepared:
        from ..diskcache import cached_pickle, fingerprint

        key = fingerprint(_inputs(ctx), (ctx.config.wordlists, ctx.config.disable_wordlists))
        return cached_pickle("wordlists", key, lambda: prepare(ctx))

    return ctx.cached("wordlists", build)


def prepare(ctx: Context) -> Prepared:
    lists_ = load_lists(ctx)
    index: dict[str, int] = {}
    terms: list[str] = []
    owners: list[list[tuple[int, int]]] = []
    for li, wl in enumerate(lists_):
        for ei, e in enumerate(wl.entries):
            t = _norm_term(e.term)
            if not t:
                continue
            if t not in index:
                index[t] = len(terms)
                terms.append(t)
                owners.append([])
            owners[index[t]].append((li, ei))
    for phrase in read_phrases(ctx.wordlist_dir / "allowlist.txt"):
        t = _norm_term(phrase)
        if t and t not in index:
            index[t] = len(terms)
            terms.append(t)
            owners.append([])
    words = sorted(set(read_phrases(ctx.wordlist_dir / "context-enforcement.txt")), key=len, reverse=True)
    spelled = spelled_pairs(terms)
    variants, variant_of = _case_variants(terms)
    # The characters that trigger normalisation ride along in the same automaton (indexes past
    # the terms), so one pass finds both the terms and where the slow path is needed.
    known = set(terms) | set(variants or ())
    triggers = [c for c in trigger_patterns(spelled) if c not in known]
    return Prepared(lists_, terms, owners, words, spelled, frozenset("".join(terms)), variants,
                    variant_of, triggers)


def compile_lists(ctx: Context) -> Compiled:
    p = prepared(ctx)
    owners = [[(p.lists[li], p.lists[li].entries[ei]) for li, ei in o] for o in p.owners]
    enforcement = re.compile("|".join(map(re.escape, p.enforcement))) if p.enforcement else None
    rules_of = [tuple(dict.fromkeys(wl.rule for wl, _ in o)) for o in owners]
    variants = p.variants or []
    return Compiled(p.lists, p.terms, owners, Matcher(p.terms + variants + p.triggers), enforcement,
                    p.spelled, p.chars, rules_of, p.variant_of, p.variants is None)


CASE_VARIANT_BUDGET = 20_000


def _case_variants(terms: list[str]) -> tuple[list[str] | None, list[int]]:
    """Every other-case spelling of every term (av女优 → AV女优, Av女优, aV女优), so the text can
    be matched as it stands: lower-casing 20 MB costs a fifth of the automaton pass. A list
    with many long Latin entries (URLs) would need millions; then None, and the caller folds."""
    out: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(terms):
        cased = [k for k, c in enumerate(t) if c != c.upper() and len(c.upper()) == 1]
        if not cased:
            continue
        if len(cased) > 14 or len(out) + 2 ** len(cased) > CASE_VARIANT_BUDGET:
            return None, []
        for combo in product((False, True), repeat=len(cased)):
            if not any(combo):
                continue
            chars_ = list(t)
            for k, up in zip(cased, combo):
                if up:
                    chars_[k] = chars_[k].upper()
            out.append("".join(chars_))
            owner.append(i)
    return out, owner


def compiled(ctx: Context) -> Compiled:
    return ctx.cached("words", lambda: compile_lists(ctx))


def rules(ctx: Context) -> list[Rule]:
    out: dict[str, Rule] = {}
    for wl in prepared(ctx).lists:
        if wl.rule in out:
            continue
        out[wl.rule] = Rule(
            code=wl.rule, name=wl.id, category=wl.category, severity=wl.severity,  # type: ignore[arg-type]
            checkpoint=wl.checkpoint, message=f"敏感词（{wl.label}）",
            regulation=wl.meta("regulation", REGULATION),
            what=f"词表“{wl.label}”中的词语（{len(wl.entries)} 条）。{wl.meta('scope')}",
            why="政务网站和政务新媒体不得发布淫秽、赌博、暴力等违法内容和敏感词；"
                "出现在“打击、查处、严禁”等执法语境中的，降一级提示。",
            example=wl.entries[0].term if wl.entries else "",
            fix="删除或改写；确属正当使用的，加入 allowlist 或用行内豁免标注。",
            source=_rel(wl.path, ctx),
        )
    return list(out.values())


def _rel(path: str, ctx: Context) -> str:
    try:
        return str(Path(path).relative_to(ctx.data))
    except ValueError:
        return path


class _Spans:
    """Allowlist phrases found in a document; which one covers a candidate, by bisection (a
    scan of all of them per candidate is quadratic when a large list hits everywhere)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in spans), default=0)

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        # The earliest covering phrase names the context best (出口交易, not 口交易).
        for k in range(bisect_left(self.starts, start - self.longest), bisect_right(self.starts, start)):
            if self.spans[k][1] >= end:
                return self.spans[k]
        return None


class _Sentences:
    """Sentence around a span. A document with a few candidates scans near each one; with
    many, the sentence ends are found once and bisected (a search per hit and per end
    character used to rescan the rest of a long document each time)."""

    SCAN_CALLS = 16  # after this many lookups, index the whole document

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.ends: list[int] | None = None
        self.calls = 0
        self.dense: set[tuple[int, int]] = set()
        self._memo: dict[tuple[int, int], tuple[int, int]] = {}

    def mark_dense(self, spans: list[tuple[int, int]]) -> None:
        """Sentences with so many boundary checks that segmenting the whole sentence once costs
        less than a window per candidate (a large raw lexicon hits every few characters: with
        konsheng's 51k entries on 4 MB of laws the whole check runs at 1.3-1.4 MB/s this way,
        0.9-1.3 MB/s with windows, and gives the same findings)."""
        if len(spans) < 3:
            return
        per: dict[tuple[int, int], int] = {}
        for s, e in spans:
            sent = self.around(s, e)
            per[sent] = per.get(sent, 0) + 1
        width = 2 * WINDOW + BOUNDARY_MAX_LEN
        self.dense = {se for se, k in per.items() if k >= 3 and k * width >= se[1] - se[0]}

    def around(self, start: int, end: int) -> tuple[int, int]:
        # Asked up to three times per candidate (density, boundary check, context).
        key = (start, end)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._around(start, end)
        return found

    def _around(self, start: int, end: int) -> tuple[int, int]:
        if self.ends is None:
            self.calls += 1
            if self.calls <= self.SCAN_CALLS:
                return self._scan(start, end)
            self.ends = [m.start() for m in _SENTENCE_END_RE.finditer(self.text)]
        i = bisect_left(self.ends, start)
        j = bisect_left(self.ends, end)
        return (self.ends[i - 1] + 1 if i else 0), (self.ends[j] if j < len(self.ends) else self.n)

    def _scan(self, start: int, end: int) -> tuple[int, int]:
        m = _SENTENCE_END_RE.search(self.text, end)
        hi = m.start() if m else self.n
        lo, step = start, 256
        while lo > 0:
            a = max(0, lo - step)
            last = None
            for last in _SENTENCE_END_RE.finditer(self.text, a, lo):
                pass
            if last is not None:
                return last.start() + 1, hi
            lo, step = a, step * 4
        return 0, hi


def candidates(text: str, comp: Compiled) -> list[tuple[int, int, int, bool]]:
    """(start, end, pattern index, found only after normalisation) for every match."""
    n_terms = len(comp.terms)
    found: set[tuple[int, int, int]] = set()
    triggers: list[int] = []
    n_cased = n_terms + len(comp.variant_of)
    variant_of = comp.variant_of
    for pi, s, e in comp.matcher.find(fold(text) if comp.fold_first else text):
        if pi < n_terms:
            found.add((s, e, pi))
        elif pi < n_cased:
            found.add((s, e, variant_of[pi - n_terms]))
        else:
            triggers.append(e - 1)
    out = [(s, e, pi, False) for s, e, pi in found]
    for ls, le in suspicious_spans(text, comp.spelled, comp.chars, triggers):
        ntext, idx = normalise(text[ls:le])
        for pi, s, e in comp.matcher.find(ntext):
            if pi >= n_terms or not gaps_ok(idx, s, e):
                continue
            os_, oe = ls + idx[s], ls + idx[e - 1] + 1
            if (os_, oe, pi) not in found:
                found.add((os_, oe, pi))
                out.append((os_, oe, pi, True))
    out.sort()
    return out


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    trace = ctx.trace
    comp = compiled(ctx)
    text = doc.text
    cands = candidates(text, comp)
    if not cands:
        return
    allow = _Spans([(s, e) for s, e, pi, _ in cands if not comp.owners[pi]])
    sentences = _Sentences(text)
    sentences.mark_dense([(s, e) for s, e, pi, norm in cands
                          if comp.owners[pi] and not norm and e - s <= BOUNDARY_MAX_LEN])
    # Per rule, report the longest of nested matches once (网络赌博平台, not also 赌博平台);
    # a match of another list inside it is still that list's finding.
    by_rule: dict[str, list[tuple[int, int, int, bool]]] = {}
    for c in cands:
        for rule in comp.rules_of[c[2]]:
            by_rule.setdefault(rule, []).append(c)
    decided: dict[tuple[int, int, int], str | None] = {}  # candidate → note, or dropped
    for rule, group in sorted(by_rule.items()):
        group.sort(key=lambda c: (c[0], -c[1]))
        reach = -1  # the furthest end of a kept match; they start no later than this one
        for s, e, pi, normalised in group:
            if e <= reach:
                continue
            reach = e
            key = (s, e, pi)
            if key not in decided:
                decided[key] = _decide(text, s, e, pi, normalised, comp, allow, sentences, trace)
            note = decided[key]
            if note is None:
                continue
            yield from _hits(text, s, e, pi, rule, note, comp, sentences.around(s, e), trace)


_DROP = None


def _decide(text: str, s: int, e: int, pi: int, normalised: bool, comp: Compiled,
            allow_spans: "_Spans", sentences: "_Sentences", trace: list[str] | None) -> str | None:
    """None to drop the candidate, else a note on why it stands ("" for nothing to say)."""
    term = text[s:e]
    allow = allow_spans.covering(s, e)
    if allow:
        if trace is not None:
            trace.append(f"丢弃 {term}（{s}）：在白名单短语“{text[allow[0]:allow[1]]}”中")
        return _DROP
    if (text[s] < "\x80" or text[e - 1] < "\x80") and _inside_ascii_word(text, s, e):
        if trace is not None:
            trace.append(f"丢弃 {term}（{s}）：是更长的英文/数字串（网址、代码）的一部分")
        return _DROP
    if normalised:
        return f"归一化后匹配“{comp.terms[pi]}”（变体写法）"
    if e - s <= BOUNDARY_MAX_LEN:
        sentence = sentences.around(s, e)
        if sentence in sentences.dense:
            cut, tokens = cuts_in_sentence(text, s, e, sentence)
        else:
            cut, tokens = cuts_across_words(text, s, e, sentence)
        if cut:
            if trace is not None:
                trace.append(f"丢弃 {term}（{s}）：跨越词语边界 {'/'.join(tokens)}")
            return _DROP
        return f"分词 {'/'.join(tokens)}：是独立的词"
    return ""


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _inside_ascii_word(text: str, s: int, e: int) -> bool:
    """LSD inside a URL, BJL inside a code: an ASCII-edged term needs non-letter neighbours."""
    if _is_ascii_alnum(text[s]) and s > 0 and _is_ascii_alnum(text[s - 1]):
        return True
    return _is_ascii_alnum(text[e - 1]) and e < len(text) and _is_ascii_alnum(text[e])


def _hits(text: str, s: int, e: int, pi: int, rule: str, note: str, comp: Compiled,
          sentence: tuple[int, int], trace: list[str] | None) -> Iterator[Hit]:
    term = text[s:e]
    ss, se = sentence
    m = None
    if comp.enforcement:
        # A context word inside the hit itself (不得 in 不得好死) does not count.
        m = comp.enforcement.search(text, ss, s) or comp.enforcement.search(text, e, se)
    for wl, entry in comp.owners[pi]:
        if wl.rule != rule:
            continue
        severity = entry.severity
        why = note or None
        if m:
            severity = lower_severity(severity)  # type: ignore[arg-type]
            why = f"执法/禁止语境（“{m.group(0)}”），降一级" + (f"；{note}" if note else "")
        if trace is not None:
            trace.append(f"保留 {term}（{s}）→ {wl.rule} {severity}" + (f"：{why}" if why else ""))
        yield Hit(
            wl.rule, s, e,
            message=f"敏感词（{entry.label or wl.label}）：{comp.terms[pi]}" + (f"；{entry.note}" if entry.note else ""),
            suggestion=entry.suggestion,
            severity=severity,  # type: ignore[arg-type]
            note=why,
        )
        break  # one finding per rule and span, even if two lists of the rule share the term
