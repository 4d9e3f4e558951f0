"""HTML article body: on pages of published archives (gov.cn CMS templates), the article is
checked and the site chrome around it (menus, header, footer with 网站标识码/ICP, sidebars) is not;
simple pages are read whole as before."""
from __future__ import annotations

from sensitive_lint import lint_bytes
from sensitive_lint.loaders import load_bytes

# A county site page as the TRS/集约化 templates render it (trimmed, structure kept).
GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于做好2024年防汛工作的通知_通知公告_某某县人民政府</title>
<meta name="ArticleTitle" content="关于做好2024年防汛工作的通知">
<script type="text/javascript">var pageTitle = "机密★不应被读取";</script>
<link rel="stylesheet" href="/images/style.css"></head>
<body>
<div class="top-bar"><div class="w1200">欢迎访问某某县人民政府网站 <a href="/wza/">无障碍</a> <a href="/en/">English</a></div></div>
<div class="header"><div class="logo"><h1><img src="/images/logo.png" alt="">某某县人民政府</h1></div>
  <div class="search"><input type="text" value="请输入关键词"><a href="/search/">搜索</a></div></div>
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li><li><a href="http://www.example-mall.com/">商城</a></li></ul></div>
<div class="main w1200">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
  <div class="article">
    <h1 class="article-title">关于做好2024年防汛工作的通知</h1>
    <div class="article-info">发布时间：2024-05-12 来源：县应急管理局 字号：[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]</div>
    <div id="zoom" class="article-con"><div class="TRS_Editor">
      <p>各乡镇人民政府，县政府各部门：</p>
      <p>为切实做好今年防汛工作，确保人民群众生命财产安全，现将有关事项通知如下。</p>
      <p>联系人：王五，手机13812345678。</p>
      <p>详见<a href="http://www.example.com/flood.html">防汛指南</a>。</p>
      <p style="text-align:right">某某县人民政府办公室</p>
    </div></div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
    <div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
  </div>
  <div class="sidebar"><h3>相关文件</h3><ul>
    <li><a href="http://www.other-site.com/a">友情链接：某某商贸网</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：某某县人民政府办公室 联系电话：023-75551234 地址：某某县城关镇政府路8号</p>
  <p>网站标识码：5002420001 <a href="https://beian.miit.gov.cn/">渝ICP备05003300号</a> 渝公网安备 50024202000001号</p></div>
</body></html>"""


def test_gov_page_article_body_is_picked() -> None:
    doc = load_bytes(GOV_PAGE.encode("gb18030"), "tzgg/t20240512_1.html")
    lines = doc.text.splitlines()
    assert lines == [
        "关于做好2024年防汛工作的通知_通知公告_某某县人民政府",  # <title>
        "关于做好2024年防汛工作的通知",  # the article's <h1>
        "发布时间：2024-05-12 来源：县应急管理局 字号：[ 大 中 小 ]",  # kept: 来源 is checked
        "各乡镇人民政府，县政府各部门：",
        "为切实做好今年防汛工作，确保人民群众生命财产安全，现将有关事项通知如下。",
        "联系人：王五，手机13812345678。",
        "详见防汛指南。",
        "某某县人民政府办公室",
        "打印本页 关闭窗口",
    ]
    assert doc.blocks[0].locator == "标题"
    # Only the article's links: not the menu's shop, the sidebar's or the footer's.
    assert [(link.url, doc.text[link.start:link.end]) for link in doc.links if link.url.startswith("http")] == [
        ("http://www.example.com/flood.html", "防汛指南"),
    ]


def test_gov_page_findings_are_the_articles_only() -> None:
    r = lint_bytes(GOV_PAGE.encode("gb18030"), "page.html")
    texts = {f.text for f in r.findings}
    assert "138****5678" in texts
    assert not any("5002420001" in f.text or "ICP" in f.text or "商城" in f.text for f in r.findings)
    assert not any(f.location and "页脚" in f.location for f in r.findings)


def test_gov_cn_policy_page_ucap_container() -> None:
    page = """<html><head><meta charset="utf-8"><title>国务院办公厅关于某事项的通知_国务院文件_中国政府网</title></head>
    <body><div class="header"><div class="nav"><a href="/">首页</a> <a href="/zhengce/">政策</a></div></div>
    <div class="BreadcrumbNav">首页 &gt; 政策 &gt; 国务院文件</div>
    <table class="policyLibraryOverview_header"><tr><td>索 引 号：</td><td>000014349/2024-00001</td></tr>
      <tr><td>发文机关：</td><td>国务院办公厅</td></tr></table>
    <div class="pages_content" id="UCAP-CONTENT"><p>各省、自治区、直辖市人民政府：</p><p>经国务院同意，现就有关事项通知如下。</p></div>
    <div class="footer">版权所有：中国政府网 | 中文域名：中国政府网.政务</div></body></html>"""
    doc = load_bytes(page.encode(), "content_1.htm")
    assert doc.text.splitlines() == [
        "国务院办公厅关于某事项的通知_国务院文件_中国政府网",
        "各省、自治区、直辖市人民政府：",
        "经国务院同意，现就有关事项通知如下。",
    ]


def test_html5_article_keeps_its_header_and_footer() -> None:
    page = """<html><head><title>新闻</title></head><body>
    <header><a href="/">网站首页</a><nav><a href="/a">栏目一</a><a href="/b">栏目二</a></nav></header>
    <main><article><header><h1>县长调研防汛工作</h1><p>2024-06-01</p></header>
      <p>6月1日，县长到某某镇调研防汛工作。</p><aside>相关阅读：往期报道</aside>
      <footer>责任编辑：李四</footer></article></main>
    <footer>版权所有 © 某某县人民政府</footer></body></html>"""
    doc = load_bytes(page.encode(), "a.html")
    assert doc.text.splitlines() == ["新闻", "县长调研防汛工作", "2024-06-01", "6月1日，县长到某某镇调研防汛工作。", "责任编辑：李四"]


def test_no_container_text_density_picks_the_article() -> None:
    paras = "".join(f"<p>第{i}段：根据县委县政府的统一部署，各乡镇认真开展了农村人居环境整治工作，取得了明显成效，群众满意度持续提升。</p>"
                    for i in range(1, 5))
    page = f"""<html><head><title>工作动态</title></head><body>
    <div class="menu"><a href="/">首页</a> | <a href="/x">机构概况</a> | <a href="/y">政务公开</a></div>
    <table width="1000"><tr><td class="left-col"><a href="/l1">通知公告</a><br><a href="/l2">工作动态</a></td>
    <td class="right-col"><div class="bt">全县农村人居环境整治工作取得成效</div>{paras}</td></tr></table>
    <div class="bottom">主办：某某县人民政府办公室 技术支持：某某网络公司 电话：023-12345678</div></body></html>"""
    doc = load_bytes(page.encode(), "b.html")
    lines = doc.text.splitlines()
    assert lines[0] == "工作动态" and lines[1] == "全县农村人居环境整治工作取得成效"
    assert len(lines) == 6 and lines[2].startswith("第1段")
    assert "主办" not in doc.text and "机构概况" not in doc.text


def test_simple_page_is_read_whole() -> None:
    page = """<html><head><title>公告</title></head><body><div class="nav">首页 | 政务公开</div>
    <p>关于停水的公告</p><p>因管网维修，城区部分区域停水。</p></body></html>"""
    doc = load_bytes(page.encode(), "c.html")
    assert doc.text.splitlines() == ["公告", "首页 | 政务公开", "关于停水的公告", "因管网维修，城区部分区域停水。"]


def test_disable_file_comment_outside_the_article_still_counts() -> None:
    page = GOV_PAGE.replace('<div class="footer">', '<!-- sensitive-lint: disable-file=PRIV002 --><div class="footer">')
    r = lint_bytes(page.encode("gb18030"), "page.html")
    assert not any(f.rule == "PRIV002" for f in r.findings)
