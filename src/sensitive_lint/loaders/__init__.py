"""Turn an input (path or bytes) into one Document. Every failure is a LoadError with a reason."""
from __future__ import annotations

import os
from pathlib import Path

from ..model import Document
from .errors import LoadError

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = set(TEXT_SUFFIXES) | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES

__all__ = ["LoadError", "SUPPORTED", "load_bytes", "load_path", "read_input"]


def kind_of(name: str) -> str | None:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    return None


def load_bytes(data: bytes, name: str, encoding: str | None = None, kind: str | None = None) -> Document:
    kind = kind or kind_of(name)
    if kind is None:
        suffix = os.path.splitext(name)[1] or "（无扩展名）"
        raise LoadError(
            f"不支持的文件类型 {suffix}（支持 {', '.join(sorted(SUPPORTED))}）", status="skipped"
        )
    if not data:
        raise LoadError("文件为空", status="skipped")
    if kind == "docx":
        from .docx import load_docx

        return load_docx(data, name)
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(data, name)
    if kind == "html":
        from .html import load_html

        return load_html(data, name, encoding)
    from .text import load_text

    return load_text(data, name, kind, encoding)


def read_input(path: Path, max_size: int) -> bytes:
    """The bytes of a file to check, or a LoadError saying why not (unsupported type, missing,
    not a regular file, too large, unreadable). Batches read once: the ledger hashes these bytes."""
    name = str(path)
    if kind_of(name) is None:
        load_bytes(b"x", name)  # raises the unsupported-type error
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise LoadError("文件不存在") from None
    except OSError as e:
        raise LoadError(f"无法读取文件：{e.strerror}") from None
    if not path.is_file():
        raise LoadError("不是普通文件", status="skipped")
    if size > max_size:
        raise LoadError(
            f"文件过大（{size / 2**20:.0f} MB，上限 {max_size / 2**20:.0f} MB，可用 --max-file-size 调整）",
            status="skipped",
        )
    try:
        with open(path, "rb") as f:
            return f.read()
    except PermissionError:
        raise LoadError("没有读取权限") from None
    except OSError as e:
        raise LoadError(f"无法读取文件：{e.strerror or e}") from None


def load_path(path: Path, max_size: int, encoding: str | None = None) -> Document:
    return load_bytes(read_input(path, max_size), str(path), encoding)
