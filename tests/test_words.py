"""Sensitive words: list formats, evasion forms, boundary cases, allowlist, enforcement context,
switching lists off, and the disk cache's invalidation."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from sensitive_lint import lint_text
from sensitive_lint.checks import words
from sensitive_lint.config import Config, ConfigError, WordlistSpec
from sensitive_lint.context import Context
from sensitive_lint.wordlists import parse_wordlist

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def private_cache(session_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One cache for the session (the jieba word index takes a second to build), never the
    # user's own; the invalidation tests below use a cache of their own.
    monkeypatch.setenv("SENSITIVE_LINT_CACHE_DIR", str(session_cache))


def custom(tmp_path: Path, content: str, name: str = "county.txt", **kw: str) -> Config:
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    # Only the custom list's rule: the shipped lists share some terms and would add findings.
    return Config(select=(kw.get("rule", "SENS010"),), wordlists=(WordlistSpec(str(p), **kw),))  # type: ignore[arg-type]


def sens(text: str, cfg: Config | None = None) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.text) for f in lint_text(text, config=cfg or Config(select=("SENS",)))]


# -- list formats ------------------------------------------------------------------------------

def test_header_list_fields() -> None:
    wl = parse_wordlist(
        "# id: demo\n# rule: SENS099\n# category: sensitive\n# label: 演示\n# severity: error\n# source: test\n"
        "甲乙丙\n丁戊\twarning\t替换词\t备注\n己庚\t-\t-\t只有备注\n", "demo.txt")
    assert (wl.id, wl.rule, wl.label, wl.severity, wl.source) == ("demo", "SENS099", "演示", "error", "test")
    assert [(e.term, e.severity, e.suggestion, e.note) for e in wl.entries] == [
        ("甲乙丙", "error", None, None), ("丁戊", "warning", "替换词", "备注"), ("己庚", "error", None, "只有备注"),
    ]


def test_plain_list_as_counties_receive_it(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "代办假证\n刻章办证\n", severity="error", label="县网信办清单")
    got = lint_text("专业代办假证，刻章办证，电话联系。", config=cfg)
    assert [(f.rule, f.severity, f.text) for f in got] == [("SENS010", "error", "代办假证"), ("SENS010", "error", "刻章办证")]
    assert "县网信办清单" in got[0].message


def test_word_tab_category_list(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "代办假证\t违法交易\n刻章办证\t违法交易\n")
    got = lint_text("专业代办假证。", config=cfg)
    assert [f.text for f in got] == ["代办假证"] and "违法交易" in got[0].message


def test_gbk_encoded_county_list(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes("代办假证\n".encode("gbk"))
    cfg = Config(select=("SENS010",), wordlists=(WordlistSpec(str(p)),))
    assert [f.text for f in lint_text("专业代办假证。", config=cfg)] == ["代办假证"]


def test_custom_rule_code_category_and_errors(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "某某谣言词\n", rule="SENS050", category="political", severity="error")
    got = lint_text("转发某某谣言词。", config=cfg)
    assert [(f.rule, f.category) for f in got] == [("SENS050", "political")]
    with pytest.raises(ConfigError):
        words.load_lists(Context(custom(tmp_path, "x\n", category="nonsense")))
    with pytest.raises(ConfigError):
        words.load_lists(Context(Config(wordlists=(WordlistSpec(str(tmp_path / "missing.txt")),))))
    with pytest.raises(ConfigError):
        words.load_lists(Context(custom(tmp_path, "# severity: fatal\n词\n")))


def test_switch_a_list_off(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "代办假证\n", name="county.txt")
    assert sens("代办假证", cfg)
    off = Config(select=("SENS010",), wordlists=cfg.wordlists, disable_wordlists=("county",))
    assert sens("代办假证", off) == []
    with pytest.raises(ConfigError):
        words.load_lists(Context(Config(disable_wordlists=("no-such-list",))))


def test_every_shipped_list_can_be_switched_off() -> None:
    lists = words.load_lists(Context())
    ids = {wl.id for wl in lists}
    assert {"porn", "gambling", "drugs", "terror", "weapons", "cult", "fraud", "insult", "political"} <= ids
    remaining = words.load_lists(Context(Config(disable_wordlists=tuple(ids))))
    assert remaining == []


def test_shipped_lists_have_headers_and_thousands_of_entries() -> None:
    lists = words.load_lists(Context())
    total = 0
    for wl in lists:
        assert wl.category == "sensitive" and wl.severity in ("error", "warning", "info") and wl.source
        assert wl.rule.startswith("SENS")
        total += len(wl.entries)
    assert total >= 2000
    political = next(wl for wl in lists if wl.id == "political")
    assert political.entries == ()  # a county fills it from its 网信 office


# -- evasion forms -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,expected",
    [
        ("代办假证", "代办假证"),
        ("代★办★假★证", "代★办★假★证"),
        ("代 办 假 证", "代 办 假 证"),
        ("代-办-假-证", "代-办-假-证"),
        ("代\u200b办\u200b假证", "代\u200b办\u200b假证"),
        ("代辦假證", "代辦假證"),  # traditional
        ("代办⻆证", None),  # ⻆ → 角: a different word, no hit
        ("ＶＰＮ翻墙代办假证", "代办假证"),
    ],
)
def test_evasion_forms_report_original_text(tmp_path: Path, text: str, expected: str | None) -> None:
    cfg = custom(tmp_path, "代办假证\n")
    got = [f.text for f in lint_text(text, config=cfg)]
    assert got == ([expected] if expected else [])


def test_fullwidth_and_case(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "abc代购\n")
    assert [f.text for f in lint_text("ＡＢＣ代购和ABC代购", config=cfg)] == ["ＡＢＣ代购", "ABC代购"]


@pytest.mark.parametrize("budget", [words.CASE_VARIANT_BUDGET, 0], ids=["case-variants", "fold-first"])
def test_every_case_spelling_in_both_matching_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    budget: int) -> None:
    # Small lists are matched with their other-case spellings in the automaton; a list with too
    # many (URL lists) lower-cases the text first. Both must find the same spans.
    monkeypatch.setattr(words, "CASE_VARIANT_BUDGET", budget)
    cfg = custom(tmp_path, "abc代购\nVPN翻墙\n")
    assert words.compiled(Context(cfg)).fold_first is (budget == 0)
    text = "ABC代购、Abc代购、aBc代购、ａＢｃ代购；vpn翻墙、Vpn翻墙、V-P-N翻墙。"
    assert [f.text for f in lint_text(text, config=cfg)] == [
        "ABC代购", "Abc代购", "aBc代购", "ａＢｃ代购", "vpn翻墙", "Vpn翻墙", "V-P-N翻墙"]


def test_radical_lookalike(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "西药代购\n")
    assert [f.text for f in lint_text("⻄药代购", config=cfg)] == ["⻄药代购"]


def test_noise_must_be_short(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "假证\n")
    assert lint_text("假----------证", config=cfg) == []
    assert lint_text("假。证", config=cfg) == []  # sentence punctuation is not noise


# -- boundaries, allowlist, context ------------------------------------------------------------

def _boundary_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r.get("context")]


def test_boundary_table_has_enough_cases() -> None:
    rows = _boundary_rows("boundary_pairs.tsv")
    assert sum(1 for r in rows if r["expect"] == "drop") >= 50
    assert sum(1 for r in rows if r["expect"] == "keep") >= 20


@pytest.mark.parametrize("row", _boundary_rows("boundary_pairs.tsv"), ids=lambda r: f"{r['expect']}:{r['context']}")
def test_boundary_pairs(tmp_path: Path, row: dict[str, str]) -> None:
    # The term alone in a custom list, so the case tests the boundary check and nothing else.
    cfg = custom(tmp_path, row["term"] + "\n")
    cfg = Config(select=("SENS010",), wordlists=cfg.wordlists)
    got = [f.text for f in lint_text(row["context"], config=cfg) if f.text == row["term"]]
    if row["expect"] == "drop":
        assert got == [], f"{row['term']} inside {row['context']} must be dropped"
    else:
        assert got, f"{row['term']} in {row['context']} must be kept"


def test_sentence_segmentation_agrees_with_windows() -> None:
    """A sentence crowded with candidates is segmented once, not a window per candidate; the
    decisions must be the ones windows give on every boundary case."""
    from sensitive_lint import segment

    for row in _boundary_rows("boundary_pairs.tsv") + _boundary_rows("boundary_pairs_hard.tsv"):
        text, term = row["context"], row["term"]
        s = text.find(term)
        sentence = words._Sentences(text).around(s, s + len(term))
        cut, tokens = segment.cuts_in_sentence(text, s, s + len(term), sentence)
        assert cut == segment.cuts_across_words(text, s, s + len(term))[0], (text, term, tokens)


def test_dense_sentences_give_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A raw public lexicon lists single characters and common words (法, 人民, 出); every
    # sentence of a law is then dense with candidates.
    cfg = custom(tmp_path, "法\n出\n人民\n口交\n交易\n日\n")
    text = ("人民群众依法监督，人民法院于5日出具判决，人民代表出席，交易当日出口交易额增长。" * 3
            + "路口交通拥堵。")
    dense = [(f.start, f.end, f.text) for f in lint_text(text, config=cfg)]
    ctx_sent = words._Sentences(text)
    cands = [(s, e) for s, e, _pi, _n in words.candidates(text, words.compiled(Context(cfg)))]
    ctx_sent.mark_dense(cands)
    assert ctx_sent.dense, "the test text must have dense sentences"
    monkeypatch.setattr(words._Sentences, "mark_dense", lambda self, spans: None)
    windows = [(f.start, f.end, f.text) for f in lint_text(text, config=cfg)]
    assert dense == windows
    kept = [t for _s, _e, t in dense]
    # 人民 stands in 人民群众 but not in the words 人民法院, 人民代表; 交易 stands in 交易当日.
    assert (kept.count("人民"), kept.count("日"), kept.count("交易"), kept.count("口交")) == (3, 3, 3, 0)
    assert 0 < len(dense) < len(cands)


@pytest.mark.parametrize("text", ["出口交易额增长", "路口交通拥堵", "大麻哈鱼洄游"])
def test_classic_boundary_cases_with_shipped_lists(text: str) -> None:
    assert sens(text) == []


def test_allowlist_shipped_and_user(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "假证\n")
    assert [f.text for f in lint_text("查获假证一批", config=cfg)] == ["假证"]
    user = Config(select=("SENS010",), wordlists=cfg.wordlists, allowlist=("查获假证",))
    assert lint_text("查获假证一批", config=user) == []


def test_enforcement_context_lowers_severity(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "网络赌博平台\n", severity="error")
    advert = lint_text("加入网络赌博平台，日赚千元。", config=cfg)
    report = lint_text("公安机关依法打击网络赌博平台，查处涉案人员。", config=cfg)
    assert [f.severity for f in advert] == ["error"]
    assert [f.severity for f in report] == ["warning"]
    assert "打击" in (report[0].note or "")


def test_configured_severity_keeps_context_adjustment(tmp_path: Path) -> None:
    base = custom(tmp_path, "网络赌博平台\n", severity="warning")
    cfg = Config(select=("SENS010",), wordlists=base.wordlists, severity=(("SENS010", "error"),))
    assert [f.severity for f in lint_text("加入网络赌博平台", config=cfg)] == ["error"]
    assert [f.severity for f in lint_text("严厉打击网络赌博平台", config=cfg)] == ["warning"]


def test_longest_match_reported_once(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "赌博平台\n网络赌博平台\n")
    assert [f.text for f in lint_text("加入网络赌博平台", config=cfg)] == ["网络赌博平台"]


# -- cache -------------------------------------------------------------------------------------

def test_disk_cache_is_invalidated_when_a_list_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "own-cache"
    monkeypatch.setenv("SENSITIVE_LINT_CACHE_DIR", str(cache))
    p = tmp_path / "county.txt"
    p.write_text("代办假证\n", encoding="utf-8")
    cfg = Config(select=("SENS010",), wordlists=(WordlistSpec(str(p)),))
    assert [f.text for f in lint_text("代办假证，刻章办证", config=cfg)] == ["代办假证"]
    assert list(cache.glob("wordlists-*.pickle")), "parsed lists were cached"
    # A later run (fresh process state) reads the cache ...
    assert [f.text for f in lint_text("代办假证，刻章办证", config=cfg)] == ["代办假证"]
    # ... until the list changes.
    p.write_text("代办假证\n刻章办证\n", encoding="utf-8")
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 1_000_000))
    assert [f.text for f in lint_text("代办假证，刻章办证", config=cfg)] == ["代办假证", "刻章办证"]
    assert len(list(cache.glob("wordlists-*.pickle"))) == 1


def test_corrupt_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENSITIVE_LINT_CACHE_DIR", str(tmp_path / "own-cache"))
    cfg = custom(tmp_path, "代办假证\n")
    lint_text("代办假证", config=cfg)
    for f in Path(os.environ["SENSITIVE_LINT_CACHE_DIR"]).glob("*.pickle"):
        f.write_bytes(b"garbage")
    assert [f.text for f in lint_text("代办假证", config=cfg)] == ["代办假证"]


def test_explain_trace(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "口交\n")
    ctx = Context(cfg)
    ctx.trace = []
    from sensitive_lint.engine import lint_document
    from sensitive_lint.model import Block, Document

    text = "出口交易额"
    lint_document(Document("x", [Block(text, "", 0)], text), ctx)
    assert any("丢弃 口交" in line and "出口" in line for line in ctx.trace)


def test_ascii_term_needs_non_letter_neighbours(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "lsd\n")
    assert lint_text("http://news.cctv.com/2024/VIDEOlsdAb12.shtml", config=cfg) == []
    assert [f.text for f in lint_text("出售LSD邮票", config=cfg)] == ["LSD"]


def test_context_word_inside_the_hit_does_not_count(tmp_path: Path) -> None:
    cfg = custom(tmp_path, "不得好死\n", severity="error")
    assert [f.severity for f in lint_text("你不得好死", config=cfg)] == ["error"]


def _cases() -> list[dict[str, str]]:
    with open(DATA / "sensitive_cases.tsv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r.get("text")]


def test_every_category_has_cases() -> None:
    rows = _cases()
    cats = {r["category"] for r in rows}
    assert len(cats) >= 8
    for c in cats:
        assert sum(1 for r in rows if r["category"] == c and r["expect"] == "hit") >= 4, c


@pytest.mark.parametrize("row", _cases(), ids=lambda r: f"{r['expect']}:{r['text'][:20]}")
def test_sensitive_cases_with_shipped_lists(row: dict[str, str]) -> None:
    got = lint_text(row["text"], config=Config(select=("SENS",)))
    if row["expect"] == "hit":
        assert got, f"expected a sensitive-word finding in {row['text']}"
    else:
        assert [f for f in got if f.severity == "error"] == [], [(f.text, f.severity) for f in got]


def test_rjieba_segments_exactly_as_jieba() -> None:
    """The boundary check uses rjieba (jieba-rs) for speed; it must give jieba's own tokens
    (HMM off) on every boundary case's window and every sentence of the five regulations."""
    import re

    from sensitive_lint import segment

    pieces: list[str] = []
    for row in _boundary_rows("boundary_pairs.tsv") + _boundary_rows("boundary_pairs_hard.tsv"):
        text, term = row["context"], row["term"]
        s = text.find(term)
        lo, hi = segment.window(text, s, s + len(term))
        pieces += [text, text[lo:hi]]
    regulations = sorted((Path(__file__).resolve().parents[2] / "shared" / "regulations").glob("*.txt"))
    assert len(regulations) == 5
    for p in regulations:
        pieces += [x for x in re.split("[。！？；!?;\n]", p.read_text(encoding="utf-8")) if x]
    assert len(pieces) > 700
    jieba = segment._jieba()
    differ = [x for x in pieces if segment._cut(x) != jieba.lcut(x, HMM=False)]
    assert differ == []


def test_sentence_lookup_scans_then_indexes() -> None:
    # A few lookups scan near the span; many index the document once. Both give the sentence
    # between the end marks around the span, or the document's edges.
    text = "第一句没有结束符号" * 40 + "。第二句！\n第三句？末句"
    spans = [(0, 3), (361, 364), (text.index("第二"), text.index("第二") + 2),
             (text.index("第三"), text.index("第三") + 2), (text.index("末句"), len(text))]
    scanned = words._Sentences(text)
    expect = [scanned._scan(s, e) for s, e in spans]
    assert expect == [(0, 360), (361, 364), (361, 364), (366, 369), (370, len(text))]
    indexed = words._Sentences(text)
    indexed.calls = indexed.SCAN_CALLS
    assert [indexed.around(s, e) for s, e in spans] == expect
    assert indexed.ends is not None
