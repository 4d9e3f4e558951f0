"""Links and sources (LINK001–LINK003, SRC001–SRC004): tables of valid and invalid texts, links
from .docx and HTML with their locations, the opt-in reachability check against a local HTTP
server on 127.0.0.1 (no other network), and the five regulations."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import docx
import pytest

from docx_factory import _add_hyperlink, build_kitchen_sink
from sensitive_lint import lint_path, lint_text
from sensitive_lint.checks import links
from sensitive_lint.config import Config
from sensitive_lint.context import Context
from sensitive_lint.engine import lint_bytes

REGULATIONS = sorted((Path(__file__).resolve().parents[2] / "shared" / "regulations").glob("*.txt"))
CODES = ("LINK", "SRC")
CONFIG = Config(select=CODES)


def hits(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(text, config=CONFIG)]


INVALID = [
    # LINK001 non-government domains
    ("详见https://mp.weixin.qq.com/s/abc。", [("LINK001", "https://mp.weixin.qq.com/s/abc")]),
    ("原文：http://www.example.com/a?b=1&c=2，请查阅", [("LINK001", "http://www.example.com/a?b=1&c=2")]),
    ("见 www.baidu.com 。", [("LINK001", "www.baidu.com")]),
    ("（https://weibo.com/u/123）", [("LINK001", "https://weibo.com/u/123")]),
    ("链接：https://news.cn.example.com/x", [("LINK001", "https://news.cn.example.com/x")]),
    ("链接：https://fakegov.cn/x", [("LINK001", "https://fakegov.cn/x")]),
    ("ftp://files.example.org/a.zip", [("LINK001", "ftp://files.example.org/a.zip")]),
    # LINK002 intranet and local files
    ("附件：file:///C:/Users/办公室/Desktop/名单.xlsx", [("LINK002", "file:///C:/Users/办公室/Desktop/名单.xlsx")]),
    ("系统地址 http://192.168.1.10/oa/login", [("LINK002", "http://192.168.1.10/oa/login")]),
    ("http://10.0.0.5:8080/x", [("LINK002", "http://10.0.0.5:8080/x")]),
    ("http://localhost/test", [("LINK002", "http://localhost/test")]),
    ("http://oa.local/x", [("LINK002", "http://oa.local/x")]),
    # SRC001 repost without source
    ("【转载】\n关于做好春季森林防火工作的通知\n正文。", [("SRC001", "【转载】")]),
    ("标题\n（转载）\n正文。", [("SRC001", "（转载）")]),
    ("转载自：\n正文。", [("SRC001", "转载自：")]),
    # SRC002 公文 without 此件公开发布
    ("渝府办发〔2024〕12号\n重庆市人民政府办公厅关于……的通知\n正文。", [("SRC002", "渝府办发〔2024〕12号")]),
    ("重庆市人民政府办公厅文件\n渝府办发〔2024〕12号\n关于……的通知", [("SRC002", "渝府办发〔2024〕12号")]),
    ("索引号：001\n发文字号：国办发〔2024〕5号\n正文", [("SRC002", "发文字号：国办发〔2024〕5号")]),
    ("盘县政办发〔2021〕10号 盘山县人民政府办公室关于印发……的通知", [("SRC002", "盘县政办发〔2021〕10号")]),
    # SRC003 vague source
    ("（图片来源于网络）", [("SRC003", "图片来源于网络")]),
    ("正文。\n来源：网络", [("SRC003", "来源：网络")]),
    ("正文。\n来源：网络整理", [("SRC003", "来源：网络整理")]),
    ("转自网络\n正文。", [("SRC003", "转自网络")]),
    ("图片来自网络，侵删", [("SRC003", "图片来自网络")]),
    ("素材来源：朋友圈", [("SRC003", "素材来源：朋友圈")]),
    # SRC004 marked not for publication
    ("正文。\n（此件不公开）", [("SRC004", "此件不公开")]),
    ("公开属性：不予公开", [("SRC004", "公开属性：不予公开")]),
]

VALID = [
    "详见中国政府网 http://www.gov.cn/zhengce/ 。",
    "https://www.cq.gov.cn/zwgk/a.html",
    "http://WWW.GOV.CN/",
    "https://www.news.cn/politics/2024-05/01/c_1.htm",
    "https://tv.cctv.com/2024/12/31/VIDE1.shtml",
    "www.12339.gov.cn",
    "https://www.people.com.cn/ https://www.qstheory.cn/ https://www.gmw.cn/",
    "http://example.政务/a",
    "联系邮箱：office@example.com",
    "mailto:office@example.com",
    "tel:023-12345678",
    "#top",
    "版本 v1.2.3，文件 report.docx",
    # Sources
    "【转载】\n正文。\n来源：人民网",
    "【转载】\n正文。\n（稿件来源：新华社）",
    "转自人民网\n正文。",
    "来源于新华网\n正文。",
    "本文转载自人民日报客户端\n正文。",
    "未经授权不得转载。",
    "转载请注明出处。",
    "诈骗信息主要来源于网络。",
    "要加强网络来源信息的核实。",
    # 公文 with a 公开属性
    "渝府办发〔2024〕12号\n通知\n正文。\n（此件公开发布）",
    "渝府办发〔2024〕12号\n通知\n公开属性：主动公开",
    "国办发〔2024〕5号\n通知\n正文\n主动公开",
    "根据国发〔2024〕1号文件精神，现通知如下。",
    "按照《重庆市人民政府办公厅关于印发……的通知》（渝府办发〔2019〕63号）要求",
    "凡属不予公开的政府信息，依法不予公开。",
    "依申请公开的办理时限为20个工作日。",
]


@pytest.mark.parametrize("text,expected", INVALID)
def test_invalid(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize("text", VALID)
def test_valid(text: str) -> None:
    assert hits(text) == []


def test_severities_and_checkpoints() -> None:
    text = ("【转载】\n盘县政办发〔2021〕10号\n详见 https://mp.weixin.qq.com/s/a 与 http://192.168.1.1/\n"
            "（图片来源于网络）")
    got = [(f.rule, f.category, f.severity, f.checkpoint) for f in lint_text(text, config=CONFIG)]
    assert got == [
        ("SRC001", "source", "warning", "真实性"),
        ("SRC002", "source", "warning", "保密性"),
        ("LINK001", "link", "warning", "安全性"),
        ("LINK002", "link", "warning", "安全性"),
        ("SRC003", "source", "warning", "真实性"),
    ]
    got = [(f.rule, f.severity) for f in lint_text("（此件不公开）\n公开方式：依申请公开", config=CONFIG)]
    # 依申请公开: not to be pushed on the website, but not forbidden either.
    assert got == [("SRC004", "error"), ("SRC004", "warning")]


def test_the_public_marking_is_what_clears_a_document() -> None:
    # SRC004 outranks SRC002: a document marked 不予公开 is not "unmarked".
    assert [f.rule for f in lint_text("国办发〔2024〕5号\n通知\n（此件不公开）", config=CONFIG)] == ["SRC004"]


def test_the_domain_list_is_data(tmp_path: Path) -> None:
    lines = (Context().wordlist_dir / "links" / "official-domains.txt").read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    assert any(ln.startswith("# source:") for ln in header) and any(ln.startswith("# category: link") for ln in header)
    domains = links.official_domains(Context())
    assert {"gov.cn", "xinhuanet.com", "people.com.cn", "cctv.com", "news.cn", "gmw.cn",
            "chinadaily.com.cn", "qstheory.cn"} <= domains
    # A county adds its own media in another file of the folder.
    data = tmp_path / "data"
    (data / "wordlists" / "links").mkdir(parents=True)
    (data / "wordlists" / "links" / "local.txt").write_text("# county media\ncqyy.net\n", encoding="utf-8")
    ctx = Context(CONFIG, data=data)
    from sensitive_lint.engine import lint_text as lt
    assert [f.rule for f in lt("见 https://www.cqyy.net/a 和 https://x.example.com/", ctx=ctx)] == ["LINK001"]


def test_html_anchor_links_are_reported_once_at_their_anchor_text() -> None:
    html = ('<html><body><p>详见<a href="https://mp.weixin.qq.com/s/x">公众号文章</a>和'
            '<a href="http://www.gov.cn/">中国政府网</a>，原文 <a href="https://example.com/a">https://example.com/a</a>'
            '，<a href="mailto:a@b.cn">来信</a><a href="#top">顶部</a><a href="/zwgk/1.html">站内</a></p></body></html>')
    r = lint_bytes(html.encode("utf-8"), "a.html", config=CONFIG)
    assert [(f.rule, f.text) for f in r.findings] == [
        ("LINK001", "公众号文章"), ("LINK001", "https://example.com/a")]
    assert "https://mp.weixin.qq.com/s/x" in r.findings[0].message


def test_docx_hyperlinks_with_location(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("关于开展政务公开工作的通知")
    p = d.add_paragraph("政策原文见")
    _add_hyperlink(p, "http://www.gov.cn/zhengce/", "中国政府网")
    p = d.add_paragraph("相关解读见")
    _add_hyperlink(p, "https://mp.weixin.qq.com/s/abc", "公众号文章")
    t = d.add_table(rows=1, cols=1)
    _add_hyperlink(t.cell(0, 0).paragraphs[0], "file:///C:/Users/a/名单.xlsx", "名单")
    path = tmp_path / "links.docx"
    d.save(path)
    r = lint_path(path, config=CONFIG)
    got = [(f.rule, f.location, f.text, f.line) for f in r.findings]
    assert got == [
        ("LINK001", "段落 3", "公众号文章", 3),
        ("LINK002", "表格1 第1行第1列", "名单", 4),
    ]
    assert "mp.weixin.qq.com" in r.findings[0].message


def test_docx_field_code_hyperlink(tmp_path: Path) -> None:
    r = lint_path(build_kitchen_sink(tmp_path / "k.docx"), config=CONFIG)
    # The kitchen sink has a hyperlink to www.gov.cn (fine) and a field-code HYPERLINK to
    # example.com on the paragraph 详见示例网站.
    assert [(f.rule, f.location, f.text) for f in r.findings] == [("LINK001", "段落 6", "示例网站")]


# -- LINK003 against a local server ------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, head: bool) -> None:
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/nohead" and head:
            self.send_response(405)
        elif self.path == "/nohead":
            self.send_response(200)
        elif self.path == "/error":
            self.send_response(500)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        type(self).seen.append(("HEAD", self.path))
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        type(self).seen.append(("GET", self.path))
        self._answer(head=False)

    def log_message(self, *args: object) -> None:
        pass

    seen: list[tuple[str, str]] = []


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_link003_reports_broken_links_only_when_selected(server: str) -> None:
    text = (f"正常 {server}/ok 跳转 {server}/moved 不支持HEAD {server}/nohead\n"
            f"失效 {server}/missing 出错 {server}/error 再次 {server}/missing")
    got = [(f.rule, f.text, f.message) for f in lint_text(text, config=Config(select=("LINK003",)))]
    assert [(r, t) for r, t, _ in got] == [
        ("LINK003", f"{server}/missing"), ("LINK003", f"{server}/error"), ("LINK003", f"{server}/missing")]
    assert "HTTP 404" in got[0][2] and "HTTP 500" in got[1][2]
    # One request per distinct URL; HEAD first (a redirect is followed with HEAD), GET only
    # where HEAD was refused.
    assert _Handler.seen.count(("HEAD", "/missing")) == 1
    assert [r for r in _Handler.seen if r[0] == "GET"] == [("GET", "/nohead")]


def test_link003_is_off_by_default(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(url: str, timeout: float = 0) -> None:
        raise AssertionError("LINK003 must not touch the network unless selected")

    monkeypatch.setattr(links, "_status", no_network)
    text = f"失效 {server}/missing"
    assert [f.rule for f in lint_text(text)] == ["LINK002"]  # 127.0.0.1 is not a public address
    assert [f.rule for f in lint_text(text, config=Config(select=("LINK",)))] == ["LINK002"]
    assert _Handler.seen == []


def test_link003_unreachable_host(server: str) -> None:
    dead = server.rsplit(":", 1)[0] + ":1"  # nothing listens on port 1
    (f,) = lint_text(f"见 {dead}/x", config=Config(select=("LINK003",)))
    assert f.rule == "LINK003" and "无法连接" in f.message


@pytest.mark.parametrize("path", REGULATIONS, ids=lambda p: p.stem)
def test_regulations_give_no_link_or_source_finding(path: Path) -> None:
    r = lint_path(path, config=CONFIG)
    assert r.status == "checked"
    # No error-level finding, and in fact none at all: the notices contain no URL, no repost
    # mark and no 公开属性 marking problem. youyang cites 渝府办发〔2019〕63号 in its first
    # paragraph: a citation, not its own number at the head. jinping's own number 〔2024〕—2 号
    # has no 机关代字 and panshan's head line is interleaved with pinyin (發(fā)〔2021〕10號(hào)),
    # so neither is recognised as a 发文字号: both are published without “此件公开发布” and a
    # reviewer should look, but the rule does not guess at garbled numbers.
    assert [(f.rule, f.text) for f in r.findings] == []


def test_every_rule_example_triggers_its_rule() -> None:
    for rule in links.RULES:
        assert rule.what and rule.why and rule.fix and rule.regulation
        if rule.code == "LINK003":
            assert rule.default_enabled is False
            continue  # needs the network: tested against the local server above
        assert rule.code in {f.rule for f in lint_text(rule.example, config=CONFIG)}, rule.code
