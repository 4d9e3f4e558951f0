"""Why a file could not be checked, in words a person understands."""
from __future__ import annotations


class LoadError(Exception):
    def __init__(self, reason: str, status: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status  # "failed" (could not read) or "skipped" (not ours to read)
