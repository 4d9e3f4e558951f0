"""Wording rules (rule packs, POL001 standard expressions, NAME leader names, PLACE place names)
on published text: findings per MB by rule, throughput, and a seeded random sample of findings
to read for a precision estimate.

    python benchmarks/wording_corpus.py                 # both corpora, sample of 50, seed 5
    python benchmarks/wording_corpus.py --sample 100 --seed 7
    python benchmarks/wording_corpus.py --rule PLACE002 # every finding of one rule (prefix)

Corpora (../shared/corpus, or $SENSITIVE_LINT_CORPUS): gov-text-lawrefbook (national laws and
regulations) and gov-text-xinwenlianbo/news (CCTV 新闻联播 transcripts, 2024). Each file is checked
as one document (document date = the latest date in it, for NAME002). Throughput is the median
of 3 runs of the four check modules over each corpus in one process, after a warm-up run that
builds the matchers (the disk cache is used as in normal runs).
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _corpus import LAW, NEWS, mb_of, read_texts  # noqa: E402

from sensitive_lint.checks import expressions, names, packs, places  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.model import Block, Document, Hit  # noqa: E402

MODULES = (packs, expressions, names, places)


def run_all(texts: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str, Hit]]:
    out = []
    for path, text in texts:
        doc = Document(path, [Block(text, "", 0)], text, kind="txt")
        for mod in MODULES:
            for h in mod.run(doc, ctx):
                out.append((path, text, h))
    return out


def show(path: str, text: str, h: Hit, width: int = 18) -> str:
    before = text[max(0, h.start - width):h.start].replace("\n", "⏎")
    after = text[h.end:h.end + width].replace("\n", "⏎")
    sug = f" → {h.suggestion}" if h.suggestion else ""
    return (f"{h.rule:9} {Path(path).name[:28]:28} …{before}【{text[h.start:h.end]}】{after}…{sug}\n"
            f"{'':9} {h.message or ''}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--rule", help="print every finding of rules starting with this")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    ctx = Context()
    everything: list[tuple[str, str, str, Hit]] = []
    for label, folder in (("lawrefbook", LAW), ("xinwenlianbo", NEWS)):
        texts = read_texts(folder)
        mb = mb_of(texts)
        found = run_all(texts, ctx)  # warm-up, and the findings
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            run_all(texts, ctx)
            times.append(time.perf_counter() - t0)
        secs = sorted(times)[len(times) // 2]
        by_rule = collections.Counter(h.rule for _, _, h in found)
        infos = collections.Counter(h.rule for _, _, h in found if h.severity == "info")
        print(f"== {label}: {len(texts)} files, {mb:.1f} MB, {mb / secs:.1f} MB/s "
              f"(median of {args.runs}: {secs:.2f} s), {len(found)} findings ({len(found) / mb:.2f}/MB)")
        for rule, n in sorted(by_rule.items()):
            note = f"  ({infos[rule]} of them info)" if infos[rule] else ""
            print(f"   {rule:9} {n:5}  {n / mb:7.3f}/MB{note}")
        everything += [(label, p, t, h) for p, t, h in found]

    if args.rule:
        print(f"\n== every {args.rule} finding")
        for _label, p, t, h in everything:
            if h.rule.startswith(args.rule):
                print(show(p, t, h))
        return 0
    rng = random.Random(args.seed)
    sample = rng.sample(everything, min(args.sample, len(everything)))
    print(f"\n== random sample of {len(sample)} findings (seed {args.seed}) — read them for precision")
    for i, (label, p, t, h) in enumerate(sorted(sample, key=lambda x: (x[3].rule, x[1])), 1):
        print(f"{i:2}. [{label}] " + show(p, t, h))
    return 0


if __name__ == "__main__":
    sys.exit(main())
