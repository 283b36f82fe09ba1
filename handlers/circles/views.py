"""The circle modal is submitted: check, open the circle, tell the mentor in their DM."""

from __future__ import annotations

from bot.services.circles import forms
from handlers.circles.blocks import build_circle_errors, form_from_state
from handlers.circles.messages import build_opened_message
from handlers.home.publish import publish_home
from handlers.slack.forms import Form, on_submit
from handlers.slack.payload import view_values
from handlers.slack.people import dm_channel


@on_submit
def handle_view_circle(form: Form) -> None:
    deps = form.deps
    with deps.db.begin() as session:
        opened = forms.open_circle(
            session,
            mentor=form.person,
            form=form_from_state(view_values(form.body)),
            now=deps.clock.now(),
        )
    if opened.circle is None:
        form.ack(**build_circle_errors(opened.errors))
        return
    form.ack()
    form.client.chat_postMessage(
        channel=dm_channel(form.client, deps, form.person), **build_opened_message(opened.circle)
    )
    publish_home(form.client, deps, form.person)  # "Circles you lead" lists it
