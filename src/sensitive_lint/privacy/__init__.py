"""Personal-data detection shared by the PRIV check (checks/privacy.py) and masking (masking.py).

    detect(text, ctx, blocks) -> list[Detection]   sorted by position, no overlaps

Modules: validators (check digits), lexicon (context lists and region codes from
wordlists/privacy/), layout (line / table row / column header around a value), signals
(labels, office vs person), numbers (ID, mobile, bank card, USCC, landline, passport), prose
(home address, health detail, email, licence plate).
"""
from __future__ import annotations

from datetime import date
from typing import Sequence

from ..context import Context
from ..model import Block
from .layout import Layout
from .lexicon import load
from .model import RULE_KIND, Detection
from .numbers import NumberScanner
from .prose import address_cells, addresses, emails, health, plates, word_hits

__all__ = ["Detection", "RULE_KIND", "detect"]


def detect(text: str, ctx: Context, blocks: Sequence[Block] = (), today: date | None = None) -> list[Detection]:
    lex = load(ctx)
    layout = Layout(text, blocks)
    numbers = NumberScanner(text, lex, layout, today, getattr(ctx, "trace", None))
    found = list(numbers.run())
    scanned = numbers.text  # full-width digits read as ASCII, same offsets
    layout.text = scanned
    home, diseases = word_hits(scanned, lex)
    found += addresses(scanned, lex, home)
    found += address_cells(scanned, lex, layout)
    found += emails(scanned, lex, layout)
    found += health(scanned, lex, layout, diseases, numbers.pii_records)
    found += plates(scanned, lex, layout, numbers.pii_records)
    return _without_overlaps(found)


def _without_overlaps(found: list[Detection]) -> list[Detection]:
    """An address span may hold a number already found (a phone inside 住址): keep the stronger,
    earlier one and drop what overlaps it, so masking never edits the same character twice."""
    rank = {"error": 0, "warning": 1, "info": 2}
    found.sort(key=lambda d: (d.start, rank[d.severity], -(d.end - d.start)))
    out: list[Detection] = []
    for d in found:
        if out and d.start < out[-1].end:
            if rank[d.severity] < rank[out[-1].severity]:
                out[-1] = d
            continue
        out.append(d)
    return out
