"""casekit.escape: text from files made harmless on a terminal and in a page."""

from __future__ import annotations

import html
import os

from hypothesis import given
from hypothesis import strategies as st

from casekit.escape import for_html, for_terminal

ESC = "\x1b"


def test_terminal_escapes_are_made_visible():
    assert for_terminal(f"{ESC}[2J{ESC}[31mred") == "\\x1b[2J\\x1b[31mred"
    assert for_terminal("a\nb\r\tc\x00\x07\x7f") == "a\\nb\\r\\tc\\x00\\x07\\x7f"
    assert for_terminal("\x9b31m") == "\\x9b31m"  # the one-byte CSI of C1


def test_newlines_can_be_kept_for_a_table_but_nothing_else():
    assert for_terminal(f"row 1\nrow{ESC}[2J 2", keep_newlines=True) == "row 1\nrow\\x1b[2J 2"


def test_bidi_overrides_and_line_separators_are_made_visible():
    assert for_terminal("abc\u202edcba") == "abc\\u202edcba"
    assert for_terminal("a\u2028b\u2066c") == "a\\u2028b\\u2066c"


def test_a_file_name_that_is_not_utf8_prints():
    name = os.fsdecode(b"\xfe\xf0renci.yaml")  # a zip from a Turkish Windows machine
    shown = for_terminal(name)
    assert shown == "\\xfe\\xf0renci.yaml"
    shown.encode("utf-8")  # would raise on the lone surrogates
    for_html(name).encode("utf-8")


def test_turkish_letters_and_emoji_are_kept():
    text = "Öğrenci şikâyeti: İade yok 😡👨‍👩‍👧"
    assert for_terminal(text) == text
    assert for_html(text) == text


def test_html_escapes_markup_and_quotes():
    attack = '<img src=x onerror="alert(1)">\'&'
    assert for_html(attack) == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#x27;&amp;"
    assert for_html(5) == "5"
    assert for_html(None) == "None"


def test_html_keeps_white_space_but_shows_escapes():
    assert for_html(f"a\nb\tc{ESC}[2J") == "a\nb\tc\\x1b[2J"


@given(st.text())
def test_terminal_output_never_holds_a_control_character(text):
    shown = for_terminal(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000
                   for c in shown)
    assert shown.count("\n") == 0


@given(st.text())
def test_html_output_holds_no_markup_and_reads_back(text):
    shown = for_html(text)
    assert "<" not in shown and ">" not in shown and '"' not in shown and "'" not in shown
    plain = text.translate({c: None for c in range(0xD800, 0xE000)})
    if plain == text and not any(ord(c) < 0x20 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0
                                 or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
                                 "\u2069\u200e\u200f\u061c\u2028\u2029" for c in text):
        assert html.unescape(shown) == text


# -- the command line prints through for_terminal -------------------------------------------

PLAN = """\
name: "clear\\e[2J\\e[31m\\nfake row"
scenario: isp-overbilling
actions:
  - {at: 1, channel: sms, audience: everyone, message: [apology]}
"""


def test_validate_prints_no_escape_from_a_file_name_or_plan_name(tmp_path, capsys):
    from casekit.cli import main
    good = tmp_path / f"ok{ESC}[2J.yaml"
    good.write_text(PLAN, encoding="utf-8")
    bad = tmp_path / os.fsdecode(b"\xfe\xf0renci\x1b[31m.yaml")
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    assert main(["validate", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    for text in (out, err):
        assert ESC not in text
        text.encode("utf-8")
    assert out.count("\n") == 1 and "ok\\x1b[2J.yaml" in out and "plan 'clear" in out
    assert err.count("\n") == 1 and "\\xfe\\xf0renci\\x1b[31m.yaml" in err


def test_a_csv_cell_keeps_its_lines_and_shows_its_escapes():
    from casekit.escape import for_cell
    assert for_cell("line one\r\nline\ttwo") == "line one\r\nline\ttwo"
    assert for_cell("\x1b[2Jred\x07\u202e") == "\\x1b[2Jred\\x07\\u202e"


def test_csv_tables_hold_no_control_character_and_no_formula():
    import pandas as pd

    from casekit.tournament.result import csv_safe
    table = csv_safe(pd.DataFrame({"plan": ["\x1b[2Jx", "=HYPERLINK(1)", "ok\nnext"],
                                   "score": [1.0, 2.0, 3.0]}))
    assert list(table["plan"]) == ["\\x1b[2Jx", "'=HYPERLINK(1)", "ok\nnext"]
    assert list(table["score"]) == [1.0, 2.0, 3.0]
