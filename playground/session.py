"""One playground session: a person typing at the real app through the Slack emulator.

`Playground.run_line` runs one typed command (a slash command, plain text for the DM, `click`,
`as @name`, `home`, `wait` ...), sends what Slack would send (signed, through the harness), then
shows what the app did in Slack: messages the person can see, ephemerals, answers to the command and
modals, which it fills field by field with answers from `ask`.

`Playground` is built in layers, each in its own module: seat.py (who is typing, where),
screen.py (showing what the app did), modal_filling.py, clicking.py, and here the typed commands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import as_utc, zone
from bot.manifest import COMMANDS
from playground import demo, demo_workspace
from playground.clicking import Clicking
from playground.harness import Harness
from playground.output import Output, counted
from playground.seat import DEFAULT_CHANNEL, Ask, CommandFailed

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


class Playground(Clicking):
    """A session: runs each typed line as the person would act in Slack."""

    # --- running one line -------------------------------------------------------------------------
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

    # --- simple commands --------------------------------------------------------------------------
    def show_people(self) -> None:
        for name, user_id in self.people.items():
            person = next((p for p in demo_workspace.PEOPLE if p.user_id == user_id), None)
            about = (
                f"{person.real_name}, {person.title}, {person.team}, {person.tz}" if person else ""
            )
            mentor = f"  mentor: {person.skills}" if person and person.skills else ""
            marker = "*" if user_id == self.user_id else " "
            self.out.line(f"{marker} @{name:<8} {about}{mentor}", indent=2)

    def show_time(self) -> None:
        now = self.harness.clock.now()
        self.out.line(f"it is {self._moment(now)}", "meta", indent=2)

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
            if call.ok and call.method == "files.completeUploadExternal":
                self._show_file(call)
                continue
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

    # --- acting as Slack --------------------------------------------------------------------------
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

    # --- time -------------------------------------------------------------------------------------
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
                failed = counted(report.failed, "send")
                self.fail(f"the scheduler pass at {moment:%H:%M} UTC failed {failed}")
        note = f"; {counted(others, 'message')} went to other people" if others else ""
        ran = counted(passes, "scheduler pass", "scheduler passes")
        self.out.line(f"it is now {self._moment(target)} ({ran}{note})", "meta", indent=2)

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


def open_playground(harness: Harness, out: Output, *, with_demo: bool) -> Playground:
    """A session on a started harness: the demo workspace, or one person alone in #general."""
    emulator = harness.emulator
    if with_demo:
        demo.load_demo(emulator, harness.app.client, harness.db, now=harness.clock.now())
        people = {demo_workspace.DEFAULT_USER: demo_workspace.PEOPLE[0].user_id}
        people.update({p.name: p.user_id for p in demo_workspace.PEOPLE})
    else:
        user_id, name = SOLO_USER
        emulator.add_user(user_id, name=name, real_name="You", tz="UTC")
        emulator.add_channel(
            DEFAULT_CHANNEL[0], name=DEFAULT_CHANNEL[1], members=[user_id, emulator.bot_user_id]
        )
        people = {name: user_id}
    return Playground(harness, out, people=people)
