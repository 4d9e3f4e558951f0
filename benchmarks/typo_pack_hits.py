#!/usr/bin/env python3
"""Measure the typo substitution packs (rules/typos-*.tsv) on real text.

Python 3.11 stdlib only; does not import sensitive_lint.

Default mode (false alarms): count the occurrences of every `wrong` string of every pack
(respecting the context regex when there is one) in proofread published text —
/work/shared/corpus/gov-text-lawrefbook (national laws and regulations, *.md, recursive) and
/work/shared/corpus/gov-text-xinwenlianbo/news (CCTV 新闻联播 transcripts). Nearly every hit
there is a false alarm. Prints hits per MB per pack and the entries that fire, with examples.

--recall: sentence-level figures on the CSC test sets
  csc-sighan/sighan15_test_{error,correct}.simplified.txt (line-aligned) and
  csc-lemon-news/new.txt (`src \\t tgt`, characters space-separated):
  how many error sentences (src != tgt) contain a pack hit, how many of those hits lie on a
  changed character (a "true" hit), and how many correct sentences contain a hit (false alarms).
  These sets are test data: entries must never be copied from them.

Context semantics (docs/data-formats.md): `@` in the context regex stands for the matched text.
Here `@` is replaced by a capture group holding the escaped `wrong` string, the regex is searched
in the hit's line (up to WINDOW characters either side), and the hit counts when some match puts
that group exactly on the hit.

Usage:
    python benchmarks/typo_pack_hits.py                 # false alarms on the two corpora
    python benchmarks/typo_pack_hits.py --recall        # plus CSC recall / false-alarm figures
    python benchmarks/typo_pack_hits.py --kwic 截止       # show corpus hits of one entry
    python benchmarks/typo_pack_hits.py --list-firing   # every firing entry with one example
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SENSITIVE_LINT_SHARED", "/work/shared"))
DEFAULT_PACKS = ["typos-idioms.tsv", "typos-words.tsv", "typos-context.tsv"]
DEFAULT_CORPORA = {
    "lawrefbook": SHARED / "corpus/gov-text-lawrefbook",
    "xinwenlianbo": SHARED / "corpus/gov-text-xinwenlianbo/news",
}
WINDOW = 40


class Entry:
    __slots__ = ("pack", "wrong", "right", "context", "note", "line", "rx")

    def __init__(self, pack: str, wrong: str, right: str, context: str | None, note: str, line: int):
        self.pack, self.wrong, self.right, self.context, self.note, self.line = (
            pack, wrong, right, context, note, line)
        self.rx = None
        if context:
            hit = "(?P<_hit>" + re.escape(wrong) + ")"
            self.rx = re.compile(context.replace("@", hit, 1).replace("@", re.escape(wrong)))

    def accepts(self, text: str, start: int) -> bool:
        """Does the hit of self.wrong at text[start:] satisfy the context regex?"""
        if self.rx is None:
            return True
        end = start + len(self.wrong)
        lo = max(0, start - WINDOW)
        nl = text.rfind("\n", lo, start)
        if nl != -1:
            lo = nl + 1
        hi = text.find("\n", end, end + WINDOW)
        hi = end + WINDOW if hi == -1 else hi
        window = text[lo:hi]
        want = start - lo
        for m in self.rx.finditer(window):
            if m.start("_hit") == want:
                return True
        # finditer does not return overlapping matches: try anchored at the hit as well
        for p in range(max(0, want - WINDOW), want + 1):
            m = self.rx.match(window, p)
            if m and m.start("_hit") == want:
                return True
        return False


def read_pack(path: Path) -> tuple[dict[str, str], list[Entry]]:
    header: dict[str, str] = {}
    entries: list[Entry] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.lstrip("\ufeff")
        if not line.strip():
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            if ":" in body and not entries:
                key, _, value = body.partition(":")
                if key.strip() and " " not in key.strip():
                    header.setdefault(key.strip(), value.strip())
            continue
        f = line.split("\t")
        f += ["-"] * (4 - len(f))
        wrong, right, ctx, note = f[0], f[1], f[2], f[3]
        entries.append(Entry(header.get("id", path.stem), wrong, right,
                             None if ctx in ("", "-") else ctx, "" if note == "-" else note, n))
    return header, entries


def load_corpus(directory: Path) -> tuple[str, int, int]:
    """Concatenate the .md/.txt files of a corpus (titles kept, the lawrefbook
    '<!-- INFO END -->' marker dropped). Returns (text, UTF-8 bytes, files)."""
    parts: list[str] = []
    nfiles = 0
    for dirpath, _dirs, files in os.walk(directory):
        for name in sorted(files):
            if not name.endswith((".md", ".txt")) or name in ("SOURCE.md", "README.md"):
                continue
            nfiles += 1
            text = Path(dirpath, name).read_text(encoding="utf-8", errors="replace")
            parts.append("\n".join(ln.lstrip("# ") for ln in text.splitlines()
                                   if "<!-- INFO END -->" not in ln))
    text = "\n\n".join(parts)
    return text, len(text.encode("utf-8")), nfiles


class Matcher:
    """Finds all (overlapping) occurrences of all wrong strings."""

    def __init__(self, entries: list[Entry]):
        self.by_wrong: dict[str, list[Entry]] = {}
        for e in entries:
            self.by_wrong.setdefault(e.wrong, []).append(e)
        self.patterns = list(self.by_wrong)
        self.ac = None
        try:  # optional speed-up; results are identical
            import ahocorasick_rs  # type: ignore
            self.ac = ahocorasick_rs.AhoCorasick(self.patterns)
        except Exception:
            self.ac = None
        if self.ac is None:
            # index patterns by first character for a plain-Python scan
            self.first: dict[str, list[str]] = {}
            for p in self.patterns:
                self.first.setdefault(p[0], []).append(p)

    def raw(self, text: str):
        """Yield (pattern, start) for every occurrence, overlapping."""
        if self.ac is not None:
            for idx, s, _e in self.ac.find_matches_as_indexes(text, overlapping=True):
                yield self.patterns[idx], s
            return
        for p in self.patterns:
            i = text.find(p)
            while i != -1:
                yield p, i
                i = text.find(p, i + 1)

    def hits(self, text: str):
        """Yield (entry, start) for every hit that passes its context rule."""
        for p, s in self.raw(text):
            for e in self.by_wrong[p]:
                if e.accepts(text, s):
                    yield e, s


def kwic(text: str, start: int, length: int, width: int = 22) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[start + length:start + length + width].replace("\n", " ")
    return f"{left}【{text[start:start + length]}】{right}"


def run_corpora(packs, args) -> int:
    entries = [e for _h, es in packs.values() for e in es]
    matcher = Matcher(entries)
    texts = {}
    for name, directory in DEFAULT_CORPORA.items() if not args.corpus else (
            (c.split("=", 1)[0], Path(c.split("=", 1)[1])) for c in args.corpus):
        if not Path(directory).is_dir():
            print(f"corpus {name}: {directory} not found, skipped", file=sys.stderr)
            continue
        t0 = time.time()
        text, nbytes, nfiles = load_corpus(Path(directory))
        texts[name] = (text, nbytes)
        print(f"corpus {name}: {nfiles} files, {nbytes / 1e6:.2f} MB ({time.time() - t0:.1f} s)")
    if not texts:
        return 2

    if args.kwic:
        for term in args.kwic:
            sub = [e for e in entries if e.wrong == term] or [Entry("-", term, "", None, "", 0)]
            m = Matcher(sub)
            for name, (text, _n) in texts.items():
                found = [(e, s) for e, s in m.hits(text)]
                print(f"\n== {term} in {name}: {len(found)}")
                for e, s in found[:args.top]:
                    print("  " + kwic(text, s, len(term)))
        return 0

    firing: dict[tuple[str, str], dict[str, list[int]]] = {}
    per_pack = {pid: {n: 0 for n in texts} for pid in packs}
    for name, (text, _n) in texts.items():
        t0 = time.time()
        for e, s in matcher.hits(text):
            per_pack[e.pack][name] += 1
            firing.setdefault((e.pack, e.wrong), {}).setdefault(name, []).append(s)
        print(f"  scanned {name} in {time.time() - t0:.1f} s")

    total = {n: 0 for n in texts}
    print()
    for pid, (header, es) in packs.items():
        print(f"### {pid} ({header.get('rule', '?')} {header.get('label', '')}) — {len(es)} entries")
        for name, (_t, nbytes) in texts.items():
            h = per_pack[pid][name]
            total[name] += h
            nfire = sum(1 for (p, _w), d in firing.items() if p == pid and name in d)
            print(f"  {name:13s} hits {h:6d}  {h / (nbytes / 1e6):8.4f}/MB   entries firing {nfire}")
    print("### all packs")
    for name, (_t, nbytes) in texts.items():
        print(f"  {name:13s} hits {total[name]:6d}  {total[name] / (nbytes / 1e6):8.4f}/MB")

    if firing:
        print(f"\nfiring entries ({len(firing)}):")
        order = sorted(firing.items(), key=lambda kv: -sum(len(v) for v in kv[1].values()))
        for (pid, wrong), d in order[: None if args.list_firing else args.top]:
            counts = "  ".join(f"{n}={len(v)}" for n, v in d.items())
            name, pos = next(iter(d.items()))
            print(f"  {pid:14s} {wrong:<12s} {counts:30s} {kwic(texts[name][0], pos[0], len(wrong))}")
    return 0


def _hit_spans(matcher: Matcher, text: str) -> list[tuple[Entry, int]]:
    return list(matcher.hits(text))


def recall(packs, args) -> None:
    entries = [e for _h, es in packs.values() for e in es]
    matcher = Matcher(entries)
    sets = []
    sig = SHARED / "corpus/csc-sighan"
    e_path, c_path = sig / "sighan15_test_error.simplified.txt", sig / "sighan15_test_correct.simplified.txt"
    if e_path.is_file() and c_path.is_file():
        src = e_path.read_text(encoding="utf-8").splitlines()
        tgt = c_path.read_text(encoding="utf-8").splitlines()
        sets.append(("sighan15", list(zip(src, tgt))))
    lemon = SHARED / "corpus/csc-lemon-news/new.txt"
    if lemon.is_file():
        pairs = []
        for ln in lemon.read_text(encoding="utf-8").splitlines():
            if "\t" not in ln:
                continue
            s, t = ln.split("\t", 1)
            pairs.append((s.replace(" ", ""), t.replace(" ", "")))
        sets.append(("lemon-news", pairs))
    print("\n### recall on CSC test sets (sentence level; entries never taken from these sets)")
    for name, pairs in sets:
        err = [(s, t) for s, t in pairs if s != t]
        n_hit = n_true = 0
        examples = []
        for s, t in err:
            hs = _hit_spans(matcher, s)
            if not hs:
                continue
            n_hit += 1
            same_len = len(s) == len(t)
            true = [(e, p) for e, p in hs
                    if same_len and any(s[i] != t[i] for i in range(p, p + len(e.wrong)))]
            if true:
                n_true += 1
                if len(examples) < args.top:
                    e, p = true[0]
                    examples.append(f"    + {e.wrong}→{e.right}: {kwic(s, p, len(e.wrong), 12)}")
        # false alarms: correct sentences (targets; each distinct once)
        correct = list(dict.fromkeys(t for _s, t in pairs))
        fa = []
        for t in correct:
            hs = _hit_spans(matcher, t)
            if hs:
                e, p = hs[0]
                fa.append(f"    - {e.wrong}→{e.right}: {kwic(t, p, len(e.wrong), 12)}")
        print(f"  {name}: {len(pairs)} pairs, {len(err)} with errors")
        print(f"    error sentences with a pack hit: {n_hit} ({100 * n_hit / max(1, len(err)):.2f}%), "
              f"hit on a corrected character: {n_true} ({100 * n_true / max(1, len(err)):.2f}%)")
        print(f"    correct sentences with a pack hit (false alarms): {len(fa)} of {len(correct)} "
              f"({100 * len(fa) / max(1, len(correct)):.3f}%)")
        if args.verbose:
            print("\n".join(examples))
            print("\n".join(fa[: args.top]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", default=str(ROOT / "rules"), help="directory holding the packs")
    ap.add_argument("--pack", action="append", default=[], help="pack file name (repeatable)")
    ap.add_argument("--corpus", action="append", default=[], metavar="NAME=DIR")
    ap.add_argument("--recall", action="store_true", help="also report CSC recall / false alarms")
    ap.add_argument("--recall-only", action="store_true", help="only the CSC figures")
    ap.add_argument("--kwic", action="append", default=[], metavar="WRONG")
    ap.add_argument("--list-firing", action="store_true", help="list every firing entry")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("-v", "--verbose", action="store_true", help="print recall examples")
    args = ap.parse_args(argv)

    packs = {}
    for name in args.pack or DEFAULT_PACKS:
        path = Path(args.rules) / name
        if not path.is_file():
            print(f"pack {path} not found, skipped", file=sys.stderr)
            continue
        header, entries = read_pack(path)
        packs[header.get("id", path.stem)] = (header, entries)
    if not packs:
        print("no pack found", file=sys.stderr)
        return 2
    rc = 0
    if not args.recall_only:
        rc = run_corpora(packs, args)
    if args.recall or args.recall_only:
        recall(packs, args)
    return rc


if __name__ == "__main__":
    sys.exit(main())
