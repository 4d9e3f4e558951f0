"""NAME001/NAME002 leader names and posts, PLACE001/PLACE002 place names; and the five
regulation texts as clean text for every wording rule."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sensitive_lint import lint_text
from sensitive_lint.checks import names
from sensitive_lint.config import Config
from sensitive_lint.context import Context

SHARED = Path(os.environ.get("SENSITIVE_LINT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
REGULATIONS = SHARED / "regulations"


@pytest.fixture(autouse=True, scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    mp = pytest.MonkeyPatch()
    mp.setenv("SENSITIVE_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def got(text: str, select: str, **extra: object) -> list[tuple[str, str, str | None]]:
    cfg = Config(select=(select,), extra=tuple(extra.items()))
    return [(f.rule, f.text, f.suggestion) for f in lint_text(text, config=cfg)]


# -- NAME001 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,wrong,right", [
    ("国家主席习进平在人民大会堂会见外宾。", "习进平", "习近平"),  # homophone after a post
    ("习进平总书记主持会议。", "习进平", "习近平"),  # before a post
    ("习近乎总书记主持会议。", "习近乎", "习近平"),  # look-alike, 3 characters, a post he holds
    ("国务院总理李墙出席会议。", "李墙", "李强"),  # 2 characters: homophone + national post
    ("李墙总理出席会议。", "李墙", "李强"),
    ("国务委员王永出席。", "王永", "王勇"),
    ("全国人大常委会委员长赵乐济出席。", "赵乐济", "赵乐际"),
])
def test_name001_hits(text: str, wrong: str, right: str) -> None:
    assert got(text, "NAME001") == [("NAME001", wrong, right)]


@pytest.mark.parametrize("text", [
    "国家主席习近平在人民大会堂会见外宾。",  # the right name
    "国务院总理李强强调，要稳住经济大盘。",  # 李强强 is 李强 + 强调
    "国务委员王永康出席。",  # a longer name, not 王勇
    "县政协主席李蔷调研。",  # two characters next to a local post
    "县委书记李墙主持会议。",
    "张近平同志在村里干了三十年。",  # two characters off 习近平
    "习近平指出，要坚持人民至上。",  # no post next to a near name anyway
])
def test_name001_clean(text: str) -> None:
    assert got(text, "NAME001") == []


# -- NAME002 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,span", [
    ("2024年3月5日，国务院总理李克强作政府工作报告。", "国务院总理李克强"),
    ("2019年3月5日，国务院总理李强作政府工作报告。", "国务院总理李强"),
    ("2024年3月5日，李克强总理作政府工作报告。", "李克强总理"),
    ("2024年8月1日，外交部长秦刚会见外宾。", "外交部长秦刚"),
    ("2022年5月1日，全国政协主席王沪宁出席。", "全国政协主席王沪宁"),
])
def test_name002_hits(text: str, span: str) -> None:
    assert [x[1] for x in got(text, "NAME002")] == [span]


@pytest.mark.parametrize("text", [
    "2024年3月5日，国务院总理李强作政府工作报告。",
    "2019年3月5日，国务院总理李克强作政府工作报告。",
    "2024年3月5日讯。时任国务院总理李克强出席。",  # 时任
    "2024年3月5日讯。2018年3月，李克强总理作政府工作报告。",  # a year in the sentence
    "2024年3月5日讯。第十届、十一届全国人民代表大会常务委员会委员长吴邦国同志的遗体在京火化。",
    "2024年3月7日，中共中央书记处书记、国务委员王小洪参加审议。",  # the roster lists only the first 书记处书记
    "2024年3月8日，全国人大常委会副委员长肖捷参加审议。",  # 副委员长 is not 委员长
    "2019年1月1日，县委书记张军主持会议。",  # a local post
    "2019年5月1日，张军院长查房。",  # an ambiguous short post
    "习近平在北京考察。",  # no post
])
def test_name002_clean(text: str) -> None:
    assert got(text, "NAME002") == []


def test_name002_document_date_from_config() -> None:
    text = "国务院总理李克强作政府工作报告。"
    assert got(text, "NAME002", **{"document-date": "2019-03-05"}) == []
    assert [x[1] for x in got(text, "NAME002", **{"document-date": "2024-03-05"})] == ["国务院总理李克强"]


def test_name002_list_of_posts_before_a_name() -> None:
    text = "2010年5月1日，中共中央总书记、国家主席、中央军委主席习近平出席。"
    spans = sorted(x[1] for x in got(text, "NAME002"))
    assert spans == ["中共中央总书记", "中央军委主席习近平", "国家主席"]
    assert got(text.replace("2010年", "2024年"), "NAME002") == []


def test_document_date_and_years() -> None:
    ctx = Context(Config())
    assert names.document_date("2019年3月5日发布，2020-01-02更新。", ctx)[0] == dt.date(2020, 1, 2)
    assert names.document_date("二〇一九年三月五日", ctx)[0] == dt.date(2019, 3, 5)
    assert names.document_date("没有日期", ctx)[0] == dt.date.today()
    assert names.document_date("2999年1月1日", ctx)[0] == dt.date.today()  # not after today
    assert [lo.year for lo, _ in names.years("1998年和90年代", 0, 10)] == [1998, 1990]


def test_county_roster_from_config(tmp_path: Path) -> None:
    roster = tmp_path / "county.tsv"
    roster.write_text("name\ttitle\tfrom\tto\tnote\n张三丰\t县长\t2021-01-01\t\t\n", encoding="utf-8")
    cfg = Config(select=("NAME",), extra=(("rosters", (str(roster),)),))
    assert [(f.rule, f.text) for f in lint_text("县长张三峰主持会议。", config=cfg)] == [("NAME001", "张三峰")]


# -- PLACE001 --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,wrong,right,suggested", [
    ("重庆市西阳县开展活动。", "西阳县", "酉阳土家族苗族自治县", False),  # or 云阳县
    ("四川省汶州县发生地震。", "汶州县", "汶川县", True),  # behind a province: only its counties
    ("西阳县人民政府发布通知。", "西阳县", "昔阳县", False),
    ("海定区人民政府发布通知。", "海定区", "海淀区", False),  # or 海港区 …
    ("北京市海定区召开会议。", "海定区", "海淀区", True),
    ("海定区委召开会议。", "海定区", "海淀区", False),
])
def test_place001_hits(text: str, wrong: str, right: str, suggested: bool) -> None:
    found = [(f.text, f.suggestion, f.message) for f in lint_text(text, config=Config(select=("PLACE001",)))]
    assert [f[0] for f in found] == [wrong]
    assert right in found[0][2]
    assert found[0][1] == (right if suggested else None)


@pytest.mark.parametrize("text", [
    "海淀区人民政府发布通知。", "省内各县人民政府要加强领导。", "由城市人民政府承担。",
    "沈阳高新技术产业开发区人民法院", "包括不设区的市、市辖区人民检察院。", "沿海县人民政府组织编制规划。",
    "湖南的道县新立村。", "在昌吉木垒县境内。", "台湾新竹县政府宣布。", "酉阳县人民政府",
])
def test_place001_clean(text: str) -> None:
    assert got(text, "PLACE001") == []


# -- PLACE002 --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,wrong,right,severity", [
    ("2024年5月1日，神木县人民政府发布通知。", "神木县", "神木市", "warning"),
    ("2024年5月1日，陕西省神木县召开会议。", "神木县", "神木市", "warning"),
    ("2024年5月1日，在福建沙县调研。", "沙县", "沙县区", "warning"),
    ("2024年5月1日，广州市萝岗区人民法院。", "萝岗区", "黄埔区", "warning"),
    ("2024年5月1日，重庆市酉阳县开展活动。", "酉阳县", "酉阳土家族苗族自治县", "info"),
])
def test_place002_hits(text: str, wrong: str, right: str, severity: str) -> None:
    found = [(f.text, f.suggestion, f.severity, f.message) for f in
             lint_text(text, config=Config(select=("PLACE002",)))]
    assert [(a, b, c) for a, b, c, _ in found] == [(wrong, right, severity)]
    assert "年" in found[0][3]


@pytest.mark.parametrize("text", [
    "1980年，四川省酉阳县开展活动。",  # an earlier year in the sentence
    "原神木县城关镇。",  # 原
    "2016年撤销安县，设立安州区。",  # the sentence is about the change
    "2008年5月1日，广州市萝岗区人民法院。",  # the text is older than the change
    "沙县小吃走向全国。", "城市郊区的农田。", "福州新区建设加快推进。", "温州市区的礼拜点。",
    "湖北省公安县", "2024年，宁德地区的茶产业。", "南沙群岛",
])
def test_place002_clean(text: str) -> None:
    assert got(text, "PLACE002") == []


# -- the regulation texts are clean for every wording rule --------------------------------------

WORDING = ("POL", "NAME", "PLACE", "TYPO001", "TYPO002", "TYPO003")


@pytest.mark.skipif(not REGULATIONS.is_dir(), reason="shared/regulations not present")
@pytest.mark.parametrize("name", ["city-review-rules.txt", "jinping-three-reviews.txt",
                                  "panshan-publishing-notice.txt", "xixiang-review-procedure.txt",
                                  "youyang-review-notice.txt"])
def test_regulations_have_no_wording_errors(name: str) -> None:
    text = (REGULATIONS / name).read_text(encoding="utf-8")
    findings = [(f.rule, f.severity, f.text) for f in lint_text(text, config=Config(select=WORDING))]
    if name == "jinping-three-reviews.txt":
        # A real error, twice: the law is 《中华人民共和国保守国家秘密法》 — the regulation drops 法.
        assert findings == [("POL001", "error", "中华人民共和国保守国家秘密")] * 2
    elif name == "youyang-review-notice.txt":
        # Its annex lists units as 酉阳县… (the county is 酉阳土家族苗族自治县; its own notice
        # says 酉阳自治县): the short form without 自治, reported as info, not an error.
        assert findings == [("PLACE002", "info", "酉阳县")] * 2
    else:
        assert findings == []
