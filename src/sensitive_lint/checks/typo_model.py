"""准确性: typos no list contains, found statistically (TYPO100).

A character is reported when a confusable alternative (same or similar pinyin, similar shape)
is far more likely in its context under a character trigram model of PRC laws and
regulations plus jieba's word frequencies (wordlists/typo-model/, built by
scripts/build_typo_model.py). Each finding carries a confidence; `typo-threshold` in the
configuration (default 0.7) sets the bar. The rule is off by default (opt in with
extend-select = ["TYPO100"]): on SIGHAN-2015 its recall is far below the target the project
set (sentence-level detection F1 about 0.24 at precision 0.77), and its false alarms on clean
learner and news sentences are about 4.5-5.5%, above the 3% target (see
benchmarks/typo_eval.py; development figures in benchmarks/typo_dev.py).

Never corrected: numbers, text inside quotation marks and 《》, proper names (jieba's names,
the shipped place and leader lists, a name after a title such as 书记/主任/选手, transliterated
foreign names, a country's one-character short form before 方), traditional characters (a
script, not a typo), and the user's allowlist. The model is loaded only when the rule is
enabled and the text has Chinese characters; it is memory-mapped and cached per process.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_CITY, REG_JINPING, REG_PANSHAN, Rule

CODE = "TYPO100"
DEFAULT_THRESHOLD = 0.7
_SRC = "src/sensitive_lint/checks/typo_model.py"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

RULES = [
    Rule(
        code=CODE, name="statistical-typo", category="typo", severity="warning", checkpoint="准确性",
        message="疑似错别字",
        regulation=f"{REG_JINPING} 第三条(8)（错字、漏字）; {REG_CITY} 第十一条(四); {REG_PANSHAN} 二(二)1",
        what="某个字在上下文中远不如一个音同、音近或形近的字通顺（依据法律法规文本的字三元组统计和结巴词频），"
             "如“发展机智”（机制）、“总休方案”（总体）、“人大堂务委员会”（常务）。",
        why="错字是审核中最常见的问题，词表只能收录已知的错误搭配；统计模型能发现词表里没有的偶发错字。",
        example="研究制定总休方案",
        fix="核对原文；确为错字的按建议修改。误报可调高 typo-threshold，或把词语加入 allowlist。",
        source=_SRC,
        # Opt-in until its precision on real drafts is proven (enable with
        # extend-select = ["TYPO100"] or --select TYPO100): see benchmarks/typo_eval.py.
        default_enabled=False,
    ),
]

# Titles after or before which a person's name stands (书记袁家军, 袁家军同志).
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
             "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
             "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
             "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
             "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
             "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_TITLES = ("同志|书记|主任|局长|处长|科长|县长|市长|省长|区长|镇长|乡长|村长|部长|厅长|主席|总理|委员|代表|"
           "院长|校长|所长|站长|队长|行长|董事长|经理|先生|女士|老师|教授|院士|记者|总统|首相|议长|"
           "选手|运动员|教练|大使|外长|总书记|主持人|医生|工程师")
_NAME_AFTER_TITLE = re.compile(rf"(?:{_TITLES}|姓名[:：]?)([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})")
_NAME_BEFORE_TITLE = re.compile(rf"([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})(?={_TITLES})")


# Characters that spell foreign names in Chinese (the usual transliteration syllables). A run
# of three or more of them is read as a transliterated name (纳布卢斯, 辛鲍姆, 阿姆赫德): the
# language model has never seen it and would "correct" it into ordinary words.
_TRANSLIT = set(
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕别宾波伯博布查达戴丹道德迪狄蒂丁东杜敦多厄恩尔法凡范菲费芬"
    "丰夫弗伏福盖甘冈高戈哥格根贡古瓜圭哈海汉豪赫黑亨洪胡华霍基吉济加贾杰捷金卡凯坎康考柯科克肯"
    "孔库奎拉莱赖兰朗劳勒雷蕾里理丽利莉连列林琳卢鲁路伦罗洛马玛迈麦曼芒毛梅门蒙孟米密缅摩莫姆穆"
    "纳娜奈南楠内尼妮涅宁努诺欧帕潘庞佩蓬皮珀普奇齐契恰乔切琴琼丘屈萨塞赛桑瑟森沙莎舍什施舒斯松"
    "苏索塔泰坦汤唐特滕提图托瓦万旺威韦维温文沃乌武西希锡夏肖谢辛休修雅亚扬耶伊依因英尤于约泽扎"
    "詹哲兹佐卓")
# One character standing for a country or region before 方 (中方, 黎方, 哥方: "the X side").
_COUNTRY_SIDE = re.compile("[中美俄英法德日韩朝印巴伊以黎叙埃沙越老柬泰缅菲马新澳加墨古委哥秘智阿乌"
                           "白哈吉塔土蒙意西葡荷比瑞挪丹芬波捷匈罗保塞希奥尼南肯苏坦赞津安刚喀贝加]方")


def _in_transliteration(text: str, pos: int, known: frozenset[str]) -> bool:
    """pos lies in a run of ≥3 transliteration characters that is not one dictionary word."""
    if text[pos] not in _TRANSLIT:
        return False
    a = pos
    while a > 0 and text[a - 1] in _TRANSLIT:
        a -= 1
    b = pos + 1
    while b < len(text) and text[b] in _TRANSLIT:
        b += 1
    return b - a >= 3 and text[a:b] not in known


def rules(ctx: Context) -> list[Rule]:
    return RULES


@lru_cache(maxsize=4)
def _load(model_path: str, shape_path: str, mtime: float) -> object:
    from ..typomodel.detect import Detector, read_shape
    from ..typomodel.model import TypoModel

    return Detector(TypoModel(Path(model_path)), read_shape(Path(shape_path)))


def detector(ctx: Context) -> object:
    """The process-wide detector for the shipped model (memory-mapped once per process)."""
    def build() -> object:
        d = ctx.wordlist_dir / "typo-model"
        model = d / "model.bin"
        return _load(str(model), str(d / "confusion-shape.txt"), model.stat().st_mtime)

    return ctx.cached("typo-model", build)


# An autonomous area: the place name, then one or more peoples, then 自治县/州/旗/区.
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,3}族)+自治(?:县|州|旗|区)$")


@lru_cache(maxsize=1)
def _place_and_leader_names(wordlist_dir: str) -> frozenset[str]:
    names: set[str] = set()
    for rel, col in (("places/divisions.tsv", 1), ("leaders/roster.tsv", 0)):
        try:
            lines = (Path(wordlist_dir) / rel).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) > col and parts[col] and parts[col] not in ("name", "code"):
                name = parts[col].strip()
                names.add(name)
                # 重庆市 → 重庆; 酉阳土家族苗族自治县 → 酉阳 (the short form texts use)
                auto = _AUTONOMOUS.match(name)
                short = auto.group(1) if auto else re.sub(r"(?:省|市|县|区|自治州|地区|盟|旗)$", "", name)
                if len(short) >= 2:
                    names.add(short)
    return frozenset(names)


def _threshold(ctx: Context) -> float:
    value = getattr(ctx.config, "typo_threshold", None)
    return DEFAULT_THRESHOLD if value is None else float(value)


def _protected_by_name(text: str, pos: int, names: frozenset[str], model_names: frozenset[str]) -> bool:
    lo = max(0, pos - 7)
    for a in range(lo, pos + 1):
        for b in range(pos + 1, min(len(text), a + 8) + 1):
            if b - a < 2:
                continue
            w = text[a:b]
            if w in names or (b - a <= 4 and w in model_names):
                return True
    if _in_transliteration(text, pos, model_names):
        return True
    if any(m.start() <= pos < m.end() for m in _COUNTRY_SIDE.finditer(text, max(0, pos - 1), pos + 2)):
        return True
    window_lo, window_hi = max(0, pos - 12), min(len(text), pos + 12)
    for rx in (_NAME_AFTER_TITLE, _NAME_BEFORE_TITLE):
        for m in rx.finditer(text, window_lo, window_hi):
            if m.start(1) <= pos < m.end(1):
                return True
    return False


@lru_cache(maxsize=1)
def _t2s() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


def _traditional(text: str, pos: int) -> bool:
    """Traditional characters are a script, not a typo: a finding on or next to one is dropped."""
    window = text[max(0, pos - 1): pos + 2]
    return _t2s().convert(window) != window  # type: ignore[attr-defined]


def _allow_spans(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for p in phrases:
        if not p:
            continue
        i = text.find(p)
        while i != -1:
            spans.append((i, i + len(p)))
            i = text.find(p, i + 1)
    return spans


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    text = doc.text
    if not _CJK.search(text):
        return
    from ..typomodel.detect import KIND_LABEL, margin_for

    det = detector(ctx)
    threshold = _threshold(ctx)
    protected = _allow_spans(text, ctx.config.allowlist)
    suggestions = det.detect(text, margin_for(threshold), protected)  # type: ignore[attr-defined]
    if not suggestions:
        return
    names = _place_and_leader_names(str(ctx.wordlist_dir))
    model_names = det.m.names  # type: ignore[attr-defined]
    trace = ctx.trace
    for s in suggestions:
        if _traditional(text, s.start):
            if trace is not None:
                trace.append(f"丢弃 {s.wrong}→{s.right}（{s.start}）：繁体字")
            continue
        if _protected_by_name(text, s.start, names, model_names):
            if trace is not None:
                trace.append(f"丢弃 {s.wrong}→{s.right}（{s.start}）：在专名中")
            continue
        lo, hi = max(0, s.start - 3), min(len(text), s.end + 3)
        before, after = text[lo:s.start], text[s.end:hi]
        shown = f"{before}{s.wrong}{after}".strip()
        fixed = f"{before}{s.right}{after}".strip()
        yield Hit(
            CODE, s.start, s.end,
            message=f"疑似错别字：“{shown}”中的“{s.wrong}”应为“{s.right}”？"
                    f"（{KIND_LABEL[s.kind]}，置信度 {s.confidence:.2f}；改后：“{fixed}”）",
            suggestion=s.right,
            confidence=round(s.confidence, 3),
            note=f"统计模型：差值 {s.score:.1f}（分词增益 {s.seg:.1f}）",
        )
