"""Precision and recall of each privacy detector on the generated, labelled set.

    python benchmarks/privacy_eval.py [--seed 4] [--show-errors]

The set (tests/data/privacy/generate.py): valid synthetic numbers in 公示 sentences (positives),
already-masked values, and look-alike traps (项目编号, amounts, office phones …). A detection
counts as a true positive when a gold span of the same rule overlaps it. Also reported: recall
at `error` for ID/mobile/bank, and error-level findings on traps (must be 0).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data" / "privacy"))
sys.path.insert(0, str(ROOT / "src"))

from generate import generate  # noqa: E402

from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.masking import mask_value  # noqa: E402
from sensitive_lint.privacy import RULE_KIND, detect  # noqa: E402


def evaluate(seed: int = 4, show: bool = False) -> dict[str, object]:
    ctx = Context()
    tp, fp, fn = Counter(), Counter(), Counter()
    err_tp = Counter()
    trap_errors: list[tuple[str, str]] = []
    for s in generate(seed):
        found = detect(s.text, ctx)
        matched = set()
        for d in found:
            hit = next((g for g in s.gold if g[0] == d.rule and d.start < g[2] and g[1] < d.end), None)
            if hit is None:
                fp[d.rule] += 1
                if show:
                    print(f"FP {d.rule} {d.severity} [{s.kind}/{s.theme}] {_masked(s.text, d)}")
                if s.kind == "trap" and d.severity == "error":
                    trap_errors.append((s.theme, d.rule))
            else:
                tp[d.rule] += 1
                matched.add(hit)
                if d.severity == "error":
                    err_tp[d.rule] += 1
        for g in s.gold:
            if g not in matched:
                fn[g[0]] += 1
                if show:
                    print(f"FN {g[0]} [{s.theme}] {s.text[max(0, g[1] - 20):g[1]]}⟦{mask_value(RULE_KIND[g[0]], s.text[g[1]:g[2]]) if RULE_KIND[g[0]] != 'health' else s.text[g[1]:g[2]]}⟧")
    rows = {}
    for rule in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 1.0
        r = tp[rule] / (tp[rule] + fn[rule]) if tp[rule] + fn[rule] else 1.0
        rows[rule] = (tp[rule], fp[rule], fn[rule], p, r, err_tp[rule] / (tp[rule] + fn[rule]) if tp[rule] + fn[rule] else 1.0)
    return {"rows": rows, "trap_errors": trap_errors}


def insertion(seed: int = 4, n: int = 600, boundary: bool = False) -> dict[str, tuple[int, int]]:
    """Recall when a valid number is dropped, with no label, at a random place in a real news
    or law sentence (../shared/corpus): a check that does not depend on the templates above.
    `boundary`: only next to a punctuation mark (where values stand in real text); otherwise
    anywhere, including places no value stands (第…条, inside a URL, before 元/人)."""
    import random

    from generate import Gen

    corpus = ROOT.parent / "shared" / "corpus"
    lines = [ln for p in sorted((corpus / "gov-text-xinwenlianbo" / "news").glob("*.md"))[:60]
             for ln in p.read_text(encoding="utf-8").splitlines() if len(ln) > 40]
    lines += [ln for p in sorted((corpus / "gov-text-lawrefbook").rglob("*.md"))[:60]
              for ln in p.read_text(encoding="utf-8").splitlines() if len(ln) > 40]
    r = random.Random(seed)
    g = Gen(seed)
    ctx = Context()
    out: dict[str, tuple[int, int]] = {}
    for rule, make in (("PRIV001", g.id18), ("PRIV002", g.mobile), ("PRIV003", g.bank)):
        hit = tried = 0
        for _ in range(n):
            line = r.choice(lines)
            ok = [i for i in range(1, len(line)) if not (line[i - 1].isascii() and line[i - 1].isalnum())
                  and not (line[i].isascii() and line[i].isalnum())
                  and (not boundary or line[i - 1] in "，。；：、（ " or line[i] in "，。；、）")]
            if not ok:
                continue
            i = r.choice(ok)
            value = make()
            text = line[:i] + value + line[i:]
            tried += 1
            hit += any(d.rule == rule and d.start == i and d.end == i + len(value) for d in detect(text, ctx))
        out[rule] = (hit, tried)
    return out


def _masked(text: str, d: object) -> str:
    kind = RULE_KIND[d.rule]  # type: ignore[attr-defined]
    shown = text[d.start:d.end] if kind == "health" else mask_value(kind, text[d.start:d.end])  # type: ignore[attr-defined]
    return text[max(0, d.start - 20):d.start] + "⟦" + shown + "⟧" + text[d.end:d.end + 10]  # type: ignore[attr-defined]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.seed, args.show_errors)
    print(f"{'rule':8} {'kind':9} {'TP':>5} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'recall@error':>12}")
    for rule, (t, f, n, p, r, re_) in res["rows"].items():  # type: ignore[union-attr]
        print(f"{rule:8} {RULE_KIND[rule]:9} {t:5d} {f:4d} {n:4d} {p:9.3f} {r:7.3f} {re_:12.3f}")
    print(f"error-level findings on traps: {len(res['trap_errors'])}")  # type: ignore[arg-type]
    for theme, rule in res["trap_errors"]:  # type: ignore[union-attr]
        print(f"  {rule} in {theme}")
    for boundary in (True, False):
        where = "next to punctuation" if boundary else "anywhere (also 第…条, URLs, before 元/人)"
        print(f"\nrecall, unlabelled value inserted in a corpus sentence, {where}:")
        for rule, (hit, n) in insertion(args.seed, boundary=boundary).items():
            print(f"  {rule} {RULE_KIND[rule]:7} {hit}/{n} = {hit / n:.3f}")


if __name__ == "__main__":
    main()
