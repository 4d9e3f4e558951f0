"""PDF: the text layer of each page (pypdf), one block per paragraph, located as "第N页".

Published archives carry PDF attachments: notices, 公示 lists, scanned 红头文件. What a reviewer
needs from each kind:

- a text PDF is checked like any document; the soft line breaks of a laid-out page are undone
  (a paragraph of Chinese wraps at the margin with no space, so a mobile number or a secrecy
  mark may be cut in two by a line break), and link annotations become Document.links;
- a scanned PDF (pages that are images with no text layer) cannot be checked by a program. It
  must never pass as clean, so the file is reported as **failed** with the reason
  "扫描件，无文字层，无法检查" — the same treatment as any file that could not be read: the run
  fails (exit 1), the ledger records it, and the reviewer checks it by eye or after OCR;
- a PDF whose text pages are readable but some pages are scans (a notice with a scanned 附件),
  or whose text layer cannot be decoded (fonts without a Unicode map give private-use or (cid:N)
  garbage): the readable pages are checked and their findings reported, and the file is still
  marked **failed**, with the pages that were not checked named in the reason
  ("第3、4页是扫描图像，无文字层，未能检查"). See `Document.unchecked` below;
- an encrypted PDF that needs a password to open, or a corrupt one, fails with a reason. A PDF
  with only an owner password ("禁止复制/打印") opens for everyone, so it is read and checked.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass

from ..model import Document, Link
from .errors import LoadError

__all__ = ["PdfDocument", "load_pdf"]

# A line that ends a paragraph: sentence-final punctuation, or a heading/list item on its own.
_END = tuple("。！？；：!?;:…」』”）)")
_STARTS_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十百零〇\d]+[章节条款部分]"
    r"|\d+[、.．](?!\d)|[①-⑳]|附件|[-—]\s*\d+\s*[-—])"
)
_CID = re.compile(r"\(cid:\d+\)")
_SCANNED = "扫描图像，无文字层"
_GARBLED = "文字层无法识别（字体缺少 Unicode 映射）"


@dataclass
class PdfDocument(Document):
    """A Document with the pages that could not be checked. `unchecked` is None when every
    page was read; otherwise a reason naming the pages — the engine then reports the file as
    failed (with the findings of the pages that were read)."""

    unchecked: str | None = None
    pages: int = 0


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _paragraphs(raw: str) -> list[str]:
    """Undo soft line breaks: join a line to the next when it runs to the right margin (it is
    about as wide as the widest lines of the page) and does not end a sentence or start an item."""
    lines = [ln.rstrip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln.replace("\u00a0", " ") for ln in lines]
    widths = sorted(_width(ln.strip()) for ln in lines if ln.strip())
    if not widths:
        return []
    # The margin width: the upper quartile of line widths, so a few long lines (a table row,
    # a URL) do not make every body line look short.
    full = widths[min(len(widths) - 1, (len(widths) * 3) // 4)]
    paras: list[str] = []
    cur = cur_last = ""
    for ln in lines:
        s = ln.strip()
        if not s:
            if cur:
                paras.append(cur)
                cur = ""
            continue
        if cur and not _STARTS_ITEM.match(s):
            prev_full = _width(cur_last) >= full * 0.85 and full >= 20
            if prev_full and not cur_last.endswith(_END):
                # English words wrap at a space; Chinese text and numbers wrap anywhere.
                sep = " " if (cur[-1].isascii() and cur[-1].isalpha() and s[0].isascii() and s[0].isalpha()) else ""
                cur += sep + s
                cur_last = s
                continue
        if cur:
            paras.append(cur)
        cur = s
        cur_last = s
    if cur:
        paras.append(cur)
    return paras


def _garbled(text: str) -> bool:
    """Text extracted through fonts without a Unicode map: (cid:N), private-use or replacement
    characters, control characters. Such a page reads as nonsense and would pass as clean."""
    if _CID.search(text) and len(_CID.findall(text)) * 3 >= len(text.strip()) // 8:
        return True
    body = [ch for ch in text if not ch.isspace()]
    if not body:
        return False
    bad = sum(1 for ch in body if unicodedata.category(ch) in ("Co", "Cc", "Cs") or ch == "\ufffd")
    return bad >= max(3, len(body) // 5)


def _has_marks(page: object) -> bool:
    """Does a page without text show something? Images (a scan) or a substantial content stream
    (text converted to outlines, drawings)."""
    try:
        if len(page.images) > 0:  # type: ignore[attr-defined]
            return True
    except Exception:  # noqa: BLE001 - a damaged image table still means an image is there
        return True
    try:
        contents = page.get_contents()  # type: ignore[attr-defined]
        data = contents.get_data() if contents is not None else b""
    except Exception:  # noqa: BLE001
        return True
    return len(data) > 2000


def _page_links(page: object) -> list[str]:
    urls = []
    try:
        annots = page.get("/Annots")  # type: ignore[attr-defined]
        annots = annots.get_object() if annots is not None else []
        for a in annots or []:
            a = a.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/URI"):
                urls.append(str(action.get("/URI")))
    except Exception:  # noqa: BLE001 - links are a bonus; the text is what counts
        pass
    return urls


def _pages_zh(pages: list[int]) -> str:
    return "、".join(str(p) for p in pages)


def load_pdf(data: bytes, path: str) -> PdfDocument:
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise LoadError("读取 PDF 需要 pypdf（pip install pypdf）") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about sloppy files are noise in a batch
    if b"%PDF-" not in data[:1024]:
        raise LoadError("不是有效的 PDF 文件（缺少 %PDF 文件头）")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise LoadError(f"PDF 文件已损坏，无法解析（{type(e).__name__}: {e}）") from None
    if encrypted:
        try:
            opened = reader.decrypt("")  # an owner password only: everyone can open and read it
        except DependencyError:
            raise LoadError("PDF 使用 AES 加密，读取需要安装 cryptography（pip install cryptography）") from None
        except Exception as e:  # noqa: BLE001
            raise LoadError(f"PDF 已加密，无法解密（{type(e).__name__}: {e}）") from None
        if not opened:
            raise LoadError("PDF 已加密（需要打开密码），无法检查；请提供未加密的文件")
    try:
        pages = list(reader.pages)
    except FileNotDecryptedError:
        raise LoadError("PDF 已加密（需要打开密码），无法检查；请提供未加密的文件") from None
    except Exception as e:  # noqa: BLE001
        raise LoadError(f"PDF 文件已损坏，无法读取页面（{type(e).__name__}: {e}）") from None

    parts: list[tuple[str, str]] = []
    page_first_part: list[tuple[int, list[str]]] = []  # part index where a page starts, its links
    scanned: list[int] = []
    garbled: list[int] = []
    broken: list[int] = []
    for n, page in enumerate(pages, 1):
        try:
            raw = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one bad page must not hide the others
            broken.append(n)
            continue
        if not raw.strip():
            if _has_marks(page):
                scanned.append(n)
            continue
        if _garbled(raw):
            garbled.append(n)
            continue
        first = len(parts)
        parts.extend((p, f"第{n}页") for p in _paragraphs(raw))
        links = _page_links(page)
        if links:
            page_first_part.append((first, links))

    missing: list[str] = []
    if scanned:
        missing.append(f"第{_pages_zh(scanned)}页是{_SCANNED}")
    if garbled:
        missing.append(f"第{_pages_zh(garbled)}页{_GARBLED}")
    if broken:
        missing.append(f"第{_pages_zh(broken)}页无法解析")
    if not parts:
        if scanned and not garbled and not broken:
            raise LoadError(f"扫描件，无文字层，无法检查（共 {len(pages)} 页，需人工审核或先做文字识别）")
        if missing:
            raise LoadError("；".join(missing) + "，无法检查")
        raise LoadError("PDF 中没有文字", status="skipped")

    base = Document.from_blocks(path, parts, kind="pdf")
    doc = PdfDocument(path=path, blocks=base.blocks, text=base.text, kind="pdf", pages=len(pages),
                      unchecked=("；".join(missing) + "，未能检查（其余页已检查）") if missing else None)
    for idx, urls in page_first_part:
        at = doc.blocks[idx].start
        doc.links.extend(Link(u, at, at) for u in urls)
    return doc
