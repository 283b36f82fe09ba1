"""The next-step buttons of the bot's short help in its DM."""

from __future__ import annotations

from bot.services import talk
from handlers.slack.clicks import Click, on_click
from handlers.talk.answers import answer_request


@on_click
def handle_action_next_step(click: Click) -> None:
    """The step named by the button's value, for the clicker (it carries no one's ids)."""
    if click.value in talk.STEPS:
        answer_request(click.client, click.deps, click.person, click.value)
