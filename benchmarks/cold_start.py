"""Whole-process time of a one-file lint from a cold start (a new process each run), as an
editor or a pre-commit hook experiences it. Medians of --runs runs, measured in one go.

    python benchmarks/cold_start.py [--runs 7]

Rows: the interpreter alone (the floor), `--version` (imports + CLI), a clean text file (no
candidate needs jieba), and the shipped example drafts (candidates load jieba for the
boundary check). The parsed-list disk cache is warm after the first run, as on a real machine;
--no-cache measures with it switched off.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, env=env)  # warm the OS file cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args()
    exe = shutil.which("sensitive-lint") or str(Path(sys.executable).with_name("sensitive-lint"))
    env = dict(os.environ)
    if args.no_cache:
        env["SENSITIVE_LINT_NO_CACHE"] = "1"
    tmp = Path(tempfile.mkdtemp())
    clean = tmp / "clean.txt"
    clean.write_text("关于做好2024年防汛工作的通知\n各乡镇人民政府：现将有关事项通知如下。\n", encoding="utf-8")
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("sensitive-lint --version", [exe, "--version"]),
        ("lint clean.txt (json)", [exe, "lint", "-f", "json", str(clean)]),
        ("lint examples/draft.txt", [exe, "lint", "--no-color", str(ROOT / "examples" / "draft.txt")]),
        ("lint examples/draft.docx", [exe, "lint", "--no-color", str(ROOT / "examples" / "draft.docx")]),
    ]
    print(f"median of {args.runs} runs, whole process{' (disk cache off)' if args.no_cache else ''}")
    for label, cmd in rows:
        print(f"  {label:<28}{timed(cmd, env, args.runs) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
