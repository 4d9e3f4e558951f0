"""Batch throughput of the whole CLI over the law corpus (../shared/corpus/gov-text-lawrefbook,
1,564 articles + SOURCE.md): files/s and MB/s with --jobs 1 and --jobs 2, peak memory of the
process tree, and the speed-up from the second core. JSON to /dev/null, medians of --runs runs.

    python benchmarks/batch.py [--runs 3] [--jobs 1 2] [--ledger] [--scale 4]

Per run: wall time; CPU time of the process tree (user+sys of the CLI and its workers, from
RUSAGE_CHILDREN) — on a machine shared with other work the wall time moves with the load,
the CPU time much less, so both are shown; peak RSS of the tree, sampled every 20 ms from
/proc (the sum over the CLI and its workers at the worst moment) and the largest single
process (ru_maxrss). The speed-up is wall(jobs 1) / wall(jobs 2); the CPU-bound ceiling on a
machine with free cores is cpu(jobs 2)/cpu(jobs 1) × 2.

--ledger also times a first run writing a ledger and a re-run that skips every unchanged file;
--scale N compares peak memory over the corpus once and N times (text report).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _corpus import LAW  # noqa: E402

CLI = [sys.executable, "-m", "sensitive_lint"]


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss_kb(p)
        todo.extend(_children(p))
    return total


def run_once(args: list[str], cwd: str | None = None) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd,
                         env={**os.environ, "CI": "true"})
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kb(p.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = p.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1) or b"Traceback" in err:
        raise SystemExit(f"sensitive-lint exited {p.returncode}: {err.decode()[-2000:]}")
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "tree_rss_mb": peak / 1024, "max_proc_rss_mb": after.ru_maxrss / 1024}


def median_run(args: list[str], runs: int) -> dict[str, float]:
    results = [run_once(args) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]} | {
        "tree_rss_mb": max(r["tree_rss_mb"] for r in results)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--ledger", action="store_true", help="also time a ledger run and a skip-unchanged re-run")
    ap.add_argument("--scale", type=int, default=1, help="also compare peak memory over N copies of the corpus")
    args = ap.parse_args()
    files = [p for p in LAW.rglob("*") if p.is_file() and p.suffix == ".md"]
    mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"corpus {LAW}: {len(files)} files, {mb:.1f} MB; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs")
    run_once(["lint", str(LAW), "--format", "json", "-j", "1", "--select", "SEC001"])  # warm caches
    rows = {}
    for j in args.jobs:
        r = median_run(["lint", str(LAW), "--format", "json", "--jobs", str(j)], args.runs)
        rows[j] = r
        print(f"--jobs {j}: {r['wall']:6.1f} s wall  {len(files) / r['wall']:6.1f} files/s  {mb / r['wall']:5.2f} MB/s  "
              f"cpu {r['cpu']:6.1f} s ({len(files) / r['cpu']:5.1f} files per cpu-s)  "
              f"peak RSS tree {r['tree_rss_mb']:5.0f} MB, largest process {r['max_proc_rss_mb']:4.0f} MB")
    if 1 in rows and 2 in rows:
        s = rows[1]["wall"] / rows[2]["wall"]
        print(f"speed-up from the second core: {s:.2f}x wall; CPU time jobs 2 / jobs 1 = "
              f"{rows[2]['cpu'] / rows[1]['cpu']:.2f} (above 1 = work the parallel run adds)")
    if args.scale > 1:
        # Memory does not grow with the archive: the same corpus N times (symlinked folders, so
        # the paths differ), text report to /dev/null, against once.
        with tempfile.TemporaryDirectory() as tmp:
            links = []
            for i in range(args.scale):
                link = Path(tmp) / f"copy{i}"
                link.symlink_to(LAW, target_is_directory=True)
                links.append(str(link))
            one = run_once(["lint", links[0], "--jobs", "2"])
            many = run_once(["lint", *links, "--jobs", "2"])
            print(f"memory vs archive size (text report, --jobs 2): {len(files)} files peak RSS tree "
                  f"{one['tree_rss_mb']:.0f} MB; {len(files) * args.scale} files {many['tree_rss_mb']:.0f} MB")
    if args.ledger:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "audit.sqlite")
            first = run_once(["lint", str(LAW), "--format", "json", "--ledger", db])
            again = run_once(["lint", str(LAW), "--format", "json", "--ledger", db])
            print(f"ledger: first run {first['wall']:.1f} s; re-run skipping unchanged files {again['wall']:.1f} s "
                  f"({len(files) / again['wall']:.0f} files/s); ledger {os.path.getsize(db) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
