"""Batch mode: parallel results equal serial ones (same order), paths are read lazily (memory
bounded), a crashing worker costs one file, the progress bar shows on a terminal only, and
Ctrl-C (a real SIGINT to a real process) stops cleanly: exit 130, no traceback, workers gone,
the ledger consistent and the report of what was done written."""
from __future__ import annotations

import json
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sensitive_lint import engine
from sensitive_lint.config import Config
from sensitive_lint.engine import check_files, lint_paths

CLI = [sys.executable, "-m", "sensitive_lint"]
PARA = ("为切实做好今年防汛工作，确保人民群众生命财产安全，经县政府同意，现将有关事项通知如下。"
        "各乡镇要加强值班值守，严格执行领导带班和24小时值班制度。")


def make_archive(root: Path, n: int, paras: int = 3) -> list[str]:
    paths = []
    for i in range(n):
        d = root / f"dir{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        extra = ""
        if i % 5 == 0:
            extra = "机密★5年\n"
        if i % 11 == 0:
            extra += "联系电话13812345678\n"
        if i % 13 == 0:
            extra += "内部资料，不得外传。\n"
        p = d / f"f{i:05d}.txt"
        p.write_text(f"第{i}号通知\n" + (PARA + "\n") * paras + extra, encoding="utf-8")
        paths.append(str(p))
    (root / "dir0" / "bad.docx").write_bytes(b"not a zip")
    (root / "dir1" / "empty.md").write_bytes(b"")
    return sorted(paths) + [str(root / "dir0" / "bad.docx"), str(root / "dir1" / "empty.md"), str(root / "missing.txt")]


def key(results: list) -> list:  # type: ignore[type-arg]
    return [(r.path, r.status, r.error, tuple((f.rule, f.start, f.end, f.text, f.severity) for f in r.findings))
            for r in results]


def test_parallel_equals_serial(tmp_path: Path) -> None:
    paths = make_archive(tmp_path, 60, paras=1)
    serial = list(lint_paths(paths, Config(), jobs=1))
    parallel = list(lint_paths(paths, Config(), jobs=2))
    assert key(parallel) == key(serial)
    assert [r.path for r in parallel] == paths, "input order kept"
    assert sum(bool(r.findings) for r in serial) > 10
    assert {r.status for r in serial} == {"checked", "failed", "skipped"}


def test_cli_json_is_the_same_with_any_jobs(tmp_path: Path) -> None:
    make_archive(tmp_path / "a", 40, paras=1)
    outs = []
    for jobs in ("1", "2", "3"):
        p = subprocess.run(CLI + ["lint", str(tmp_path / "a"), "--format", "json", "--jobs", jobs],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 1, p.stderr
        outs.append(p.stdout)
    assert outs[0] == outs[1] == outs[2]


def test_paths_are_read_lazily(tmp_path: Path) -> None:
    paths = make_archive(tmp_path, 200, paras=1)
    pulled = 0

    def source():  # type: ignore[no-untyped-def]
        nonlocal pulled
        for p in paths:
            pulled += 1
            yield p

    it = check_files(source(), Config(), jobs=2)
    next(it)
    in_flight = 2 * engine.WINDOW * engine.CHUNK
    assert pulled <= in_flight + engine.CHUNK, "only a window of paths is in flight"
    rest = list(it)
    assert len(rest) == len(paths) - 1
    it = check_files(iter(paths), Config(), jobs=1)
    next(it)
    it.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patch reaches workers through fork")
def test_a_worker_crash_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_archive(tmp_path, 30, paras=1)
    boom = paths[12]
    real = engine.check_file

    def crashing(path, ctx, known=(), want_hash=False):  # type: ignore[no-untyped-def]
        if path == boom:
            os._exit(3)  # a segfault in a parser, as the pool sees it
        return real(path, ctx, known, want_hash)

    monkeypatch.setattr(engine, "check_file", crashing)  # workers are forked: they see the patch
    results = list(lint_paths(paths, Config(), jobs=2))
    assert [r.path for r in results] == paths
    bad = results[12]
    assert bad.status == "failed" and "异常退出" in (bad.error or "")
    monkeypatch.setattr(engine, "check_file", real)
    expected = list(lint_paths(paths, Config(), jobs=1))
    assert key(results[:12] + results[13:]) == key(expected[:12] + expected[13:])


def _run_on_pty(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, bytes, str]:
    """Run with stderr on a pseudo-terminal (as in an interactive shell); stdout to a pipe."""
    master, slave = pty.openpty()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
    os.close(slave)
    seen = b""
    while True:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif p.poll() is not None:
            break
    out = p.stdout.read().decode() if p.stdout else ""
    p.wait(timeout=60)
    os.close(master)
    return p.returncode, seen, out


def _env(**kw: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    env.update(kw)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    make_archive(tmp_path / "a", 40, paras=1)
    args = CLI + ["lint", "a", "--format", "json", "--jobs", "2"]
    code, tty, out = _run_on_pty(args, _env(), tmp_path)
    assert code == 1 and json.loads(out)["summary"]["files"] == 42
    assert "检查".encode() in tty and "个文件".encode() in tty, "a bar on the terminal"
    code, tty, out = _run_on_pty(args, _env(CI="true"), tmp_path)
    assert tty == b"", "silent in CI even on a terminal"
    code, tty, out = _run_on_pty(args + ["--no-progress"], _env(), tmp_path)
    assert tty == b""
    p = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=300)
    assert p.stderr == "", "silent when stderr is not a terminal"
    assert p.stdout == out


def _ledger_rows(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a process group")
def test_ctrl_c_stops_cleanly_and_keeps_the_ledger(tmp_path: Path) -> None:
    # Big enough that the run lasts well beyond the first ledger commit on any machine.
    make_archive(tmp_path / "a", 2000, paras=6)
    db = tmp_path / "audit.sqlite"
    args = CLI + ["lint", "a", "--format", "json", "--jobs", "2", "--ledger", str(db), "-o", "report.json"]
    p = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True, env=_env(CI="true"))
    deadline = time.monotonic() + 120
    while _ledger_rows(db) == 0 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert p.poll() is None, "the run ended before it could be interrupted"
    os.killpg(p.pid, signal.SIGINT)  # what Ctrl-C does: SIGINT to the whole foreground group
    t0 = time.monotonic()
    out, err = p.communicate(timeout=60)
    stop_seconds = time.monotonic() - t0
    stderr = err.decode()
    assert p.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "已中断" in stderr and "台账已保存" in stderr
    assert stop_seconds < 20
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(p.pid, 0)  # no worker left behind
    # The ledger: intact, the run marked interrupted, every file row complete.
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (run,) = conn.execute("SELECT interrupted, finished, files_checked FROM runs").fetchall()
    n = conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert run[0] == 1 and run[1] and run[2] == n
    assert 0 < n < 2002
    incomplete = conn.execute(
        "SELECT COUNT(*) FROM files f WHERE findings != (SELECT COUNT(*) FROM findings x WHERE x.file_id = f.id)"
    ).fetchone()[0]
    assert incomplete == 0
    n_failed = conn.execute("SELECT COUNT(*) FROM files WHERE status = 'failed'").fetchone()[0]
    conn.close()
    # The report of what was done: valid JSON, marked interrupted, the same files as the ledger.
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["interrupted"] is True and report["summary"]["files"] == n
    # Running again resumes: what was done is not checked again.
    p2 = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env=_env(CI="true"), timeout=600)
    again = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert p2.returncode == 1, p2.stderr
    rulesets = [r[0] for r in sqlite3.connect(db).execute("SELECT ruleset FROM runs ORDER BY id")]
    assert rulesets[0] == rulesets[1], "the code or data changed between the runs"
    # (a file that failed is tried again)
    assert again["ledger"]["reused"] == n - n_failed and again["ledger"]["checked"] == 2002 - n + n_failed
    assert again["summary"]["files"] == 2002 and "interrupted" not in again
