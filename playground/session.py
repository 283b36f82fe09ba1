"""One playground session: a person typing at the real app through the Slack emulator.

`Playground.run_line` runs one typed command (a slash command, plain text for the DM, `click`,
`as @name`, `home`, `wait` ...), sends what Slack would send (signed, through the harness), then
shows what the app did in Slack: messages the person can see, ephemerals, answers to the command and
modals, which it fills field by field with answers from `ask`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.clock import as_utc, local, zone
from bot.manifest import COMMANDS
from playground import demo, forms
from playground.harness import Harness
from playground.output import Output
from playground.render import Control, Rendered, render_message, render_view
from playground.signed_client import HttpResult
from playground.slack_emulator import RecordedCall

# Reads one answer for a modal field (None when there is no more input).
Ask = Callable[[str], str | None]

DEFAULT_CHANNEL = ("C0GENERAL", "general")
SOLO_USER = ("U0YOU", "you")
WAIT_STEP = timedelta(hours=1)
MAX_WAIT = timedelta(days=366)
_DURATION = re.compile(r"(\d+)\s*([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}

HELP = """\
What you can type (you act as a Slack user; the app is the real one):
  /command args        run a slash command, e.g. /mentor help or /find-mentor python
  any other text       say it to the bot in your DM (say TEXT sends words like `help` too)
  click N [choice]     press button N of what was shown last (or a menu, with its choice)
  click LABEL          press the button with that label, e.g. click Accept
  home                 open your App Home
  as @name             act as someone else (`people` lists who is here)
  channel #name | dm   run slash commands there (default #general)
  wait 3d | wait 2h    let time pass; the scheduler runs every hour of it
  wait until 2026-12-07 10:00    ... until that moment in your timezone
  time                 the playground clock
  submit | close       submit or close the open modal
  help | quit          this text | leave (Ctrl-D and Ctrl-C work too)
In a modal, answer each field; Enter keeps what is there, '-' clears, `cancel` stops."""


class CommandFailed(Exception):
    """A typed command that cannot run; its message is the one-line explanation."""


@dataclass(frozen=True)
class Source:
    """Where a control was shown: a message (kept or ephemeral) or a view."""

    kind: str  # "message", "ephemeral" or "view"
    channel_id: str | None = None
    message: dict[str, Any] | None = None
    view_id: str | None = None


@dataclass(frozen=True)
class Clickable:
    control: Control
    source: Source


@dataclass
class _Shown:
    """What one command showed; `pending` is a heading printed before the first line."""

    clickables: dict[int, Clickable] = field(default_factory=dict)
    others: int = 0
    modal_changed: bool = False
    pending: str | None = None
    emitted: bool = False


class _LogCapture(logging.Handler):
    """Collects the app's error logs (a listener that raised) to show them as one line."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Playground:
    """The state of a session: who is typing, where, what can be clicked, which modals are open."""

    def __init__(self, harness: Harness, out: Output, *, people: dict[str, str]) -> None:
        self.harness = harness
        self.out = out
        self.people = people  # name -> user id
        self.user_id = next(iter(people.values()))
        self.channel_id = DEFAULT_CHANNEL[0]
        self.clickables: dict[int, Clickable] = {}
        self.modals: list[dict[str, Any]] = []
        self.done = False
        # Where the command or click being run happened: its response_url answers go there.
        self._interaction_channel: str | None = None
        self._seen: dict[str, int] = {}  # user id -> number of calls when they last looked
        self._opening_home = False
        self._failed = False
        self._shown = _Shown()
        self._logs = _LogCapture()
        for name in ("mentorbot", "slack_bolt", "slack_sdk"):
            logging.getLogger(name).addHandler(self._logs)

    def close(self) -> None:
        for name in ("mentorbot", "slack_bolt", "slack_sdk"):
            logging.getLogger(name).removeHandler(self._logs)

    # --- who and where ----------------------------------------------------------------------
    @property
    def user_name(self) -> str:
        return self.name_of(self.user_id)

    def name_of(self, object_id: str) -> str:
        for name, user_id in self.people.items():
            if user_id == object_id:
                return name
        return self._channel(object_id).get("name") or object_id

    def names(self) -> dict[str, str]:
        """Every id the renderer may meet -> its display name."""
        known = {user_id: name for name, user_id in self.people.items()}
        conversations = self.harness.emulator.conversations()
        known.update({cid: str(c["name"]) for cid, c in conversations.items() if not c["is_im"]})
        return known

    def directory(self) -> forms.Directory:
        conversations = self.harness.emulator.conversations()
        by_name = {str(c["name"]): cid for cid, c in conversations.items() if not c["is_im"]}
        return forms.Directory(users=self.people, channels=by_name)

    def _channel(self, channel_id: str) -> dict[str, Any]:
        return self.harness.emulator.conversations().get(channel_id) or {}

    def can_see(self, channel_id: str) -> bool:
        return self.user_id in (self._channel(channel_id).get("members") or [])

    def where(self, channel_id: str) -> str:
        channel = self._channel(channel_id)
        if channel.get("is_im"):
            return "your DM" if channel.get("user") == self.user_id else "a DM"
        if channel.get("is_mpim"):
            others = [
                f"@{self.name_of(m)}"
                for m in channel.get("members") or []
                if m != self.harness.emulator.bot_user_id
            ]
            return "group DM " + ", ".join(others)
        return f"#{channel.get('name', channel_id)}"

    # --- running one line -------------------------------------------------------------------
    def prompt(self) -> str:
        return f"{self.user_name}> "

    def run_line(self, line: str, ask: Ask) -> bool:
        """Run one typed command; False when it failed (the explanation was shown)."""
        self._failed = False
        self._logs.records.clear()
        try:
            self._dispatch(line.strip(), ask)
        except CommandFailed as failure:
            self.fail(str(failure))
        return not self._failed

    def fail(self, reason: str) -> None:
        self.out.line(f"! {reason}", "error", indent=2)
        self._failed = True

    def _dispatch(self, line: str, ask: Ask) -> None:
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if not line:
            raise CommandFailed("empty line: type a command, or `help` for the list")
        if line.startswith("/"):
            self.slash(word, rest, ask)
            return
        simple: dict[str, Callable[[], None]] = {
            "help": lambda: self.out.line(HELP, "meta"),
            "quit": self._quit,
            "exit": self._quit,
            "people": self.show_people,
            "time": self.show_time,
            "home": lambda: self.home(ask),
            "close": self.close_modal,
            "submit": lambda: self.submit_modal(ask),
        }
        if word.lower() in simple and not rest:
            simple[word.lower()]()
            return
        commands: dict[str, Callable[[str], None]] = {
            "as": self.switch_user,
            "channel": self.switch_channel,
            "click": lambda args: self.click(args, ask),
            "wait": lambda args: self.wait(args, ask),
            "say": lambda args: self.say(args, ask),
        }
        if word.lower() in commands:
            commands[word.lower()](rest)
            return
        self.say(line, ask)

    def _quit(self) -> None:
        self.done = True

    # --- simple commands --------------------------------------------------------------------
    def show_people(self) -> None:
        for name, user_id in self.people.items():
            person = next((p for p in demo.PEOPLE if p.user_id == user_id), None)
            about = (
                f"{person.real_name}, {person.title}, {person.team}, {person.tz}" if person else ""
            )
            mentor = f"  mentor: {person.skills}" if person and person.skills else ""
            marker = "*" if user_id == self.user_id else " "
            self.out.line(f"{marker} @{name:<8} {about}{mentor}", indent=2)

    def show_time(self) -> None:
        now = self.harness.clock.now()
        self.out.line(f"it is {self._moment(now)}", "meta", indent=2)

    def _moment(self, moment: datetime) -> str:
        tz = self._tz()
        mine = local(moment, tz).strftime("%a %d %b %Y %H:%M")
        return f"{mine} for @{self.user_name} ({tz}), {moment.strftime('%H:%M')} UTC"

    def _tz(self) -> str:
        person = next((p for p in demo.PEOPLE if p.user_id == self.user_id), None)
        return person.tz if person else "UTC"

    def switch_user(self, args: str) -> None:
        name = args.strip().lstrip("@").lower()
        if not name:
            raise CommandFailed("as whom? e.g. `as @ben` (`people` lists who is here)")
        if name not in self.people:
            raise CommandFailed(f"nobody called @{name} here; `people` lists who is")
        self._seen[self.user_id] = len(self.harness.emulator.calls)
        self.user_id = self.people[name]
        self.clickables = {}
        self.modals = []
        self.out.line(f"you are now @{name}", "meta", indent=2)
        self._show_unread()

    def _show_unread(self) -> None:
        """Messages that reached this person's conversations while someone else was typing."""
        calls = self.harness.emulator.calls
        since = self._seen.get(self.user_id, 0)
        self._begin(heading="(new for you since you last looked)")
        shown: set[tuple[str, str]] = set()
        for call in list(calls[since:]):
            if not call.ok or call.method not in ("chat.postMessage", "chat.update"):
                continue
            key = (str(call.response.get("channel")), str(call.response.get("ts")))
            if key not in shown and self._stored_message(*key) is not None:
                shown.add(key)
                self._show_posted(call)
        self.clickables = self._shown.clickables

    def switch_channel(self, args: str) -> None:
        name = args.strip().lstrip("#").lower()
        if name == "dm":
            self.channel_id = self.harness.emulator.dm_channel_of(self.user_id)
        else:
            channel_id = self.directory().channels.get(name)
            if channel_id is None:
                raise CommandFailed(f"there is no #{name} here")
            if not self.can_see(channel_id):
                raise CommandFailed(f"@{self.user_name} is not in #{name}")
            self.channel_id = channel_id
        self.out.line(f"slash commands now run in {self.where(self.channel_id)}", "meta", indent=2)

    # --- acting as Slack --------------------------------------------------------------------
    def slash(self, command: str, text: str, ask: Ask) -> None:
        known = [name for name, _description, _hint in COMMANDS]
        if command not in known:
            raise CommandFailed(f"{command} is not a command of this app; try {', '.join(known)}")
        if not self.can_see(self.channel_id):
            self.channel_id = DEFAULT_CHANNEL[0]
        since = len(self.harness.emulator.calls)
        self._interaction_channel = self.channel_id
        channel_name = self._channel(self.channel_id).get("name", "")
        result = self.harness.command(
            self.user_id, command, text, channel_id=self.channel_id, channel_name=channel_name
        )
        self._check_status(result, f"{command}")
        self._begin()
        body = result.json if result.body.strip().startswith("{") else None
        if isinstance(body, dict) and (body.get("text") or body.get("blocks")):
            self._show_answer(body, self.channel_id)
        self._after(since, ask)
        self._note_silence()

    def say(self, text: str, ask: Ask) -> None:
        if not text.strip():
            raise CommandFailed("say what? e.g. `say help`")
        since = len(self.harness.emulator.calls)
        result = self.harness.say(self.user_id, text)
        self._check_status(result, "a DM message")
        self._begin()
        self._after(since, ask)
        self._note_silence()

    def home(self, ask: Ask) -> None:
        emulator = self.harness.emulator
        since = len(emulator.calls)
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": self.user_id,
            "channel": emulator.dm_channel_of(self.user_id),
            "tab": "home",
            "event_ts": f"{self.harness.clock.now().timestamp():.6f}",
        }
        current = emulator.home_views.get(self.user_id)
        if current is not None:
            event["view"] = current
        self._check_status(self.harness.event(event), "app_home_opened")
        self._begin()
        self._opening_home = True
        try:
            self._after(since, ask)
        finally:
            self._opening_home = False
        view = emulator.home_views.get(self.user_id)
        if view is None:
            raise CommandFailed("the app has not published an App Home for you")
        self._show_view(view)

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

    def _check_status(self, result: HttpResult, what: str) -> None:
        if self._logs.records:
            return  # a listener raised: what it sent, then the error, are shown next
        if result.status == 404:
            raise CommandFailed(f"the app has no listener for {what} (yet)")
        if result.status >= 400:
            raise CommandFailed(f"the app answered {what} with HTTP {result.status}")

    # --- time -------------------------------------------------------------------------------
    def wait(self, args: str, ask: Ask) -> None:
        start = self.harness.clock.now()
        target = self._wait_target(args, start)
        moment, passes, others = start, 0, 0
        while moment < target:
            moment = min(moment + WAIT_STEP, target)
            since = len(self.harness.emulator.calls)
            report = self.harness.tick(moment)
            passes += 1
            self._begin(heading=f"-- {self._moment(moment)} --")
            self._after(since, ask)
            others += self._shown.others
            if report.failed:
                self.fail(f"the scheduler pass at {moment:%H:%M} UTC failed {report.failed} sends")
        note = f"; {others} message(s) went to other people" if others else ""
        self.out.line(
            f"it is now {self._moment(target)} ({passes} scheduler passes{note})", "meta", indent=2
        )

    def _wait_target(self, args: str, now: datetime) -> datetime:
        text = args.strip().lower()
        if text.startswith("until "):
            target = self._parse_until(text.removeprefix("until ").strip())
        else:
            parts = _DURATION.findall(text)
            if not parts or _DURATION.sub("", text).strip():
                raise CommandFailed("wait how long? e.g. `wait 3d`, `wait 2h`, `wait 1w 2d`")
            delta = sum((timedelta(**{_UNITS[unit]: int(n)}) for n, unit in parts), timedelta())
            target = now + delta
        if target <= now:
            raise CommandFailed(f"that is not in the future; it is {self._moment(now)}")
        if target - now > MAX_WAIT:
            raise CommandFailed("wait at most a year at a time")
        return target

    def _parse_until(self, text: str) -> datetime:
        for shape in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                naive = datetime.strptime(text, shape)  # noqa: DTZ007 - the zone is set next
            except ValueError:
                continue
            return as_utc(naive.replace(tzinfo=zone(self._tz())))
        raise CommandFailed(f"'{text}' is not a moment; e.g. `wait until 2026-12-07 10:00`")

    # --- what the app did -------------------------------------------------------------------
    def _begin(self, heading: str | None = None) -> None:
        self._shown = _Shown(pending=heading)

    def _note_silence(self) -> None:
        if not self._shown.emitted and not self._shown.others:
            self._emit("(nothing you can see happened)", "meta")
        elif not self._shown.emitted:
            self._emit(f"(mentorbot sent {self._shown.others} message(s) to other people)", "meta")

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

    def _after(self, since: int, ask: Ask) -> None:
        """Show what the app did since call number `since`, then fill a modal it opened."""
        for call in list(self.harness.emulator.calls[since:]):
            self._show_call(call)
        self._report_app_errors()
        if self._shown.clickables:
            self.clickables = self._shown.clickables
        if self._shown.modal_changed and self.modals:
            self.fill_modal(ask)

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
        files = call.args.get("files") or []
        titles = ", ".join(str(f.get("title") or f.get("id")) for f in files if isinstance(f, dict))
        self._emit(f"(mentorbot shared a file: {titles or 'a file'})", "meta")

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

    # --- modals -----------------------------------------------------------------------------
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


def open_playground(harness: Harness, out: Output, *, with_demo: bool) -> Playground:
    """A session on a started harness: the demo workspace, or one person alone in #general."""
    emulator = harness.emulator
    if with_demo:
        demo.load_demo(emulator, harness.app.client, harness.db, now=harness.clock.now())
        people = {demo.DEFAULT_USER: demo.PEOPLE[0].user_id}
        people.update({p.name: p.user_id for p in demo.PEOPLE})
    else:
        user_id, name = SOLO_USER
        emulator.add_user(user_id, name=name, real_name="You", tz="UTC")
        emulator.add_channel(
            DEFAULT_CHANNEL[0], name=DEFAULT_CHANNEL[1], members=[user_id, emulator.bot_user_id]
        )
        people = {name: user_id}
    return Playground(harness, out, people=people)
