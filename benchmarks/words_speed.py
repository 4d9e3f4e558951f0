"""Throughput of the sensitive-word check vs a bare matcher pass, and ahocorasick-rs vs
pyahocorasick, on ~20 MB of published government text.

    python benchmarks/words_speed.py [--mb 20] [--runs 3]

Reports medians of --runs runs, measured in one process, so ratios compare like with like;
laws (the first --mb MB of them) and news transcripts (up to --mb MB) separately.
Target (issue 3): the whole check at no less than half the bare pass. "Bare" is one
ahocorasick-rs pass over the raw text with an automaton of the same (normalised) terms, nothing
else; "check" is `words.run` end to end: folding, the pass that also finds normalisation
triggers, the slow path around them, allowlist, boundary check, context and the findings.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS, LAW, NEWS, mb_of, median_time, read_texts, take_mb  # noqa: E402

from sensitive_lint.checks import words  # noqa: E402
from sensitive_lint.config import Config, WordlistSpec  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.model import Block, Document  # noqa: E402
from sensitive_lint.matcher import Matcher  # noqa: E402


def konsheng_list(tmp: Path) -> Path:
    """The konsheng lexicon (MIT) as one custom list: read from the corpus, written to /tmp."""
    words_ = set()
    for p in sorted((CORPUS / "lexicon-konsheng" / "Vocabulary").glob("*.txt")):
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            w = line.strip()
            if w and not w.startswith("#"):
                words_.add(w)
    out = tmp / "konsheng-all.txt"
    out.write_text("\n".join(sorted(words_)) + "\n", encoding="utf-8")
    return out


def houbb_list(tmp: Path) -> Path:
    """houbb/sensitive-word's built-in dictionary (Apache-2.0, 64k entries), as one custom list."""
    src = CORPUS / "lexicon-houbb-sensitive-word" / "sensitive_word_dict.txt"
    words_ = {w.strip() for w in src.read_text(encoding="utf-8", errors="replace").splitlines()}
    out = tmp / "houbb-all.txt"
    out.write_text("\n".join(sorted(w for w in words_ if w and not w.startswith("#"))) + "\n", encoding="utf-8")
    return out


def run_check(ctx: Context, texts: list[tuple[str, str]]) -> int:
    n = 0
    for name, t in texts:
        doc = Document(name, [Block(t, "", 0)], t)
        n += sum(1 for _ in words.run(doc, ctx))
    return n


def bare_rs(m: Matcher, texts: list[tuple[str, str]]) -> int:
    return sum(len(m.find(t)) for _, t in texts)


def bare_py(patterns: list[str], texts: list[tuple[str, str]]) -> float:
    import ahocorasick

    a = ahocorasick.Automaton()
    for i, p in enumerate(patterns):
        a.add_word(p, i)
    a.make_automaton()

    def go() -> None:
        for _, t in texts:
            for _ in a.iter(t):
                pass

    return median_time(go, 1)


def paired_times(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of `a` and `b` timed alternately, so a slow spell of a shared machine falls on
    both sides of the ratio rather than on one."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(median_time(a, 1))
        tb.append(median_time(b, 1))
    return statistics.median(ta), statistics.median(tb)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-py", action="store_true", help="skip the pyahocorasick comparison")
    args = ap.parse_args()
    # Laws and news separately: the news transcripts are HTML-laden (</p>, URLs), which gives
    # the normalisation triggers far more to look at than a draft would.
    corpora = [("laws", take_mb(read_texts(LAW), args.mb)), ("news", take_mb(read_texts(NEWS), args.mb))]
    for name, texts in corpora:
        print(f"corpus {name}: {len(texts)} files, {mb_of(texts):.1f} MB")
    setups = [("shipped lists", Config())]
    big = konsheng_list(Path("/tmp"))
    setups.append(("shipped + konsheng 51k", Config(wordlists=(WordlistSpec(str(big)),))))
    setups.append(("shipped + houbb 64k", Config(wordlists=(WordlistSpec(str(houbb_list(Path("/tmp")))),))))
    print(f"{'lists':<24}{'text':>6}{'patterns':>9}{'bare rs MB/s':>14}{'check MB/s':>12}{'ratio':>7}{'hits/MB':>9}"
          f"{'pyahocorasick MB/s':>20}{'rs/py':>7}")
    for label, cfg in setups:
        ctx = Context(cfg)
        comp = words.compiled(ctx)
        # The bare pass gets the terms only: the check's own automaton also carries the
        # characters that trigger normalisation, and that extra work belongs to the check.
        terms_only = Matcher(comp.terms)
        for name, texts in corpora:
            mb = mb_of(texts)
            run_check(ctx, texts)  # warm: jieba loaded, caches built
            t_bare, t_check = paired_times(lambda: bare_rs(terms_only, texts),
                                           lambda: run_check(ctx, texts), args.runs)
            hits = run_check(ctx, texts)
            py = ratio_py = ""
            if not args.no_py:
                t_py = bare_py(comp.terms, texts)
                py, ratio_py = f"{mb / t_py:>20.1f}", f"{t_py / t_bare:>7.1f}"
            print(f"{label:<24}{name:>6}{len(comp.terms):>9}{mb / t_bare:>14.1f}{mb / t_check:>12.1f}"
                  f"{t_bare / t_check:>7.2f}{hits / mb:>9.1f}{py}{ratio_py}", flush=True)


if __name__ == "__main__":
    main()
