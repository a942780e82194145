"""Rows of tables flattened from .docx (bảng số liệu): "1 | Tổng số hợp tác xã | HTX | 812".

The .docx reader writes a table row as its cells joined by `` | ``. A number that fills a
cell of such a row is read with the row: the cells before it name what it counts (the
label) and the unit column ("HTX", "Người", "Triệu đồng/HTX/năm") gives its unit. A
number in the first cell is the row's ordinal (STT) and is no statistic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CELL_SEP = " | "
_SEP = re.compile(r"\s+\|\s+")


@dataclass(frozen=True)
class TableCell:
    """The cell a number fills: the row's span, the label span before it and the unit cell, if any."""

    row_start: int
    row_end: int
    label_end: int  # end of the last non-numeric cell before the number
    unit: tuple[int, int] | None  # the cell right before the number when it names a unit
    table_start: int  # start of the first row of this table


def _line(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def cell_of(text: str, num_start: int, num_end: int, is_unit: Callable[[int, int], bool]) -> TableCell | None:
    """The table cell that ``text[num_start:num_end]`` fills exactly, or None.

    ``is_unit(cell_start, cell_end) -> bool`` says whether a cell names a unit.
    """
    start, end = _line(text, num_start)
    if CELL_SEP not in text[start:end]:
        return None
    before = text[start:num_start]
    after = text[num_end:end]
    if not (re.search(r"(?:^|\s\|)\s*$", before) and re.match(r"\s*(?:\|\s|$)", after)):
        return None
    cells = []  # (start, end) of the cells before the number
    pos = start
    for sep in _SEP.finditer(text, start, num_start):
        cells.append((pos, sep.start()))
        pos = sep.end()
    words = [(s, e) for s, e in cells if re.search(r"[^\W\d_]", text[s:e])]
    if not words:
        return None  # the row's ordinal, or a row of numbers only
    unit = cells[-1] if cells and is_unit(*cells[-1]) else None
    labels = [c for c in words if c != unit]
    if not labels:
        return None
    table_start = start
    while table_start > 0:
        prev_start, prev_end = _line(text, table_start - 1)
        if CELL_SEP not in text[prev_start:prev_end]:
            break
        table_start = prev_start
    return TableCell(start, end, labels[-1][1], unit, table_start)
