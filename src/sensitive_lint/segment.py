"""Word boundaries from jieba, loaded only when a candidate needs them (jieba's dictionary
costs ~0.6 s to load), and only for a window around the candidate (whole-text segmentation
runs at ~1.1 MB/s; a ±10-character window takes 40–150 µs and gives the same decision)."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

WINDOW = 10
_STOP = "\n。！？；!?;"


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def cuts_across_words(text: str, start: int, end: int) -> tuple[bool, list[str]]:
    """Does [start, end) cut through a word of its context? Returns the decision and the
    window's tokens (for --explain)."""
    lo = max(0, start - WINDOW)
    hi = min(len(text), end + WINDOW)
    # Keep the window inside the sentence: a neighbouring sentence only adds noise.
    for i in range(start - 1, lo - 1, -1):
        if text[i] in _STOP:
            lo = i + 1
            break
    for i in range(end, hi):
        if text[i] in _STOP:
            hi = i
            break
    tokens = _jieba().lcut(text[lo:hi], HMM=False)
    bounds = {0}
    pos = 0
    for t in tokens:
        pos += len(t)
        bounds.add(pos)
    s, e = start - lo, end - lo
    return not (s in bounds and e in bounds), tokens
