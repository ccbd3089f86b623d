"""Making text from files harmless where it is shown: on a terminal and in a page.

A plan's name, a file's name or a student id comes from a stranger. On a terminal, an
escape sequence in it (``\\x1b[2J``) would clear or recolour the instructor's screen and a
newline would break a table; in a page, markup in it (``<img onerror=...>``) would run.

    >>> for_terminal("plan\\x1b[2J\\nnext")
    'plan\\\\x1b[2J\\\\nnext'
    >>> for_html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'

Both make control characters visible as backslash escapes (``\\n``, ``\\t``, ``\\x1b``),
as well as the Unicode characters that reorder or break lines (bidirectional overrides,
line and paragraph separators), and the undecodable bytes of a file name that is not UTF-8
(kept by Python as lone surrogates, shown as ``\\xfe``), which would otherwise fail to
print or to reach a page at all. Everything else, Turkish letters and emoji included, is
kept as it is.
"""

from __future__ import annotations

import html

__all__ = ["for_cell", "for_html", "for_terminal"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: Characters that reorder text or break lines: bidi embeddings, overrides, isolates,
#: marks, and the line/paragraph separators.
_REORDERING = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
               0x2028, 0x2029]


def _visible(code: int) -> str:
    char = chr(code)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _table() -> dict[int, str]:
    codes = [*range(0x20), 0x7F, *range(0x80, 0xA0), *_REORDERING,
             *range(0xD800, 0xE000)]
    return {code: _visible(code) for code in codes}


_TERMINAL = _table()
_TERMINAL_LINES = {k: v for k, v in _TERMINAL.items() if k != ord("\n")}
#: In a page a newline or a tab is only white space; everything else is shown as above.
_HTML = {k: v for k, v in _TERMINAL.items() if k not in (ord("\n"), ord("\t"))}
#: In a CSV cell a line break (an answer of several lines) and a tab are the text's own.
_CELL = {k: v for k, v in _TERMINAL.items() if k not in (ord("\n"), ord("\r"), ord("\t"))}


def for_terminal(text: object, keep_newlines: bool = False) -> str:
    """``text`` safe to print: control characters and escapes made visible.

    With ``keep_newlines`` a newline still breaks the line (for a whole table whose rows
    are ours); every other control character is still made visible.
    """
    return str(text).translate(_TERMINAL_LINES if keep_newlines else _TERMINAL)


def for_html(text: object) -> str:
    """``text`` safe to put in HTML, as an element's text or a quoted attribute."""
    return html.escape(str(text).translate(_HTML), quote=True)


def for_cell(text: object) -> str:
    """``text`` for a CSV cell that someone will ``cat`` or open: escapes and other control
    characters made visible, its line breaks and tabs kept (a cell may hold several lines)."""
    return str(text).translate(_CELL)
