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


def cuts_across_words(text: str, start: int, end: int) -> tuple[bool, list[str]]:
    """Does [start, end) cut through a word of its context? Returns the decision and the
    window's tokens (for --explain)."""
    lo, hi = window(text, start, end)
    if not _crossing_word_present(text, start, end, lo, hi):
        return False, [text[lo:start], text[start:end], text[end:hi]]
    tokens = _jieba().lcut(text[lo:hi], HMM=False)
    bounds = {0}
    pos = 0
    for t in tokens:
        pos += len(t)
        bounds.add(pos)
    s, e = start - lo, end - lo
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


def _crossing_word_present(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    con = _word_index()
    if con is None:
        return True  # no index: let jieba decide
    subs: set[str] = set()
    for b in (start, end):
        for p in range(max(lo, b - MAX_WORD + 1), b):
            for q in range(b + 1, min(hi, p + MAX_WORD) + 1):
                subs.add(text[p:q])
    if not subs:
        return False
    items = list(subs)
    for i in range(0, len(items), 900):  # SQLite's variable limit
        chunk = items[i:i + 900]
        sql = f"SELECT 1 FROM w WHERE word IN ({','.join('?' * len(chunk))}) LIMIT 1"
        if con.execute(sql, chunk).fetchone():
            return True
    return False
