"""Links and sources: 慎重添加外部链接 (panshan 一(三)3), 转载注明来源 (jinping 第二条(六), city 第七条,
第十条(二)), and 公文 only when marked "此件公开发布" (youyang §三).

Links come from the loaders (docx hyperlinks incl. field-code HYPERLINKs, HTML anchors) and from
URLs written in the text. Whether a link still resolves (LINK003) needs the network: that rule is
off by default and only runs when named exactly (`--select LINK003` or `extend-select`; not by a
prefix such as LINK or ALL); it sends one HEAD request per distinct URL.
"""
from __future__ import annotations

import ipaddress
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from ..context import Context
from ..model import Document, Hit
from ..registry import REG_CITY, REG_JINPING, REG_PANSHAN, REG_YOUYANG, Rule
from ..wordlists import read_phrases

_SRC = "src/sensitive_lint/checks/links.py"
_LINK = dict(category="link", source=_SRC)
_SOURCE = dict(category="source", source=_SRC)
_REG_LINK = f"{REG_PANSHAN} 一(三)3（慎重添加外部链接）"
_REG_REPOST = f"{REG_JINPING} 第二条(六); {REG_CITY} 第七条、第十条(二)"
_REG_PUBLIC = f"{REG_YOUYANG}（未明确标注为“此件公开发布”的公文不上网；重点审查公开属性确定情况）"

RULES = [
    Rule(
        code="LINK001", name="external-link", severity="warning", checkpoint="安全性",
        message="外部链接指向非政府网站，须经分管领导批准",
        regulation=_REG_LINK,
        what="超链接（Word 超链接、HTML 链接）和正文中写出的网址，域名不是 gov.cn（含各级政府网站）、.政务，"
             "也不在中央主要新闻网站名单（wordlists/links/*.txt）中。http 与 https 不区分；mailto:、tel:、页内锚点和"
             "站内相对链接不查。",
        why="链接非上级政府门户网站的，须经本单位分管领导批准后方可添加，并确保长期有效，避免错链、断链。",
        example="详见 https://mp.weixin.qq.com/s/abc",
        fix="改链到政府网站或权威媒体的同一内容；确需保留的，报分管领导批准并在审签表中注明。",
        **_LINK,
    ),
    Rule(
        code="LINK002", name="internal-address", severity="warning", checkpoint="安全性",
        message="链接指向内网地址或本机文件",
        regulation=f"{_REG_LINK}; {REG_JINPING} 第二条(二)（内部办公信息不得上网）",
        what="指向本机文件（file:///C:/…、C:\\…、\\\\服务器\\共享）、localhost、内网 IP（10.x、172.16–31.x、192.168.x、"
             "127.x）或 .local/.lan 主机的链接。",
        why="公众打不开这样的链接（断链），而且暴露了单位内网结构和办公电脑的文件路径。",
        example="附件：file:///C:/Users/办公室/Desktop/名单.xlsx",
        fix="把文件作为附件上传到网站后改链到网站上的地址，或删除链接。",
        **_LINK,
    ),
    Rule(
        code="LINK003", name="broken-link", severity="warning", checkpoint="完整性",
        message="链接无法访问",
        regulation=f"{_REG_LINK}（务必确保该链接长期有效，避免出现错链和断链）",
        what="对每个 http(s) 链接发送 HEAD 请求（服务器不支持 HEAD 时改用 GET），返回 4xx/5xx 或连接失败、超时（5 秒）的。"
             "需要联网，默认关闭：必须写出完整代码才会运行（--select LINK003 或配置 extend-select = [\"LINK003\"]），"
             "--select LINK 或 ALL 不会触发联网。",
        why="错链、断链是政府网站检查的扣分项，也让读者找不到引用的原文。",
        example="https://www.example.gov.cn/已删除的页面.html（HTTP 404）",
        fix="改成有效的地址，或删除链接。",
        default_enabled=False,
        **_LINK,
    ),
    Rule(
        code="SRC001", name="repost-without-source", severity="warning", checkpoint="真实性",
        message="转载稿件未注明来源",
        regulation=_REG_REPOST,
        what="文首标明是转载（【转载】、“转载”“转自”“来源于”开头的行），但全文没有“来源：××”（或“出处：”“原文链接：”）"
             "这样的出处，标明转载的那一行本身也没有写出处。",
        why="转载的信息应注明来源（原稿作者及出处），且只能转载有信息发布资质的来源。",
        example="【转载】\n关于做好春季森林防火工作的通知……（全文没有来源）",
        fix="在文首或文末加“来源：××”（原发网站或媒体的名称），必要时附原文链接。",
        **_SOURCE,
    ),
    Rule(
        code="SRC002", name="official-document-not-marked", severity="warning", checkpoint="保密性",
        message="公文未标注“此件公开发布”或公开属性",
        regulation=_REG_PUBLIC,
        what="文首有发文字号（渝府办发〔2019〕63号，或“发文字号：……”）的公文，全文没有“此件公开发布”，也没有"
             "“公开属性：主动公开”这类公开属性标注。",
        why="未明确标注为“此件公开发布”的公文不上网：公开属性没有确定的公文可能不宜公开。",
        example="渝府办发〔2024〕12号\n重庆市人民政府办公厅关于……的通知\n……（全文没有公开属性标注）",
        fix="核对公文的公开属性：主动公开的，在附注处加“（此件公开发布）”；不是主动公开的，不上网。",
        **_SOURCE,
    ),
    Rule(
        code="SRC003", name="unqualified-source", severity="warning", checkpoint="真实性",
        message="来源不明确（“来源：网络”）",
        regulation=f"{_REG_REPOST}（不得直接转载没有信息发布资质的网站、微博、微信等发布的新闻信息）",
        what="出处写成“网络”“互联网”“网友”“朋友圈”“微信群”“抖音”等说不出发布者的来源：来源：网络、图片来源于网络、"
             "转自网络、素材来自网络整理。",
        why="“来源：网络”等于没有注明来源，也说明转载的可能是没有信息发布资质的来源，存在真实性和版权风险。",
        example="（图片来源于网络）",
        fix="找到原始发布者（权威媒体或政府网站）并写明；找不到可靠来源的内容不转载。",
        **_SOURCE,
    ),
    Rule(
        code="SRC004", name="document-not-for-publication", severity="error", checkpoint="保密性",
        message="公文标注为不公开",
        regulation=_REG_PUBLIC,
        what="标注“此件不公开”“此件不予公开”“公开属性：不予公开”的公文（error）；标注“依申请公开”的（warning：依申请"
             "公开的文件只向申请人提供，不在网站主动发布）。",
        why="公开属性为不予公开的公文不得上网；依申请公开的公文不应主动发布。",
        example="（此件不公开）",
        fix="撤下该稿件；确需公开的，先按程序变更公开属性。",
        **_SOURCE,
    ),
]

# -- links --------------------------------------------------------------------------------------

# Starts with a character class (fast to scan for); the character before is checked in code.
_URL = re.compile(
    r"[hHfFwW](?:ttps?://|TTPS?://|tp://|TP://|ile:/{1,3}|ILE:/{1,3}|ww\.|WW\.)[^\s<>\"'，。；、！？（）()【】\[\]《》「」“”‘’|{}\u3000]+",
    re.I,
)
_TRAIL = ".,;:!?'\")]}…"
_URL_GLUE = frozenset("@_.-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_IGNORED_SCHEMES = ("mailto:", "tel:", "sms:", "javascript:", "data:", "#", "callto:", "weixin:")
_WINPATH = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_LOCAL_SUFFIXES = (".local", ".lan", ".intranet", ".internal", ".localdomain", ".corp", ".home")


@dataclass(frozen=True)
class _Url:
    url: str
    start: int
    end: int
    from_text: bool


def _links(doc: Document) -> list[_Url]:
    out = [_Url(ln.url.strip(), ln.start, ln.end, False) for ln in doc.links if ln.url.strip()]
    spans = [(u.start, u.end) for u in out]
    text = doc.text
    if "://" not in text and ":/" not in text and "www." not in text and "WWW." not in text:
        return out
    for m in _URL.finditer(text):
        if m.start() > 0 and text[m.start() - 1] in _URL_GLUE:
            continue  # part of a longer word, a path or an e-mail address (office@www.x.cn)
        url = m.group(0).rstrip(_TRAIL)
        s, e = m.start(), m.start() + len(url)
        if any(a < e and s < b or a == b == s for a, b in spans):
            continue  # the anchor text of a hyperlink already reported
        out.append(_Url(url, s, e, True))
    return out


def _host(url: str) -> str | None:
    """Lower-cased host of an absolute URL; None for relative links and ignored schemes."""
    low = url.lower()
    if not low or low.startswith(_IGNORED_SCHEMES):
        return None
    if low.startswith("www."):
        low = "http://" + low
    if not re.match(r"^[a-z][a-z0-9+.\-]*://", low):
        return None  # a relative link: same site
    try:
        host = urlsplit(low).hostname or ""
    except ValueError:
        return None
    return host.rstrip(".")


def _is_internal(url: str, host: str | None) -> bool:
    low = url.lower()
    if low.startswith("file:") or _WINPATH.match(url):
        return True
    if not host:
        return False
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local


def official_domains(ctx: Context) -> frozenset[str]:
    def build() -> frozenset[str]:
        d = ctx.wordlist_dir / "links"
        files = sorted(d.glob("*.txt")) if d.is_dir() else []
        return frozenset(w.lower().strip(".") for f in files for w in read_phrases(f))
    return ctx.cached("links:official-domains", build)


def _is_official(host: str, allowed: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in allowed for i in range(len(parts)))


def _link_hits(doc: Document, ctx: Context, urls: list[_Url]) -> Iterator[Hit]:
    allowed = official_domains(ctx)
    for u in urls:
        host = _host(u.url)
        if _is_internal(u.url, host):
            yield Hit("LINK002", u.start, u.end, message=f"链接指向内网地址或本机文件：{u.url}，公众无法访问")
        elif host and not _is_official(host, allowed):
            where = "" if u.from_text else f"：{u.url}"
            yield Hit("LINK001", u.start, u.end,
                      message=f"外部链接{where}（{host} 不是政府网站或中央主要新闻网站），须经本单位分管领导批准")


# -- LINK003: reachability (network, opt-in) ---------------------------------------------------------

TIMEOUT = 5.0
_WORKERS = 8
_UA = "sensitive-lint link check (+https://pypi.org/project/sensitive-lint/)"


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow redirects with the same method: a HEAD stays a HEAD (urllib turns it into GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def _status(url: str, timeout: float | None = None) -> str | None:
    """None when the URL answers with a success (after redirects); else why it does not."""
    timeout = TIMEOUT if timeout is None else timeout
    opener = urllib.request.build_opener(_KeepMethod)  # reads proxy settings (and no_proxy) now
    for method in ("HEAD", "GET"):
        req = urllib.request.Request(url, method=method, headers={"User-Agent": _UA})
        try:
            with opener.open(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only
                if resp.status < 400:
                    return None
                code = resp.status
        except urllib.error.HTTPError as e:
            code = e.code
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", e)
            return f"无法连接（{reason}）"
        if method == "HEAD" and code in (400, 403, 405, 501):
            continue  # some servers refuse HEAD: ask again with GET
        return f"HTTP {code}"
    return None


def _reachability(ctx: Context, urls: list[_Url]) -> Iterator[Hit]:
    cache: dict[str, str | None] = ctx.cached("links:status", dict)
    checkable = []
    for u in urls:
        url = u.url if not u.url.lower().startswith("www.") else "http://" + u.url
        if url.lower().startswith(("http://", "https://")):
            checkable.append((u, url))
    todo = sorted({url for _, url in checkable if url not in cache})
    if todo:
        with ThreadPoolExecutor(max_workers=min(_WORKERS, len(todo))) as pool:
            for url, status in zip(todo, pool.map(_status, todo)):
                cache[url] = status
    for u, url in checkable:
        if cache[url]:
            yield Hit("LINK003", u.start, u.end, message=f"链接无法访问：{url}（{cache[url]}）")


# -- sources -------------------------------------------------------------------------------------------

_HEAD_LINES = 8
_REPOST_MARK = re.compile(
    r"[【\[（(]\s*转\s*载\s*[】\]）)]"
    r"|^[ \t\u3000]*(?:本文|本信息|本稿|本条)?(?P<verb>转载自?|转自|来源于|摘自|摘编自)[ \t\u3000]*[:：]?[ \t\u3000]*(?P<src>[^\s，。；、]*)",
    re.M,
)
_SOURCE_LINE = re.compile(
    r"(?:^|[\s|｜（(【\[])(?:信息|文章|稿件|新闻|内容|图片|图文|视频|素材|资料)?(?:来源|出处|原文链接|原载于?|稿源)"
    r"[ \t\u3000]*[:：][ \t\u3000]*\S",
    re.M,
)
_VAGUE = "网络|互联网|网上|网友|朋友圈|微信朋友圈|微信群|抖音|快手|百度|自媒体|综合网络|网络资料"
_VAGUE_SOURCE = re.compile(
    rf"(?:来源|来自|出处|转自|转载自|摘自|源自)于?[ \t\u3000]*[:：]?[ \t\u3000]*(?P<src>{_VAGUE})(?:整理|收集)?"
    r"(?=[\s）)】\]|｜。，；,]|$)"
)
_SOURCE_WORDS = ("来源", "来自", "出处", "转自", "摘自", "源自")
# What may stand before 来源 in a source line: 图片来源于网络, （素材来源：网络）.
_VAGUE_PREFIX = re.compile(r"(?:部分图片|图片|图文|文图|信息|文章|稿件|内容|素材|资料|视频|文字)$")
_LINE_START = frozenset("\n \t\u3000|｜（(【[")
_HAO = "号號"
_DOCNO = rf"(?P<code>[\u4e00-\u9fff]{{1,12}})[〔\[【(（［][ \t]*(?:19|20)\d\d[ \t]*[〕\]】)）］][ \t]*第?[ \t]*\d{{1,5}}[ \t]*[{_HAO}]"
# This document's own number: a line of its own at the head (or followed by the title), or the
# 发文字号 field of a web page's metadata box; not a citation (根据国发〔2024〕1号文件……).
_DOCNO_HEAD = re.compile(
    rf"^[ \t\u3000]*(?!根据|按照|依据|依照|贯彻|落实|执行|关于|转发|印发|参照){_DOCNO}(?=[ \t\u3000]|$)"
    rf"|发文字号[ \t]*[:：][ \t]*{_DOCNO.replace('?P<code>', '?P<code2>')}",
    re.M,
)
_PUBLIC_MARK = re.compile(
    r"此件(?:公[开開][发發]布|主动公[开開]|不公[开開]|不予公[开開]|依申请公[开開])"
    r"|公[开開](?:属性|屬性|方式|类型|選項|选项)[ \t]*[:：]?[ \t]*(?:主动公[开開]|依申请公[开開]|不予公[开開]|不公[开開])"
    r"|^[ \t\u3000]*[（(]?[ \t]*(?:主动公开|依申请公开|不予公开)[ \t]*[）)]?[ \t\u3000]*$",
    re.M,
)
_NOT_PUBLIC = re.compile(
    r"此件(?P<a>不公开|不予公开|依申请公开)"
    r"|公开(?:属性|方式|类型|选项)[ \t]*[:：][ \t]*(?P<b>不予公开|不公开|依申请公开)"
)


def _head(text: str) -> str:
    """The first few non-empty lines: where a repost mark or a 发文字号 stands."""
    n, pos = 0, 0
    while n < _HEAD_LINES and pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl == -1 else nl
        if text[pos:nl].strip():
            n += 1
        pos = nl + 1
    return text[:pos]


def _source_hits(text: str) -> Iterator[Hit]:
    head = _head(text)
    for m in _REPOST_MARK.finditer(head):
        src = m["src"] or ""
        if m["verb"] and len(src) >= 2:
            break  # 转自人民网: the mark names the source (SRC003 judges a vague one)
        if not _SOURCE_LINE.search(text):
            yield Hit("SRC001", m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000"))), m.end(),
                      message="标明是转载，但没有注明来源（来源：××）")
        break
    vague = _VAGUE_SOURCE.finditer(text) if any(k in text for k in _SOURCE_WORDS) else ()
    for m in vague:
        p = _VAGUE_PREFIX.search(text, max(0, m.start() - 4), m.start())
        s = p.start() if p else m.start()
        if s > 0 and text[s - 1] not in _LINE_START:
            continue  # prose (诈骗信息主要来源于网络), not a source line
        yield Hit("SRC003", s, m.end(),
                  message=f"来源写成“{m['src']}”，没有说明原始发布者")
    d = _DOCNO_HEAD.search(head)
    # 司法解释 (法释〔2024〕1号, 高检发释字〔2025〕1号) are published by law, as 公告: no marking.
    if d and not (d["code"] or d["code2"]).endswith(("释", "释字")) and not _PUBLIC_MARK.search(text):
        s = d.start() + (len(d.group(0)) - len(d.group(0).lstrip(" \t\u3000")))
        yield Hit("SRC002", s, d.end(),
                  message=f"公文（{d.group(0).strip()}）没有标注“此件公开发布”或公开属性，未明确可公开的公文不上网")
    marked = _NOT_PUBLIC.finditer(text) if "此件" in text or "公开属" in text or "公开方" in text \
        or "公开类" in text or "公开选" in text else ()
    for m in marked:
        kind = m["a"] or m["b"]
        if kind == "依申请公开":
            yield Hit("SRC004", m.start(), m.end(), severity="warning",
                      message="公文的公开属性是“依申请公开”，不应在网站主动发布")
        else:
            yield Hit("SRC004", m.start(), m.end(), message=f"公文标注为“{kind}”，不得上网发布")


def network_enabled(ctx: Context) -> bool:
    """LINK003 sends requests: only when named exactly (`--select LINK003`), not by a prefix
    (`--select LINK`) or ALL, and not when ignored."""
    c = ctx.config
    named = any(p.upper() == "LINK003" for p in c.select + c.extend_select)
    return named and c.is_enabled("LINK003", False)


def rules(ctx: Context) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Hit]:
    urls = _links(doc)
    yield from _link_hits(doc, ctx, urls)
    if urls and network_enabled(ctx):
        yield from _reachability(ctx, urls)
    yield from _source_hits(doc.text)
