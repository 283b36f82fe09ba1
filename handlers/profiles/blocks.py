"""The mentor profile modal: expertise, what you enjoy helping with, capacity, availability."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.services.profiles import FIELD_CAPACITY, FIELD_SKILLS, MAX_HELPS_WITH, ProfileForm
from bot.services.skills import SkillEntry
from handlers.slack.mrkdwn import clip, escape, plain, section

PROFILE_VIEW = "mentor_profile"
B_SKILLS, A_SKILLS = "profile_skills", "skills"
B_EXTRA, A_EXTRA = "profile_extra", "extra"
B_HELPS, A_HELPS = "profile_helps", "helps"
B_CAPACITY, A_CAPACITY = "profile_capacity", "capacity"
B_OPEN, A_OPEN = "profile_open", "open"
B_ALUMNI, A_ALUMNI = "profile_alumni", "alumni"
B_TEAM, A_TEAM = "profile_team", "team"
B_PEERS, A_PEERS = "profile_peers", "peers"
PEER_CONSENT = "Suggest me as a peer: we would each teach the other"
PEER_DETAIL = "To someone who knows what I want to learn; they see what I want to learn"

# Service field names -> the block that shows the error.
ERROR_BLOCKS = {FIELD_CAPACITY: B_CAPACITY, FIELD_SKILLS: B_EXTRA}
MAX_OPTIONS = 100


@dataclass(frozen=True)
class ProfileDefaults:
    """What the modal shows first: the saved profile, or sensible blanks."""

    skill_keys: Sequence[str] = ()
    helps_with: str = ""
    capacity: int = 2
    is_open: bool = True
    alumni: str = ""
    team_name: str = ""
    open_to_peers: bool = False


def _option(label: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": clip(plain(label), 75)}, "value": value[:75]}


def _text_input(
    block_id: str,
    action_id: str,
    label: str,
    value: str,
    *,
    optional: bool = True,
    multiline: bool = False,
    max_length: int = 255,
    hint: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": max_length,
    }
    if value:
        element["initial_value"] = plain(value)[:max_length]
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def build_profile_view(catalog: Sequence[SkillEntry], defaults: ProfileDefaults) -> dict[str, Any]:
    """The modal; catalog skills are a multi-select, anything else is typed."""
    blocks = [
        section("Mentees find you by these. Your name and timezone come from Slack."),
        *_skill_inputs(catalog, defaults.skill_keys),
        _text_input(
            B_HELPS,
            A_HELPS,
            "What you enjoy helping with",
            defaults.helps_with,
            multiline=True,
            max_length=MAX_HELPS_WITH,
        ),
        _text_input(
            B_CAPACITY,
            A_CAPACITY,
            "Capacity (mentees at once, 1-10)",
            str(defaults.capacity),
            optional=False,
            max_length=4,
        ),
        _availability_input(is_open=defaults.is_open),
        _text_input(
            B_ALUMNI,
            A_ALUMNI,
            "Alumni network",
            defaults.alumni,
            hint="A school or previous company; fellow alumni can find you",
        ),
        _text_input(B_TEAM, A_TEAM, "Team or department", defaults.team_name),
        _peers_input(open_to_peers=defaults.open_to_peers),
    ]
    return {
        "type": "modal",
        "callback_id": PROFILE_VIEW,
        "title": {"type": "plain_text", "text": "Mentor profile"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def _skill_inputs(catalog: Sequence[SkillEntry], skill_keys: Sequence[str]) -> list[dict[str, Any]]:
    """The listed skills as a multi-select, and the others typed."""
    listed = [e for e in catalog if e.listed][:MAX_OPTIONS]
    listed_keys = {e.key for e in listed}
    options = [_option(e.label, e.key) for e in listed]
    chosen = [o for o in options if o["value"] in set(skill_keys)]
    extra = ", ".join(k for k in skill_keys if k not in listed_keys)
    select: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": A_SKILLS,
        "placeholder": {"type": "plain_text", "text": "Pick your skills"},
        "options": options,
    }
    if chosen:
        select["initial_options"] = chosen
    expertise = {
        "type": "input",
        "block_id": B_SKILLS,
        "optional": True,
        "label": {"type": "plain_text", "text": "Expertise"},
        "element": select,
    }
    typed = _text_input(
        B_EXTRA, A_EXTRA, "Other skills", extra, hint="Comma separated, e.g. Rust, pricing"
    )
    return [expertise, typed]


def _availability_input(*, is_open: bool) -> dict[str, Any]:
    status_options = [_option("Open to new mentees", "open"), _option("Paused", "paused")]
    return {
        "type": "input",
        "block_id": B_OPEN,
        "label": {"type": "plain_text", "text": "Availability"},
        "element": {
            "type": "radio_buttons",
            "action_id": A_OPEN,
            "options": status_options,
            "initial_option": status_options[0 if is_open else 1],
        },
    }


def _peers_input(*, open_to_peers: bool) -> dict[str, Any]:
    option = {
        "text": {"type": "plain_text", "text": PEER_CONSENT},
        "description": {"type": "plain_text", "text": PEER_DETAIL},
        "value": "yes",
    }
    element: dict[str, Any] = {"type": "checkboxes", "action_id": A_PEERS, "options": [option]}
    if open_to_peers:
        element["initial_options"] = [option]
    label = {"type": "plain_text", "text": "Peer mentoring"}
    return {"type": "input", "block_id": B_PEERS, "optional": True, "label": label,
            "element": element}  # fmt: skip


def form_from_state(values: dict[str, Any]) -> ProfileForm:
    """The submitted state.values as a ProfileForm (missing fields read as empty)."""

    def text(block: str, action: str) -> str:
        return str((values.get(block, {}).get(action) or {}).get("value") or "")

    picked = (values.get(B_SKILLS, {}).get(A_SKILLS) or {}).get("selected_options") or []
    status = (values.get(B_OPEN, {}).get(A_OPEN) or {}).get("selected_option") or {}
    peers = (values.get(B_PEERS, {}).get(A_PEERS) or {}).get("selected_options") or []
    return ProfileForm(
        listed_skills=[str(o.get("value", "")) for o in picked if isinstance(o, dict)],
        extra_skills=text(B_EXTRA, A_EXTRA),
        helps_with=text(B_HELPS, A_HELPS),
        capacity=text(B_CAPACITY, A_CAPACITY),
        is_open=status.get("value", "open") != "paused",
        alumni=text(B_ALUMNI, A_ALUMNI),
        team_name=text(B_TEAM, A_TEAM),
        open_to_peers=any(isinstance(o, dict) and o.get("value") == "yes" for o in peers),
    )


def build_profile_errors(errors: dict[str, str]) -> dict[str, Any]:
    """The `response_action: errors` answer, keyed by block id."""
    return {
        "response_action": "errors",
        "errors": {ERROR_BLOCKS.get(field, B_EXTRA): msg for field, msg in errors.items()},
    }


def build_profile_saved_message(*, is_open: bool, capacity: int, created: bool) -> dict[str, Any]:
    if is_open:
        state = f"open to {'one mentee' if capacity == 1 else f'up to {capacity} mentees'} at once"
    else:
        state = "paused: you won't be suggested as a mentor until you open it again"
    verb = "You're now a mentor" if created and is_open else "Profile saved"
    text = f"{verb}: {escape(state)}. Edit it any time with /mentor profile."
    return {"text": text, "blocks": [section(text)]}
