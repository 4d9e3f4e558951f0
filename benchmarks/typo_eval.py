#!/usr/bin/env python3
"""Evaluate the statistical typo check (TYPO100) the way pycorrector reports its figures.

Test sets (../shared/corpus; evaluation only, never used to build the model):
  csc-sighan   SIGHAN-2013/14/15 test sets (onebula/sighan_raw, simplified) and pycorrector's own
               SIGHAN-15 test JSON (the file its published 0.3147 F1 was measured on)
  csc-lemon-news  LEMON news-domain test set

Metrics
  pycorrector sentence level (pycorrector/utils/evaluate_utils.py, eval_sighan2015_by_model):
    a sentence that needs correction is a positive, one that does not a negative;
    TP = positive whose predicted sentence equals the gold sentence exactly,
    FN = positive that is not corrected exactly (missed or miscorrected),
    FP = negative that the checker changes, TN = negative left alone;
    precision = TP/(TP+FP), recall = TP/(TP+FN), F1 their harmonic mean.
    (The prediction applies every suggestion; a miscorrected positive counts only as FN.)
  detection (any flag): the same with "flags at least one character" in place of "corrects
    exactly": TP = positive with ≥1 flag, FP = negative with ≥1 flag.
  false alarms: share of error-free sentences (every gold/target sentence of the set) with at
    least one flag.

Threshold: the configuration default (typo-threshold 0.7) unless --threshold is given; it was
chosen on development data that is none of these test sets (benchmarks/typo_dev.py --choose:
news sentences with synthetic confusions, 2,000 clean news sentences and the pycorrector bcmi
sentences), as the lowest threshold on the grid 0.50, 0.55, …, 0.90 whose false alarms on both
clean news sets stay at or under 1.5% (0.65: 1.70% clean / 1.90% news gold; 0.7: 1.35% / 1.50%).
The detector's weights were compared on the same data, never on these sets.

Also measures throughput of the check on law text (MB/s of UTF-8, median of 3), the resident
memory the model adds once loaded, and the model's size on disk.

    python benchmarks/typo_eval.py [--threshold 0.7] [--shared ../shared] [--mb 4]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sensitive_lint.checks import typo_model  # noqa: E402
from sensitive_lint.config import Config  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.model import Block, Document  # noqa: E402


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def suggestions(text: str, ctx: Context) -> list[tuple[int, str]]:
    doc = Document(path="<eval>", blocks=[Block(text, "", 0)], text=text)
    return [(h.start, h.suggestion or "") for h in typo_model.run(doc, ctx)]


def apply(text: str, sugg: list[tuple[int, str]]) -> str:
    chars = list(text)
    for pos, right in sugg:
        chars[pos] = right
    return "".join(chars)


def pairs_sighan(shared: Path, year: str) -> list[tuple[str, str]]:
    d = shared / "corpus/csc-sighan"
    err = (d / f"sighan{year}_test_error.simplified.txt").read_text(encoding="utf-8").splitlines()
    cor = (d / f"sighan{year}_test_correct.simplified.txt").read_text(encoding="utf-8").splitlines()
    return [(e.strip(), c.strip()) for e, c in zip(err, cor) if len(e.strip()) == len(c.strip())]


def pairs_pycorrector15(shared: Path) -> list[tuple[str, str]]:
    data = json.loads((shared / "corpus/csc-sighan/pycorrector_sighan15_test.json").read_text(encoding="utf-8"))
    return [(d["original_text"], d["correct_text"]) for d in data if len(d["original_text"]) == len(d["correct_text"])]


def pairs_lemon(shared: Path) -> list[tuple[str, str]]:
    out = []
    for line in (shared / "corpus/csc-lemon-news/new.txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            s, t = line.split("\t", 1)
            s, t = s.replace(" ", ""), t.replace(" ", "")
            if len(s) == len(t):
                out.append((s, t))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp else 0.0
    r = tp / (tp + fn) if tp else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(pairs: list[tuple[str, str]], ctx: Context) -> dict[str, object]:
    tp = fp = fn = tn = 0
    dtp = dfp = dfn = 0
    fa = 0
    targets_checked = 0
    t0 = time.perf_counter()
    for src, tgt in pairs:
        s = suggestions(src, ctx)
        pred = apply(src, s)
        if src == tgt:
            if pred == tgt:
                tn += 1
            else:
                fp += 1
            dfp += bool(s)
        else:
            if pred == tgt:
                tp += 1
            else:
                fn += 1
            if s:
                dtp += 1
            else:
                dfn += 1
        # false alarms on every error-free sentence of the set (the gold side)
        st = suggestions(tgt, ctx) if tgt != src else s
        targets_checked += 1
        fa += bool(st)
    p, r, f = prf(tp, fp, fn)
    dp, dr, df = prf(dtp, dfp, dfn)
    return {
        "sentences": len(pairs), "with_errors": tp + fn, "clean": tn + fp,
        "pycorrector": {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(p, 4),
                        "recall": round(r, 4), "f1": round(f, 4)},
        "detection": {"tp": dtp, "fp": dfp, "fn": dfn, "precision": round(dp, 4), "recall": round(dr, 4),
                      "f1": round(df, 4)},
        "false_alarm_rate": round(fa / targets_checked, 4), "false_alarm_sentences": targets_checked,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def law_sample(shared: Path, mb: float) -> list[str]:
    files = sorted((shared / "corpus/gov-text-lawrefbook").rglob("*.md"))
    texts, size = [], 0
    step = max(1, len(files) // 400)
    for p in files[::step]:
        t = p.read_text(encoding="utf-8")
        texts.append(t)
        size += len(t.encode("utf-8"))
        if size >= mb * 1e6:
            break
    return texts


def throughput(texts: list[str], ctx: Context) -> tuple[float, list[float], int]:
    size = sum(len(t.encode("utf-8")) for t in texts)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            suggestions(t, ctx)
        runs.append(size / 1e6 / (time.perf_counter() - t0))
    return statistics.median(runs), runs, size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--mb", type=float, default=4.0, help="MB of law text for the throughput run")
    ap.add_argument("--sets", default="sighan13,sighan14,sighan15,pycorrector15,lemon")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    config = Config() if args.threshold is None else Config(typo_threshold=args.threshold)
    ctx = Context(config)

    before = rss_kb()
    t0 = time.perf_counter()
    det = typo_model.detector(ctx)
    suggestions("加载模型。", ctx)
    load_s = time.perf_counter() - t0
    after_load = rss_kb()
    model = ctx.wordlist_dir / "typo-model/model.bin"
    raw = model.read_bytes()
    report: dict[str, object] = {
        "threshold": config.typo_threshold,
        "model": {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6)),
                  "load_seconds": round(load_s, 3), "rss_delta_kb_after_load": after_load - before},
        "sets": {},
    }
    loaders = {
        "sighan13": lambda: pairs_sighan(args.shared, "13"),
        "sighan14": lambda: pairs_sighan(args.shared, "14"),
        "sighan15": lambda: pairs_sighan(args.shared, "15"),
        "pycorrector15": lambda: pairs_pycorrector15(args.shared),
        "lemon": lambda: pairs_lemon(args.shared),
    }
    for name in args.sets.split(","):
        res = evaluate(loaders[name](), ctx)
        report["sets"][name] = res  # type: ignore[index]
        if not args.json:
            pc, dt = res["pycorrector"], res["detection"]  # type: ignore[index]
            print(f"{name:14s} n={res['sentences']:5d}  pycorrector P={pc['precision']:.3f} R={pc['recall']:.3f} "
                  f"F1={pc['f1']:.3f} | detection P={dt['precision']:.3f} R={dt['recall']:.3f} F1={dt['f1']:.3f} "
                  f"| false alarms {res['false_alarm_rate']:.2%} of {res['false_alarm_sentences']}", flush=True)
    texts = law_sample(args.shared, args.mb)
    med, runs, size = throughput(texts, ctx)
    report["throughput"] = {"mb_per_s_median": round(med, 2), "runs": [round(r, 2) for r in runs],
                            "bytes": size, "files": len(texts)}
    report["model"]["rss_delta_kb_after_runs"] = rss_kb() - before  # type: ignore[index]
    del det
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        m = report["model"]
        print(f"threshold {config.typo_threshold}; model {m['bytes'] / 1e6:.1f} MB on disk "  # type: ignore[index]
              f"({m['gzip_bytes'] / 1e6:.1f} MB gzip), load {m['load_seconds'] * 1000:.0f} ms, "  # type: ignore[index]
              f"RSS +{m['rss_delta_kb_after_load'] / 1024:.1f} MB after load, "  # type: ignore[index]
              f"+{m['rss_delta_kb_after_runs'] / 1024:.1f} MB after all runs")  # type: ignore[index]
        print(f"throughput on {size / 1e6:.1f} MB of law text ({len(texts)} files): "
              f"{med:.2f} MB/s median of {[round(r, 2) for r in runs]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
