"""`mentorbot shell`: the offline playground, interactive or running a script.

The real app runs behind a real HTTP server; the Slack emulator stands in for Slack; the person
types as a Slack user (see `session.HELP`). A throwaway SQLite database unless `--db PATH`.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from bot.config import Settings
from playground.harness import Harness
from playground.output import Output
from playground.session import Playground, open_playground
from storage.migrate import upgrade

HISTORY_FILE = Path("~/.mentorbot_shell_history")
_COLOUR_CODE = re.compile("(\033\\[[0-9;]*m)")


def run_shell(_settings: Settings, args: argparse.Namespace) -> int:
    """Run the playground; the exit code is 1 when a scripted command failed."""
    script = _read_script(args.script) if args.script else None
    if isinstance(script, int):
        return script
    if args.db and not Path(args.db).expanduser().resolve().parent.is_dir():
        print(f"mentorbot shell: --db {args.db}: its folder does not exist", file=sys.stderr)
        return 2
    out = Output(sys.stdout)
    try:
        with _database(args.db) as url, Harness(url) as harness:
            return _run(harness, out, script, with_demo=bool(args.demo))
    except DatabaseError as error:
        reason = str(error.orig if error.orig is not None else error).splitlines()[0][:200]
        print(
            f"mentorbot shell: --db {args.db}: not a usable SQLite database ({reason})",
            file=sys.stderr,
        )
        return 2


def _run(harness: Harness, out: Output, script: list[str] | None, *, with_demo: bool) -> int:
    playground = open_playground(harness, out, with_demo=with_demo)
    try:
        if script is not None:
            return run_script(playground, script, out)
        return run_interactive(playground, out)
    finally:
        playground.close()


def _read_script(path: str) -> list[str] | int:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        print(f"mentorbot shell: cannot read the script {path}: {error.strerror}", file=sys.stderr)
        return 2


@contextmanager
def _database(path: str | None) -> Iterator[str]:
    """The playground database, migrated: the file at `path`, or a throwaway one."""
    if path:
        url = f"sqlite:///{Path(path).expanduser().resolve()}"
        upgrade(url)
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="mentorbot-shell-") as folder:
        url = f"sqlite:///{folder}/playground.db"
        upgrade(url)
        yield url


def is_comment(line: str) -> bool:
    """A script's comment: `#` then a space, or a lone `#`; `#general` is a channel typed."""
    text = line.strip()
    return text == "#" or text.startswith(("# ", "#\t"))


def run_script(playground: Playground, lines: list[str], out: Output) -> int:
    """Run each command of the script, echoing it as typed; 1 when any failed."""
    numbered = iter(enumerate(lines, start=1))
    failed: list[int] = []

    def next_answer(prompt: str) -> str | None:
        for _number, text in numbered:
            if is_comment(text):
                continue
            out.line(prompt + text, "prompt")
            return text
        return None

    for number, raw in numbered:
        line = raw.strip()
        if not line or is_comment(line):
            continue
        out.line(playground.prompt() + line, "prompt")
        if not playground.run_line(line, next_answer):
            failed.append(number)
        if playground.done:
            break
    if failed:
        where = ", ".join(str(n) for n in failed)
        print(f"mentorbot shell: {len(failed)} command(s) failed (line {where})", file=sys.stderr)
        return 1
    return 0


def run_interactive(playground: Playground, out: Output) -> int:
    """Read commands until `quit`, Ctrl-D or Ctrl-C."""
    history = _start_readline()
    out.line(
        "mentorbot playground: the real app, an emulated Slack, nothing leaves this machine.",
        "meta",
    )
    out.line(f"You are @{playground.user_name}. Type `help` for what you can type.", "meta")
    playground.show_time()

    def ask(prompt: str) -> str | None:
        try:
            return input(prompt)
        except EOFError:
            return None

    try:
        while not playground.done:
            try:
                line = input(_readline_safe(out.paint(playground.prompt(), "prompt")))
            except EOFError:
                break
            playground.run_line(line, ask)
    except KeyboardInterrupt:
        pass
    finally:
        out.line()
        _save_history(history)
    return 0


def _readline_safe(prompt: str) -> str:
    # readline counts colour codes as visible characters unless they are marked as invisible.
    return _COLOUR_CODE.sub("\001\\1\002", prompt)


def _start_readline() -> Path | None:
    if not sys.stdin.isatty():
        return None
    try:
        import readline
    except ImportError:
        return None
    path = HISTORY_FILE.expanduser()
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    readline.set_history_length(1000)
    return path


def _save_history(path: Path | None) -> None:
    if path is None:
        return
    import readline

    try:
        readline.write_history_file(path)
    except OSError:
        pass
