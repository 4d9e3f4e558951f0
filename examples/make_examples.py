"""Re-create the example drafts: `python examples/make_examples.py`.

All personal data in them is synthetic: the ID number is the sample from GB 11643-1999, the
mobile number is the well-known test number, the bank card number is made up (Luhn-valid).
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _luhn_complete(prefix: str) -> str:
    digits = [int(c) for c in prefix]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return prefix + str((10 - total % 10) % 10)


BANK = _luhn_complete("622202100112345678")


def _hyperlink(paragraph, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def make_docx(path: Path) -> None:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(14)
    d.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    d.sections[0].footer.paragraphs[0].text = "XX县人民政府办公室 2024年印发"
    d.add_paragraph("机密★1年")
    d.add_paragraph("关于2024年度城乡居民最低生活保障对象的公示")
    d.add_paragraph(
        "根据《中华人民共和国社会救助暂行办法》有关规定，经个人申请、村（居）委会评议、"
        "乡镇人民政府审核，XX县民政局审批，现将2024年第二批城乡低保对象名单公示如下。"
        "公示期间如有异议，请拨打监督电话：023-75551007。"
    )
    t = d.add_table(rows=3, cols=5)
    t.style = "Table Grid"
    for i, h in enumerate(["序号", "姓名", "身份证号", "联系电话", "家庭住址"]):
        t.cell(0, i).text = h
    row = ["1", "张某某", "11010519491231002X", "13800138000", "城关镇解放路12号3单元502室"]
    for i, v in enumerate(row):
        t.cell(1, i).text = v
    row = ["2", "李某", "110105********002X", "138****8000", "城关镇"]
    for i, v in enumerate(row):
        t.cell(2, i).text = v
    d.add_paragraph(f"补助资金将发放至本人社保卡，卡号：{BANK}，开户行：县农商银行。")
    d.add_paragraph("全县共发放低保金【待补充】万元，惠及困难群众＿＿＿＿户。")
    d.add_paragraph(
        "下一步，我县将深入学习贯彻习近平新时代中国特色社会主义思像，再接再励做好民生保障工作，"
        "定于2024年5月1日（星期四）前完成全部资金发放。"
    )
    p = d.add_paragraph("更多政策解读请访问")
    _hyperlink(p, "http://www.example-blog.com/dibao", "某自媒体解读文章")
    d.add_paragraph("XX县民政局\n2024年2月30日")
    d.save(path)


DRAFT_TXT = """【转载】我县开展打击网络赌博专项行动

本报讯 近日，我县公安局联合网信办开展打击网络赌博专项行动，查处境外赌博网站推广账号12个。
据悉，犯罪嫌疑人王某（身份证号11010519491231002X，手机13800138000）在社交平台发布“百家乐、
真人荷官、日结返水”等广告，引诱群众参与网络赌博。
县公安局提醒广大群众：远离赌博，谨防上当受骗。如发现线索，请拨打举报电话：0851-12345678。

另讯：我县某小区出现售卖冰毒的小广告，联系微信 abc123，已由禁毒部门取缔。

本文原载于XX日报，仅供内部参考，不得外传。
"""


def main() -> None:
    make_docx(HERE / "draft.docx")
    (HERE / "draft.txt").write_text(DRAFT_TXT, encoding="utf-8")


if __name__ == "__main__":
    main()
