"""Strict text decoding: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

Never guess: a file is decoded only by an encoding under which every byte is valid and the
result reads as text. Anything else is reported, and `--encoding` lets the user say.
"""
from __future__ import annotations

import codecs
import unicodedata

from .errors import LoadError


def decode_bytes(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Newlines are normalised to \\n."""
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise LoadError(f"未知的编码 {forced!r}") from None
        try:
            return _clean(data.decode(forced)), forced
        except UnicodeDecodeError as e:
            raise LoadError(f"按指定编码 {forced} 无法解码（第 {e.start} 字节处）") from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _clean(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise LoadError(f"文件以 UTF-8 BOM 开头，但第 {e.start + 3} 字节处不是有效的 UTF-8") from None
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _clean(data[2:].decode(name)), "utf-16"
            except UnicodeDecodeError:
                raise LoadError("文件以 UTF-16 BOM 开头，但内容不是有效的 UTF-16") from None
    if b"\x00" in data[:65536]:
        raise LoadError("看起来是二进制文件（含 NUL 字节），不是文本")
    try:
        text = data.decode("utf-8")
        _reject_binary(text)
        return _clean(text), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise LoadError(
            f"无法识别编码：既不是 UTF-8 也不是 GB18030/GBK（第 {e.start} 字节处）；可用 --encoding 指定"
        ) from None
    _reject_binary(text)
    if not _reads_as_chinese(text):
        raise LoadError("无法可靠识别编码：按 GB18030 解码后含大量生僻字或乱码；可用 --encoding 指定")
    return _clean(text), "gb18030"


def _clean(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _reject_binary(text: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x1b")
    if controls / len(sample) > 0.01:
        raise LoadError("看起来是二进制文件（含大量控制字符），不是文本")


def _reads_as_chinese(text: str) -> bool:
    """GB18030 decodes most byte soup; real GBK text is nearly all GB2312 characters and ASCII."""
    sample = text[:65536]
    if not sample:
        return True
    common = 0
    for ch in sample:
        if ch < "\x80":
            common += 1
            continue
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            if unicodedata.category(ch).startswith(("P", "Z", "S")):
                common += 1
    return common / len(sample) >= 0.97
