"""What a check needs besides the document: configuration, shipped data, and per-process caches.

A Context pickles to its configuration alone; caches (compiled automata, parsed lists) are
rebuilt lazily in each worker process.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from .config import Config

T = TypeVar("T")


def data_dir() -> Path:
    """Shipped wordlists/ and rules/: inside the wheel, or at the repository root in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_data"
    if (installed / "wordlists").is_dir():
        return installed
    return here.parent.parent


class Context:
    def __init__(self, config: Config | None = None, data: Path | None = None) -> None:
        self.config = config or Config()
        self.data = data or data_dir()
        self._cache: dict[str, Any] = {}
        # When a list, checks append why they kept or dropped candidates (--explain).
        self.trace: list[str] | None = None

    @classmethod
    def default(cls) -> "Context":
        return cls(Config())

    @property
    def wordlist_dir(self) -> Path:
        return self.data / "wordlists"

    @property
    def rules_dir(self) -> Path:
        return self.data / "rules"

    def cached(self, key: str, build: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "data": self.data, "_cache": {}, "trace": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
