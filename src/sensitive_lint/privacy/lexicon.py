"""The privacy check's data: context word lists and region codes from wordlists/privacy/.

Loaded once per process (Context.cached) and compiled into a few label regexes. The lists are
data, not code (docs/data-formats.md): a county adds a label by editing a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..context import Context

# Label kinds, in the order a tie at the same position is resolved (longest match wins first).
LABEL_KINDS = ("id", "passport", "bank", "homephone", "phone", "hotline", "code", "amount")


def read_list(path: Path) -> list[tuple[str, str]]:
    """(term, note) per entry of a wordlist file; header and comment lines skipped."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        note = fields[3] if len(fields) > 3 and fields[3] != "-" else ""
        out.append((fields[0], note))
    return out


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass
class Lexicon:
    labels: re.Pattern[str]  # every label word; label_kind says which kind it is
    label_kind: dict[str, str]
    units: re.Pattern[str]  # a unit right after a number (match at the position after it)
    office: re.Pattern[str]
    person: re.Pattern[str]
    person_label: re.Pattern[str]  # a person word used as a label: 户主：, 姓名：
    home_words: frozenset[str]
    home_org_check: frozenset[str]
    disease_words: frozenset[str]
    # Home-address labels and disease names in one alternation: one scan of the text for both.
    prose_words: re.Pattern[str]
    freemail: frozenset[str]
    regions: frozenset[str]
    bank_words: frozenset[str]


def load(ctx: Context) -> Lexicon:
    return ctx.cached("privacy.lexicon", lambda: _build(ctx.wordlist_dir / "privacy"))


def _build(d: Path) -> Lexicon:
    def words(name: str) -> list[str]:
        return [t for t, _ in read_list(d / name)]

    label_kind: dict[str, str] = {}
    # Later kinds do not overwrite earlier ones: an ID label that is also a code word stays ID.
    for kind in LABEL_KINDS:
        for w in words(f"context-{kind}.txt"):
            label_kind.setdefault(w, kind)
    home = read_list(d / "context-home.txt")
    regions = frozenset(
        line.split("\t", 1)[0]
        for line in (d / "region-codes.txt").read_text(encoding="utf-8").splitlines()
        if line[:1].isdigit()
    )
    bank_words = words("context-bank.txt")
    diseases = words("diseases.txt")
    return Lexicon(
        labels=re.compile(_alternation(list(label_kind))),
        label_kind=label_kind,
        units=re.compile(_alternation(words("context-unit.txt"))),
        office=re.compile(_alternation(words("context-office.txt"))),
        person=re.compile(_alternation(words("context-person.txt"))),
        person_label=re.compile(f"(?:{_alternation(words('context-person.txt'))})[:：]"),
        home_words=frozenset(t for t, _ in home),
        home_org_check=frozenset(t for t, note in home if "org-check" in note),
        disease_words=frozenset(diseases),
        prose_words=re.compile(_alternation([t for t, _ in home] + diseases)),
        freemail=frozenset(w.lower() for w in words("freemail-domains.txt")),
        regions=regions,
        bank_words=frozenset(bank_words) | {"支行", "分行", "营业厅"},
    )
