"""Plain text and Markdown: the text as it stands, one block per line."""
from __future__ import annotations

from ..model import Block, Document
from .encoding import decode_bytes


def text_document(text: str, path: str, kind: str = "txt", encoding: str | None = None) -> Document:
    """A Document of plain text (newlines normalised). Its locations are its line numbers,
    which every report already shows, so it is one block without a locator."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(path=path, blocks=[Block(text, "", 0)], text=text, kind=kind, encoding=encoding)


def load_text(data: bytes, path: str, kind: str, encoding: str | None = None) -> Document:
    text, used = decode_bytes(data, encoding)
    return text_document(text, path, kind, used)
