"""What the app did, as the person at the keyboard sees it: the messages, ephemerals, answers
and views its Web API calls put where they can see them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.emulator import RecordedCall
from playground.output import counted
from playground.render import Rendered, render_message, render_view
from playground.seat import Clickable, Seat, Shown, Source
from playground.shared_files import file_line


class Screen(Seat):
    """Shows the app's recorded calls since a command, numbering the buttons in them."""

    def _begin(self, heading: str | None = None) -> None:
        self._shown = Shown(pending=heading)

    def _note_silence(self) -> None:
        if not self._shown.emitted and not self._shown.others:
            self._emit("(nothing you can see happened)", "meta")
        elif not self._shown.emitted:
            sent = counted(self._shown.others, "message")
            self._emit(f"(mentorbot sent {sent} to other people)", "meta")

    def _report_app_errors(self) -> None:
        """A listener that raised: one line per error the app logged, and the command fails."""
        for record in self._logs.records:
            error = record.exc_info[1] if record.exc_info else None
            detail = f": {type(error).__name__}: {error}" if error else ""
            self.fail(f"the app failed ({record.getMessage()}{detail})")
        self._logs.records.clear()

    def _emit(self, text: str, kind: str = "text", indent: int = 2) -> None:
        self._shown.emitted = True
        if self._shown.pending is not None:
            self.out.line(self._shown.pending, "meta", indent=2)
            self._shown.pending = None
        self.out.line(text, kind, indent=indent)

    def _show_since(self, since: int) -> None:
        """Show what the app did since call number `since`; its buttons become clickable."""
        for call in list(self.harness.emulator.calls[since:]):
            self._show_call(call)
        self._report_app_errors()
        if self._shown.clickables:
            self.clickables = self._shown.clickables

    def _show_call(self, call: RecordedCall) -> None:
        if call.status == 429:
            return  # Slack's rate tier: the app's client waits Retry-After and sends again
        if not call.ok:
            if call.method not in ("users.info", "conversations.open"):
                error = call.response.get("error", f"HTTP {call.status}")
                self._emit(f"(Slack refused the app's {call.method}: {error})", "meta")
            return
        shows: dict[str, Callable[[RecordedCall], None]] = {
            "chat.postMessage": self._show_posted,
            "chat.update": self._show_updated,
            "chat.delete": self._show_deleted,
            "chat.postEphemeral": self._show_ephemeral,
            "response_url": self._show_response,
            "views.open": self._show_opened,
            "views.push": self._show_opened,
            "views.update": self._show_view_update,
            "views.publish": self._show_published,
            "files.completeUploadExternal": self._show_file,
        }
        show = shows.get(call.method)
        if show is not None:
            show(call)

    def _show_posted(self, call: RecordedCall) -> None:
        channel_id = str(call.response.get("channel"))
        if not self.can_see(channel_id):
            self._shown.others += 1
            return
        message = self._stored_message(channel_id, str(call.response.get("ts"))) or dict(
            call.response.get("message") or {}
        )
        self._emit(f"mentorbot in {self.where(channel_id)}:", "from")
        self._render(
            render_message(message, self.names(), first_number=self._next_number()),
            Source("message", channel_id, message),
        )

    def _show_updated(self, call: RecordedCall) -> None:
        channel_id = str(call.response.get("channel"))
        if not self.can_see(channel_id):
            return
        message = self._stored_message(channel_id, str(call.response.get("ts"))) or {}
        self._emit(f"mentorbot updated its message in {self.where(channel_id)}:", "from")
        self._render(
            render_message(message, self.names(), first_number=self._next_number()),
            Source("message", channel_id, message),
        )

    def _show_deleted(self, call: RecordedCall) -> None:
        if self.can_see(str(call.response.get("channel"))):
            self._emit("(mentorbot deleted a message)", "meta")

    def _show_ephemeral(self, call: RecordedCall) -> None:
        if call.args.get("user") != self.user_id:
            self._shown.others += 1
            return
        channel_id = str(call.args.get("channel"))
        message = {
            "text": call.args.get("text", ""),
            "blocks": call.args.get("blocks"),
            "ts": call.response.get("message_ts"),
        }
        self._emit(f"mentorbot, only to you, in {self.where(channel_id)}:", "from")
        self._render(
            render_message(message, self.names(), first_number=self._next_number()),
            Source("ephemeral", channel_id, message),
        )

    def _show_response(self, call: RecordedCall) -> None:
        if call.args.get("delete_original") in (True, "true"):
            self._emit("(mentorbot removed its answer)", "meta")
            return
        self._show_answer(call.args, self._interaction_channel or self.channel_id)

    def _show_answer(self, body: dict[str, Any], channel_id: str) -> None:
        """A slash command's or interaction's answer (ack body or response_url post)."""
        visible = (
            "in " + self.where(channel_id)
            if body.get("response_type") == "in_channel"
            else "only to you"
        )
        replaced = (
            " (replacing its earlier answer)"
            if body.get("replace_original") in (True, "true")
            else ""
        )
        self._emit(f"mentorbot, {visible}{replaced}:", "from")
        message = {"text": body.get("text", ""), "blocks": body.get("blocks")}
        self._render(
            render_message(message, self.names(), first_number=self._next_number()),
            Source("ephemeral", channel_id, message),
        )

    def _show_opened(self, call: RecordedCall) -> None:
        view = dict(call.response.get("view") or {})
        if call.method == "views.open":
            self.modals = []
        self.modals.append(view)
        self._shown.modal_changed = True

    def _show_view_update(self, call: RecordedCall) -> None:
        view = dict(call.response.get("view") or {})
        for index, open_view in enumerate(self.modals):
            if open_view.get("id") == view.get("id"):
                self.modals[index] = view
                self._shown.modal_changed = True

    def _show_published(self, call: RecordedCall) -> None:
        if call.args.get("user_id") == self.user_id and not self._opening_home:
            self._emit("(mentorbot updated your App Home; type `home` to see it)", "meta")

    def _show_file(self, call: RecordedCall) -> None:
        """A file shared where the person can see it: its comment, and a line read from the
        file's content (an invite's date, time, zone and recurrence)."""
        shared = [f for f in call.response.get("files") or [] if isinstance(f, dict)]
        channels = {c for f in shared for c in (*f.get("ims", []), *f.get("groups", []))}
        channels |= {c for f in shared for c in f.get("channels", [])}
        visible = [c for c in channels if self.can_see(c)]
        if not visible:
            self._shown.others += 1
            return
        self._emit(f"mentorbot shared a file in {self.where(visible[0])}:", "from")
        comment = str(call.args.get("initial_comment") or "")
        if comment:
            self._emit(comment, indent=4)
        stored = {str(f["id"]): f for f in self.harness.emulator.files}
        for file in shared:
            kept = stored.get(str(file.get("id")), {})
            line = file_line(
                str(file.get("name") or ""), str(file.get("title") or ""), kept.get("content")
            )
            self._emit(line, indent=4)

    def _stored_message(self, channel_id: str, ts: str) -> dict[str, Any] | None:
        for message in self.harness.emulator.messages.get(channel_id, []):
            if message.get("ts") == ts:
                return dict(message)
        return None

    def _next_number(self) -> int:
        return len(self._shown.clickables) + 1

    def _render(self, rendered: Rendered, source: Source, *, titled: bool = False) -> None:
        for index, line in enumerate(rendered.lines):
            self._emit(line.text, line.kind, indent=2 if titled and index == 0 else 4)
        for control in rendered.controls:
            self._shown.clickables[control.number] = Clickable(control, source)

    def _show_view(self, view: dict[str, Any]) -> None:
        rendered = render_view(view, self.names(), first_number=self._next_number())
        self._render(rendered, Source("view", view_id=str(view.get("id"))), titled=True)
        self.clickables = self._shown.clickables
