"""HTML: the visible text only (no script/style), one block per block-level element, link
targets kept, and `<!-- sensitive-lint: ... -->` comments turned into suppressions.

Article body. A page of a published archive is mostly site chrome — menus, the header with the
site name, the footer with 主办单位/网站标识码/ICP备案, "相关链接" sidebars — around one article.
Checking the chrome on every page buries the article's findings under the same footer finding
thousands of times, so when a page has both, the article is picked:

1. a known article container: the content divs of the CMSs that gov.cn sites run on (div#zoom,
   .TRS_Editor, #UCAP-CONTENT / .pages_content, .article-content …), else `<article>`, else
   `<main>`;
2. otherwise, when the page has chrome (`<nav>`, `<header>`, `<footer>`, `<aside>`, or elements
   whose class/id says nav/menu/footer/…), the element holding most of the page's running text
   (text density: paragraphs of non-link text scored into their parent and grandparent), if it
   holds most of the page's text;
3. the region checked is the container widened to the nearest ancestor that also holds the
   article's `<h1>` (so the title and the 发布时间/来源 line above the body are kept), as long as
   that ancestor holds no site chrome; inside it `<nav>` and `<aside>` are still left out.
   Without a container, the page is read whole except `<nav>/<header>/<footer>/<aside>`.

The `<title>` is always kept (block "标题"). A simple page (no container, no chrome) is read
whole as before. Links are those of the text that is read; `disable-file` comments count
wherever they stand.
"""
from __future__ import annotations

import re

from lxml import etree, html

from ..model import Document, Link
from .encoding import decode_bytes
from .errors import LoadError

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "center", "title", "br",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WS = re.compile(r"[ \t\r\n\f]+")


def _decode(data: bytes, forced: str | None) -> tuple[str, str]:
    if not forced:
        m = _CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
                declared = "gb18030"  # a superset: pages labelled gb2312 routinely use GBK characters
            try:
                return decode_bytes(data, declared)
            except LoadError:
                pass  # the declaration lies more often than the bytes: fall back to detection
    return decode_bytes(data, forced)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[tuple[str, str]] = []
        self.buf: list[str] = []
        self.buf_len = 0
        self.pending_links: list[tuple[str, int, int]] = []
        self.pending_marks: list[tuple[str, int]] = []
        self.links: list[tuple[str, int, int, int]] = []  # url, part index, start, end
        self.marks: list[tuple[str, int, int]] = []  # comment text, part index, offset
        self.n_para = 0
        self.in_title = False
        self.skip: set[etree._Element] = set()  # chrome inside the region read

    def add(self, s: str) -> None:
        if not s:
            return
        s = _WS.sub(" ", s)
        if not self.buf_len:
            s = s.lstrip()
        if s:
            self.buf.append(s)
            self.buf_len += len(s)

    def flush(self, locator: str | None = None) -> None:
        text = "".join(self.buf).rstrip()
        idx = len(self.parts)
        if text:
            if locator is None:
                self.n_para += 1
                locator = f"段落 {self.n_para}"
            self.parts.append((text, locator))
            for url, s, e in self.pending_links:
                self.links.append((url, idx, min(s, len(text)), min(e, len(text))))
            for t, off in self.pending_marks:
                self.marks.append((t, idx, min(off, len(text))))
        else:
            for url, _s, _e in self.pending_links:
                self.links.append((url, idx, -1, -1))
            for t, _off in self.pending_marks:
                self.marks.append((t, idx, -1))
        self.buf, self.buf_len = [], 0
        self.pending_links, self.pending_marks = [], []

    def walk(self, el: etree._Element) -> None:
        for ch in el:
            tag = ch.tag
            if tag is etree.Comment:
                self.pending_marks.append((ch.text or "", self.buf_len))
            elif not isinstance(tag, str):
                pass
            else:
                tag = tag.lower()
                if tag in _SKIP or ch in self.skip:
                    pass
                elif tag == "br":
                    self.flush()
                elif tag in _BLOCK:
                    self.flush()
                    self.walk_inline(ch, tag)
                    self.flush()
                else:
                    self.walk_inline(ch, tag)
            if ch.tail:
                self.add(ch.tail)

    def walk_inline(self, ch: etree._Element, tag: str) -> None:
        start = self.buf_len
        if ch.text:
            self.add(ch.text)
        self.walk(ch)
        if tag == "a" and ch.get("href"):
            self.pending_links.append((ch.get("href", "").strip(), start, self.buf_len))


# -- article body -----------------------------------------------------------------------------

# Content containers of the CMSs gov.cn sites run on (TRS WCM, 开普云 UCAP, 大汉 Hanweb, 博达
# VSB, 政府网站集约化平台 templates), most specific first.
_CONTAINERS_ID = ("UCAP-CONTENT", "zoom", "Zoom", "fontzoom", "vsb_content", "vsb_content_2",
                  "zoomcon", "art_content", "article_content", "articleContent", "newsContent",
                  "news_content", "conN", "xxgk_content", "detailContent", "content-text", "Content")
_CONTAINERS_CLASS = ("TRS_Editor", "TRS_UEDITOR", "pages_content", "article-content", "article_content",
                     "articleContent", "art_con", "art-con", "content-detail", "detail-content",
                     "news_content", "news-content", "newsContent", "xxgk_content", "zwgk_content",
                     "article-body", "article_body", "wzy_content", "con_text", "view_content", "bt_content")
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
_CHROME_TOKEN = re.compile(
    r"^(?:.*[-_])?(?:nav|navbar|navigation|menu|menus|header|footer|foot|bottom|topbar|top|breadcrumbs?|"
    r"crumbs?|copyright|sidebar|side|share|friendlink|links|yqlj|dh|daohang)(?:[-_].*)?$",
    re.I,
)
_MIN_PARA = 20  # characters of non-link text for a run to count as running text


def _tokens(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split() + ([el.get("id")] if el.get("id") else [])


def _is_chrome(el: etree._Element) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    return tag in _CHROME_TAGS or any(_CHROME_TOKEN.match(t) for t in _tokens(el))


def _elements(body: etree._Element) -> list[etree._Element]:
    return [el for el in body.iter() if isinstance(el.tag, str) and el.tag.lower() not in _SKIP]


def _text_len(el: etree._Element) -> int:
    n = 0
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag.lower() in _SKIP:
            if node is not el and node.tail:  # the tail of a skipped node is still text
                n += len(node.tail.strip())
            continue
        if node.text:
            n += len(node.text.strip())
        if node is not el and node.tail:
            n += len(node.tail.strip())
    return n


def _known_container(body: etree._Element) -> etree._Element | None:
    els = _elements(body)
    for ident in _CONTAINERS_ID:
        for el in els:
            if el.get("id") == ident and _text_len(el):
                return el
    for cls in _CONTAINERS_CLASS:
        found = [el for el in els if cls in (el.get("class") or "").split() and _text_len(el)]
        if found:
            return max(found, key=_text_len)
    for tag in ("article", "main"):
        found = [el for el in els if el.tag.lower() == tag and _text_len(el)]
        if found:
            return max(found, key=_text_len)
    return None


def _own_runs(el: etree._Element) -> int:
    """Non-link characters of the text an element holds directly (not in child blocks)."""
    n = len((el.text or "").strip())
    for ch in el:
        if isinstance(ch.tag, str):
            t = ch.tag.lower()
            if t not in _BLOCK and t not in _SKIP and t != "a":
                n += _text_len(ch)
        if ch.tail:
            n += len(ch.tail.strip())
    return n


def _densest(body: etree._Element, chrome: list[etree._Element]) -> etree._Element | None:
    # Elements themselves as keys: an lxml proxy stays the same object while it is referenced
    # (id() of a dropped proxy may be reused by another element).
    in_chrome = {x for c in chrome for x in c.iter()}
    scores: dict[etree._Element, float] = {}
    runs: dict[etree._Element, int] = {}
    for el in _elements(body):
        if el in in_chrome:
            continue
        n = _own_runs(el)
        if n < _MIN_PARA:
            continue
        runs[el] = n
        parent = el.getparent()
        for weight, anc in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if anc is None or anc in in_chrome:
                continue
            scores[anc] = scores.get(anc, 0.0) + weight * n
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    total = sum(runs.values())
    held = sum(n for el, n in runs.items() if _within(el, best))
    return best if total and held * 2 >= total else None


def _heading(body: etree._Element) -> etree._Element | None:
    """The article's title: the first <h1> outside the chrome."""
    for h in body.iter("h1"):
        if not any(_is_chrome(a) for a in h.iterancestors()) and _text_len(h):
            return h
    return None


def _within(el: etree._Element, container: etree._Element) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _article(body: etree._Element) -> tuple[etree._Element, etree._Element | None, set[etree._Element]]:
    """(region to read, a title heading outside it or None, elements inside it to leave out)."""
    chrome = [el for el in _elements(body) if el is not body and _is_chrome(el)]
    container = _known_container(body)
    if container is None and chrome:
        container = _densest(body, chrome)
    if container is None or container is body:
        # Whole page, minus the semantic chrome elements (class names alone are not trusted
        # on a page where no article stands out).
        skip = {el for el in chrome if el.tag.lower() in _CHROME_TAGS}
        outer = [el for el in skip if not any(a in skip for a in el.iterancestors())]
        if skip and _text_len(body) <= sum(_text_len(el) for el in outer):
            skip = set()  # nothing but chrome: read it all rather than nothing
        return body, None, skip
    region = container
    title = _heading(body)
    heading = None if title is None or _within(title, container) else title
    if heading is not None:
        container_anc = set(container.iterancestors())
        lca = next((a for a in heading.iterancestors() if a in container_anc), None)
        if lca is not None and lca is not body and lca.tag.lower() != "html":
            region, heading = lca, None
    # Inside the region: chrome around the container (breadcrumbs, share bars, a sidebar)
    # is left out; inside the container only <nav> and <aside> (an <article>'s own <header>
    # and <footer> hold its title and 责任编辑).
    skip = set()
    for el in region.iter():
        if el is region or not isinstance(el.tag, str):
            continue
        if _within(el, container):
            if el is not container and el.tag.lower() in ("nav", "aside"):
                skip.add(el)
        elif _is_chrome(el) and not (title is not None and _within(title, el)) and not _within(container, el):
            skip.add(el)
    return region, heading, skip


def load_html(data: bytes, path: str, encoding: str | None = None) -> Document:
    text, used = _decode(data, encoding)
    if not text.strip():
        return Document(path=path, blocks=[], text="", kind="html", encoding=used)
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise LoadError(f"无法解析 HTML: {e}") from None
    b = _Builder()
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        b.add(title.text or "")
        b.flush("标题")
    # Comments before <body> (in <head>) still count as file-level directives.
    head = root.find("head")
    if head is not None:
        for c in head.iter(etree.Comment):
            b.pending_marks.append((c.text or "", 0))
    body = root.find("body")
    if body is None:
        b.walk(root)
    else:
        region, heading, skip = _article(body)
        b.skip = skip
        if region is body:
            b.walk(body)
        else:
            # Directives outside the region: only file-wide ones still mean something.
            inside = set(region.iter(etree.Comment))
            if heading is not None:
                inside.update(heading.iter(etree.Comment))
            for c in body.iter(etree.Comment):
                if c not in inside and "disable-file" in (c.text or ""):
                    b.pending_marks.append((c.text or "", 0))
            b.flush()
            if heading is not None:
                b.walk_inline(heading, "h1")
                b.flush()
            b.flush()
            b.walk_inline(region, region.tag if isinstance(region.tag, str) else "div")
    b.flush()
    doc = Document.from_blocks(path, b.parts, kind="html", encoding=used)
    starts = [blk.start for blk in doc.blocks]
    for url, idx, s, e in b.links:
        if s < 0 or idx >= len(starts):
            base = starts[idx] if idx < len(starts) else len(doc.text)
            doc.links.append(Link(url, base, base))
        else:
            doc.links.append(Link(url, starts[idx] + s, starts[idx] + e))
    from ..suppress import parse_marker

    for t, idx, off in b.marks:
        base = starts[idx] if idx < len(starts) else len(doc.text)
        d = parse_marker(t, doc, base + max(off, 0))
        if d is not None:
            doc.directives.append(d)
    return doc
