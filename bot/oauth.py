"""Multi-workspace installs: Slack's OAuth flow on our database, tokens encrypted at rest."""

from __future__ import annotations

import logging
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.manifest import BOT_SCOPES, REDIRECT_PATH
from storage.models.installations import BOTS_TABLE, INSTALLATIONS_TABLE, OAUTH_STATES_TABLE

logger = logging.getLogger("mentorbot.oauth")

STATE_EXPIRATION_SECONDS = 600
INSTALL_PATH = "/slack/install"
REDIRECT_URI_PATH = REDIRECT_PATH
_PREFIX = "fernet:"
_TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


class TokenCipher:
    """Encrypts tokens with a Fernet key; reads values stored before encryption was turned on."""

    def __init__(self, key: str | None) -> None:
        self._fernet = Fernet(key.encode()) if key else None

    def seal(self, value: str | None) -> str | None:
        if value is None or self._fernet is None or value.startswith(_PREFIX):
            return value
        return _PREFIX + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None or not value.startswith(_PREFIX):
            return value
        if self._fernet is None:
            raise RuntimeError("stored tokens are encrypted; set MENTORBOT_TOKEN_KEY")
        try:
            return self._fernet.decrypt(value[len(_PREFIX) :].encode()).decode()
        except InvalidToken:
            raise RuntimeError("MENTORBOT_TOKEN_KEY does not decrypt the stored tokens") from None


class EncryptedInstallationStore(InstallationStore):
    """Wraps slack_sdk's SQLAlchemy store so tokens never reach the database in clear."""

    def __init__(self, inner: SQLAlchemyInstallationStore, cipher: TokenCipher) -> None:
        self.inner = inner
        self.cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return logger

    def save(self, installation: Installation) -> None:
        self.inner.save(self._transform(installation, self.cipher.seal))

    def save_bot(self, bot: Bot) -> None:
        self.inner.save_bot(self._transform(bot, self.cipher.seal))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = self.inner.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._transform(bot, self.cipher.open) if bot is not None else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.inner.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._transform(found, self.cipher.open) if found is not None else None

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.inner.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_all(enterprise_id=enterprise_id, team_id=team_id)

    @staticmethod
    def _transform(item: Any, fn: Any) -> Any:
        for name in _TOKEN_FIELDS:
            if hasattr(item, name):
                setattr(item, name, fn(getattr(item, name)))
        return item


def installation_store(settings: Settings, engine: Engine) -> EncryptedInstallationStore:
    assert settings.client_id is not None
    inner = SQLAlchemyInstallationStore(
        client_id=settings.client_id,
        engine=engine,
        bots_table_name=BOTS_TABLE,
        installations_table_name=INSTALLATIONS_TABLE,
        logger=logger,
    )
    return EncryptedInstallationStore(inner, TokenCipher(settings.token_key))


def build_oauth_flow(
    settings: Settings, engine: Engine, client: WebClient
) -> tuple[OAuthFlow, EncryptedInstallationStore]:
    """Slack's OAuth flow (/slack/install, /slack/oauth_redirect) on our database."""
    store = installation_store(settings, engine)
    state_store = SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_SECONDS,
        engine=engine,
        table_name=OAUTH_STATES_TABLE,
        logger=logger,
    )
    # Every value spelled out: what OAuthSettings is not given it reads from SLACK_* variables.
    oauth_settings = OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=BOT_SCOPES,
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_URI_PATH,
        redirect_uri=settings.redirect_uri,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=state_store,
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
        logger=logger,
    )
    return OAuthFlow(client=client, settings=oauth_settings, logger=logger), store
