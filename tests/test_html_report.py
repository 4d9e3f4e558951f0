"""The HTML report (`--format html -o report.html`) in a real headless browser (Debian's
chromium at /usr/bin/chromium): it renders (screenshot, non-uniform pixels), the filters work
when driven through the page's own controls, and the page logs no console error. The static
checks (self-contained, masked) run without a browser."""
from __future__ import annotations

import html as htmllib
import json
import os
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docx_factory import build_kitchen_sink
from sensitive_lint.cli import app

CHROMIUM = os.environ.get("SENSITIVE_LINT_CHROMIUM", "/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)),
    reason=f"headless browser tests need Debian's chromium at {CHROMIUM} (apt-get install -y chromium)",
)


def _id_check(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


RAW_ID = "44030619900615123" + _id_check("44030619900615123")
DRAFT = (
    "关于做好防汛工作的通知\n"
    "机密★5年\n"
    f"联系人王某，身份证号{RAW_ID}，手机15927384651。\n"
    "全县共投入资金【待补充】万元,详见附件。\n"
    "<script>alert(1)</script> 这一行测试转义。\n"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("html")
    (d / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (d / "clean.txt").write_text("今天天气很好。\n", encoding="utf-8")
    build_kitchen_sink(d / "k.docx")
    (d / "bad.docx").write_bytes(b"not a zip")
    old = os.getcwd()
    os.chdir(d)
    try:
        r = CliRunner().invoke(app, ["lint", "--format", "html", "-o", "report.html",
                                     "draft.txt", "clean.txt", "k.docx", "bad.docx"])
    finally:
        os.chdir(old)
    assert r.exit_code == 1, r.output
    return d / "report.html"


def chromium(url: str, tmp: Path, *extra: str, timeout: int = 90) -> subprocess.CompletedProcess[str]:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        *extra, url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line]


# -- without a browser ---------------------------------------------------------------------------

def test_self_contained_and_masked(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page, re.I)
    assert not re.search(r"""\ssrc\s*=""", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert RAW_ID not in page and "15927384651" not in page
    assert "440306********" in page and "159****4651" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for cp in ("政治性", "保密性", "真实性", "时效性", "准确性", "完整性", "安全性", "文字图片格式符号"):
        assert cp in page
    assert "bad.docx" in page and "未能检查" in page


# -- in chromium ------------------------------------------------------------------------------

def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB/RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


@needs_chromium
def test_renders_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    r = chromium(report.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1000,700",
                 "--hide-scrollbars")
    assert shot.is_file(), r.stderr[-2000:]
    data = shot.read_bytes()
    assert len(data) > 20_000  # a blank page compresses to a few KB
    width, height, rows = png_pixels(data)
    assert (width, height) == (1000, 700)
    bpp = len(rows[0]) // width
    colours = {row[i:i + 3] for row in rows[::7] for i in range(0, len(row), bpp * 5)}
    assert len(colours) > 50, f"only {len(colours)} colours: the page looks blank"
    # The header band is dark, the page below it light: something was laid out.
    assert rows[10][:3] != rows[height - 10][:3]


@needs_chromium
def test_no_console_errors(report: Path, tmp_path: Path) -> None:
    # The check must be able to see an error: a page that throws is caught.
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>",
                      encoding="utf-8")
    r = chromium(broken.as_uri(), tmp_path, "--dump-dom")
    assert console_errors(r.stderr), "chromium did not log the console error of the control page"
    r = chromium(report.as_uri(), tmp_path, "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    assert console_errors(r.stderr) == []
    assert 'data-ready="1"' in r.stdout  # the script ran to its end


DRIVER = r"""
<script>
(function () {
  function visible() {
    return Array.prototype.slice.call(document.querySelectorAll("#list li.item"))
      .filter(function (li) { return !li.hidden; })
      .map(function (li) { return { id: li.getAttribute("data-id"), sev: li.getAttribute("data-sev"),
                                    cat: li.getAttribute("data-cat"), cp: li.getAttribute("data-cp") }; });
  }
  function lit() {
    return Array.prototype.slice.call(document.querySelectorAll("mark.hl"))
      .filter(function (m) { return !m.classList.contains("off"); })
      .map(function (m) { return m.getAttribute("data-f"); });
  }
  function box(group, value) {
    return document.querySelector('#filters input[data-group="' + group + '"][value="' + value + '"]');
  }
  var out = { all: visible().length, shownText: document.getElementById("shown").textContent };
  box("sev", "warning").click();
  box("sev", "info").click();
  out.errorsOnly = visible();
  out.errorsOnlyLit = lit();
  out.errorsOnlyCount = document.getElementById("shown").textContent;
  document.getElementById("reset").click();
  out.afterReset = visible().length;
  box("cat", "privacy").click();
  out.noPrivacy = visible();
  document.getElementById("reset").click();
  document.querySelector('button.only-cp[data-cp="完整性"]').click();
  out.onlyCompleteness = visible();
  var pre = document.createElement("pre");
  pre.id = "test-out";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


@needs_chromium
def test_filters_work(report: Path, tmp_path: Path) -> None:
    page = report.read_text(encoding="utf-8")
    driven = tmp_path / "driven.html"
    driven.write_text(page.replace("</body>", DRIVER + "</body>"), encoding="utf-8")
    r = chromium(driven.as_uri(), tmp_path, "--dump-dom")
    assert console_errors(r.stderr) == []
    m = re.search(r'<pre id="test-out">(.*?)</pre>', r.stdout, re.S)
    assert m, r.stdout[-3000:]
    res = json.loads(htmllib.unescape(m.group(1)))
    n = len(re.findall(r'<li class="item"', page))
    sevs = re.findall(r'<li class="item" data-id="\d+" data-sev="(\w+)"', page)
    assert res["all"] == n == int(res["shownText"]) > 5
    assert {"error", "warning", "info"} <= set(sevs)
    # Errors only: the list and the highlights in the text follow.
    assert len(res["errorsOnly"]) == sevs.count("error") == int(res["errorsOnlyCount"])
    assert {x["sev"] for x in res["errorsOnly"]} == {"error"}
    error_ids = {x["id"] for x in res["errorsOnly"]}
    assert res["errorsOnlyLit"] and all(set(f.split()) & error_ids for f in res["errorsOnlyLit"])
    assert res["afterReset"] == n
    assert res["noPrivacy"] and all(x["cat"] != "privacy" for x in res["noPrivacy"])
    assert len(res["noPrivacy"]) < n
    assert res["onlyCompleteness"] and {x["cp"] for x in res["onlyCompleteness"]} == {"完整性"}

