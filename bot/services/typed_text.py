"""The one normalisation of what a person types, before it is read or stored.

Every typed text (a DM message, a modal's plain_text_input, a slash command's words) goes
through `clean` once at the edge (handlers/slack/typed_input.py), and a service that stores it cuts
it to its field's length with `clean(..., limit=)`. The same rules on SQLite and PostgreSQL:
PostgreSQL refuses NUL in text, and no database can store half of a surrogate pair.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# C0 controls except tab and newline, and DEL. Carriage returns become newlines first.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINES = re.compile("\r\n?")
# Half of a surrogate pair: JSON can carry one ("\ud800"), UTF-8 cannot encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Typed:
    """Cleaned text, and whether it had to be cut to its limit."""

    text: str
    trimmed: bool


def clean(text: str | None, *, limit: int | None = None, strip: bool = True) -> str:
    """Typed text as we keep it: NFC, no NUL or control characters (newline and tab stay),
    no lone surrogates, trimmed, and at most `limit` characters."""
    return cleaned(text, limit=limit, strip=strip).text


def cleaned(text: str | None, *, limit: int | None = None, strip: bool = True) -> Typed:
    """`clean`, telling whether the text was longer than `limit`."""
    value = _SURROGATE.sub("\ufffd", text or "")
    value = _CONTROL.sub("", _NEWLINES.sub("\n", value))
    value = unicodedata.normalize("NFC", value)
    if strip:
        value = value.strip()
    if limit is None or len(value) <= limit:
        return Typed(value, trimmed=False)
    cut = value[:limit]
    return Typed(cut.rstrip() if strip else cut, trimmed=True)


def whole_number(text: str | None, *, max_digits: int) -> int | None:
    """ASCII digits only (str.isdigit() also takes "²" and "١", which int() refuses or reads
    as another number), at most `max_digits` of them; None for anything else."""
    text = (text or "").strip()
    if not 0 < len(text) <= max_digits or not all("0" <= c <= "9" for c in text):
        return None
    return int(text)
