"""Where a value stands: its line, its record (a line, or a whole table row in .docx) and the
header of its column — the context a reviewer reads a number in.

公示 lists are tables. In a .docx each cell is its own block ("表格1 第3行第2列"), so "the same
person" means "the same row", and the label of a number is in row 1 of its column. In plain
text a table is one line per row under a header line.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

from ..model import Block

_CELL = re.compile(r"^(.*?表格\d+(?: 嵌套表格\d+)*) 第(\d+)行第(\d+)列$")
_LONG_NUMBER = re.compile(r"[0-9０-９]{7,}")
# A line of a plain-text table: cells separated by tabs, pipes or runs of spaces.
_ROW_LIKE = re.compile(r"\t|\|.*\||\S(?: {2,}|\u3000+)\S")
HEADER_LOOKBACK_LINES = 40


class Layout:
    def __init__(self, text: str, blocks: Sequence[Block] = ()) -> None:
        self.text = text
        self._cells: list[tuple[int, int, str, int, int]] = []  # start, end, table, row, col
        rows: dict[tuple[str, int], list[int]] = {}
        headers: dict[tuple[str, int], str] = {}
        for b in blocks:
            m = _CELL.match(b.locator)
            if not m:
                continue
            table, row, col = m.group(1), int(m.group(2)), int(m.group(3))
            self._cells.append((b.start, b.start + len(b.text), table, row, col))
            span = rows.setdefault((table, row), [b.start, b.start + len(b.text)])
            span[0], span[1] = min(span[0], b.start), max(span[1], b.start + len(b.text))
            if row == 1:
                headers[(table, col)] = b.text
        self._cells.sort()
        self._cell_starts = [c[0] for c in self._cells]
        self._rows = rows
        self._headers = headers
        self._text_headers: dict[int, str] = {}

    # -- lines -------------------------------------------------------------------------------
    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        e = self.text.find("\n", pos)
        return len(self.text) if e == -1 else e

    def _cell(self, pos: int) -> tuple[int, int, str, int, int] | None:
        if not self._cells:
            return None
        i = bisect_right(self._cell_starts, pos) - 1
        if i >= 0 and self._cells[i][0] <= pos <= self._cells[i][1]:
            return self._cells[i]
        return None

    def in_table(self, pos: int) -> bool:
        return self._cell(pos) is not None

    def cells_under(self, header_words: frozenset[str]) -> list[tuple[int, int]]:
        """Spans of data cells whose column header holds one of `header_words` (住址 …)."""
        out = []
        for start, end, table, row, col in self._cells:
            if row == 1:
                continue
            head = self._headers.get((table, col), "")
            if head and any(w in head for w in header_words):
                out.append((start, end))
        return out

    # -- records -----------------------------------------------------------------------------
    def record(self, pos: int) -> tuple[int, int]:
        """The span that describes one person: the table row of a .docx cell, else the line."""
        cell = self._cell(pos)
        if cell is not None:
            a, b = self._rows[(cell[2], cell[3])]
            return a, b
        return self.line_start(pos), self.line_end(pos)

    def header(self, pos: int) -> str:
        """The column header over a value in a table ('' when there is none)."""
        cell = self._cell(pos)
        if cell is not None:
            return "" if cell[3] == 1 else self._headers.get((cell[2], cell[4]), "")
        start = self.line_start(pos)
        if not _ROW_LIKE.search(self.text, start, self.line_end(pos)):
            return ""  # prose: the line above is another paragraph, not a header
        return self._text_header(start)

    def _text_header(self, start: int) -> str:
        """Plain text: the nearest line above that holds no long number (data rows above are
        skipped), if the current line is a data row of a table-like block."""
        if start in self._text_headers:
            return self._text_headers[start]
        found = ""
        pos = start
        for _ in range(HEADER_LOOKBACK_LINES):
            if pos == 0:
                break
            prev = self.text.rfind("\n", 0, pos - 1) + 1
            line = self.text[prev:pos - 1]
            if not line.strip():
                break  # a blank line ends the table
            if not _LONG_NUMBER.search(line):
                found = line if _ROW_LIKE.search(line) else ""
                break
            pos = prev
        self._text_headers[start] = found
        return found
