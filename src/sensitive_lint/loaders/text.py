"""Plain text and Markdown: the text as it stands, one block per line."""
from __future__ import annotations

from ..model import Block, Document
from .encoding import decode_bytes


def load_text(data: bytes, path: str, kind: str, encoding: str | None = None) -> Document:
    text, used = decode_bytes(data, encoding)
    # Locations of plain text are its line numbers, which every report already shows.
    return Document(path=path, blocks=[Block(text, "", 0)], text=text, kind=kind, encoding=used)
