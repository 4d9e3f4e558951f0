"""A small on-disk cache of parsed data (wordlists, character maps) so a one-file lint does
not re-parse thousands of entries. Keyed by the inputs' paths, sizes and mtimes, so editing a
list invalidates it. Any failure (read-only home, corrupt file) just means building afresh."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from . import __version__

T = TypeVar("T")


def cache_dir() -> Path | None:
    if os.environ.get("SENSITIVE_LINT_NO_CACHE"):
        return None
    own = os.environ.get("SENSITIVE_LINT_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "sensitive-lint"


def fingerprint(files: Iterable[Path], extra: object = ()) -> str:
    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{extra!r}".encode())
    for f in files:
        try:
            st = f.stat()
            h.update(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{f}|missing\n".encode())
    return h.hexdigest()[:32]


def cached_pickle(name: str, key: str, build: Callable[[], T]) -> T:
    d = cache_dir()
    if d is None:
        return build()
    path = d / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - a stale or damaged cache entry is rebuilt, never fatal
        pass
    value = build()
    try:
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob(f"{name}-*.pickle"):  # one generation per name is enough
            try:
                old.unlink()
            except OSError:
                pass
        fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
