"""The shipped typo model: a character trigram language model and a candidate table, read from
one memory-mapped little-endian file (built by scripts/build_typo_model.py).

Layout: MAGIC, uint32 header length, a JSON header (parameters, sources, and for each section
its offset in the payload, byte length and array type code), then the payload with every
section 8-byte aligned:

  vocab        UTF-8 characters; character i has id i+2 (0 = unknown, 1 = run boundary)
  k1 c1 s1 d1  unigrams, one per id from 1 (so entry id-1): count, continuation sum, distinct
               continuations (the last two make a history usable for the bigram level)
  k2 c2 s2 d2  bigrams, keys sorted (id1<<16 | id2), same columns
  k3 c3        trigrams, keys sorted (id1<<32 | id2<<16 | id3), counts
  conf_off conf_ids conf_kind  sound-alike candidates per id (CSR): kind 1 = same pinyin,
               2 = similar pinyin
  wk wc wf     dictionary words (jieba, 2-4 characters) indexed once per position with that
               position wildcarded: key (ids packed, 0 at the wildcard), the id there, frequency
  sw           jieba frequency of each character as a one-character word, by id
  names        proper names (jieba nr/ns/nt/nz), one per line
  realword     words with a confusable, far more frequent word: "word\t" + (position, char)*
  solid        per character, the characters seen after it at least `solid_min` times:
               "a" + followers, one per line (a character inside two such pairs is not examined)
  cover        dictionary words inside which no character is examined: every 4-character
               word and the 2-character ones with frequency >= `cover_min2`, one per line

Lookups are binary searches on memoryviews of the mapped file: nothing is parsed at load time
except the header, so loading costs milliseconds and memory is shared page cache.
"""
from __future__ import annotations

import json
import math
import mmap
import struct
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Sequence

MAGIC = b"SLTYPO\x00\x01"  # the format version is in the header
FORMAT_VERSION = 2
BOUNDARY = "\x02"  # stands for the start/end of a run of Chinese characters in n-grams
NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟廿卅")
DISCOUNT = 0.75


SAMPLE = 64


def lower(keys: Sequence[int], sample: list[int], key: int) -> int:
    """= bisect_left(keys, key), where sample = keys[::SAMPLE]."""
    i = bisect_left(sample, key)  # sample[i - 1] < key <= sample[i]
    return bisect_left(keys, key, (i - 1) * SAMPLE + 1 if i else 0,
                       i * SAMPLE if i < len(sample) else len(keys))


def upper(keys: Sequence[int], sample: list[int], key: int) -> int:
    """= bisect_right(keys, key), where sample = keys[::SAMPLE]."""
    i = bisect_right(sample, key)  # sample[i - 1] <= key < sample[i]
    return bisect_right(keys, key, (i - 1) * SAMPLE + 1 if i else 0,
                        i * SAMPLE if i < len(sample) else len(keys))


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def pack(ids: Sequence[int]) -> int:
    k = 0
    for i in ids:
        k = (k << 16) | i
    return k


class ModelError(Exception):
    pass


class TypoModel:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with open(self.path, "rb") as f:
            try:
                self._mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError as e:  # empty file
                raise ModelError(f"{path}: {e}") from None
        mm = self._mm
        if mm[: len(MAGIC)] != MAGIC:
            raise ModelError(f"{path}: not a sensitive-lint typo model")
        (hlen,) = struct.unpack_from("<I", mm, len(MAGIC))
        base = len(MAGIC) + 4
        self.header = json.loads(bytes(mm[base: base + hlen]).decode("utf-8"))
        if self.header.get("format") != FORMAT_VERSION:
            raise ModelError(f"{path}: model format {self.header.get('format')}, expected {FORMAT_VERSION}")
        self._payload = base + hlen
        view = memoryview(mm)
        self._sections: dict[str, object] = {}
        for name, (off, size, typecode) in self.header["sections"].items():
            raw = view[self._payload + off: self._payload + off + size]
            self._sections[name] = raw if typecode == "blob" else raw.cast(typecode)
        s = self._sections
        vocab = bytes(s["vocab"]).decode("utf-8")  # type: ignore[arg-type]
        self.chars = vocab
        self.ids = {ch: i + 2 for i, ch in enumerate(vocab)}
        self.ids[BOUNDARY] = 1
        self.k2, self.c2, self.s2, self.d2 = s["k2"], s["c2"], s["s2"], s["d2"]
        self.k3, self.c3 = s["k3"], s["c3"]
        self.c1, self.s1, self.d1 = s["c1"], s["s1"], s["d1"]
        self.conf_off, self.conf_ids, self.conf_kind = s["conf_off"], s["conf_ids"], s["conf_kind"]
        self.total1 = sum(self.c1)  # type: ignore[arg-type]
        self.vocab_size = len(vocab) + 2
        self._n1 = self.total1 + self.vocab_size
        self._floor = 1.0 / self._n1
        self.wk, self.wc, self.wf = s["wk"], s["wc"], s["wf"]
        self.sw = s["sw"]
        self.log_word_total = math.log(self.header["word_total"])
        self._names: frozenset[str] | None = None
        self._realword: dict[str, list[tuple[int, str]]] | None = None
        self._solid: frozenset[str] | None = None
        self._cover: frozenset[str] | None = None
        # Binary-search ranges, found once: k2 rows by first id, and per history (a, b) its
        # bigram row with that row's k3 range (the trigrams a b *). Searches then run over a
        # few rows instead of the whole table.
        self._r2: dict[int, tuple[int, int]] = {}
        # Every SAMPLE-th key of the big sorted tables, as Python lists: a search first narrows
        # to SAMPLE rows there (fast list access), then finishes on the mapped table.
        self._k2s = self.k2[::SAMPLE].tolist()  # type: ignore[index,union-attr]
        self._k3s = self.k3[::SAMPLE].tolist()  # type: ignore[index,union-attr]
        self._wks = self.wk[::SAMPLE].tolist()  # type: ignore[index,union-attr]
        self._nwk, self._nwks = len(self.wk), len(self._wks)  # type: ignore[arg-type]
        self._hist: dict[int, int] = {}  # a << 16 | b → _history(a, b)
        self._hbits = max(len(self.k2), len(self.k3)).bit_length()  # type: ignore[arg-type]
        self._hmask = (1 << self._hbits) - 1
        self._wf: dict[int, int] = {}  # packed word → jieba frequency (word_freq)
        self._pb: dict[int, float] = {}  # b << 16 | w → P(w | b) as _p interpolates it
        self.p = lru_cache(maxsize=1 << 16)(self._p)
        # Every character of a text is looked up with each neighbourhood wildcarded; running
        # text repeats its phrases, so the lookups are cached too.
        self.completions = lru_cache(maxsize=1 << 16)(self._completions)

    # -- lookups -------------------------------------------------------------------------------
    def char(self, i: int) -> str:
        return self.chars[i - 2] if i >= 2 else ("" if i == 0 else BOUNDARY)

    def unigram(self, i: int) -> int:
        return self.c1[i - 1] if i >= 1 else 0  # type: ignore[index]

    def _find(self, keys: Sequence[int], key: int) -> int:
        sample = self._k2s if keys is self.k2 else self._k3s if keys is self.k3 else None
        j = bisect_left(keys, key) if sample is None else lower(keys, sample, key)
        return j if j < len(keys) and keys[j] == key else -1

    def bigram(self, a: int, b: int) -> int:
        if not a or not b:
            return 0
        j = self._find(self.k2, (a << 16) | b)  # type: ignore[arg-type]
        return self.c2[j] if j >= 0 else 0  # type: ignore[index]

    def trigram(self, a: int, b: int, c: int) -> int:
        if not a or not b or not c:
            return 0
        j = self._find(self.k3, (a << 32) | (b << 16) | c)  # type: ignore[arg-type]
        return self.c3[j] if j >= 0 else 0  # type: ignore[index]

    def _rows2(self, a: int) -> tuple[int, int]:
        """The rows of k2 whose first id is a."""
        got = self._r2.get(a)
        if got is None:
            k2 = self.k2
            got = self._r2[a] = (lower(k2, self._k2s, a << 16), lower(k2, self._k2s, (a + 1) << 16))  # type: ignore[arg-type]
        return got

    def _history(self, a: int, b: int) -> int:
        """For the bigram a b (a, b > 0): its row j in k2 and the range lo3:hi3 of the k3 rows
        that continue it, packed into one int (j | lo3 << B | hi3 << 2B, B = self._hbits: the
        cache stays small), or -1 if it is not in the model."""
        key = (a << 16) | b
        got = self._hist.get(key)
        if got is not None:
            return got
        k2 = self.k2
        lo, hi = self._rows2(a)
        j = bisect_left(k2, key, lo, hi)  # type: ignore[arg-type]
        got = -1
        if j < hi and k2[j] == key:  # type: ignore[index]
            k3, bits = self.k3, self._hbits
            got = (j | lower(k3, self._k3s, key << 16) << bits  # type: ignore[arg-type]
                   | lower(k3, self._k3s, (key + 1) << 16) << 2 * bits)  # type: ignore[arg-type]
        if len(self._hist) >= 1 << 16:
            self._hist.clear()
        self._hist[key] = got
        return got

    def _p(self, a: int, b: int, w: int) -> float:
        """log P(w | a b) with interpolated absolute discounting; a or b may be -1 (no history)."""
        if b > 0:
            # The estimate up to the bigram level depends on b w only: kept per pair.
            key = (b << 16) | w
            p = self._pb.get(key)  # type: ignore[assignment]
            if p is None:
                p = ((self.c1[w - 1] if w >= 1 else 0) + 1.0) / self._n1 if w else self._floor  # type: ignore[index]
                s = self.s1[b - 1]  # type: ignore[index]
                if s:
                    # = self.bigram(b, w), searched among b's rows only
                    n2 = 0
                    if w:
                        k2 = self.k2
                        lo, hi = self._r2.get(b) or self._rows2(b)
                        j = bisect_left(k2, key, lo, hi)  # type: ignore[arg-type]
                        if j < hi and k2[j] == key:  # type: ignore[index]
                            n2 = self.c2[j]  # type: ignore[index]
                    p = max(n2 - DISCOUNT, 0.0) / s + DISCOUNT * self.d1[b - 1] / s * p  # type: ignore[index]
                if len(self._pb) >= 1 << 16:
                    self._pb.clear()
                self._pb[key] = p
            if a > 0:
                h = self._history(a, b)
                if h >= 0:
                    bits = self._hbits
                    j = h & self._hmask
                    lo3, hi3 = (h >> bits) & self._hmask, h >> 2 * bits
                    s = self.s2[j]  # type: ignore[index]
                    if s:
                        d = self.d2[j]  # type: ignore[index]
                        # = self.trigram(a, b, w), searched among the rows of a b only
                        n3 = 0
                        if w:
                            k3 = self.k3
                            key = (((a << 16) | b) << 16) | w
                            i = bisect_left(k3, key, lo3, hi3)  # type: ignore[arg-type]
                            if i < hi3 and k3[i] == key:  # type: ignore[index]
                                n3 = self.c3[i]  # type: ignore[index]
                        p = max(n3 - DISCOUNT, 0.0) / s + DISCOUNT * d / s * p
        else:
            p = ((self.c1[w - 1] if w >= 1 else 0) + 1.0) / self._n1 if w else self._floor  # type: ignore[index]
        return math.log(p)

    def candidates(self, i: int) -> list[tuple[int, int]]:
        if i < 0 or i + 1 >= len(self.conf_off):  # type: ignore[arg-type]
            return []
        lo, hi = self.conf_off[i], self.conf_off[i + 1]  # type: ignore[index]
        return list(zip(self.conf_ids[lo:hi], self.conf_kind[lo:hi]))  # type: ignore[index]

    def _range(self, key: int) -> tuple[int, int]:
        # lower() and upper() written out; no match (the usual case) needs one search only
        wk, sample, n, ns = self.wk, self._wks, self._nwk, self._nwks
        i = bisect_left(sample, key)  # sample[i - 1] < key <= sample[i]
        lo = bisect_left(wk, key, (i - 1) * SAMPLE + 1 if i else 0, i * SAMPLE if i < ns else n)  # type: ignore[arg-type]
        if lo == n or wk[lo] != key:  # type: ignore[index]
            return lo, lo
        j = bisect_right(sample, key, i)  # sample[j - 1] <= key < sample[j]
        return lo, bisect_right(wk, key, lo + 1, j * SAMPLE if j < ns else n)  # type: ignore[arg-type]

    def _completions(self, key: int) -> tuple[int, ...]:
        """Ids at the wildcard of the dictionary words matching `key` (sorted)."""
        lo, hi = self._range(key)
        return tuple(self.wc[lo:hi].tolist()) if hi > lo else ()  # type: ignore[index,union-attr]

    def word_freq(self, seg: list[int]) -> int:
        """jieba frequency of the word spelled by ids `seg` (0 if it is not a dictionary word)."""
        if len(seg) == 1:
            return self.sw[seg[0]] if 0 < seg[0] < len(self.sw) else 0  # type: ignore[index,arg-type]
        if 0 in seg or len(seg) > 4:
            return 0
        key = 0
        for i in seg[:-1]:
            key = (key << 16) | i
        # ids are nonzero here, so the packed ids name the word (its length included)
        full = (key << 16) | seg[-1]
        got = self._wf.get(full)
        if got is not None:
            return got
        lo, hi = self._range(key << 16)
        got = 0
        if hi > lo:
            j = bisect_left(self.wc, seg[-1], lo, hi)  # type: ignore[arg-type]
            if j < hi and self.wc[j] == seg[-1]:  # type: ignore[index]
                got = self.wf[j]  # type: ignore[index]
        if len(self._wf) >= 1 << 16:
            self._wf.clear()
        self._wf[full] = got
        return got

    def _blob(self, name: str) -> str:
        return bytes(self._sections[name]).decode("utf-8")  # type: ignore[arg-type]

    @property
    def realword(self) -> dict[str, list[tuple[int, str]]]:
        if self._realword is None:
            table = {}
            for line in self._blob("realword").split("\n"):
                if "\t" in line:
                    w, alts = line.split("\t", 1)
                    table[w] = [(int(alts[k]), alts[k + 1]) for k in range(0, len(alts), 2)]
            self._realword = table
        return self._realword

    @property
    def solid(self) -> frozenset[str]:
        """Character pairs seen at least `solid_min` times (two-character strings)."""
        if self._solid is None:
            self._solid = frozenset(line[0] + b for line in self._blob("solid").split("\n") if line
                                    for b in line[1:])
        return self._solid

    @property
    def cover_words(self) -> frozenset[str]:
        """Dictionary words inside which the detector examines no character."""
        if self._cover is None:
            blob = self._blob("cover")
            self._cover = frozenset(blob.split("\n")) if blob else frozenset()
        return self._cover

    @property
    def names(self) -> frozenset[str]:
        if self._names is None:
            blob = bytes(self._sections["names"]).decode("utf-8")  # type: ignore[arg-type]
            self._names = frozenset(blob.split("\n")) if blob else frozenset()
        return self._names
