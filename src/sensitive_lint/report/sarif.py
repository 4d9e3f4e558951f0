"""SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: `--format sarif`.

One run. `tool.driver.rules` lists every rule with its documentation (Rule.doc() as help
text), default level and, in `properties`, category, 审核要点 and the regulation. Each result
has the rule, level, message, a region in the checked text (the text `sensitive-lint extract`
prints: for .txt/.md that is the file itself, for .docx/.html the extracted text) counted in
Unicode code points (`columnKind`), the 段落/表格/页眉 locator as a logical location, and a
`partialFingerprints` entry that survives edits elsewhere in the file (see `fingerprints`).

Personal data: `Finding.text` is already masked (110101********4578) and the only document
text in the log; context snippets are never written. Fingerprints hash the masked text, never
a raw value (a hash of an ID number can be reversed by trying every date and checksum).
Files that could not be checked are tool execution notifications, not results.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import IO, Iterable
from urllib.parse import quote

from .. import __version__
from ..model import FileResult, Finding
from . import ReportOptions, rel_path, shown

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "sensitiveLint/v1"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_CONTEXT = 6  # characters of context either side that go into a fingerprint
_SPACE = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", s)).lower()


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable fingerprint per finding of one file, in the given order.

    sha256(rule, matched text, a few characters of context either side) — normalised (NFKC,
    whitespace removed, lower case) and with no line or column, so inserting or removing text
    elsewhere in the file does not change it — plus `:n` when the same rule, text and context
    occur more than once in the file (n counts them in position order). The text and context are
    the masked forms the engine put on the finding.
    """
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        before = _norm(f.context_before)[-_CONTEXT:]
        after = _norm(f.context_after)[:_CONTEXT]
        key = "\x1f".join((f.rule, _norm(f.text), before, after))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def artifact_uri(path: str, base: str | None = None) -> tuple[str, bool]:
    """(uri, relative?): relative to `base` (the working directory) with %SRCROOT% when the file
    lies below it, else an absolute file: URI. Non-ASCII is percent-encoded (RFC 3986)."""
    rel = rel_path(path, base)
    if not os.path.isabs(rel) and not rel.startswith("../"):
        return quote(rel, safe="/"), True
    try:
        return Path(os.path.abspath(path)).as_uri(), False
    except ValueError:
        return quote(path.replace(os.sep, "/"), safe="/:"), False


def _message(f: Finding) -> str:
    msg = f"{f.message}：「{f.text}」"
    if f.suggestion is not None and f.suggestion != f.text:
        msg += f"；建议改为「{f.suggestion}」"
    if f.location and f.location != f"第{f.line}行":
        msg += f"（{f.location}）"
    return msg


def _rule_descriptor(rule: object) -> dict[str, object]:
    r = rule  # registry.Rule
    props: dict[str, object] = {
        "category": r.category,  # type: ignore[attr-defined]
        "checkpoint": r.checkpoint,  # type: ignore[attr-defined]
        "regulation": r.regulation,  # type: ignore[attr-defined]
        "tags": [r.category, r.checkpoint],  # type: ignore[attr-defined]
    }
    desc: dict[str, object] = {
        "id": r.code,  # type: ignore[attr-defined]
        "name": r.name,  # type: ignore[attr-defined]
        "shortDescription": {"text": r.message},  # type: ignore[attr-defined]
        "fullDescription": {"text": r.what or r.message},  # type: ignore[attr-defined]
        "help": {"text": r.doc()},  # type: ignore[attr-defined]
        "defaultConfiguration": {
            "level": LEVEL[r.severity],  # type: ignore[attr-defined]
            "enabled": bool(r.default_enabled),  # type: ignore[attr-defined]
        },
        "properties": props,
    }
    return desc


class SarifReporter:
    """Keeps the results (findings only, not documents) and writes one SARIF log at the end."""

    def __init__(self, out: IO[str], opts: ReportOptions, base: str | None = None) -> None:
        self.out = out
        self.opts = opts
        self.base = base or os.getcwd()
        self.results: list[dict[str, object]] = []
        self.notifications: list[dict[str, object]] = []
        self.artifacts: dict[str, int] = {}
        self.artifact_list: list[dict[str, object]] = []
        self.rule_ids: list[str] = list(opts.rules)
        self.rule_index = {code: i for i, code in enumerate(self.rule_ids)}
        self.extra_rules: list[dict[str, object]] = []

    def _artifact(self, path: str) -> dict[str, object]:
        uri, relative = artifact_uri(path, self.base)
        loc: dict[str, object] = {"uri": uri}
        if relative:
            loc["uriBaseId"] = SRCROOT
        if uri not in self.artifacts:
            self.artifacts[uri] = len(self.artifact_list)
            self.artifact_list.append({"location": dict(loc)})
        loc["index"] = self.artifacts[uri]
        return loc

    def _index(self, code: str) -> int:
        if code not in self.rule_index:  # a rule not in the table (library use): describe it minimally
            self.rule_index[code] = len(self.rule_ids)
            self.rule_ids.append(code)
            self.extra_rules.append({"id": code})
        return self.rule_index[code]

    def file(self, r: FileResult) -> None:
        if r.status != "checked":
            level = "error" if r.status == "failed" else "note"
            self.notifications.append({
                "level": level,
                "message": {"text": f"{r.path}：{'未能检查' if r.status == 'failed' else '已跳过'}：{r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": self._artifact(r.path)}}],
                "properties": {"status": r.status},
            })
            if not r.findings:
                return
            # A partly readable file (scanned PDF pages) still reports what was read.
        findings = shown(r, self.opts.min_severity)
        if not findings:
            return
        loc = self._artifact(r.path)
        for f, fp in zip(findings, fingerprints(findings)):
            region: dict[str, object] = {
                "startLine": f.line, "startColumn": f.column,
                "endLine": max(f.end_line, f.line),
                "endColumn": f.end_column if f.end_line > f.line else max(f.end_column, f.column),
            }
            if f.text:
                region["snippet"] = {"text": f.text}
            result: dict[str, object] = {
                "ruleId": f.rule,
                "ruleIndex": self._index(f.rule),
                "level": LEVEL[f.severity],
                "message": {"text": _message(f)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": dict(loc), "region": region},
                    **({"logicalLocations": [{"name": f.location, "kind": "element"}]} if f.location else {}),
                }],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
                "properties": {
                    "category": f.category,
                    "checkpoint": f.checkpoint,
                    "severity": f.severity,
                    **({"suggestion": f.suggestion} if f.suggestion is not None else {}),
                },
            }
            self.results.append(result)

    def log(self) -> dict[str, object]:
        rules = [_rule_descriptor(self.opts.rules[c]) for c in self.rule_ids if c in self.opts.rules]
        rules += self.extra_rules
        base_uri = Path(self.base).resolve().as_uri().rstrip("/") + "/"
        run: dict[str, object] = {
            "tool": {"driver": {
                "name": "sensitive-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": self.notifications,
            }],
            "originalUriBaseIds": {SRCROOT: {"uri": base_uri}},
            "artifacts": self.artifact_list,
            "results": self.results,
            "columnKind": "unicodeCodePoints",
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}

    def finish(self) -> None:
        json.dump(self.log(), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
