"""team.info: the workspace's name, domain and icon."""

from __future__ import annotations

from typing import Any

from playground.emulator.arguments import present
from playground.emulator.state import TEAM_DOMAIN, TEAM_NAME, EmulatorState, Handler
from playground.emulator.wire import SlackRefusal


def team_info(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    if present(args.get("team")) and args["team"] != state.team_id:
        raise SlackRefusal("team_not_found", f"[ERROR] unknown team {args['team']}")
    icon = f"https://avatars.slack-edge.example/{state.team_id}"
    return {
        "team": {
            "id": state.team_id,
            "name": TEAM_NAME,
            "domain": TEAM_DOMAIN,
            "email_domain": "example.com",
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "is_verified": False,
            "icon": {
                **{f"image_{size}": f"{icon}_{size}.png" for size in (34, 44, 68, 88, 102)},
                "image_default": True,
            },
            "avatar_base_url": "https://avatars.slack-edge.example/",
        }
    }


METHODS: dict[str, Handler] = {"team.info": team_info}
