"""Filling the modals the app opens, field by field, and submitting or closing them."""

from __future__ import annotations

from typing import Any

from playground import forms
from playground.screen import Screen
from playground.seat import Ask, CommandFailed


class ModalFilling(Screen):
    """Asks for each field of the top modal, submits it, and shows what the app answered."""

    def _after(self, since: int, ask: Ask) -> None:
        """Show what the app did since call number `since`, then fill a modal it opened."""
        self._show_since(since)
        if self._shown.modal_changed and self.modals:
            self.fill_modal(ask)

    def fill_modal(
        self,
        ask: Ask,
        errors: dict[str, str] | None = None,
        earlier: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """Show the top modal and ask for its fields, then submit it."""
        view = self.modals[-1]
        if errors is None:
            self._show_view(view)
        fields = forms.fields_of(view)
        if not fields:
            self._emit("(a modal is open: click N, `submit` or `close`)", "meta")
            return
        answers: list[tuple[forms.Field, dict[str, Any]]] = []
        for field_ in fields:
            if errors is not None and earlier is not None and field_.block_id not in errors:
                answers.append((field_, earlier[field_.block_id]))
                continue
            if errors and field_.block_id in errors:
                self._emit(f"! {field_.label}: {errors[field_.block_id]}", "error")
            value = self._ask_field(field_, ask)
            if value is None:
                return
            answers.append((field_, value))
        self._submit(view, answers, ask)

    def _ask_field(self, field_: forms.Field, ask: Ask) -> dict[str, Any] | None:
        prompt, choices = forms.question(field_)
        for line in choices:
            self._emit(line, "control", indent=0)
        while True:
            answer = ask("    " + prompt)
            if answer is None:
                self._emit("(the modal stays open: `submit` to fill it again, `close`)", "meta")
                self._failed = True
                return None
            if answer.strip().lower() == "cancel":
                self.close_modal()
                return None
            try:
                return forms.parse_answer(field_, answer, self.directory())
            except forms.AnswerError as error:
                self.fail(str(error))

    def submit_modal(self, ask: Ask) -> None:
        if not self.modals:
            raise CommandFailed("no modal is open")
        if forms.fields_of(self.modals[-1]):
            self.fill_modal(ask)
        else:
            self._submit(self.modals[-1], [], ask)

    def _submit(
        self, view: dict[str, Any], answers: list[tuple[forms.Field, dict[str, Any]]], ask: Ask
    ) -> None:
        since = len(self.harness.emulator.calls)
        result = self.harness.submit(self.user_id, view, forms.state_values(answers))
        self._check_status(result, "the modal submission")
        self._begin()
        body = result.json if result.body.strip().startswith("{") else {}
        action = body.get("response_action") if isinstance(body, dict) else None
        if action == "errors":
            earlier = {f.block_id: value for f, value in answers}
            self.fill_modal(ask, errors=dict(body.get("errors") or {}), earlier=earlier)
            return
        if action in ("update", "push"):
            new_view = {**body["view"], "id": view.get("id") if action == "update" else "V-pushed"}
            if action == "update":
                self.modals[-1] = new_view
            else:
                self.modals.append(new_view)
            self._shown.modal_changed = True
        elif action == "clear":
            self.modals = []
            self._emit("(modal closed)", "meta")
        else:
            self.modals.pop()
            self._emit("(modal submitted and closed)", "meta")
        self._after(since, ask)

    def close_modal(self) -> None:
        if not self.modals:
            raise CommandFailed("no modal is open")
        view = self.modals.pop()
        if view.get("notify_on_close"):
            self.harness.slack.view_closed(self.user_id, view)
            self.harness.settle()
        self._emit("(modal closed)", "meta")
