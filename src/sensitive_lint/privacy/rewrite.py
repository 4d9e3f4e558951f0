"""Masking text that lives in pieces (Word runs, HTML text nodes) without touching the markup.

A Stream is the text of one paragraph-like unit assembled from pieces, each piece remembering
where it came from. Replacements are planned on the whole text (so a number split over three
runs with different formatting is still one number), then written back character by
character into the pieces: a mask never changes a length, so every piece keeps its size and
its formatting.

Two sources of replacements are merged: detection on the stream itself, and the values the
linter finds on the loader's view of the same file (so `mask` never leaves a value that `lint`
would report — e.g. a landline that is personal only because of its table row).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from ..masking import MaskReport, Replacement, plan

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass
class Stream:
    pieces: list[tuple[Any, str]] = field(default_factory=list)  # (owner or None, text)

    def add(self, owner: Any, text: str) -> None:
        if text:
            self.pieces.append((owner, text))

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.pieces)

    def changes(self, masked_text: str) -> list[tuple[Any, int, str]]:
        """(owner, offset in the piece, new char) for every character that differs."""
        out = []
        pos = 0
        for owner, t in self.pieces:
            for i, ch in enumerate(t):
                new = masked_text[pos + i]
                if new != ch:
                    out.append((owner, i, new))
            pos += len(t)
        return out


def known_values(doc: Any, ctx: Context, report: MaskReport) -> dict[str, Replacement]:
    """Values the linter's view of the file (a loaded Document) holds, with their masks; health
    details there are counted as manual work."""
    p = plan(doc.text, ctx, doc)
    report.manual += p.manual
    return {doc.text[r.start:r.end]: r for r in p.replacements}


def plan_stream(text: str, ctx: Context, known: dict[str, Replacement], report: MaskReport) -> str:
    """The masked text of one stream; counts what was masked into `report`."""
    p = plan(text, ctx)
    spans = sorted((r.start, r.end, r) for r in p.replacements)
    for value, r in known.items():
        i = text.find(value)
        while i != -1:
            j = i + len(value)
            free = all(j <= a or i >= b for a, b, _ in spans)
            bounded = (i == 0 or text[i - 1] not in _ALNUM) and (j == len(text) or text[j] not in _ALNUM)
            if free and bounded:
                spans.append((i, j, Replacement(i, j, r.kind, r.rule, r.masked)))
            i = text.find(value, i + 1)
    if not spans:
        return text
    spans.sort(key=lambda s: s[0])
    chars = list(text)
    for a, b, r in spans:
        chars[a:b] = list(r.masked)
        report.masked[r.kind] = report.masked.get(r.kind, 0) + 1
    return "".join(chars)
