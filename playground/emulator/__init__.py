"""A strict loopback stand-in for the Slack Web API.

`SlackEmulator` runs a stdlib `ThreadingHTTPServer` on 127.0.0.1 (port 0), answers the Web API
methods mentorbot uses with Slack-shaped responses, records every call, and refuses what real Slack
would refuse (missing arguments, invalid Block Kit, channels the bot cannot post to, spent
trigger ids, ...). Strict mode also refuses blocks sent without a `text` fallback, which real Slack
only warns about. Point `WebClient(base_url=emulator.api_url)` at it.

The pieces: core.py (the server, the checks every call passes, the record of calls), methods/
(one module per Web API family: auth, chat, conversations, users, team, views, files, apps),
state.py and workspace.py (what the workspace holds, and setting it up), faults.py (failures,
stalls and rate limits on demand), socket_mode.py (Slack's side of Socket Mode).
"""

from __future__ import annotations

from playground.emulator.core import SlackEmulator
from playground.emulator.wire import RecordedCall, SlackRefusal

__all__ = ["RecordedCall", "SlackEmulator", "SlackRefusal"]
