"""Which files a run checks: explicit files, folders walked recursively, globs; include/exclude."""
from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path
from typing import Iterator

from .loaders import SUPPORTED


def _match(rel: str, patterns: tuple[str, ...]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for p in patterns:
        p = p.rstrip("/")
        if fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or rel.startswith(p + "/"):
            return True
        if p.startswith("**/") and fnmatch.fnmatch(rel, p[3:]):
            return True
    return False


def discover(inputs: list[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Iterator[str]:
    """Yield file paths in a stable order. Paths that do not exist are yielded as given, so the
    run reports them as failed instead of silently checking nothing."""
    seen: set[str] = set()

    def emit(p: str) -> Iterator[str]:
        if p not in seen:
            seen.add(p)
            yield p

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, path).replace(os.sep, "/")
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUPPORTED:
                        continue
                    if include and not _match(rel, include):
                        continue
                    if exclude and (_match(rel, exclude) or _match(full.replace(os.sep, "/"), exclude)):
                        continue
                    yield from emit(full)
        elif not path.exists() and any(c in raw for c in "*?["):
            for match in sorted(glob.glob(raw, recursive=True)):
                if os.path.isfile(match):
                    yield from emit(match)
        else:
            yield from emit(raw)
