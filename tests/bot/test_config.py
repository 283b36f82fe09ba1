from __future__ import annotations

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_settings, tidy_environment


def test_defaults_need_nothing() -> None:
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.port == 3000
    assert settings.api_url == "https://slack.com/api/"
    assert (settings.threads, settings.db_pool_size, settings.search_processes) == (8, 10, 1)
    assert not settings.has_slack_credentials


def test_full_environment() -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "DATABASE_URL": "postgresql://u@h/db",
            "PORT": "8080",
            "LOG_FORMAT": "JSON",
            "MENTORBOT_THREADS": "16",
            "MENTORBOT_DB_POOL_SIZE": "12",
            "MENTORBOT_SEARCH_PROCESSES": "0",
        }
    )
    assert (settings.threads, settings.db_pool_size, settings.search_processes) == (16, 12, 0)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.port == 8080
    assert settings.log_format == "json"
    assert settings.has_slack_credentials


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://x/y"}, "DATABASE_URL"),
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"SLACK_API_URL": "slack.com"}, "SLACK_API_URL"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"MENTORBOT_THREADS": "0"}, "MENTORBOT_THREADS"),
        ({"MENTORBOT_THREADS": "many"}, "MENTORBOT_THREADS"),
        ({"MENTORBOT_DB_POOL_SIZE": "-1"}, "MENTORBOT_DB_POOL_SIZE"),
        ({"MENTORBOT_SEARCH_PROCESSES": "-1"}, "MENTORBOT_SEARCH_PROCESSES"),
        ({"MENTORBOT_SEARCH_PROCESSES": "65"}, "MENTORBOT_SEARCH_PROCESSES"),
    ],
)
def test_malformed_setting_is_named(env: dict[str, str], name: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.name == name
    assert name in str(raised.value)


def test_missing_credentials_are_named() -> None:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1"})
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        settings.require_http_credentials()
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        settings.require_socket_credentials()


def test_multi_workspace_needs_no_bot_token() -> None:
    settings = load_settings(
        {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x", "SLACK_SIGNING_SECRET": "s"}
    )
    assert settings.multi_workspace and settings.has_slack_credentials
    settings.require_http_credentials()  # does not raise


@pytest.mark.parametrize(
    ("env", "name", "belongs_in"),
    [
        ({"SLACK_APP_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
    ],
)
def test_a_token_in_the_wrong_setting_says_where_it_belongs(
    env: dict[str, str], name: str, belongs_in: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.name == name and f"belongs in {belongs_in}" in str(raised.value)


def test_tidy_environment_drops_empty_values_and_says_what_it_took_off() -> None:
    tidy, notes = tidy_environment(
        {
            "SLACK_CLIENT_ID": "",
            "SLACK_SIGNING_SECRET": " abc\r",
            "SLACK_BOT_TOKEN": "'xoxb-1'",
            "HOME": " /root ",
        }
    )
    assert tidy == {"SLACK_SIGNING_SECRET": "abc", "SLACK_BOT_TOKEN": "xoxb-1"}
    assert notes == [
        "SLACK_BOT_TOKEN: ignored the quotes around its value",
        "SLACK_SIGNING_SECRET: ignored the spaces or line ends around its value",
    ]
