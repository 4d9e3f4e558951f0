"""Dates/numbers (FMT0xx), conventions/punctuation (FMT1xx), links and sources (LINK, SRC) over
published text that should give few findings: national laws (lawrefbook) and 新闻联播 transcripts.

Prints findings per MB by rule for each corpus, throughput (median of 3 runs, MB/s, through the
engine with only these rules selected), and a seeded random sample of findings with their
context, to estimate precision by reading. LINK003 (network) is never run here.

Then splices one known error per rule into random news sentences to show the rules fire in real
context (the published corpora hold almost none of the date and number errors).

    python benchmarks/format_corpus.py [--sample 50] [--seed 20240501] [--runs 3] [--inject 20]
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import LAW, NEWS, mb_of, median_time, read_texts  # noqa: E402

from sensitive_lint.checks import conventions, dates, links  # noqa: E402
from sensitive_lint.config import Config  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.engine import lint_document  # noqa: E402
from sensitive_lint.model import Block, Document, Finding  # noqa: E402

CODES = tuple(r.code for m in (dates, conventions, links) for r in m.RULES if r.default_enabled)
CONTEXT = 24


def corpus(folder: Path) -> list[tuple[str, str]]:
    # SOURCE.md describes where the corpus came from: it is not part of it.
    return [(n, t) for n, t in read_texts(folder) if Path(n).name not in ("SOURCE.md", "README.md")]


def lint_all(ctx: Context, texts: list[tuple[str, str]]) -> list[tuple[str, Finding, str]]:
    out = []
    for name, t in texts:
        doc = Document(name, [Block(t, "", 0)], t)
        for f in lint_document(doc, ctx)[0]:
            out.append((name, f, t))
    return out


def run_checks(ctx: Context, docs: list[Document]) -> int:
    """The three check modules alone, without the engine's per-document work."""
    return sum(1 for d in docs for m in (dates, conventions, links) for _ in m.run(d, ctx))  # type: ignore[attr-defined]


def dates_seen(texts: list[tuple[str, str]]) -> tuple[int, int]:
    """How many Arabic-numeral dates with a year the date rules examined, and how many carried a weekday."""
    n = w = 0
    for _, t in texts:
        for m in dates._around_months(t, dates._months(t), dates._DATE_AR, dates._AR_CHARS, dates._DIGITS):
            if m["y"]:
                n += 1
                w += bool(dates._WEEKDAY.match(t, m.end()))
    return n, w


# Recall in context: one known error per rule spliced into real news sentences (after a 。),
# then the rule must report a finding that overlaps it.
INJECT = {
    "FMT001": "会议定于2023年2月29日召开。",
    "FMT002": "活动于2024年5月1日（星期四）举行。",
    "FMT003": "全县收入120万元，同比增长20%，上年同期为110万元。",
    "FMT004": "其中，男性120人，占60%；女性100人，占50%。",
    "FMT005": "活动定于农历八月三十一日举行。",
    "FMT101": "根据国办发[2024]5号文件精神。",
    "FMT102": "要严格落实”三审三校”制度。",
    "FMT103": "全县共有12个乡镇，，3个街道。",
    "FMT104": "各单位要高度重视,认真落实。",
    "FMT105": "印发《关于印发《政府网站管理办法》的通知》。",
    "LINK001": "详见https://mp.weixin.qq.com/s/abc。",
    "LINK002": "系统地址http://192.168.1.10/oa。",
    "SRC003": "\n（图片来源于网络）\n",
    "SRC004": "\n（此件不公开）\n",
}


def injection_recall(ctx: Context, texts: list[tuple[str, str]], per_rule: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = [(n, t) for n, t in texts if t.count("。") > 5]
    print(f"\ninjected errors found (each spliced after a random 。 of a random news file, {per_rule} times):")
    for code, snippet in INJECT.items():
        found = 0
        for _ in range(per_rule):
            name, t = rng.choice(pool)
            stops = [i for i, c in enumerate(t) if c == "。"]
            at = rng.choice(stops) + 1
            text = t[:at] + snippet + t[at:]
            doc = Document(name, [Block(text, "", 0)], text)
            lo, hi = at, at + len(snippet)
            found += any(f.rule == code and f.start < hi and f.end > lo for f in lint_document(doc, ctx)[0])
        print(f"    {code}: {found}/{per_rule}  {snippet.strip()}")


def show(name: str, f: Finding, text: str) -> str:
    ls = text.rfind("\n", 0, f.start) + 1
    le = text.find("\n", f.end)
    le = len(text) if le == -1 else le
    before = text[max(ls, f.start - CONTEXT):f.start]
    after = text[f.end:min(le, f.end + CONTEXT)]
    fix = f" → {f.suggestion}" if f.suggestion else ""
    return (f"{f.rule} {f.severity:<7} {Path(name).name[:28]}\n"
            f"      …{before}【{text[f.start:f.end]}】{after}…{fix}\n      {f.message}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20240501)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--inject", type=int, default=20, help="injected errors per rule (0: skip)")
    args = ap.parse_args()
    ctx = Context(Config(select=CODES))
    everything: list[tuple[str, Finding, str]] = []
    total_mb, total_s, total_check = 0.0, 0.0, 0.0
    print(f"rules: {', '.join(CODES)}")
    for label, folder in (("laws (lawrefbook)", LAW), ("news (xinwenlianbo)", NEWS)):
        texts = corpus(folder)
        mb = mb_of(texts)
        got = lint_all(ctx, texts)
        secs = median_time(lambda: lint_all(ctx, texts), args.runs)
        docs = [Document(n, [Block(t, "", 0)], t) for n, t in texts]
        check_secs = median_time(lambda: run_checks(ctx, docs), args.runs)
        total_mb += mb
        total_s += secs
        total_check += check_secs
        everything += got
        print(f"\n{label}: {len(texts)} files, {mb:.1f} MB; {len(got)} findings = {len(got) / mb:.2f}/MB")
        print(f"    throughput (median of {args.runs}): these checks alone {mb / check_secs:.1f} MB/s; "
              f"through the engine {mb / secs:.1f} MB/s")
        n_dates, n_weekdays = dates_seen(texts)
        print(f"    dates with a year examined: {n_dates}, of which with a weekday: {n_weekdays}")
        by_rule = collections.Counter((f.rule, f.severity) for _, f, _ in got)
        for code in CODES:
            for sev in ("error", "warning", "info"):
                n = by_rule.get((code, sev), 0)
                if n:
                    print(f"    {code} {sev:<8}{n:>6}  {n / mb:8.2f}/MB")
        silent = [c for c in CODES if not any(r == c for r, _ in by_rule)]
        print(f"    no findings: {', '.join(silent)}")
        if "lawrefbook" in label:
            header = sum(1 for _, f, t in got if f.rule == "FMT102" and f.text == "）"
                         and "<!-- INFO END -->" in t[f.end:f.end + 400])
            print(f"    of FMT102: {header} are a lone ）closing a law's revision history in its header "
                  "(the corpus conversion dropped the opening （)")
    print(f"\nall: {total_mb:.1f} MB; these checks alone {total_mb / total_check:.1f} MB/s; "
          f"through the engine {total_mb / total_s:.1f} MB/s (the engine's per-document work — rule tables "
          "and enabled-rule sets of every module — is shared by all rules)")
    injection_recall(ctx, corpus(NEWS), args.inject, args.seed)
    rng = random.Random(args.seed)
    sample = rng.sample(everything, min(args.sample, len(everything)))
    print(f"\nrandom sample of {len(sample)} of {len(everything)} findings (seed {args.seed}):")
    for i, (name, f, t) in enumerate(sorted(sample, key=lambda x: (x[1].rule, x[0], x[1].start)), 1):
        print(f"{i:>3}. {show(name, f, t)}")


if __name__ == "__main__":
    main()
