"""Settings: one frozen object built from the environment in one place."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///mentorbot.db"
DEFAULT_PORT = 3000
DEFAULT_THREADS = 8
DEFAULT_DB_POOL_SIZE = 10
DEFAULT_SEARCH_PROCESSES = 1
_DB_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
_LOG_FORMATS = ("text", "json")
# Every variable load_settings reads. Slack's libraries read SLACK_* variables on their own as
# well (SLACK_CLIENT_ID, even empty, switches Bolt to a file-based OAuth store), so the CLI
# takes them out of the process environment once the settings hold them.
SETTING_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_REDIRECT_URI",
    "DATABASE_URL",
    "PORT",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "MENTORBOT_TOKEN_KEY",
    "MENTORBOT_THREADS",
    "MENTORBOT_DB_POOL_SIZE",
    "MENTORBOT_SEARCH_PROCESSES",
)
_QUOTES = ('"', "'")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says what to do."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    api_url: str
    database_url: str
    port: int
    log_format: str = "text"
    log_level: str = "INFO"
    client_id: str | None = None
    client_secret: str | None = None
    redirect_uri: str | None = None
    token_key: str | None = None
    # waitress request threads; Bolt's listener pool gets as many again for post-ack work.
    threads: int = DEFAULT_THREADS
    # Connections each process keeps open (and as many again in overflow at peaks).
    db_pool_size: int = DEFAULT_DB_POOL_SIZE
    # Worker processes that rank mentors (bot/search_worker.py); 0 ranks in the listener's
    # thread. From the environment MENTORBOT_SEARCH_PROCESSES (default 1), which `serve` uses;
    # `tick` ranks inline whatever it says, and so does an app built in code (the tests, the
    # playground) unless given a number.
    search_processes: int = 0

    @property
    def multi_workspace(self) -> bool:
        """OAuth installs into many workspaces (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set)."""
        return bool(self.client_id and self.client_secret)

    @property
    def has_slack_credentials(self) -> bool:
        return bool((self.bot_token or self.multi_workspace) and self.signing_secret)

    def require_http_credentials(self) -> None:
        """Raise ConfigError unless HTTP mode can talk to Slack: a signing secret, and a bot
        token unless workspaces install the app through OAuth (each then has its own)."""
        if not self.multi_workspace:
            _require(self.bot_token, "SLACK_BOT_TOKEN", _BOT_TOKEN_HINT)
        _require(
            self.signing_secret,
            "SLACK_SIGNING_SECRET",
            "set it to the Signing Secret from the app's Basic Information page",
        )

    def require_socket_credentials(self) -> None:
        """Raise ConfigError unless Socket Mode can connect."""
        _require(self.bot_token, "SLACK_BOT_TOKEN", _SOCKET_BOT_TOKEN_HINT)
        _require(
            self.app_token,
            "SLACK_APP_TOKEN",
            "Socket Mode needs an app-level token (xapp-...) with connections:write",
        )


_BOT_TOKEN_HINT = (
    "set it to the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page, "
    "or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for installs into several workspaces"
)
_SOCKET_BOT_TOKEN_HINT = (
    "set it to the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page"
)


def _require(value: str | None, name: str, hint: str) -> None:
    if not value:
        raise ConfigError(name, f"is not set; {hint}")


def tidy_environment(env: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Our settings from `env` with the spaces and quotes around values taken off (no Slack
    token, secret, id or URL holds them), empty ones dropped (an empty setting is an unset
    one); and a line for each value that needed it."""
    tidy: dict[str, str] = {}
    notes: list[str] = []
    for name in SETTING_NAMES:
        raw = env.get(name)
        if raw is None:
            continue
        value = raw.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in _QUOTES:
            value = value[1:-1].strip()
            notes.append(f"{name}: ignored the quotes around its value")
        elif value != raw and value:
            notes.append(f"{name}: ignored the spaces or line ends around its value")
        if value:
            tidy[name] = value
    return tidy, notes


def load_settings(env: Mapping[str, str]) -> Settings:
    """Build Settings from an environment mapping, checking every value."""
    bot_token = _token(env, "SLACK_BOT_TOKEN")
    app_token = _token(env, "SLACK_APP_TOKEN")
    client_id = _optional(env, "SLACK_CLIENT_ID")
    client_secret = _optional(env, "SLACK_CLIENT_SECRET")
    if bool(client_id) != bool(client_secret):
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        raise ConfigError(missing, "is not set; OAuth installs need both SLACK_CLIENT_ID and it")
    if client_id and bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN",
            "must be empty when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set: each workspace "
            "that installs the app gets its own token",
        )
    return Settings(
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=_optional(env, "SLACK_REDIRECT_URI"),
        token_key=_token_key(_optional(env, "MENTORBOT_TOKEN_KEY")),
        bot_token=bot_token,
        signing_secret=_optional(env, "SLACK_SIGNING_SECRET"),
        app_token=app_token,
        api_url=_api_url(env.get("SLACK_API_URL") or DEFAULT_API_URL),
        database_url=_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        port=_port(env.get("PORT") or str(DEFAULT_PORT)),
        log_format=_choice(env, "LOG_FORMAT", _LOG_FORMATS, "text"),
        log_level=_log_level(env.get("LOG_LEVEL") or "INFO"),
        threads=_count(env, "MENTORBOT_THREADS", DEFAULT_THREADS, 256),
        db_pool_size=_count(env, "MENTORBOT_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 200),
        search_processes=_count(
            env, "MENTORBOT_SEARCH_PROCESSES", DEFAULT_SEARCH_PROCESSES, 64, minimum=0
        ),
    )


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


# Which token goes where: the prefix of each kind, the setting it belongs in, what it is.
_TOKEN_KINDS = {
    "SLACK_BOT_TOKEN": ("xoxb-", "the Bot User OAuth Token (the app's OAuth & Permissions page)"),
    "SLACK_APP_TOKEN": ("xapp-", "an app-level token (the app's Basic Information page)"),
}


def _token(env: Mapping[str, str], name: str) -> str | None:
    value = _optional(env, name)
    prefix, what = _TOKEN_KINDS[name]
    if value is None or value.startswith(prefix):
        return value
    for other, (other_prefix, _) in _TOKEN_KINDS.items():
        if value.startswith(other_prefix):
            raise ConfigError(
                name,
                f"holds a {other_prefix}... token, which belongs in {other}; "
                f"{name} takes {what} ({prefix}...)",
            )
    raise ConfigError(name, f"must start with '{prefix}': {what}")


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            "SLACK_API_URL", f"{value!r} is not an http(s) URL like {DEFAULT_API_URL}"
        )
    return value if value.endswith("/") else value + "/"


def _database_url(value: str) -> str:
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme == "postgres":
        raise ConfigError(
            "DATABASE_URL", "use 'postgresql+psycopg://user@host/db' (not 'postgres://')"
        )
    if scheme not in _DB_SCHEMES:
        raise ConfigError(
            "DATABASE_URL",
            f"{value!r} is not supported; use {DEFAULT_DATABASE_URL} or postgresql+psycopg://...",
        )
    if scheme == "postgresql":
        # Plain postgresql:// would pick psycopg2, which we do not ship.
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _port(value: str) -> int:
    if not re.fullmatch(r"\d{1,5}", value) or not 0 < int(value) < 65536:
        raise ConfigError("PORT", f"{value!r} is not a TCP port number (1-65535)")
    return int(value)


def _count(env: Mapping[str, str], name: str, default: int, most: int, *, minimum: int = 1) -> int:
    value = (env.get(name) or str(default)).strip()
    if not re.fullmatch(r"\d{1,4}", value) or not minimum <= int(value) <= most:
        raise ConfigError(name, f"{value!r} is not a whole number from {minimum} to {most}")
    return int(value)


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in choices:
        raise ConfigError(name, f"{value!r} is not one of {', '.join(choices)}")
    return value


def _log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("LOG_LEVEL", f"{value!r} is not one of DEBUG, INFO, WARNING, ERROR")
    return level


def _token_key(value: str | None) -> str | None:
    """A Fernet key: 32 bytes, url-safe base64 (44 characters)."""
    if value is None:
        return None
    import base64
    import binascii

    try:
        raw = base64.urlsafe_b64decode(value.encode())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ConfigError(
            "MENTORBOT_TOKEN_KEY",
            "must be 32 url-safe base64 bytes; make one with "
            "python -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())'",
        )
    return value
