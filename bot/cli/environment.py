"""Where the settings come from: the process environment over a `.env` file."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.cli.common import say
from bot.config import ConfigError, Settings, load_settings, tidy_environment


def settings_from_environment() -> Settings:
    """Settings from the process environment over `.env` (MENTORBOT_ENV_FILE, the real
    environment wins), where an empty value counts as unset."""
    merged = read_env_file(Path(os.environ.get("MENTORBOT_ENV_FILE", ".env")))
    merged.update({name: value for name, value in os.environ.items() if value.strip()})
    tidy, notes = tidy_environment(merged)
    for note in notes:
        say(note)
    return load_settings(tidy)


@contextmanager
def slack_environment_hidden() -> Iterator[None]:
    """No SLACK_* variable in the process environment while a command runs: Bolt and slack_sdk
    read some on their own (SLACK_CLIENT_ID, even empty, turns on Bolt's file-based OAuth
    store), and must act only on the settings we hand them."""
    hidden = {name: value for name, value in os.environ.items() if name.startswith("SLACK_")}
    for name in hidden:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(hidden)


def read_env_file(path: Path) -> dict[str, str]:
    """The assignments of a `.env` file (quotes, `export ` and CRLF line ends as a shell reads
    them); a line that cannot be read is a ConfigError naming it. No file: nothing."""
    from dotenv.parser import parse_stream

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError("MENTORBOT_ENV_FILE", f"cannot read {path} ({error})") from None
    values: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            statement = binding.original.string
            # The statement may start with blank lines; name the line where it really starts.
            blank = statement[: len(statement) - len(statement.lstrip())]
            line = binding.original.line + blank.count("\n")
            named = re.match(r"\s*(?:export\s+)?([A-Za-z_]\w*)\s*=", statement)
            raise ConfigError(
                named.group(1) if named else str(path),
                f"cannot be read from {path} (line {line}); check its quotes",
            )
        if binding.key is not None and binding.value is not None:
            values[binding.key] = binding.value
    return values
