"""Word boundaries from jieba, loaded only when a candidate needs them, and only for a window
around the candidate (whole-text segmentation runs at ~1.1 MB/s; a ±10-character window takes
40–150 µs and gives the same decision).

jieba's dictionary costs ~0.6 s to load, more than the rest of a one-file lint. Most candidates
never need it: without HMM, jieba's tokens are dictionary words or single characters, so a
candidate can only be cut if some dictionary word in its window crosses one of its ends. A
small on-disk index of jieba's words (built once per machine) answers that in microseconds;
jieba is loaded only when such a word is present, and then decides exactly as before.
"""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
import os
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

WINDOW = 10
MAX_WORD = 16  # longer dictionary words are not looked for
_STOP = "\n。！？；!?;"


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def window(text: str, start: int, end: int) -> tuple[int, int]:
    """±WINDOW characters around [start, end), kept inside the sentence."""
    lo = max(0, start - WINDOW)
    hi = min(len(text), end + WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in _STOP:
            lo = i + 1
            break
    for i in range(end, hi):
        if text[i] in _STOP:
            hi = i
            break
    return lo, hi


def cuts_across_words(text: str, start: int, end: int,
                      sentence: tuple[int, int] | None = None) -> tuple[bool, list[str]]:
    """Does [start, end) cut through a word of its context? Returns the decision and the
    window's tokens (for --explain). A caller that already knows the sentence around the span
    (bounded by the same stop characters) passes it and saves the scan for them."""
    if sentence is None:
        lo, hi = window(text, start, end)
    else:
        lo, hi = max(sentence[0], start - WINDOW), min(sentence[1], end + WINDOW)
    return _decide_window(text[lo:hi], start - lo, end - lo)


def cuts_in_sentence(text: str, start: int, end: int,
                     sentence: tuple[int, int]) -> tuple[bool, list[str]]:
    """The same question answered from the whole sentence's segmentation, for a caller with
    many candidates in one sentence; the tokens returned are those near the span."""
    a, b = sentence
    tokens, starts = _segment_sentence(text[a:b])
    s, e = start - a, end - a
    i = bisect_right(starts, s) - 1
    cut = starts[i] != s or e not in starts[i:i + 1 + e - s]
    lo = max(0, bisect_right(starts, s - WINDOW) - 1)
    return cut, tokens[lo:bisect_left(starts, e + WINDOW)]


@lru_cache(maxsize=4096)
def _segment_sentence(sentence: str) -> tuple[list[str], list[int]]:
    """jieba's tokens and where each starts, with the sentence's length last."""
    tokens = _jieba().lcut(sentence, HMM=False)
    starts = [0]
    for t in tokens:
        starts.append(starts[-1] + len(t))
    return tokens, starts


@lru_cache(maxsize=65536)
def _decide_window(win: str, s: int, e: int) -> tuple[bool, list[str]]:
    # The decision depends on the window alone, and official text repeats itself (人民法院,
    # 有期徒刑 in every article): with a large list most candidates have been decided before.
    if not _crossing_word_present(win, s, e):
        return False, [win[:s], win[s:e], win[e:]]
    tokens = _jieba().lcut(win, HMM=False)
    bounds = {0}
    pos = 0
    for t in tokens:
        pos += len(t)
        bounds.add(pos)
    return not (s in bounds and e in bounds), tokens


def _dict_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "dict.txt"


@lru_cache(maxsize=1)
def _word_index() -> sqlite3.Connection | None:
    from .diskcache import cache_dir, fingerprint

    d = cache_dir()
    if d is None:
        return None
    src = _dict_path()
    path = d / f"jieba-words-{fingerprint([src])}.sqlite"
    if not path.exists():
        try:
            _build_index(src, path)
        except (OSError, sqlite3.Error):
            return None
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None


def _build_index(src: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("jieba-words-*.sqlite"):
        old.unlink(missing_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    con = sqlite3.connect(tmp)
    con.execute("CREATE TABLE w (word TEXT PRIMARY KEY) WITHOUT ROWID")

    def rows() -> Any:
        with open(src, encoding="utf-8") as f:
            for line in f:
                parts = line.split(" ")
                # Only words jieba can emit as tokens: two or more characters, frequency > 0.
                if len(parts) >= 2 and 2 <= len(parts[0]) <= MAX_WORD and parts[1].strip() not in ("", "0"):
                    yield (parts[0],)

    con.executemany("INSERT OR IGNORE INTO w VALUES (?)", rows())
    con.commit()
    con.close()
    os.replace(tmp, path)


def _crossing_word_present(win: str, start: int, end: int) -> bool:
    """Is there a dictionary word in `win` that starts before one end of [start, end) and
    finishes after it?"""
    if _jieba.cache_info().currsize:
        return _crossing_in_memory(win, start, end)
    return _crossing_in_index(win, start, end)


def _crossing_in_index(win: str, start: int, end: int) -> bool:
    con = _word_index()
    if con is None:
        return True  # no index: let jieba decide
    subs: set[str] = set()
    for b in (start, end):
        for p in range(max(0, b - MAX_WORD + 1), b):
            for q in range(b + 1, min(len(win), p + MAX_WORD) + 1):
                subs.add(win[p:q])
    if not subs:
        return False
    items = list(subs)
    for i in range(0, len(items), 900):  # SQLite's variable limit
        chunk = items[i:i + 900]
        sql = f"SELECT 1 FROM w WHERE word IN ({','.join('?' * len(chunk))}) LIMIT 1"
        if con.execute(sql, chunk).fetchone():
            return True
    return False


def _crossing_in_memory(win: str, start: int, end: int) -> bool:
    # Once jieba is loaded its prefix dictionary answers in memory: FREQ holds every word with
    # its frequency and every proper prefix of a word with 0, so a walk from each start stops
    # as soon as no word can continue.
    freq = _jieba().dt.FREQ
    for b in (start, end):
        for p in range(max(0, b - MAX_WORD + 1), b):
            for q in range(p + 1, min(len(win), p + MAX_WORD) + 1):
                f = freq.get(win[p:q])
                if f is None:
                    break
                if q > b and f > 0:
                    return True
    return False
