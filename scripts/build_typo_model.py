#!/usr/bin/env python3
"""Build the statistical typo model (TYPO100) shipped in wordlists/typo-model/model.bin.

Inputs (all re-obtainable, none shipped as text):
  --laws DIR     PRC laws and regulations as Markdown-light text, one file per law
                 (LawRefBook/Laws, copied to ../shared/corpus/gov-text-lawrefbook). Laws and
                 regulations are not protected by copyright (PRC Copyright Law art. 5); only
                 character n-gram counts derived from them are shipped.
  --jieba-dict   jieba's dict.txt (MIT; default: the installed jieba's). Word frequencies give
                 word-internal character n-grams of general Chinese.
  --shape FILE   wordlists/typo-model/confusion-shape.txt (only to mark which candidates are
                 shape-alike; the check reads that file itself at run time).
Sound-alike candidates come from pypinyin (MIT): same toneless pinyin, or similar pinyin
(z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing, ian/iang, uan/uang).

Not used, on purpose: the news transcripts (may not be shipped in any form) and the SIGHAN /
LEMON test sets (evaluation only).

Output: one little-endian binary file (see typomodel/model.py for the layout): the character
vocabulary, pruned character 1/2/3-gram counts with the continuation statistics an
interpolated absolute-discounting LM needs, the sound-alike candidate table, the jieba word
index, the real-word suspects, the common character pairs and the words inside which the
detector does not look, and the proper names (jieba tags nr/ns/nt/nz) that the check never corrects.

    python scripts/build_typo_model.py --laws ../shared/corpus/gov-text-lawrefbook
"""
from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
import time
from array import array
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sensitive_lint.typomodel.model import (  # noqa: E402
    BOUNDARY, FORMAT_VERSION, MAGIC, NUMERALS, is_cjk, pack,
)

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

# Build parameters (recorded in the model header).
PARAMS = {
    "jieba_weight": 0.1,  # a jieba frequency unit counts as this many law-text occurrences
    "min_count": {"1": 1, "2": 2, "3": 3},  # prune n-grams seen fewer times (after mixing)
    "common_min": 30,  # a character is a candidate only if seen this often
    "name_min_freq": 3,  # proper names from jieba with at least this frequency
    "name_tags": ["nr", "ns", "nt", "nz", "nrt", "nrfg"],
    "word_min_freq": 5,  # jieba words (2-4 characters) that candidates may complete
    "solid_min": 20,  # a character in pairs seen this often on both sides is not examined
    "cover_min2": 1000,  # nor one inside a 2-character jieba word this frequent (or any 4-character one)
    "realword_ratio": 5,  # a word is a real-word-error suspect if a confusable word is this much more frequent
}


def law_texts(root: Path) -> list[str]:
    out = []
    for p in sorted(root.rglob("*.md")):
        s = p.read_text(encoding="utf-8", errors="replace")
        if "<!-- INFO END -->" in s:
            s = s.split("<!-- INFO END -->", 1)[1]
        out.append("\n".join(line for line in s.splitlines() if not line.startswith("#")))
    if not out:
        raise SystemExit(f"no .md files under {root}")
    return out


def jieba_words(path: Path) -> list[tuple[str, int, str]]:
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            w, freq = parts[0], int(parts[1])
            tag = parts[2] if len(parts) > 2 else ""
            if all(is_cjk(ch) for ch in w):
                words.append((w, freq, tag))
    return words


def default_jieba_dict() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def read_shape(path: Path) -> list[list[str]]:
    groups = []
    if path and path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].split()
            chars = [c for c in line if len(c) == 1 and is_cjk(c)]
            if len(chars) >= 2:
                groups.append(chars)
    return groups


_FUZZY_INITIAL = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FUZZY_FINAL = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def fuzzy(py: str) -> str:
    for a, b in _FUZZY_INITIAL:
        if py.startswith(a):
            py = b + py[len(a):]
            break
    if py.startswith("n") and not py.startswith("ng"):
        py = "l" + py[1:]
    for a, b in _FUZZY_FINAL:
        if py.endswith(a):
            py = py[: -len(a)] + b
            break
    return py


def readings(chars: list[str]) -> dict[str, set[str]]:
    from pypinyin import Style, pinyin

    out = {}
    for ch in chars:
        r = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        out[ch] = {p for p in (r[0] if r else []) if p.isascii() and p.isalpha()}
    return out


def first_readings(chars: list[str]) -> dict[str, str]:
    from pypinyin import Style, pinyin

    out = {}
    for ch in chars:
        r = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="ignore")
        if r and r[0] and r[0][0].isascii() and r[0][0].isalpha():
            out[ch] = r[0][0]
    return out


def build(laws: Path, jieba_dict: Path, shape: Path | None, out: Path, log=print) -> dict:
    t0 = time.time()
    texts = law_texts(laws)
    words = jieba_words(jieba_dict)
    log(f"read {len(texts)} law files, {len(words)} jieba words ({time.time() - t0:.1f}s)")

    # -- characters and n-gram counts --------------------------------------------------------
    counts: list[Counter[str]] = [Counter(), Counter(), Counter()]  # by order 1..3
    law_chars = 0
    for t in texts:
        for m in CJK_RUN.finditer(t):
            run = m.group(0)
            law_chars += len(run)
            padded = BOUNDARY + run + BOUNDARY
            for n in (1, 2, 3):
                c = counts[n - 1]
                for i in range(len(padded) - n + 1):
                    c[padded[i:i + n]] += 1
    wj = PARAMS["jieba_weight"]
    jieba_mass: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for w, f, _ in words:
        for n in (1, 2, 3):
            c = jieba_mass[n - 1]
            for i in range(len(w) - n + 1):
                c[w[i:i + n]] += f
    for n in (1, 2, 3):
        c = counts[n - 1]
        for g, f in jieba_mass[n - 1].items():
            add = int(f * wj)
            if add:
                c[g] += add
    for n in (1, 2, 3):
        m = PARAMS["min_count"][str(n)]
        counts[n - 1] = Counter({g: v for g, v in counts[n - 1].items() if v >= m})
    counts[0][BOUNDARY] = max(counts[0][BOUNDARY], 1)
    # Every character of a kept bigram/trigram must be in the vocabulary.
    vocab_chars = sorted({ch for g in counts[0] for ch in g if ch != BOUNDARY})
    shape_groups = read_shape(shape) if shape else []
    for grp in shape_groups:
        for ch in grp:
            if ch not in counts[0]:
                counts[0][ch] = 1
                vocab_chars.append(ch)
    vocab_chars = sorted(set(vocab_chars))
    if len(vocab_chars) > 65000:
        raise SystemExit("vocabulary too large for 16-bit ids")
    ids = {ch: i + 2 for i, ch in enumerate(vocab_chars)}
    ids[BOUNDARY] = 1
    for n in (2, 3):
        counts[n - 1] = Counter({g: v for g, v in counts[n - 1].items() if all(ch in ids for ch in g)})
    log(f"n-grams: {[len(c) for c in counts]} vocab {len(vocab_chars)} ({time.time() - t0:.1f}s)")

    # Continuation statistics for histories (orders 1 and 2): sum of continuation counts and
    # number of distinct continuations.
    cont_sum: list[Counter[str]] = [Counter(), Counter()]
    cont_n: list[Counter[str]] = [Counter(), Counter()]
    for n in (2, 3):
        for g, v in counts[n - 1].items():
            h = g[:-1]
            cont_sum[n - 2][h] += v
            cont_n[n - 2][h] += 1

    tables = {}
    for n in (1, 2, 3):
        keyed = sorted((pack([ids[ch] for ch in g]), g) for g in counts[n - 1])
        keys = array("Q", [k for k, _ in keyed])
        cnt = array("I", [min(counts[n - 1][g], 0xFFFFFFFF) for _, g in keyed])
        tables[f"k{n}"] = keys
        tables[f"c{n}"] = cnt
        if n < 3:
            tables[f"s{n}"] = array("I", [min(cont_sum[n - 1][g], 0xFFFFFFFF) for _, g in keyed])
            tables[f"d{n}"] = array("I", [cont_n[n - 1][g] for _, g in keyed])

    # -- sound-alike candidates ----------------------------------------------------------------
    uni = counts[0]
    common = [ch for ch in vocab_chars if uni.get(ch, 0) >= PARAMS["common_min"] and ch not in NUMERALS]
    rd = readings(vocab_chars)
    by_exact: dict[str, set[str]] = {}
    by_fuzzy: dict[str, set[str]] = {}
    primary = first_readings(common)
    for ch in common:
        # A candidate is indexed by its main reading only: 果 (guo) is not a homophone of 落
        # (luo) because of a rare reading; the typed character may have any of its readings.
        p = primary.get(ch)
        if p:
            by_exact.setdefault(p, set()).add(ch)
            by_fuzzy.setdefault(fuzzy(p), set()).add(ch)
    offsets = array("I", [0] * (len(vocab_chars) + 3))
    cand_ids = array("H")
    cand_kind = array("B")
    for ch in [None, BOUNDARY] + vocab_chars:  # id order: 0 (unknown), 1 (boundary), 2..
        i = 0 if ch is None else ids[ch]
        found: dict[str, int] = {}
        if ch is not None and ch != BOUNDARY and ch not in NUMERALS:
            for p in rd.get(ch, ()):
                for c in by_exact.get(p, ()):
                    found[c] = 1
            for p in rd.get(ch, ()):
                for c in by_fuzzy.get(fuzzy(p), ()):
                    found.setdefault(c, 2)
            found.pop(ch, None)
        for c in sorted(found, key=lambda c: ids[c]):
            cand_ids.append(ids[c])
            cand_kind.append(found[c])
        offsets[i + 1] = len(cand_ids)
    log(f"sound-alike candidates: {len(cand_ids)} for {len(common)} common characters")

    # -- words that a candidate may complete, indexed with one position wildcarded -------------
    wmin = PARAMS["word_min_freq"]
    wfreq: dict[str, int] = {}
    for w, f, _ in words:
        if 2 <= len(w) <= 4 and f >= wmin and all(ch in ids for ch in w):
            wfreq[w] = max(wfreq.get(w, 0), f)
    entries = []
    for w, f in wfreq.items():
        wid = [ids[ch] for ch in w]
        for j in range(len(w)):
            key = pack(wid[:j] + [0] + wid[j + 1:])
            entries.append((key, wid[j], f))
    entries.sort()
    tables["wk"] = array("Q", [e[0] for e in entries])
    tables["wc"] = array("H", [e[1] for e in entries])
    tables["wf"] = array("I", [min(e[2], 0xFFFFFFFF) for e in entries])
    log(f"word index: {len(wfreq)} words, {len(entries)} entries")

    # confusable characters (sound or shape), for the real-word table
    conf: dict[str, set[str]] = {}
    for ch in vocab_chars:
        i = ids[ch]
        conf[ch] = {vocab_chars[c - 2] for c in cand_ids[offsets[i]:offsets[i + 1]]}
    for grp in shape_groups:
        for a in grp:
            if a in conf:
                conf[a].update(b for b in grp if b != a and b in ids)
    by_key: dict[int, list[tuple[str, int]]] = {}
    for key, cid, f in entries:
        by_key.setdefault(key, []).append((vocab_chars[cid - 2], f))
    ratio = PARAMS["realword_ratio"]
    real_lines = []
    for w, f in sorted(wfreq.items()):
        alts = []
        wid = [ids[ch] for ch in w]
        for j, ch in enumerate(w):
            key = pack(wid[:j] + [0] + wid[j + 1:])
            for c, f2 in by_key.get(key, ()):
                if c != ch and c in conf.get(ch, ()) and f2 >= ratio * f and c not in NUMERALS:
                    alts.append(f"{j}{c}")
        if alts:
            real_lines.append(w + "\t" + "".join(alts))
    log(f"real-word suspects: {len(real_lines)}")
    # Pairs common enough that a character inside two of them is not examined (a fast skip for
    # the detector), and the words a character inside which is not examined either: every
    # 4-character word (a typo seldom makes an idiom) and the frequent 2-character ones (a typo
    # that makes a common word is left to the real-word table). 3-character words are not used:
    # 大会堂务 is 大会常务 with a typo.
    solid: dict[str, list[str]] = {}
    smin = PARAMS["solid_min"]
    for g, v in counts[1].items():
        if v >= smin:
            solid.setdefault(g[0], []).append(g[1])
    solid_lines = [a + "".join(sorted(bs)) for a, bs in sorted(solid.items())]
    cover_words = sorted(w for w, f in wfreq.items() if len(w) == 4 or (len(w) == 2 and f >= PARAMS["cover_min2"]))

    # -- proper names ------------------------------------------------------------------------------
    tags = set(PARAMS["name_tags"])
    names = sorted({w for w, f, tag in words if tag in tags and f >= PARAMS["name_min_freq"] and len(w) >= 2})

    # single-character word frequencies (jieba), by id, for the word-segmentation score
    single = array("I", [0] * (len(vocab_chars) + 2))
    for w, f, _ in words:
        if len(w) == 1 and w in ids:
            single[ids[w]] = max(single[ids[w]], min(f, 0xFFFFFFFF))
    tables["sw"] = single
    header_extra = {"word_total": sum(f for _, f, _ in words)}

    sections = dict(tables)
    sections["conf_off"] = offsets
    sections["conf_ids"] = cand_ids
    sections["conf_kind"] = cand_kind
    blobs = {
        "vocab": "".join(vocab_chars).encode("utf-8"),
        "names": "\n".join(names).encode("utf-8"),
        "realword": "\n".join(real_lines).encode("utf-8"),
        "solid": "\n".join(solid_lines).encode("utf-8"),
        "cover": "\n".join(cover_words).encode("utf-8"),
    }
    header = {
        "format": FORMAT_VERSION,
        "order": 3,
        "params": PARAMS,
        "law_files": len(texts),
        "law_chars": law_chars,
        "jieba_words": len(words),
        "vocab": len(vocab_chars),
        "names": len(names),
        **header_extra,
        "sources": {
            "laws": "LawRefBook/Laws (PRC laws and regulations; not protected by copyright, "
                    "PRC Copyright Law art. 5)",
            "jieba": "jieba dict.txt (MIT)",
            "pinyin": "pypinyin (MIT)",
        },
        "sections": {},
    }
    payload = bytearray()
    layout = {}
    for name, arr in list(sections.items()) + list(blobs.items()):
        while len(payload) % 8:
            payload.append(0)
        data = arr.tobytes() if isinstance(arr, array) else arr
        typecode = arr.typecode if isinstance(arr, array) else "blob"
        layout[name] = [len(payload), len(data), typecode]
        payload += data
    if sys.byteorder != "little":  # pragma: no cover - arrays are written little-endian
        raise SystemExit("build on a little-endian machine")
    header["sections"] = layout
    hbytes = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    hbytes += b" " * (-(len(MAGIC) + 4 + len(hbytes)) % 8)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<I", len(hbytes)))
        f.write(hbytes)
        f.write(payload)
    os.replace(tmp, out)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {time.time() - t0:.1f}s)")
    return header


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--laws", type=Path, default=ROOT.parent / "shared/corpus/gov-text-lawrefbook")
    ap.add_argument("--jieba-dict", type=Path, default=None)
    ap.add_argument("--shape", type=Path, default=ROOT / "wordlists/typo-model/confusion-shape.txt")
    ap.add_argument("--out", type=Path, default=ROOT / "wordlists/typo-model/model.bin")
    args = ap.parse_args(argv)
    build(args.laws, args.jieba_dict or default_jieba_dict(), args.shape, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
