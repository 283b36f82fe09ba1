"""The circle's two small modals: a member's question for the meeting (with "share my name")
and their check-in after it. Each names the delivery it answers; only its member may submit."""

from __future__ import annotations

from typing import Any

from bot.services.circles import answers
from handlers.circles import delivery_blocks as blocks
from handlers.slack.forms import Form, on_submit
from handlers.slack.mrkdwn import clip
from handlers.slack.people import dm_channel


def _errors(block_id: str, text: str) -> dict[str, Any]:
    return {"response_action": "errors", "errors": {block_id: text}}


@on_submit
def handle_view_circle_question(form: Form) -> None:
    text = clip(form.text(blocks.B_QUESTION, blocks.A_QUESTION), blocks.MAX_QUESTION)
    chosen = form.state(blocks.B_SHARE, blocks.A_SHARE).get("selected_options") or []
    share = any(isinstance(o, dict) and o.get("value") == "yes" for o in chosen)
    try:
        with form.deps.db.begin() as session:
            answers.save_question(
                session,
                person=form.person,
                delivery_id=form.id("delivery"),
                text=text,
                share_name=share,
                now=form.deps.clock.now(),
            )
    except ValueError:
        form.ack(**_errors(blocks.B_QUESTION, "Write your question first."))
        return
    form.ack()
    how = "with your name" if share else "without your name"
    note = f"Got it: your question goes to the mentor before the meeting, {how}."
    form.client.chat_postMessage(channel=dm_channel(form.client, form.deps, form.person), text=note)


@on_submit
def handle_view_circle_checkin(form: Form) -> None:
    option = form.state(blocks.B_USEFUL, blocks.A_USEFUL).get("selected_option") or {}
    value = str(option.get("value") or "") if isinstance(option, dict) else ""
    if value not in {"1", "2", "3", "4", "5"}:
        form.ack(**_errors(blocks.B_USEFUL, "Choose 1 to 5."))
        return
    with form.deps.db.begin() as session:
        first = answers.save_checkin(
            session,
            person=form.person,
            delivery_id=form.id("delivery"),
            usefulness=int(value),
            takeaway=form.text(blocks.B_TAKEAWAY, blocks.A_TAKEAWAY),
            now=form.deps.clock.now(),
        )
    form.ack()
    note = "Saved; only you see it." if first else "You checked in for this meeting already."
    form.client.chat_postMessage(channel=dm_channel(form.client, form.deps, form.person), text=note)
