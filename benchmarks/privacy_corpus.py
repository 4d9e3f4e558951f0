"""The privacy check over published government text: what it reports, and how fast.

    python benchmarks/privacy_corpus.py [CORPUS_DIR ...] [--runs 3]

Default corpora: ../shared/corpus/gov-text-lawrefbook and gov-text-xinwenlianbo (~35 MB of
laws and news transcripts, published as they stand). Prints every error-level PRIV finding
(masked, with file and line), findings per MB by rule and severity, and the throughput of all
privacy detectors together (checks/privacy.run on loaded documents; loading excluded), median
of --runs runs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sensitive_lint.checks import privacy  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.loaders import load_path  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT = [CORPUS / "gov-text-lawrefbook", CORPUS / "gov-text-xinwenlianbo"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    files = sorted(p for d in args.dirs for p in d.rglob("*.md") if p.name != "SOURCE.md")
    docs = [load_path(p, 64 * 2**20) for p in files]
    size = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    ctx = Context()
    rules = {r.code: r for r in privacy.RULES}
    list(privacy.run(docs[0], ctx))  # load word lists and region codes outside the timing

    times, hits = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        hits = [(doc, list(privacy.run(doc, ctx))) for doc in docs]
        times.append(time.perf_counter() - t0)

    per = Counter()
    print(f"# error-level privacy findings ({len(files)} files, {size:.1f} MB)")
    for doc, hs in hits:
        for h in hs:
            sev = h.severity or rules[h.rule].severity
            per[(h.rule, sev)] += 1
            if sev == "error":
                line, col = doc.line_col(h.start)
                shown = h.display or doc.text[h.start:h.end]
                ctx_before = doc.text[max(doc.text.rfind("\n", 0, h.start) + 1, h.start - 16):h.start]
                print(f"{Path(doc.path).relative_to(CORPUS) if CORPUS in Path(doc.path).parents else doc.path}:"
                      f"{line}:{col} {h.rule} {shown}  …{ctx_before}⟦{shown}⟧")
    errors = sum(n for (_, sev), n in per.items() if sev == "error")
    print(f"\nerror findings: {errors} ({errors / size:.3f} per MB)")
    for (rule, sev), n in sorted(per.items()):
        print(f"  {rule} {sev:7} {n:5d}  ({n / size:.3f} per MB)")
    med = statistics.median(times)
    print(f"\nthroughput, all privacy detectors: {size / med:.0f} MB/s median of {args.runs} "
          f"(runs: {', '.join(f'{size / t:.0f}' for t in times)} MB/s)")


if __name__ == "__main__":
    main()
