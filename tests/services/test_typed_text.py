"""The one normalisation of typed text."""

from __future__ import annotations

import pytest

from bot.services.typed_text import Typed, clean, cleaned


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("a\x00b", "ab"),  # PostgreSQL refuses NUL in text
        ("\x1b[31mred\x07", "[31mred"),  # escape sequences and bells
        ("a\x08\x0b\x0c\x7fb", "ab"),  # backspace, vertical tab, form feed, DEL
        ("line\r\nnext\rlast", "line\nnext\nlast"),  # carriage returns become newlines
        ("col\tcol\nrow", "col\tcol\nrow"),  # tab and newline stay
        ("Cafe\u0301", "Café"),  # NFC: one composed character
        ("half \ud83d pair", "half \ufffd pair"),  # a lone surrogate cannot be encoded
        ("\U0001f600 \u202eevil\u202c", "\U0001f600 \u202eevil\u202c"),  # the rest as typed
        ("  \x00 padded \n", "padded"),
        (None, ""),
    ],
)
def test_clean(typed: str | None, kept: str) -> None:
    assert clean(typed) == kept
    assert clean(kept) == kept  # cleaning twice changes nothing


def test_limit_cuts_and_says_so() -> None:
    assert cleaned("abcdef", limit=3) == Typed("abc", trimmed=True)
    assert cleaned("abc", limit=3) == Typed("abc", trimmed=False)
    assert cleaned("ab  cd", limit=4) == Typed("ab", trimmed=True)  # no trailing space kept
    assert cleaned("a\x00\x00bc", limit=3) == Typed("abc", trimmed=False)  # counted once clean


def test_without_strip_only_characters_change() -> None:
    assert clean("  a\x00b \n", strip=False) == "  ab \n"
    assert clean("  abcd", limit=3, strip=False) == "  a"
