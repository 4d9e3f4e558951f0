"""Configuration: `sensitive-lint.toml` or `[tool.sensitive-lint]` in `pyproject.toml`.

Unknown keys, bad values and unknown rule codes are errors (ConfigError → exit 2): a typo in a
CI configuration must not silently switch a check off.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import SEVERITIES, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """Bad configuration or usage; the CLI exits with status 2."""


DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024


@dataclass(frozen=True)
class WordlistSpec:
    """A user wordlist added in configuration."""

    path: str
    category: str = "sensitive"
    severity: Severity = "warning"
    rule: str = "SENS010"
    label: str = ""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = "error"
    allowlist: tuple[str, ...] = ()
    wordlists: tuple[WordlistSpec, ...] = ()
    disable_wordlists: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    show_values: bool = False
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    encoding: str | None = None
    mask: tuple[tuple[str, str], ...] = ()
    typo_threshold: float = 0.7  # TYPO100: report statistical typos at or above this confidence
    source: str | None = None  # the file this came from, for messages
    base_dir: str = "."
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def severity_for(self, code: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for prefix, sev in self.severity:
            if _matches(code, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), sev)
        return best[1] if best else default

    def is_enabled(self, code: str, default_enabled: bool = True) -> bool:
        """ruff-style: the most specific matching select/ignore prefix wins."""
        sel = [p for p in self.select + self.extend_select if _matches(code, p)]
        ign = [p for p in self.ignore if _matches(code, p)]
        best_sel = max((_specificity(p) for p in sel), default=-1)
        best_ign = max((_specificity(p) for p in ign), default=-1)
        if best_sel < 0:
            return False
        if best_ign >= best_sel:
            return False
        # Rules that are off by default need to be named (not just "ALL").
        return default_enabled or best_sel > 0

    def with_overrides(self, **kw: Any) -> "Config":
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


def _specificity(prefix: str) -> int:
    return 0 if prefix.upper() == "ALL" else len(prefix)


def _matches(code: str, prefix: str) -> bool:
    return prefix.upper() == "ALL" or code.upper().startswith(prefix.upper())


_KEYS = {
    "select", "ignore", "extend-select", "severity", "fail-on", "allowlist", "wordlists",
    "disable-wordlists", "include", "exclude", "show-values", "max-file-size", "encoding", "mask",
    "typo-threshold", "document-date", "rule-packs", "rosters",
}
_MASK_KINDS = {"id", "mobile", "bank", "uscc", "landline", "email", "passport", "plate", "address"}


def find_config(start: Path) -> Path | None:
    """Walk up from `start`: the first sensitive-lint.toml, or pyproject.toml with our table."""
    for d in [start, *start.parents]:
        own = d / "sensitive-lint.toml"
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "sensitive-lint" in data.get("tool", {}):
                return py
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    if path is None:
        path = find_config((start or Path.cwd()).resolve())
        if path is None:
            return Config()
    if not path.is_file():
        raise ConfigError(f"配置文件不存在: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: 配置文件必须是 UTF-8 编码") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: TOML 语法错误: {e}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("sensitive-lint", {})
    return parse_config(data, source=str(path), base_dir=str(path.parent))


def parse_config(data: dict[str, Any], source: str = "<config>", base_dir: str = ".") -> Config:
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(
            f"{source}: 未知的配置项 {', '.join(sorted(unknown))}（可用: {', '.join(sorted(_KEYS))}）"
        )

    def str_list(key: str) -> tuple[str, ...]:
        v = data.get(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{source}: {key} 必须是字符串列表")
        return tuple(v)

    def sev(value: Any, where: str) -> Severity:
        if value not in SEVERITIES:
            raise ConfigError(f"{source}: {where} 的级别 {value!r} 无效（可用: error, warning, info）")
        return value  # type: ignore[no-any-return]

    kw: dict[str, Any] = {"source": source, "base_dir": base_dir}
    if "select" in data:
        kw["select"] = str_list("select")
    kw["ignore"] = str_list("ignore")
    kw["extend_select"] = str_list("extend-select")
    kw["allowlist"] = str_list("allowlist")
    kw["disable_wordlists"] = str_list("disable-wordlists")
    kw["include"] = str_list("include")
    kw["exclude"] = str_list("exclude")
    if "fail-on" in data:
        kw["fail_on"] = sev(data["fail-on"], "fail-on")
    sv = data.get("severity", {})
    if not isinstance(sv, dict):
        raise ConfigError(f"{source}: severity 必须是表，如 [tool.sensitive-lint.severity] SENS002 = \"warning\"")
    kw["severity"] = tuple((code, sev(v, f"severity.{code}")) for code, v in sv.items())
    if "show-values" in data:
        if not isinstance(data["show-values"], bool):
            raise ConfigError(f"{source}: show-values 必须是 true 或 false")
        kw["show_values"] = data["show-values"]
    if "max-file-size" in data:
        v = data["max-file-size"]
        if not isinstance(v, int) or v <= 0:
            raise ConfigError(f"{source}: max-file-size 必须是正整数（字节）")
        kw["max_file_size"] = v
    if "typo-threshold" in data:
        v = data["typo-threshold"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1:
            raise ConfigError(f"{source}: typo-threshold 必须是 0 与 1 之间的小数（如 0.7；越大报得越少）")
        kw["typo_threshold"] = float(v)
    if "encoding" in data:
        if not isinstance(data["encoding"], str):
            raise ConfigError(f"{source}: encoding 必须是字符串")
        kw["encoding"] = data["encoding"]
    mask = data.get("mask", {})
    if not isinstance(mask, dict) or not all(isinstance(v, str) for v in mask.values()):
        raise ConfigError(f"{source}: mask 必须是表，值为字符串")
    bad = set(mask) - _MASK_KINDS
    if bad:
        raise ConfigError(f"{source}: mask 中未知的类型 {', '.join(sorted(bad))}（可用: {', '.join(sorted(_MASK_KINDS))}）")
    kw["mask"] = tuple(mask.items())
    wl = data.get("wordlists", [])
    if not isinstance(wl, list):
        raise ConfigError(f"{source}: wordlists 必须是列表")
    specs = []
    for i, item in enumerate(wl):
        if isinstance(item, str):
            item = {"path": item}
        if not isinstance(item, dict) or "path" not in item:
            raise ConfigError(f"{source}: wordlists[{i}] 需要 path")
        extra = set(item) - {"path", "category", "severity", "rule", "label"}
        if extra:
            raise ConfigError(f"{source}: wordlists[{i}] 中未知的键 {', '.join(sorted(extra))}")
        p = Path(item["path"])
        if not p.is_absolute():
            p = Path(base_dir) / p
        specs.append(
            WordlistSpec(
                path=str(p),
                category=item.get("category", "sensitive"),
                severity=sev(item.get("severity", "warning"), f"wordlists[{i}]"),
                rule=item.get("rule", "SENS010"),
                label=item.get("label", ""),
            )
        )
    kw["wordlists"] = tuple(specs)
    extra: list[tuple[str, Any]] = []
    if "document-date" in data:
        # The date a text is judged by (leader titles, renamed places): an archive of 2019
        # pages is audited with document-date = 2019-12-31.
        v = data["document-date"]
        text = v.isoformat() if hasattr(v, "isoformat") else v
        if not isinstance(text, str) or not _is_date(text):
            raise ConfigError(f"{source}: document-date 必须是日期，如 2019-12-31")
        extra.append(("document-date", text[:10]))
    for key in ("rule-packs", "rosters"):
        if key in data:
            paths = str_list(key)
            extra.append((key, tuple(str(p if Path(p).is_absolute() else Path(base_dir) / p) for p in paths)))
    kw["extra"] = tuple(extra)
    return Config(**kw)


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def validate_codes(config: Config, known: set[str]) -> None:
    """Every code or prefix named in configuration must name at least one rule."""
    named = [("select", c) for c in config.select + config.extend_select]
    named += [("ignore", c) for c in config.ignore]
    named += [("severity", c) for c, _ in config.severity]
    for where, code in named:
        if code.upper() == "ALL":
            continue
        if not any(k.upper().startswith(code.upper()) for k in known):
            where_s = f"{config.source}: " if config.source else ""
            raise ConfigError(f"{where_s}{where} 中的规则代码 {code!r} 不存在（运行 sensitive-lint rules 查看全部规则）")
