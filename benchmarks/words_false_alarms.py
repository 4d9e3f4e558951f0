"""False alarms of the sensitive-word check on published government text, which should give
(almost) none: findings per MB by rule and severity, with the shipped lists and with the
konsheng lexicon (51k words, MIT) loaded as a custom list — with and without the jieba
boundary check, to show what it saves.

    python benchmarks/words_false_alarms.py [--top 15]
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import LAW, NEWS, mb_of, read_texts  # noqa: E402
from words_speed import konsheng_list  # noqa: E402

from sensitive_lint.checks import words  # noqa: E402
from sensitive_lint.config import Config, WordlistSpec  # noqa: E402
from sensitive_lint.context import Context  # noqa: E402
from sensitive_lint.engine import lint_document  # noqa: E402
from sensitive_lint.model import Block, Document  # noqa: E402


def findings(cfg: Config, texts: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    ctx = Context(cfg)
    out = []
    for name, t in texts:
        doc = Document(name, [Block(t, "", 0)], t)
        for f in lint_document(doc, ctx)[0]:
            out.append((f.rule, f.severity, f.text))
    return out


def report(label: str, got: list[tuple[str, str, str]], mb: float, top: int) -> None:
    by_rule = collections.Counter((r, s) for r, s, _ in got)
    errors = sum(1 for _, s, _ in got if s == "error")
    print(f"  {label}: {len(got)} findings = {len(got) / mb:.2f}/MB (errors {errors / mb:.2f}/MB)")
    for (rule, sev), n in sorted(by_rule.items()):
        print(f"    {rule} {sev:<8}{n:>7}  {n / mb:8.2f}/MB")
    if top:
        common = collections.Counter(t for _, _, t in got).most_common(top)
        print("    most frequent: " + "，".join(f"{t}×{n}" for t, n in common))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    big = konsheng_list(Path("/tmp"))
    for corpus_label, folder in (("laws (lawrefbook)", LAW), ("news (xinwenlianbo)", NEWS)):
        texts = read_texts(folder)
        mb = mb_of(texts)
        print(f"{corpus_label}: {len(texts)} files, {mb:.1f} MB")
        sens = Config(select=("SENS",))
        report("shipped lists", findings(sens, texts), mb, args.top)
        kons = Config(select=("SENS",), wordlists=(WordlistSpec(str(big), severity="error"),))
        with_check = findings(kons, texts)
        saved, words.BOUNDARY_MAX_LEN = words.BOUNDARY_MAX_LEN, 0  # switch the boundary check off
        try:
            without = findings(kons, texts)
        finally:
            words.BOUNDARY_MAX_LEN = saved
        report("shipped + konsheng, boundary check on", with_check, mb, args.top)
        report("shipped + konsheng, boundary check off", without, mb, 0)
        print(f"  boundary check drops {len(without) - len(with_check)} of {len(without)} "
              f"konsheng-run findings ({(len(without) - len(with_check)) / max(1, len(without)):.0%})")


if __name__ == "__main__":
    main()
