"""POL001: near-miss variants of the standard political expressions."""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from sensitive_lint import lint_text
from sensitive_lint.checks import expressions as ex
from sensitive_lint.config import Config
from sensitive_lint.context import Context

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True, scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    mp = pytest.MonkeyPatch()
    mp.setenv("SENSITIVE_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def pol001(text: str, **cfg: object) -> list[tuple[str, str | None]]:
    config = Config(select=("POL",), **cfg)  # type: ignore[arg-type]
    return [(f.text, f.suggestion) for f in lint_text(text, config=config) if f.rule == "POL001"]


def cases() -> list[tuple[str, str]]:
    with open(DATA / "political_cases.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["text"], r["expect"]) for r in rows if r["rule"] == "POL001"]


@pytest.mark.parametrize("text,expect", cases())
def test_political_cases(text: str, expect: str) -> None:
    got = pol001(text)
    assert bool(got) == (expect == "hit"), (text, got)
    assert len(got) <= 1


@pytest.mark.parametrize("text,span,suggestion", [
    # substituted, missing, extra, swapped
    ("学习习近平新时代中国特色社会主义思像。", "习近平新时代中国特色社会主义思像", "习近平新时代中国特色社会主义思想"),
    ("学习习近平新时代中国特色会社主义思想。", "习近平新时代中国特色会社主义思想", "习近平新时代中国特色社会主义思想"),
    ("经全国人民代表大会常务员会审议。", "全国人民代表大会常务员会", "全国人民代表大会常务委员会"),
    ("经全国人民代表大会常常务委员会审议。", "全国人民代表大会常常务委员会", "全国人民代表大会常务委员会"),
    ("积极发展全过程人民明主。", "全过程人民明主", "全过程人民民主"),
    ("贯彻党的十九届四种全会精神。", "党的十九届四种全会", "党的十九届四中全会"),
    # titles between 《》, including wrong last character of a long title
    ("依据《中华人民共和国数据安法》。", "中华人民共和国数据安法", "中华人民共和国数据安全法"),
    ("依据《中华人民共和国个人信息保护条》。", "中华人民共和国个人信息保护条", "中华人民共和国个人信息保护法"),
    ("学习《中共中央关于进一步全面深化改革、推进中国式现代化的决议》。",
     "中共中央关于进一步全面深化改革、推进中国式现代化的决议", "中共中央关于进一步全面深化改革、推进中国式现代化的决定"),
    # traditional text is checked in simplified form
    ("依據《中華人民共和國數據安法》。", "中華人民共和國數據安法", "中华人民共和国数据安全法"),
])
def test_variants(text: str, span: str, suggestion: str) -> None:
    assert pol001(text) == [(span, suggestion)]


@pytest.mark.parametrize("text", [
    # listed forms one edit apart from each other
    "党的十八届三中全会和党的十八届四中全会。", "依照《中华人民共和国刑事诉讼法》和《中华人民共和国民事诉讼法》。",
    "住房和城乡建设局、人力资源和社会保障局联合发文。",
    # the header's limits: short entries, first/last character of entries < 12, function words,
    # punctuation, line breaks
    "中国现代化进程。", "中华人民共和国主权不容侵犯。", "住房和城乡建设主管部门负责。",
    "人力资源和社会保障等部门。", "实现中华民族的伟大复兴。",
    "全国人民代表大会\n常务委员会", "全国人民代表大会，常务委员会",
    # numbers name another meeting or plan, not a misspelling
    "党的二十届五中全会", "中共中央关于制定国民经济和社会发展第十五个五年规划的建议",
    # law titles are only judged between 《》; document titles likewise
    "中华人民共和国数据安法", "自觉把思想和行动统一到中共中央关于进一步全面深化改革、推进中国式现代化的决策部署上来。",
    # a listed form as part of a longer title
    "《中华人民共和国刑法修正案（十一）》",
])
def test_clean(text: str) -> None:
    assert pol001(text) == []


def test_pol002_form_is_not_reported_twice() -> None:
    got = [(f.rule, f.text) for f in lint_text("坚决贯彻习近平新时代中国特色社会主意思想。", config=Config(select=("POL",)))]
    assert got == [("POL002", "习近平新时代中国特色社会主意思想")]


@pytest.mark.parametrize("w,c,op,pos", [
    ("abxd", "abcd", "sub", 2), ("abd", "abcd", "del", 2), ("abxcd", "abcd", "ins", 2),
    ("acbd", "abcd", "swap", 1), ("abcd", "abcd", None, None), ("axyd", "abcd", None, None),
])
def test_edit1(w: str, c: str, op: str | None, pos: int | None) -> None:
    ed = ex.edit1(w, c)
    assert (ed.op if ed else None, ed.pos if ed else None) == (op, pos)


def test_index_finds_every_allowed_variant() -> None:
    """Random single edits of every kind, at every place, of random listed forms: the anchor
    index (and the 《》 lookup for titles) finds each one the limits allow."""
    ctx = Context()
    p = ex.prepared(ctx)
    rng = random.Random(11)
    chars = "的一是了不人在有这上们来到时大地为子中说生国年着就那和要出也得里后自以会家可下而过"
    forms = [(f, t) for f, t in zip(p.forms, p.titles_only) if len(f) >= ex.MIN_LEN]
    tried = 0
    while tried < 1500:
        c, title = rng.choice(forms)
        i = rng.randrange(len(c))
        ch = rng.choice(chars)
        op = rng.choice(["sub", "del", "ins", "swap"])
        w = {"sub": c[:i] + ch + c[i + 1:], "del": c[:i] + c[i + 1:], "ins": c[:i] + ch + c[i:],
             "swap": c[:i] + c[i + 1:i + 2] + c[i:i + 1] + c[i + 2:]}[op]
        ed = ex.edit1(w, c)
        if w in p.exact_index or ed is None or not ex.allowed(ed, len(c)):
            continue
        tried += 1
        text = f"据报道《{w}》。" if title else f"据报道，{w}。"
        cands, _ = ex.candidates(text, ctx)
        assert any(cd.start == 4 and cd.end == 4 + len(w) for cd in cands) or c[:1] == w[:1] == w[1:2], (c, w)


def test_limits() -> None:
    long_form = "全国人民代表大会常务委员会"  # 13 characters
    assert ex.allowed(ex.Edit("sub", 0, "中", "全"), len(long_form))
    assert not ex.allowed(ex.Edit("sub", 0, "中", "全"), 11)  # ends only for >= 12
    assert not ex.allowed(ex.Edit("sub", 3, "x", "y"), 6)  # entries < 7
    assert not ex.allowed(ex.Edit("ins", 3, "的", ""), 13)
    assert not ex.allowed(ex.Edit("del", 3, "", "和"), 13)
    assert not ex.allowed(ex.Edit("sub", 3, "，", "、"), 13)
    assert not ex.allowed(ex.Edit("sub", 3, "五", "四"), 13)
    assert ex.allowed(ex.Edit("sub", 3, "种", "中"), 13)
    assert not ex.allowed(ex.Edit("swap", 3, "二十", "十二"), 13)
