#!/usr/bin/env python3
"""Measure how often the sensitive wordlists fire on clean government text.

Stdlib only; does not import sensitive_lint. Loads every list in wordlists/sensitive/,
counts plain (non-overlapping, str.count) substring occurrences of each entry in each
corpus, and prints per list: total hits, hits per MB of UTF-8 text, and the entries with
the most hits (shown as raw/after-allowlist/outside-context per corpus). Two further
columns: the hits left after wordlists/allowlist.txt is applied (a hit lying inside an
occurrence of an allowlist phrase is dropped), and of those the hits whose sentence holds
no word of wordlists/context-enforcement.txt (the engine reports hits in such sentences
one severity lower). The jieba boundary check is not applied here.

Usage:
    python benchmarks/wordlist_hits.py                      # default corpora under /work/shared
    python benchmarks/wordlist_hits.py --top 30
    python benchmarks/wordlist_hits.py --kwic 冰毒 --kwic 百家乐   # show hits in context
    python benchmarks/wordlist_hits.py --corpus name=/path/to/dir ...
    python benchmarks/wordlist_hits.py --json results.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = {
    "lawrefbook": "/work/shared/corpus/gov-text-lawrefbook",
    "xinwenlianbo": "/work/shared/corpus/gov-text-xinwenlianbo/news",
}


def read_list(path: Path) -> tuple[dict[str, str], list[str]]:
    """Return (header, entries) of a wordlist file in the docs/data-formats.md format."""
    header: dict[str, str] = {}
    entries: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip("\ufeff").rstrip("\r\n")
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            body = line.lstrip()[1:].strip()
            if ":" in body and not entries:
                key, _, value = body.partition(":")
                key = key.strip()
                if key and " " not in key:
                    header.setdefault(key, value.strip())
            continue
        term = line.split("\t", 1)[0].strip()
        if term:
            entries.append(term)
    return header, entries


def load_corpus(directory: str) -> tuple[str, int, int]:
    """Concatenate the .md/.txt files of a corpus. Lines starting with '#' (titles,
    headings) and the lawrefbook '<!-- INFO END -->' marker are dropped.
    Returns (text, bytes of kept text, number of files)."""
    parts: list[str] = []
    nfiles = 0
    for dirpath, _dirs, files in os.walk(directory):
        for name in sorted(files):
            if not name.endswith((".md", ".txt")) or name in ("SOURCE.md", "README.md"):
                continue
            nfiles += 1
            text = Path(dirpath, name).read_text(encoding="utf-8", errors="replace")
            kept = [ln for ln in text.splitlines()
                    if not ln.startswith("#") and "<!-- INFO END -->" not in ln]
            parts.append("\n".join(kept))
    text = "\n\n".join(parts)
    return text, len(text.encode("utf-8")), nfiles


_TEXT = ""


def _init(text: str) -> None:
    global _TEXT
    _TEXT = text


def _count(terms: list[str]) -> list[int]:
    return [_TEXT.count(t) for t in terms]


def count_terms(text: str, terms: list[str], workers: int) -> dict[str, int]:
    if workers <= 1 or len(terms) < 200:
        return {t: text.count(t) for t in terms}
    chunks = [terms[i::workers * 4] for i in range(workers * 4)]
    out: dict[str, int] = {}
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(text,)) as ex:
        for chunk, counts in zip(chunks, ex.map(_count, chunks)):
            out.update(zip(chunk, counts))
    return out


def positions(text: str, term: str) -> list[int]:
    out, i = [], text.find(term)
    while i != -1:
        out.append(i)
        i = text.find(term, i + len(term))
    return out


SENTENCE_END = set("。！？；!?;\n")


def sentence_at(text: str, start: int, end: int) -> str:
    i = start
    while i > 0 and text[i - 1] not in SENTENCE_END and start - i < 300:
        i -= 1
    j = end
    while j < len(text) and text[j] not in SENTENCE_END and j - end < 300:
        j += 1
    return text[i:j]


def hits_after_allowlist(text: str, term: str, allow: list[str],
                         context: list[str]) -> tuple[int, int]:
    """Return (hits left after the allowlist, of those the hits whose sentence holds
    no enforcement-context word)."""
    pos = positions(text, term)
    if not pos:
        return 0, 0
    relevant = [a for a in allow if term in a and a != term]
    covered: list[tuple[int, int]] = []
    for phrase in relevant:
        for p in positions(text, phrase):
            covered.append((p, p + len(phrase)))
    left = outside = 0
    for p in pos:
        if any(s <= p and p + len(term) <= e for s, e in covered):
            continue
        left += 1
        sent = sentence_at(text, p, p + len(term))
        # a context word that lies inside the hit itself does not count
        sent_wo = sent.replace(term, "\x00")
        if not any(c in sent_wo for c in context):
            outside += 1
    return left, outside


def kwic(text: str, term: str, width: int = 25, limit: int = 20) -> list[str]:
    lines = []
    for p in positions(text, term)[:limit]:
        left = text[max(0, p - width):p].replace("\n", " ")
        right = text[p + len(term):p + len(term) + width].replace("\n", " ")
        lines.append(f"{left}【{term}】{right}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordlists", default=str(ROOT / "wordlists" / "sensitive"))
    ap.add_argument("--allowlist", default=str(ROOT / "wordlists" / "allowlist.txt"))
    ap.add_argument("--context", default=str(ROOT / "wordlists" / "context-enforcement.txt"),
                    help="enforcement-context words (hits in such sentences are counted apart)")
    ap.add_argument("--corpus", action="append", default=[], metavar="NAME=DIR",
                    help="corpus directory (repeatable); default: lawrefbook and xinwenlianbo")
    ap.add_argument("--top", type=int, default=15, help="entries shown per list (default 15)")
    ap.add_argument("--kwic", action="append", default=[], metavar="TERM",
                    help="print occurrences of TERM in context and exit")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", metavar="FILE", help="also write all counts as JSON")
    args = ap.parse_args(argv)

    corpora = dict(c.split("=", 1) for c in args.corpus) if args.corpus else DEFAULT_CORPORA
    texts = {}
    t0 = time.time()
    for name, directory in corpora.items():
        if not Path(directory).is_dir():
            print(f"corpus {name}: {directory} not found, skipped", file=sys.stderr)
            continue
        text, nbytes, nfiles = load_corpus(directory)
        texts[name] = (text, nbytes)
        print(f"corpus {name}: {nfiles} files, {nbytes / 1e6:.1f} MB")
    if not texts:
        print("no corpus found", file=sys.stderr)
        return 2

    if args.kwic:
        for term in args.kwic:
            for name, (text, _n) in texts.items():
                found = positions(text, term)
                print(f"\n== {term} in {name}: {len(found)}")
                for line in kwic(text, term):
                    print("  " + line)
        return 0

    lists: dict[str, tuple[dict[str, str], list[str]]] = {}
    for path in sorted(Path(args.wordlists).glob("*.txt")):
        header, entries = read_list(path)
        lists[header.get("id", path.stem)] = (header, entries)
    allow: list[str] = []
    if Path(args.allowlist).is_file():
        allow = read_list(Path(args.allowlist))[1]
    context: list[str] = []
    if Path(args.context).is_file():
        context = read_list(Path(args.context))[1]

    all_terms = sorted({t for _h, es in lists.values() for t in es})
    counts = {name: count_terms(text, all_terms, args.workers) for name, (text, _n) in texts.items()}
    both = {name: {t: (hits_after_allowlist(texts[name][0], t, allow, context) if c else (0, 0))
                   for t, c in counts[name].items()} for name in texts}
    after = {n: {t: v[0] for t, v in d.items()} for n, d in both.items()}
    outside = {n: {t: v[1] for t, v in d.items()} for n, d in both.items()}
    print(f"{len(all_terms)} distinct entries in {len(lists)} lists, "
          f"{len(allow)} allowlist phrases, {len(context)} context words; "
          f"counted in {time.time() - t0:.1f} s")
    print("columns: raw substring hits | left after allowlist | of those, outside an "
          "enforcement-context sentence")

    summary = {}
    for list_id, (header, entries) in lists.items():
        rule = header.get("rule", "?")
        print(f"\n### {list_id} ({rule} {header.get('label', '')}) — {len(entries)} entries")
        row = {"entries": len(entries)}
        for name, (_text, nbytes) in texts.items():
            raw = sum(counts[name][t] for t in entries)
            left = sum(after[name][t] for t in entries)
            out = sum(outside[name][t] for t in entries)
            mb = nbytes / 1e6
            firing = sum(1 for t in entries if counts[name][t])
            print(f"  {name:13s} hits {raw:5d} ({raw / mb:6.3f}/MB) | after allowlist {left:5d} "
                  f"({left / mb:6.3f}/MB) | outside enforcement context {out:5d} "
                  f"({out / mb:6.3f}/MB) | entries firing {firing}")
            row[name] = {"hits": raw, "hits_per_mb": round(raw / mb, 4),
                         "after_allowlist": left, "after_allowlist_per_mb": round(left / mb, 4),
                         "outside_context": out, "outside_context_per_mb": round(out / mb, 4),
                         "entries_firing": firing}
        totals = {t: sum(counts[n][t] for n in texts) for t in entries}
        top = sorted((t for t in entries if totals[t]), key=lambda t: -totals[t])[: args.top]
        for t in top:
            per = "  ".join(f"{n}={counts[n][t]}/{after[n][t]}/{outside[n][t]}" for n in texts)
            print(f"    {t:<16s} {totals[t]:5d}   {per}")
        summary[list_id] = row

    if args.json:
        Path(args.json).write_text(json.dumps(
            {"summary": summary, "counts": {n: {t: c for t, c in counts[n].items() if c}
                                            for n in texts}},
            ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
