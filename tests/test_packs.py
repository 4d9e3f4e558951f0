"""Rule packs (rules/*.tsv substitution packs, rules/*.toml rule packs): loading, the political
cases, context regexes, word boundaries, triggers of regex rules, configuration, the disk cache."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from sensitive_lint import lint_text
from sensitive_lint.checks import packs
from sensitive_lint.config import Config, ConfigError
from sensitive_lint.context import Context
from sensitive_lint.registry import all_rules

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    mp = pytest.MonkeyPatch()
    mp.setenv("SENSITIVE_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def cases(prefix: str) -> list[tuple[str, str, str]]:
    with open(DATA / "political_cases.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["text"], r["expect"], r["rule"]) for r in rows if r["rule"].startswith(prefix)]


def codes(text: str, select: tuple[str, ...] = ("POL", "TYPO")) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(text, config=Config(select=select))]


def pack_ctx(tmp_path: Path, files: dict[str, str]) -> Context:
    """A Context whose data dir holds only the given rule packs."""
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "wordlists").mkdir(exist_ok=True)
    for name, content in files.items():
        (tmp_path / "rules" / name).write_text(content, encoding="utf-8")
    return Context(Config(), data=tmp_path)


def found(text: str, ctx: Context) -> list[tuple[str, str, str | None]]:
    return [(h.rule, text[h.start:h.end], h.suggestion) for h in packs.find(text, ctx)]


HEADER = "# id: county\n# rule: TYPO099\n# category: typo\n# severity: warning\n# label: 县错字\n# source: test\n"


# -- the political cases (POL002 substitution pack, POL1xx Xinhua rule pack) -------------------

@pytest.mark.parametrize("text,expect,rule", [c for c in cases("POL") if c[2] != "POL001"])
def test_political_cases(text: str, expect: str, rule: str) -> None:
    got = {r for r, _ in codes(text, ("POL",))}
    if expect == "hit":
        assert rule in got, text
    else:
        assert rule not in got, text


def test_every_case_file_rule_exists() -> None:
    table = all_rules()
    assert {r for _, _, r in cases("")} <= set(table)


# -- substitution packs ----------------------------------------------------------------------

def test_substitution_pack_with_context_and_suggestion(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.tsv": HEADER + (
        "截止\t截至\t\\d+年\\d+月\\d+日@|@\\d{4}年\t表示到某时为止用“截至”\n"
        "布署\t部署\t-\t-\n"
        "按装\t安装\t-\t-\n"
    )})
    assert found("截止2024年底，全县完成投资。", ctx) == [("TYPO099", "截止", "截至")]
    assert found("报名截止日期为5月1日。", ctx) == []  # 截止 without a date after it is right
    assert found("2024年5月1日截止，共收到材料。", ctx) == [("TYPO099", "截止", "截至")]  # consuming prefix
    assert found("认真布署各项工作。", ctx) == [("TYPO099", "布署", "部署")]
    hit = packs.find("认真布署各项工作。", ctx)[0]
    assert "部署" in (hit.message or "")


def test_boundary_check_for_short_wrong_forms(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.tsv": HEADER + "份量\t分量\t-\t-\n尝还\t偿还\t-\t-\n"})
    assert found("这项工作的份量很重。", ctx) == [("TYPO099", "份量", "分量")]
    assert found("请填写一份量表。", ctx) == []  # 一份/量表
    assert found("按期尝还贷款。", ctx) == [("TYPO099", "尝还", "偿还")]
    assert found("何尝还有别的办法。", ctx) == []  # 何尝/还


def test_boundary_can_be_switched_off_by_header(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.tsv": HEADER + "# boundary: 0\n份量\t分量\t-\t-\n"})
    assert found("请填写一份量表。", ctx) == [("TYPO099", "份量", "分量")]


def test_longest_of_nested_wrong_forms(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.tsv": HEADER + "不象\t不像\t@(?![征])\t-\n不象话\t不像话\t-\t-\n"})
    assert found("这样做太不象话了。", ctx) == [("TYPO099", "不象话", "不像话")]
    assert found("他长得不象他哥哥。", ctx) == [("TYPO099", "不象", "不像")]


def test_traditional_text_is_matched_in_simplified_form(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.tsv": HEADER + "布署\t部署\t-\t-\n"})
    assert found("認真布署工作。", ctx) == [("TYPO099", "布署", "部署")]
    assert packs.simplified("縣人大常委會") == "县人大常委会"
    assert packs.simplified("全县人大常委会") == "全县人大常委会"


# -- TOML rule packs -------------------------------------------------------------------------

TOML = '''
[pack]
id = "county-usage"
category = "political"
severity = "warning"
checkpoint = "政治性"
source = "test"

[[rule]]
code = "POL901"
name = "words-rule"
message = "不用“外蒙”"
why = "测试"
regulation = "测试依据 第一条"
words = ["外蒙"]
unless = "清朝|历史"
suggestion = "蒙古国"
example = "外蒙 → 蒙古国"

[[rule]]
code = "POL902"
name = "pattern-rule"
message = "“一带一路”是倡议"
regulation = "测试依据 第二条"
pattern = '一带一路[”"]?战略(?!伙伴)'
severity = "error"
checkpoint = "准确性"
suggestion = "“一带一路”倡议"
'''


def test_toml_words_pattern_unless(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.toml": TOML})
    assert found("来自外蒙的客商。", ctx) == [("POL901", "外蒙", "蒙古国")]
    assert found("清朝时期外蒙的历史。", ctx) == []
    assert found("推进“一带一路”战略。", ctx) == [("POL902", "一带一路”战略", "“一带一路”倡议")]
    assert found("共建“一带一路”的战略伙伴。", ctx) == []
    rules = {r.code: r for r in packs.rules(ctx)}
    assert rules["POL901"].severity == "warning" and rules["POL901"].regulation == "测试依据 第一条"
    assert rules["POL902"].severity == "error" and rules["POL902"].checkpoint == "准确性"
    assert rules["POL901"].source == "rules/county.toml"


@pytest.mark.parametrize("bad,msg", [
    ('words = ["a"]\npattern = "b"', "二选一"),
    ('pattern = "(unclosed"', "正则"),
    ('pattern = "a*"', "空串"),
    ('words = ["a"]\nseverity = "fatal"', "级别"),
    ('words = ["a"]\ncheckpoint = "保密"', "审核要点"),
    ('words = ["a"]\ncolour = "red"', "未知的键"),
])
def test_bad_toml_rule_is_a_config_error(tmp_path: Path, bad: str, msg: str) -> None:
    ctx = pack_ctx(tmp_path, {"bad.toml": f'[[rule]]\ncode = "POL999"\nmessage = "m"\n{bad}\n'})
    with pytest.raises(ConfigError, match=msg):
        packs.prepare(packs.pack_paths(ctx))


def test_bad_substitution_pack_is_a_config_error(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"bad.tsv": HEADER + "甲乙\t丙丁\t(unclosed\t-\n"})
    with pytest.raises(ConfigError, match="bad.tsv:7"):
        packs.prepare(packs.pack_paths(ctx))
    ctx = pack_ctx(tmp_path, {"bad.tsv": HEADER.replace("TYPO099", "typo") + "甲乙\t丙丁\n"})
    with pytest.raises(ConfigError, match="规则代码"):
        packs.prepare(packs.pack_paths(ctx))


# -- triggers: a regex rule runs only where one of its literals occurs -------------------------

@pytest.mark.parametrize("pattern,expect", [
    ("村长(?![寿廊])", {"村长"}),
    ("(?:省|市)人大(?:副)?主任", {"省人大主任", "省人大副主任", "市人大主任", "市人大副主任"}),
    ("(?<![“\"])斯卡伯勒(?:浅滩|礁)?", {"斯卡伯勒", "斯卡伯勒浅滩", "斯卡伯勒礁"}),
    ("人质[^。]{0,12}斩首|斩首[^。]{0,8}人质", {"人质", "斩首"}),
    ("[^。]{0,3}", None),
])
def test_triggers(pattern: str, expect: set[str] | None) -> None:
    got = packs.triggers(pattern)
    assert (set(got) if got is not None else None) == expect


def test_every_shipped_pattern_has_triggers_and_every_match_contains_one() -> None:
    prep = packs.prepared(Context())
    assert prep.untriggered == []
    samples = [c[0] for c in cases("POL")]
    for r in prep.rules:
        if r.pattern is None:
            continue
        trig = packs.triggers(r.pattern)
        assert trig
        for text in samples:
            for m in re.finditer(r.pattern, text):
                assert any(t in m.group(0) for t in trig), (r.code, m.group(0))


# -- shipped packs, rules table, configuration -----------------------------------------------

def test_shipped_packs_load_and_list_their_rules() -> None:
    table = all_rules()
    assert "POL002" in table and "POL101" in table and "POL186" in table
    for code in ("POL002", "POL101", "POL186"):
        assert table[code].regulation and table[code].source.startswith("rules/")
    assert "第三条(8)" in table["POL002"].regulation and "第十一条(四)" in table["POL002"].regulation
    for p in sorted((ROOT / "rules").glob("typos-*.tsv")):
        code = next(line.split(":", 1)[1].strip() for line in p.read_text(encoding="utf-8").splitlines()
                    if line.startswith("# rule:"))
        assert code in table


def test_every_shipped_context_free_entry_fires_on_its_own() -> None:
    """Each wrong form of every shipped pack, alone on a line, is found (by itself or by a longer
    entry that contains it)."""
    ctx = Context()
    prep = packs.prepared(ctx)
    entries = [e for pk in prep.subs for e in pk.entries if e.context is None]
    text = "\n".join(e.wrong for e in entries)
    hits = packs.find(text, ctx)
    covered = set()
    for h in hits:
        covered.update(range(h.start, h.end))
    missing, pos = [], 0
    for e in entries:
        if pos not in covered:
            missing.append(e.wrong)
        pos += len(e.wrong) + 1
    assert missing == []


def test_packs_switched_off_by_rule_code() -> None:
    text = "认真学习贯彻党的二十界三中全会精神。北朝鲜领导人会见代表团。"
    assert {r for r, _ in codes(text, ("POL",))} >= {"POL002", "POL172"}
    assert {f.rule for f in lint_text(text, config=Config(select=("POL",), ignore=("POL00",)))} == {"POL172"}
    # With POL002 off, the near-miss check POL001 reports the misspelt plenum instead.
    assert {f.rule for f in lint_text(text, config=Config(select=("POL",), ignore=("POL002",)))} == {"POL001", "POL172"}
    assert {f.rule for f in lint_text(text, config=Config(select=("POL",), ignore=("POL1",)))} == {"POL002"}


def test_user_pack_from_config_extra(tmp_path: Path) -> None:
    p = tmp_path / "county.tsv"
    p.write_text(HEADER + "布署\t部署\t-\t-\n", encoding="utf-8")
    cfg = Config(select=("TYPO099",), extra=(("rule-packs", (str(p),)),))
    got = lint_text("认真布署各项工作。", config=cfg)
    assert [(f.rule, f.text, f.suggestion, f.severity) for f in got] == [("TYPO099", "布署", "部署", "warning")]


def test_disk_cache_sees_an_edited_pack(tmp_path: Path) -> None:
    ctx = pack_ctx(tmp_path, {"county.tsv": HEADER + "布署\t部署\t-\t-\n"})
    assert found("认真布署。按装空调。", ctx) == [("TYPO099", "布署", "部署")]
    import os
    import time

    f = tmp_path / "rules" / "county.tsv"
    f.write_text(HEADER + "布署\t部署\t-\t-\n按装\t安装\t-\t-\n", encoding="utf-8")
    os.utime(f, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    ctx2 = Context(Config(), data=tmp_path)
    assert [x[1] for x in found("认真布署。按装空调。", ctx2)] == ["布署", "按装"]
