"""保密性: marks that say a document is classified or internal. 涉密信息不上网.

Talking *about* secrecy (国家秘密、商业秘密、涉密信息不上网) is not a mark: only the typographic
forms a marked document carries are matched, so the regulations themselves stay clean.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_CITY, REG_JINPING, REG_SECRECY, Rule

_SRC = "src/sensitive_lint/checks/secrecy.py"
_COMMON = dict(category="secrecy", severity="error", checkpoint="保密性", source=_SRC)

RULES = [
    Rule(
        code="SEC001", name="classification-mark",
        message="密级标志：涉密文件不得上网",
        regulation=f"{REG_SECRECY}; {REG_JINPING} 第二条(二); {REG_CITY} 第六条",
        what="密级和保密期限标志：绝密★长期、机密★10年、秘密★1年、机密 ★、绝密★启用前。",
        why="标有密级的文件属于国家秘密，“涉密信息不上网，上网信息不涉密”。",
        example="机密★5年\n关于……的通知",
        fix="撤下该稿件，交保密审查；确已解密的，删除密级标志并注明解密依据。",
        **_COMMON,
    ),
    Rule(
        code="SEC002", name="classification-header",
        message="文首密级标志（单独成行的“秘密/机密/绝密”或“密级：……”）",
        regulation=f"{REG_SECRECY}; GB/T 9704-2012 7.2.2",
        what="按 GB/T 9704 版式单独成行的密级（“秘密”“机密 1年”），或“密级：秘密”这样的标注。",
        why="公文版头左上角的密级说明文件涉密，不能公开发布。",
        example="秘密\n××县人民政府文件",
        fix="撤下该稿件，交保密审查。",
        **_COMMON,
    ),
    Rule(
        code="SEC003", name="internal-marking",
        message="内部资料标志：内部文件不得公开发布",
        regulation=f"{REG_JINPING} 第二条(二)（内部办公信息不得上网发布）",
        what="内部资料、内部文件、注意保存、不得外传、仅供内部参考、内部传阅等标注。",
        why="标注为内部使用的材料属于工作秘密或内部办公信息，公开发布即泄露。",
        example="【内部资料 注意保存】",
        fix="确认是否可以公开；可以公开的删除该标注，不能公开的撤稿。",
        **_COMMON,
    ),
]

_STAR = r"[ \t\u3000]*[★☆✭✩⭐＊*][ \t\u3000]*"
_TERM = r"(?:长期|启用前|[0-9０-９]{1,3}[ \t\u3000]*(?:年|个月|月)|[一二三四五六七八九十两]{1,3}年)"
_MARK = re.compile(rf"(?:绝[ \t\u3000]*密|机[ \t\u3000]*密|秘[ \t\u3000]*密)(?:{_STAR}{_TERM}?|[ \t\u3000]*[★☆✭✩⭐])")
_HEADER = re.compile(
    rf"^[ \t\u3000]*(?:密[ \t\u3000]*级[ \t\u3000]*[:：]?[ \t\u3000]*)?"
    rf"(?:绝[ \t\u3000]*密|机[ \t\u3000]*密|秘[ \t\u3000]*密|工作秘密)"
    rf"(?:[ \t\u3000]*(?:{_TERM}))?[ \t\u3000]*$",
    re.M,
)
_LABEL = re.compile(r"密[ \t\u3000]*级[ \t\u3000]*[:：][ \t\u3000]*(?:绝密|机密|秘密|内部|工作秘密)")
# Phrases that only ever appear as a marking.
_INTERNAL_STRONG = re.compile(
    r"(?:不得|请勿|严禁|禁止|不准)(?:外传|翻印|复制外传|对外公开)|仅供内部(?:参考|使用|传阅|学习)|仅限内部(?:使用|传阅|参考)"
    r"|内部传阅|(?:内部资料|内部文件)[，,、 \t\u3000]*注意保存|妥善保管[，,、 ]*不得外传"
)
# Words that are also ordinary prose (内部资料性出版物 is a legal term): a marking only when
# they stand alone on a line or inside brackets.
_INTERNAL_WEAK = re.compile(
    r"^[ \t\u3000]*(?:内部资料|内部文件|内部刊物|内部参考|内部发行|注意保存|内部使用)[ \t\u3000]*$"
    r"|[【\[〔（(](?:内部资料|内部文件|内部刊物|内部参考|内部发行|注意保存|内部使用)[】\]〕）)]",
    re.M,
)


def rules(ctx: Context) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    text = doc.text
    for m in _MARK.finditer(text):
        yield Hit("SEC001", m.start(), m.end())
    for m in _HEADER.finditer(text):
        s = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000")))
        yield Hit("SEC002", s, m.end() - (len(m.group(0)) - len(m.group(0).rstrip(" \t\u3000"))))
    for m in _LABEL.finditer(text):
        yield Hit("SEC002", m.start(), m.end())
    for m in _INTERNAL_STRONG.finditer(text):
        yield Hit("SEC003", m.start(), m.end())
    for m in _INTERNAL_WEAK.finditer(text):
        g = m.group(0)
        s = m.start() + (len(g) - len(g.lstrip(" \t\u3000")))
        yield Hit("SEC003", s, m.end() - (len(g) - len(g.rstrip(" \t\u3000"))))
