#!/usr/bin/env python3
"""Throughput of the statistical typo check (TYPO100) on law text: MB/s of UTF-8 (median of
--runs runs over the same law sample typo_eval.py times) and the resident memory the model and
its caches add.

    python benchmarks/typo_speed.py [--mb 4] [--runs 3] [--shared ../shared] [--profile]

Every run is timed, the first included: the detector's caches (bounded) start cold in each
process and fill during run 1, as in one lint of a big document. On a shared machine compare
versions in alternating processes; "per CPU second" is less sensitive to other load. The RSS
delta is measured from before the model is loaded to after all runs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from typo_eval import law_sample, rss_kb, suggestions  # noqa: E402

from sensitive_lint.checks import typo_model  # noqa: E402
from sensitive_lint.config import Config  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--mb", type=float, default=4.0, help="MB of law text")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="cProfile one run instead of timing")
    args = ap.parse_args(argv)
    texts = law_sample(args.shared, args.mb)
    size = sum(len(t.encode("utf-8")) for t in texts)
    ctx = Context(Config(extend_select=("TYPO100",)))
    before = rss_kb()
    t0 = time.perf_counter()
    typo_model.detector(ctx)
    suggestions("加载模型。", ctx)
    load_ms = (time.perf_counter() - t0) * 1000
    after_load = rss_kb()
    if args.profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        for t in texts:
            suggestions(t, ctx)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(25)
        return 0
    runs, cpu, hits = [], [], 0
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        hits = sum(len(suggestions(t, ctx)) for t in texts)
        runs.append(size / 1e6 / (time.perf_counter() - t0))
        cpu.append(size / 1e6 / (time.process_time() - c0))
    after = rss_kb()
    print(f"law text {size / 1e6:.2f} MB ({len(texts)} files), {hits} findings; "
          f"{statistics.median(runs):.3f} MB/s median of {[round(r, 3) for r in runs]} "
          f"(per CPU second: {statistics.median(cpu):.3f})")
    print(f"model load {load_ms:.0f} ms; RSS +{(after_load - before) / 1024:.1f} MB after load, "
          f"+{(after - before) / 1024:.1f} MB after {args.runs} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
