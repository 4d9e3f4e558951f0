"""One table of every rule: code → Rule, gathered from the check modules and the data packs.

To find a rule: `sensitive-lint rules --explain CODE` prints its documentation and says which
module or data file defines it. To add one: add a Rule to a check module's RULES (or an entry
to a data pack) and a test case.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import CATEGORIES, CHECKPOINTS, SEVERITIES, Severity

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    checkpoint: str
    message: str
    regulation: str  # the regulation or standard the rule comes from
    what: str = ""  # what it finds
    why: str = ""  # why it matters
    example: str = ""  # a text that triggers it
    fix: str = ""  # what the editor does
    source: str = ""  # module or data file that defines it
    default_enabled: bool = True
    tags: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.code}: unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: unknown severity {self.severity!r}")
        if self.checkpoint not in CHECKPOINTS:
            raise ValueError(f"{self.code}: unknown checkpoint {self.checkpoint!r}")

    def doc(self) -> str:
        parts = [f"{self.code} {self.name}", "", self.what or self.message]
        if self.why:
            parts += ["", f"为什么: {self.why}"]
        if self.example:
            parts += ["", f"示例: {self.example}"]
        if self.fix:
            parts += ["", f"修改: {self.fix}"]
        parts += ["", f"依据: {self.regulation}", f"定义于: {self.source}"]
        return "\n".join(parts)


# Regulations, cited by short name in every rule (full text in the project's ../shared/regulations).
REG_YOUYANG = "酉阳县《关于进一步加强政府网站与政府系统政务新媒体信息内容审核和发布工作的通知》三"
REG_JINPING = "锦屏县《政府网站及政务新媒体信息发布“三审三校”制度》"
REG_CITY = "武穴市《政府网站（政务新媒体）信息审核发布管理制度》"
REG_PANSHAN = "盘山县《关于做好政府门户网站及政务新媒体信息发布工作的通知》"
REG_XIXIANG = "西乡县《政府网站信息发布审核程序》"
REG_SECRECY = "《中华人民共和国保守国家秘密法》; 《国家秘密文件、资料和其他物品标志的规定》"


def check_modules() -> list[object]:
    """The check modules, in the order they run. Import here so start-up stays lazy."""
    from .checks import (conventions, dates, documents, drafts, expressions, links, names, packs, places,
                         privacy, secrecy, typo_model, words)

    return [secrecy, drafts, documents, words, privacy, dates, conventions, links, packs, expressions, names, places,
            typo_model]


def all_rules(ctx: "Context | None" = None) -> dict[str, Rule]:
    if ctx is None:
        from .context import Context

        ctx = Context.default()
    return _collect(ctx)


def _collect(ctx: "Context") -> dict[str, Rule]:
    table: dict[str, Rule] = {}
    for module in check_modules():
        for r in module.rules(ctx):  # type: ignore[attr-defined]
            if r.code in table and table[r.code] != r:
                raise ValueError(f"rule code {r.code} defined twice ({table[r.code].source}, {r.source})")
            table[r.code] = r
    return dict(sorted(table.items()))
