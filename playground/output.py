"""Where the playground writes: plain text, with ANSI colours only on a terminal."""

from __future__ import annotations

from typing import TextIO

COLOURS = {
    "header": "1",
    "context": "2",
    "divider": "2",
    "control": "36",
    "input": "35",
    "error": "31",
    "meta": "33",
    "from": "1;34",
    "prompt": "1;32",
}


class Output:
    """Writes lines of a given kind; `colour` is decided once, by whether the stream is a TTY."""

    def __init__(self, stream: TextIO, *, colour: bool | None = None) -> None:
        self.stream = stream
        self.colour = stream.isatty() if colour is None else colour

    def paint(self, text: str, kind: str) -> str:
        code = COLOURS.get(kind)
        if not self.colour or code is None or not text:
            return text
        return f"\033[{code}m{text}\033[0m"

    def line(self, text: str = "", kind: str = "text", *, indent: int = 0) -> None:
        self.stream.write(" " * indent + self.paint(text, kind) + "\n")
        self.stream.flush()


def counted(count: int, one: str, many: str = "") -> str:
    """ "1 message", "9 messages": a count with its noun in the right number."""
    return f"{count} {one if count == 1 else many or one + 's'}"
