"""sensitive-lint: check drafts for Chinese government websites before they are published.

Library use::

    from sensitive_lint import lint_text, lint_path
    for f in lint_text("机密★5年 关于……"):
        print(f.rule, f.severity, f.message)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint_text", "lint_path", "lint_bytes", "lint_paths", "Config", "Finding", "load_config"]

if TYPE_CHECKING:
    from .config import Config, load_config
    from .engine import lint_bytes, lint_path, lint_paths, lint_text
    from .model import Finding


def __getattr__(name: str) -> Any:
    # Lazy: `import sensitive_lint` stays cheap for a one-file CLI run.
    if name in ("lint_text", "lint_path", "lint_bytes", "lint_paths"):
        from . import engine

        return getattr(engine, name)
    if name in ("Config", "load_config"):
        from . import config

        return getattr(config, name)
    if name == "Finding":
        from .model import Finding

        return Finding
    raise AttributeError(name)
