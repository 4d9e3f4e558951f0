"""Data-driven wording rules: substitution packs (`rules/*.tsv`) and TOML rule packs
(`rules/*.toml`), formats in docs/data-formats.md.

One Aho-Corasick pass finds every literal of every pack: the `wrong` strings of substitution
packs, the `words` of TOML rules, and for each TOML `pattern` a set of trigger strings that any
match must contain (read off the regex's parse tree). A pattern is then run only on the lines
where one of its triggers occurs, so 50 regexes cost about one pass, not fifty.

Per hit: the entry's context regex (`@` = the hit) must put the hit exactly where it stands, in
the hit's line within ±CONTEXT_WINDOW characters; a TOML rule's `unless` must not match within
±UNLESS_WINDOW characters; and a short substitution `wrong` with no context must not cut
across a word of its sentence (jieba, segment.py): 份量 inside 一份量表 is not 份量.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from ..config import ConfigError
from ..context import Context
from ..matcher import Matcher
from ..model import CATEGORIES, CHECKPOINTS, SEVERITIES, Document, Hit
from ..registry import REG_CITY, REG_JINPING, REG_PANSHAN, Rule
from ..wordlists import split_header

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REGULATION = (f"{REG_JINPING} 第三条(8)；{REG_CITY} 第十一条(四)；{REG_PANSHAN} 二(二)1"
              "（错字、不规范的词语、重要表述错误）")
CONTEXT_WINDOW = 40  # characters either side, inside the line, that a context regex sees
UNLESS_WINDOW = 20  # the same for a TOML rule's `unless`
BOUNDARY_MAX_LEN = 3  # default: wrong strings up to this length get the word-boundary check
_CODE = re.compile(r"[A-Z]+[0-9]+")
_TRIGGER_CAP = 64


class SubEntry(NamedTuple):
    wrong: str
    right: str
    context: str | None
    note: str | None
    line: int


@dataclass(frozen=True)
class SubPack:
    id: str
    path: str
    rule: str
    category: str
    severity: str
    checkpoint: str
    label: str
    source: str
    regulation: str
    boundary: int  # max length of a context-free `wrong` that gets the boundary check; 0 = never
    entries: tuple[SubEntry, ...]


@dataclass(frozen=True)
class TomlRule:
    code: str
    name: str
    category: str
    severity: str
    checkpoint: str
    message: str
    regulation: str
    why: str
    example: str
    fix: str
    words: tuple[str, ...]
    pattern: str | None
    unless: str | None
    suggestion: str | None
    path: str
    pack: str


@dataclass
class Prepared:
    """Everything parsed from the pack files; pickled to the disk cache."""

    subs: list[SubPack]
    rules: list[TomlRule]
    literals: list[str]
    # per literal: ("s", pack, entry) substitution, ("w", rule, 0) word, ("t", rule, 0) trigger
    owners: list[list[tuple[str, int, int]]]
    untriggered: list[int]  # pattern rules with no trigger: run over the whole text


@dataclass
class Compiled:
    prep: Prepared
    matcher: Matcher
    patterns: dict[int, re.Pattern[str]]
    unless: dict[int, re.Pattern[str]]
    contexts: dict[tuple[int, int], tuple[re.Pattern[str], bool, int]] = field(default_factory=dict)


# -- loading -----------------------------------------------------------------------------------

def pack_paths(ctx: Context) -> list[Path]:
    """Shipped packs, then any named in configuration (Config.extra "rule-packs")."""
    d = ctx.rules_dir
    shipped = sorted(d.glob("*.tsv")) + sorted(d.glob("*.toml")) if d.is_dir() else []
    extra = dict(ctx.config.extra).get("rule-packs", ())
    return shipped + [Path(p) for p in extra]


def _check_meta(where: str, category: str, severity: str, checkpoint: str, code: str) -> None:
    if not _CODE.fullmatch(code):
        raise ConfigError(f"{where}: 规则代码 {code!r} 应为大写字母加数字，如 TYPO001")
    if category not in CATEGORIES:
        raise ConfigError(f"{where}: 类别 {category!r} 无效（可用: {', '.join(CATEGORIES)}）")
    if severity not in SEVERITIES:
        raise ConfigError(f"{where}: 级别 {severity!r} 无效（可用: error, warning, info）")
    if checkpoint not in CHECKPOINTS:
        raise ConfigError(f"{where}: 审核要点 {checkpoint!r} 无效（可用: {'、'.join(CHECKPOINTS)}）")


def _compile(rx: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(rx)
    except re.error as e:
        raise ConfigError(f"{where}: 正则表达式错误: {e}") from None


def parse_sub_pack(text: str, path: str) -> SubPack:
    header, lines = split_header(text)
    entries: list[SubEntry] = []
    for lineno, raw in lines:
        f = [x.strip() for x in raw.split("\t")] + ["", "", ""]
        wrong, right, context, note = f[0], f[1], f[2], f[3]
        if not wrong or not right or right == "-":
            raise ConfigError(f"{path}:{lineno}: 需要 wrong<TAB>right 两列")
        ctx_rx = context if context and context != "-" else None
        if ctx_rx is not None:
            _compile(ctx_rx.replace("@", re.escape(wrong)), f"{path}:{lineno}")
        entries.append(SubEntry(wrong, right, ctx_rx, note if note and note != "-" else None, lineno))
    pack = SubPack(
        id=header.get("id") or Path(path).stem, path=path, rule=header.get("rule", ""),
        category=header.get("category", "typo"), severity=header.get("severity", "warning"),
        checkpoint=header.get("checkpoint", "准确性"), label=header.get("label", Path(path).stem),
        source=header.get("source", ""), regulation=header.get("regulation", REGULATION),
        boundary=int(header.get("boundary", BOUNDARY_MAX_LEN)), entries=tuple(entries),
    )
    _check_meta(path, pack.category, pack.severity, pack.checkpoint, pack.rule)
    return pack


_TOML_KEYS = {"code", "name", "message", "why", "what", "regulation", "words", "pattern", "unless",
              "suggestion", "severity", "category", "checkpoint", "example", "fix"}


def parse_toml_pack(text: str, path: str) -> list[TomlRule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: TOML 语法错误: {e}") from None
    pack: dict[str, Any] = data.get("pack", {})
    out: list[TomlRule] = []
    for i, r in enumerate(data.get("rule", [])):
        where = f"{path}: rule[{i}] {r.get('code', '?')}"
        unknown = set(r) - _TOML_KEYS
        if unknown:
            raise ConfigError(f"{where}: 未知的键 {', '.join(sorted(unknown))}")
        words, pattern = r.get("words"), r.get("pattern")
        if (words is None) == (pattern is None):
            raise ConfigError(f"{where}: words 与 pattern 必须二选一")
        if words is not None and (not isinstance(words, list) or not all(isinstance(w, str) and w for w in words)):
            raise ConfigError(f"{where}: words 必须是非空字符串列表")
        rule = TomlRule(
            code=str(r.get("code", "")), name=str(r.get("name", r.get("code", ""))),
            category=r.get("category", pack.get("category", "political")),
            severity=r.get("severity", pack.get("severity", "warning")),
            checkpoint=r.get("checkpoint", pack.get("checkpoint", "政治性")),
            message=str(r.get("message", "")), regulation=str(r.get("regulation", pack.get("regulation", REGULATION))),
            why=str(r.get("why", "")), example=str(r.get("example", "")), fix=str(r.get("fix", "")),
            words=tuple(words or ()), pattern=pattern, unless=r.get("unless"),
            suggestion=r.get("suggestion"), path=path, pack=str(pack.get("id", Path(path).stem)),
        )
        _check_meta(where, rule.category, rule.severity, rule.checkpoint, rule.code)
        if not rule.message:
            raise ConfigError(f"{where}: 需要 message")
        for rx in (rule.pattern, rule.unless):
            if rx is not None:
                if _compile(rx, where).match(""):
                    raise ConfigError(f"{where}: 正则表达式 {rx!r} 可以匹配空串")
        out.append(rule)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"无法读取规则包 {path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"规则包 {path} 不是 UTF-8 编码") from None


def prepare(paths: list[Path]) -> Prepared:
    subs: list[SubPack] = []
    rules_: list[TomlRule] = []
    for p in paths:
        if p.suffix == ".toml":
            rules_.extend(parse_toml_pack(_read(p), str(p)))
        else:
            subs.append(parse_sub_pack(_read(p), str(p)))
    index: dict[str, int] = {}
    literals: list[str] = []
    owners: list[list[tuple[str, int, int]]] = []

    def add(s: str, owner: tuple[str, int, int]) -> None:
        if s not in index:
            index[s] = len(literals)
            literals.append(s)
            owners.append([])
        owners[index[s]].append(owner)

    for pi, pack in enumerate(subs):
        for ei, e in enumerate(pack.entries):
            add(e.wrong, ("s", pi, ei))
    untriggered: list[int] = []
    for ri, r in enumerate(rules_):
        for w in r.words:
            add(w, ("w", ri, 0))
        if r.pattern is not None:
            trig = triggers(r.pattern)
            if trig is None:
                untriggered.append(ri)
            else:
                for t in sorted(trig):
                    add(t, ("t", ri, 0))
    return Prepared(subs, rules_, literals, owners, untriggered)


def prepared(ctx: Context) -> Prepared:
    def build() -> Prepared:
        from ..diskcache import cached_pickle, fingerprint

        paths = pack_paths(ctx)
        key = fingerprint(paths + [Path(__file__)])
        return cached_pickle("packs", key, lambda: prepare(paths))

    return ctx.cached("packs", build)


def compiled(ctx: Context) -> Compiled:
    def build() -> Compiled:
        p = prepared(ctx)
        pats = {i: re.compile(r.pattern) for i, r in enumerate(p.rules) if r.pattern}
        unl = {i: re.compile(r.unless) for i, r in enumerate(p.rules) if r.unless}
        return Compiled(p, Matcher(p.literals), pats, unl)

    return ctx.cached("packs-compiled", build)


# -- trigger strings of a regex ----------------------------------------------------------------

if sys.version_info >= (3, 11):
    import re._parser as _sre  # type: ignore[import-not-found]
else:  # pragma: no cover
    import sre_parse as _sre  # type: ignore[no-redef]

_C = _sre  # constants live in the parser module's namespace


def triggers(pattern: str) -> frozenset[str] | None:
    """A set of non-empty strings of which every match of `pattern` contains one, or None."""
    try:
        tree = _sre.parse(pattern)
    except re.error:
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    exact, factor = _seq(list(tree))
    if exact is not None and "" not in exact:
        return frozenset(exact)
    return factor


_Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (all strings it matches, a factor set)
_EMPTY: frozenset[str] = frozenset([""])


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    def score(s: frozenset[str]) -> tuple[int, int]:
        return (min(map(len, s)), -len(s))

    ok = [s for s in (a, b) if s and "" not in s]
    return max(ok, key=score) if ok else None


def _seq(items: list[Any]) -> _Info:
    run: frozenset[str] | None = _EMPTY
    best: frozenset[str] | None = None
    whole: frozenset[str] | None = _EMPTY
    for item in items:
        exact, factor = _node(item)
        if exact is not None and run is not None and len(run) * len(exact) <= _TRIGGER_CAP:
            run = frozenset(a + b for a in run for b in exact)
        else:
            best = _better(best, run)
            best = _better(best, factor)
            best = _better(best, exact)
            run = _EMPTY if exact is None else exact if len(exact) <= _TRIGGER_CAP else None
            whole = None
    best = _better(best, run)
    return (run if whole is not None else None), best


def _node(item: Any) -> _Info:
    op, av = item
    if op is _C.LITERAL:
        return frozenset([chr(av)]), None
    if op is _C.IN:
        if all(o is _C.LITERAL for o, _ in av) and len(av) <= _TRIGGER_CAP:
            return frozenset(chr(v) for _, v in av), None
        return None, None
    if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
        return _EMPTY, None
    if op is _C.SUBPATTERN:
        add_flags = av[1]
        if add_flags & re.IGNORECASE:
            return None, None
        return _seq(list(av[3]))
    if op is _C.BRANCH:
        infos = [_seq(list(alt)) for alt in av[1]]
        exact: frozenset[str] | None = None
        if all(e is not None for e, _ in infos):
            u = frozenset().union(*(e for e, _ in infos if e is not None))
            exact = u if len(u) <= _TRIGGER_CAP else None
        parts = [_better(e, f) for e, f in infos]
        factor = frozenset().union(*parts) if all(parts) else None  # type: ignore[arg-type]
        return exact, factor
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        lo, hi, sub = av
        exact, factor = _seq(list(sub))
        best = _better(exact, factor)
        if lo == 1 and hi == 1:
            return exact, factor
        if lo == 0 and hi == 1 and exact is not None:
            return exact | _EMPTY, None
        return (None, best if lo >= 1 else None)
    return None, None


# -- rules -------------------------------------------------------------------------------------

def _rel(path: str, ctx: Context) -> str:
    try:
        return str(Path(path).relative_to(ctx.data))
    except ValueError:
        return path


def rules(ctx: Context) -> list[Rule]:
    return ctx.cached("packs-rules", lambda: _build_rules(ctx))


def _build_rules(ctx: Context) -> list[Rule]:
    p = prepared(ctx)
    out: dict[str, Rule] = {}
    for pack in p.subs:
        if pack.rule in out:
            continue
        ex = pack.entries[0] if pack.entries else None
        out[pack.rule] = Rule(
            code=pack.rule, name=pack.id, category=pack.category, severity=pack.severity,  # type: ignore[arg-type]
            checkpoint=pack.checkpoint, message=f"{pack.label}",
            regulation=pack.regulation,
            what=f"替换表“{pack.label}”中的错误写法（{len(pack.entries)} 条），每条给出正确写法。",
            why="初审要把好语言文字关：错字、漏字、不规范的词语和重要表述错误不得发布。",
            example=f"{ex.wrong} → {ex.right}" if ex else "",
            fix="按建议改为正确写法；确属正确用法的，用行内豁免标注并告知规则维护者。",
            source=_rel(pack.path, ctx),
        )
    for r in p.rules:
        if r.code in out:
            raise ConfigError(f"规则代码 {r.code} 在 {_rel(r.path, ctx)} 中重复定义")
        out[r.code] = Rule(
            code=r.code, name=r.name, category=r.category, severity=r.severity,  # type: ignore[arg-type]
            checkpoint=r.checkpoint, message=r.message, regulation=r.regulation,
            what=r.message, why=r.why, example=r.example,
            fix=r.fix or (f"改为“{r.suggestion}”。" if r.suggestion else "改写。"),
            source=_rel(r.path, ctx),
        )
    return list(out.values())


# -- running -----------------------------------------------------------------------------------

def _line(text: str, start: int, end: int) -> tuple[int, int]:
    return text.rfind("\n", 0, start) + 1, (len(text) if (e := text.find("\n", end)) == -1 else e)


def _context_rx(entry: SubEntry) -> tuple[re.Pattern[str], bool, int]:
    """The context regex with each `@` as a named group (_hit0, _hit1 …), whether a match must
    start at the hit (nothing but lookarounds before the only `@`), and the number of groups."""
    rx_text = entry.context or ""
    parts = rx_text.split("@")
    body = parts[0]
    for k, rest in enumerate(parts[1:]):
        body += f"(?P<_hit{k}>{re.escape(entry.wrong)})" + rest
    anchored = len(parts) == 2 and (not parts[0] or _ZERO_WIDTH.fullmatch(parts[0]) is not None)
    return re.compile(body), anchored, len(parts) - 1


def _context_ok(text: str, s: int, e: int, key: tuple[int, int], entry: SubEntry, comp: Compiled) -> bool:
    """Does the entry's context regex match with an `@` exactly on the hit, within the hit's
    line and ±CONTEXT_WINDOW characters?"""
    got = comp.contexts.get(key)
    if got is None:
        got = comp.contexts[key] = _context_rx(entry)
    rx, anchored, groups = got
    ls, le = _line(text, s, e)
    lo, hi = max(ls, s - CONTEXT_WINDOW), min(le, e + CONTEXT_WINDOW)
    names = [f"_hit{k}" for k in range(groups)]
    for p in ([s] if anchored else range(s, lo - 1, -1)):  # a consuming prefix: try each start
        m = rx.match(text, p, hi)
        if m and any(m.start(n) == s for n in names):
            return True
    return False


# A context prefix made only of lookarounds (?<!…) (?<=…) (?=…) (?!…): the match starts at the hit.
_ZERO_WIDTH = re.compile(r"(?:\(\?<?[=!](?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))*")


def _unless(text: str, s: int, e: int, rx: re.Pattern[str]) -> bool:
    ls, le = _line(text, s, e)
    return rx.search(text, max(ls, s - UNLESS_WINDOW), min(le, e + UNLESS_WINDOW)) is not None


def _cuts_word(text: str, s: int, e: int) -> bool:
    from ..segment import cuts_across_words

    return cuts_across_words(text, s, e)[0]


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u2e80-\u2fdf]|[\U00020000-\U0002ffff]")


@lru_cache(maxsize=1)
def _to_simplified() -> dict[int, str]:
    from ..normalize import char_map

    return {ord(k): v for k, v in char_map().items()
            if len(k) == 1 and len(v) == 1 and _CJK_CHAR.match(k) and _CJK_CHAR.match(v)}


_LAST: list[tuple[str, str]] = []  # the last text and its simplified form (checks share it)


def simplified(text: str) -> str:
    """`text` with traditional characters (and CJK compatibility forms) in their simplified form,
    character for character, so offsets stay: 縣人大常委會 is matched as 县人大常委会. Text with
    none of them (nearly all) is returned as it is, after one Aho-Corasick pass."""
    if _LAST and _LAST[0][0] is text:
        return _LAST[0][1]
    from ..normalize import mapped_matcher

    table = _to_simplified()
    out = text
    if any(ord(text[s]) in table for _, s, _e in mapped_matcher().find(text)):
        out = text.translate(table)
    _LAST[:] = [(text, out)]
    return out


def find(text: str, ctx: Context) -> list[Hit]:
    """All pack hits in `text`, in position order (no configuration applied). Matching sees the
    simplified form of the text (offsets unchanged)."""
    text = simplified(text)
    comp = compiled(ctx)
    p = comp.prep
    subs: list[tuple[int, int, int, int]] = []  # start, end, pack, entry
    rule_hits: list[tuple[int, int, int]] = []  # start, end, rule
    pattern_lines: dict[int, set[tuple[int, int]]] = {}
    for li, s, e in comp.matcher.find(text):
        for kind, a, b in p.owners[li]:
            if kind == "s":
                subs.append((s, e, a, b))
            elif kind == "w":
                rule_hits.append((s, e, a))
            else:
                pattern_lines.setdefault(a, set()).add(_line(text, s, e))
    for ri, lines in pattern_lines.items():
        rx = comp.patterns[ri]
        for ls, le in sorted(lines):
            rule_hits.extend((m.start(), m.end(), ri) for m in rx.finditer(text, ls, le) if m.end() > m.start())
    for ri in p.untriggered:
        rule_hits.extend((m.start(), m.end(), ri) for m in comp.patterns[ri].finditer(text) if m.end() > m.start())
    out = list(_substitutions(text, subs, comp, ctx.trace)) + list(_rules(text, rule_hits, comp, ctx.trace))
    out.sort(key=lambda h: (h.start, h.end, h.rule))
    return out


def _message(pack: SubPack, entry: SubEntry) -> str:
    if entry.note is None:
        return f"{pack.label}：“{entry.wrong}”应为“{entry.right}”"
    return entry.note if entry.right in entry.note else f"{entry.note}（应为“{entry.right}”）"


def _substitutions(text: str, subs: list[tuple[int, int, int, int]], comp: Compiled,
                   trace: list[str] | None) -> Iterator[Hit]:
    p = comp.prep
    kept: list[tuple[int, int, str]] = []
    # Longest first, so a hit inside an accepted longer one (不象话 ⊃ 不象) is dropped.
    for s, e, pi, ei in sorted(set(subs), key=lambda h: (h[0], -(h[1] - h[0]))):
        pack, entry = p.subs[pi], p.subs[pi].entries[ei]
        # Inside a longer accepted hit: dropped; the same span from another pack: kept (the
        # configuration may have switched one of them off).
        if any(ks <= s and e <= ke and ((ks, ke) != (s, e) or kr == pack.rule) for ks, ke, kr in kept[-8:]):
            continue
        if entry.context is not None and not _context_ok(text, s, e, (pi, ei), entry, comp):
            continue
        if entry.context is None and len(entry.wrong) <= pack.boundary and _cuts_word(text, s, e):
            if trace is not None:
                trace.append(f"丢弃 {entry.wrong}（{s}）：跨越词语边界")
            continue
        kept.append((s, e, pack.rule))
        yield Hit(pack.rule, s, e, message=_message(pack, entry), suggestion=entry.right)


def _rules(text: str, hits: list[tuple[int, int, int]], comp: Compiled, trace: list[str] | None) -> Iterator[Hit]:
    p = comp.prep
    seen: set[tuple[int, int, int]] = set()
    kept: dict[int, list[tuple[int, int]]] = {}
    # Per rule, the longest of nested matches once.
    for s, e, ri in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
        if (s, e, ri) in seen or any(ks <= s and e <= ke for ks, ke in kept.get(ri, [])[-4:]):
            continue
        seen.add((s, e, ri))
        urx = comp.unless.get(ri)
        if urx is not None and _unless(text, s, e, urx):
            if trace is not None:
                trace.append(f"丢弃 {text[s:e]}（{s}）：{p.rules[ri].code} 的 unless 匹配")
            continue
        kept.setdefault(ri, []).append((s, e))
        r = p.rules[ri]
        yield Hit(r.code, s, e, message=r.message, suggestion=r.suggestion)


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    yield from find(doc.text, ctx)
