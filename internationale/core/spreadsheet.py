"""CSV the platform writes, with no cell a spreadsheet would run as a formula.

Every CSV the platform writes goes through ``csv_lines`` (or ``neutralise`` for
each cell), because the text in its cells comes partly from the public, and
the people who open the files do so in Excel, LibreOffice or Google Sheets.
Following OWASP's guidance on CSV injection, a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab, a carriage return or a line feed is written behind
a ``'``, which spreadsheets show as text. So is a cell whose first character
after leading spaces is one of ``=+-@`` (some programs trim the spaces before
they look for a formula), or the full-width forms of those four. The
comma, quote and line break inside a cell are the ``csv`` module's to quote,
so no cell can start a new one. ``restore`` undoes ``neutralise`` on import.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

#: What makes a spreadsheet read a cell as a formula when the cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: The same after leading white space (which includes the tab and line breaks).
_AFTER_SPACE = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) or value.lstrip().startswith(_AFTER_SPACE)


def neutralise(value: object) -> str:
    """The cell as text, behind a ``'`` if a spreadsheet would run it; ``restore`` undoes it."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def restore(value: str) -> str:
    """A cell as it was before ``neutralise``: its ``'`` taken off where it added one."""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


class _Echo:
    """A file-like object whose ``write`` hands back what it was given."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The rows as CSV text, a line at a time (to stream), every cell neutralised."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])
