"""Pressing a button or choosing from a menu the app showed, as Slack sends the click."""

from __future__ import annotations

from typing import Any

from playground import forms
from playground.modal_filling import ModalFilling
from playground.render import Control
from playground.seat import Ask, Clickable, CommandFailed, Source


class Clicking(ModalFilling):
    """`click N` or `click LABEL`: the control shown last, on the message or view as it is now."""

    def click(self, args: str, ask: Ask) -> None:
        clickable, choice = self._find_clickable(args)
        control, source = clickable.control, clickable.source
        action = {
            "type": control.element.get("type"),
            "action_id": control.element.get("action_id", ""),
            "block_id": control.block_id,
            **self._action_value(control, choice),
        }
        since = len(self.harness.emulator.calls)
        self._interaction_channel = source.channel_id
        if source.kind == "view":
            view = self._current_view(source.view_id)
            result = self.harness.click(self.user_id, action, view=view)
        else:
            message = self._current_message(source, control)
            result = self.harness.click(
                self.user_id,
                action,
                channel_id=source.channel_id,
                message=message,
                ephemeral=source.kind == "ephemeral",
            )
        self._check_status(result, f"the click on '{control.label}'")
        self._begin()
        if control.element.get("url"):
            self.out.line(f"(your browser would open {control.element['url']})", "meta", indent=2)
        self._after(since, ask)
        self._note_silence()

    def _find_clickable(self, args: str) -> tuple[Clickable, str]:
        if not self.clickables:
            raise CommandFailed("nothing to click: no buttons were shown yet")
        first, _, choice = args.strip().partition(" ")
        if first.isdigit():
            if int(first) not in self.clickables:
                low, high = min(self.clickables), max(self.clickables)
                raise CommandFailed(f"there is no button {first}; the last shown are {low}-{high}")
            return self.clickables[int(first)], choice.strip()
        wanted = args.strip().lower()
        if not wanted:
            raise CommandFailed("click what? e.g. `click 1` or `click Accept`")
        matches = [c for c in self.clickables.values() if _button_text(c).lower() == wanted]
        if len(matches) != 1:
            problem = "no button" if not matches else f"{len(matches)} buttons"
            raise CommandFailed(f"{problem} labelled '{args.strip()}'; click one by number")
        return matches[0], ""

    def _action_value(self, control: Control, choice: str) -> dict[str, Any]:
        element = control.element
        if element.get("type") == "button":
            value = {"text": element.get("text")}
            if "value" in element:
                value["value"] = element["value"]
            return value
        if not choice:
            raise CommandFailed(
                f"'{control.label}' needs a choice: click {control.number} <number or label>"
            )
        field_ = forms.Field(
            control.block_id, str(element.get("action_id", "")), control.label, False, element
        )
        try:
            value = forms.parse_answer(field_, choice, self.directory())
        except forms.AnswerError as error:
            raise CommandFailed(str(error)) from None
        value.pop("type", None)
        return value

    def _current_message(self, source: Source, control: Control) -> dict[str, Any] | None:
        """The message as it is now (it may have been updated since it was shown)."""
        if source.kind != "message" or source.message is None or source.channel_id is None:
            return source.message
        ts = source.message.get("ts")
        for message in self.harness.emulator.messages.get(source.channel_id, []):
            if message.get("ts") == ts:
                if not _has_action(message, control.element.get("action_id")):
                    raise CommandFailed(f"'{control.label}' is no longer on that message")
                return dict(message)
        raise CommandFailed("that message was deleted")

    def _current_view(self, view_id: str | None) -> dict[str, Any]:
        for view in [*self.modals, *self.harness.emulator.home_views.values()]:
            if view.get("id") == view_id:
                return view
        raise CommandFailed("that view is closed")


def _button_text(clickable: Clickable) -> str:
    text = clickable.control.element.get("text")
    return str(text.get("text", "")) if isinstance(text, dict) else ""


def _has_action(message: dict[str, Any], action_id: Any) -> bool:
    for block in message.get("blocks") or []:
        elements = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        if any(e.get("action_id") == action_id for e in elements if isinstance(e, dict)):
            return True
    return False
