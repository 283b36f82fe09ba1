"""One Slack Web API method as the emulator knows it: its required arguments, the error it answers
when one is missing, and its rate tier (the table of them is web_api_methods.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Errors every method can answer (authentication and transport level).
COMMON_ERRORS: tuple[str, ...] = (
    "not_authed",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "invalid_arg_name",
    "invalid_array_arg",
    "invalid_charset",
    "invalid_form_data",
    "invalid_post_type",
    "missing_post_type",
    "invalid_json",
    "json_not_object",
    "request_timeout",
    "upgrade_required",
    "ratelimited",
)


@dataclass(frozen=True)
class WebApiMethod:
    """One Web API method: what it requires, and what it answers when that is missing."""

    name: str
    required: tuple[str, ...] = ()
    missing_error: dict[str, str] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    needs_token: bool = True
    rate_tier: int | None = None

    def error_for_missing(self, arg: str) -> str:
        """The error code answered when the required `arg` is missing."""
        return self.missing_error.get(arg, "invalid_arguments")


def method(
    name: str,
    required: tuple[str, ...] = (),
    missing: dict[str, str] | None = None,
    errors: tuple[str, ...] = (),
    *,
    needs_token: bool = True,
    tier: int | None = None,
) -> WebApiMethod:
    return WebApiMethod(
        name=name,
        required=required,
        missing_error=dict(missing or {}),
        errors=errors,
        needs_token=needs_token,
        rate_tier=tier,
    )
