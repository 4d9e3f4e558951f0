"""Shared helpers for benchmarks: where the external corpus is and how to read it.

The corpus (../shared/corpus next to the checkout, or $SENSITIVE_LINT_CORPUS) is for tests and
benchmarks only and is never copied into the repository.
"""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SENSITIVE_LINT_CORPUS", ROOT.parent / "shared" / "corpus"))
LAW = CORPUS / "gov-text-lawrefbook"
NEWS = CORPUS / "gov-text-xinwenlianbo" / "news"


def files(folder: Path, suffix: str = ".md") -> list[Path]:
    return sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file())


def read_texts(folder: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files(folder)]


def take_mb(texts: list[tuple[str, str]], mb: float) -> list[tuple[str, str]]:
    out, size = [], 0
    for name, t in texts:
        if size >= mb * 1e6:
            break
        out.append((name, t))
        size += len(t.encode("utf-8"))
    return out


def mb_of(texts: list[tuple[str, str]]) -> float:
    return sum(len(t.encode("utf-8")) for _, t in texts) / 1e6


def median_time(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
