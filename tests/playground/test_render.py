"""The playground renderer: every block type, as text a person reads in a terminal."""

from __future__ import annotations

from typing import Any

from handlers.slack.help import build_help_message, build_unknown_subcommand_message
from handlers.slack.mrkdwn import actions, button, context, divider, escape, header, section
from playground.blockkit_rules import BLOCK_TYPES, ELEMENT_TYPES
from playground.render import DIVIDER, render_blocks, render_message, render_view
from playground.render_text import display_text, input_description

NAMES = {"U1": "ana", "U2": "ben", "C1": "general"}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value}


def test_text_unescapes_entities_and_names_mentions() -> None:
    shown = display_text("&lt;b&gt; &amp;amp; <@U1> and <@U9|zoe> in <#C1> <#C7|random>", NAMES)
    assert shown == "<b> &amp; @ana and @zoe in #general #random"


def test_text_links_broadcasts_and_dates() -> None:
    shown = display_text(
        "<https://x.test|docs> <https://y.test> <!here> <!subteam^S1|@leads> "
        "<!date^1700000000^{date}|Nov 14>",
        NAMES,
    )
    assert shown == "docs (https://x.test) https://y.test @here @leads Nov 14"


def test_escaped_user_text_reads_as_typed() -> None:
    typed = "<!channel> & <@U2> said 5 > 3"
    assert display_text(escape(typed), NAMES) == typed


def test_header_section_context_divider() -> None:
    rendered = render_blocks(
        [header("Hello"), section("*Hi* <@U1>"), divider(), context("small print")], NAMES
    )
    assert [(line.text, line.kind) for line in rendered.lines] == [
        ("== Hello ==", "header"),
        ("*Hi* @ana", "text"),
        (DIVIDER, "divider"),
        ("small print", "context"),
    ]
    assert rendered.controls == []


def test_section_fields_and_button_accessory() -> None:
    block = {
        "type": "section",
        "block_id": "who",
        "text": {"type": "mrkdwn", "text": "Ben can help"},
        "fields": [{"type": "mrkdwn", "text": "*Skills*\nPython"}, _plain("Europe/London")],
        "accessory": button("Request intro", "request_intro", "7"),
    }
    rendered = render_blocks([block], NAMES)
    assert rendered.text.split("\n") == [
        "Ben can help",
        "  *Skills*",
        "  Python",
        "  Europe/London",
        "  [1] Request intro",
    ]
    control = rendered.controls[0]
    assert (control.number, control.block_id, control.element["value"]) == (1, "who", "7")


def test_section_image_accessory_and_image_block() -> None:
    image = {"type": "image", "image_url": "https://x.test/a.png", "alt_text": "a chart"}
    blocks = [
        {"type": "section", "text": _plain("Chart"), "accessory": image},
        {**image, "title": _plain("Meetings")},
        {"type": "image", "image_url": "https://x.test/b.png", "alt_text": "logo"},
    ]
    assert render_blocks(blocks).text.split("\n") == [
        "Chart",
        "  [image: a chart]",
        "[image: Meetings - a chart]",
        "[image: logo]",
    ]


def test_context_with_images_and_text() -> None:
    block = {
        "type": "context",
        "elements": [
            {"type": "image", "image_url": "https://x.test/a.png", "alt_text": "avatar"},
            {"type": "mrkdwn", "text": "<@U2> &amp; you"},
        ],
    }
    assert render_blocks([block], NAMES).text == "[avatar]  @ben & you"


def test_actions_number_buttons_and_menus_in_order() -> None:
    select = {
        "type": "static_select",
        "action_id": "cadence",
        "placeholder": _plain("Cadence"),
        "options": [_option("Weekly", "weekly"), _option("Monthly", "monthly")],
        "initial_option": _option("Monthly", "monthly"),
    }
    overflow = {
        "type": "overflow",
        "action_id": "more",
        "options": [_option("Snooze", "snooze"), _option("Turn off", "off")],
    }
    picker = {"type": "datepicker", "action_id": "day", "initial_date": "2026-12-07"}
    block = actions(
        button("Accept", "accept", "1", style="primary"),
        button("Docs", "docs") | {"url": "https://x.test/docs"},
        select,
        overflow,
        picker,
        block_id="answer",
    )
    rendered = render_blocks([block], first_number=3)
    assert rendered.text == (
        "[3] Accept   [4] Docs (https://x.test/docs)   "
        "[5] Cadence ▾ (Weekly / Monthly) = Monthly   [6] more ▾ (Snooze / Turn off)   "
        "[7] date: 2026-12-07"
    )
    assert [c.number for c in rendered.controls] == [3, 4, 5, 6, 7]
    assert {c.block_id for c in rendered.controls} == {"answer"}


def test_checkboxes_radio_and_pickers_in_actions() -> None:
    block = {
        "type": "actions",
        "elements": [
            {
                "type": "checkboxes",
                "action_id": "c",
                "options": [_option("A", "a"), _option("B", "b")],
                "initial_options": [_option("B", "b")],
            },
            {"type": "radio_buttons", "action_id": "r", "options": [_option("Yes", "y")]},
            {"type": "users_select", "action_id": "u", "placeholder": _plain("Who")},
            {"type": "conversations_select", "action_id": "ch"},
            {"type": "timepicker", "action_id": "t", "initial_time": "09:30"},
        ],
    }
    assert render_blocks([block]).text == (
        "[1] choose ▾ (A / B) = B   [2] choose ▾ (Yes)   [3] Who ▾ (@name)   "
        "[4] pick a channel ▾ (#name)   [5] time: 09:30"
    )


def test_option_groups_are_flattened() -> None:
    select = {
        "type": "static_select",
        "action_id": "s",
        "option_groups": [
            {"label": _plain("Tech"), "options": [_option("Python", "py")]},
            {"label": _plain("People"), "options": [_option("Feedback", "fb")]},
        ],
    }
    assert render_blocks([actions(select)]).text == "[1] choose ▾ (Python / Feedback)"


def test_input_blocks() -> None:
    blocks = [
        {
            "type": "input",
            "block_id": "goal",
            "label": _plain("Your goal"),
            "hint": _plain("One sentence"),
            "element": {
                "type": "plain_text_input",
                "action_id": "v",
                "multiline": True,
                "initial_value": "Ship &amp; learn",
            },
        },
        {
            "type": "input",
            "optional": True,
            "label": _plain("When"),
            "element": {"type": "datepicker", "action_id": "d"},
        },
        {
            "type": "input",
            "label": _plain("Hours"),
            "element": {"type": "number_input", "action_id": "n", "is_decimal_allowed": False},
        },
    ]
    assert render_blocks(blocks).text.split("\n") == [
        'Your goal: [text, several lines] = "Ship & learn"',
        "  One sentence",
        "When (optional): date: YYYY-MM-DD",
        "Hours: [number]",
    ]


def test_rich_text_sections_lists_quotes_and_code() -> None:
    block = {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [
                    {"type": "text", "text": "Hi "},
                    {"type": "user", "user_id": "U1"},
                    {"type": "text", "text": " see ", "style": {"bold": True}},
                    {"type": "channel", "channel_id": "C1"},
                    {"type": "link", "url": "https://x.test", "text": "this"},
                    {"type": "emoji", "name": "tada"},
                    {"type": "text", "text": "x", "style": {"code": True}},
                ],
            },
            {
                "type": "rich_text_list",
                "style": "bullet",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]},
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "two"}]},
                ],
            },
            {
                "type": "rich_text_list",
                "style": "ordered",
                "indent": 1,
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "first"}]}
                ],
            },
            {"type": "rich_text_quote", "elements": [{"type": "text", "text": "wise"}]},
            {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "a = 1"}]},
        ],
    }
    assert render_blocks([block], NAMES).text.split("\n") == [
        "Hi @ana* see *#generalthis (https://x.test):tada:`x`",
        "• one",
        "• two",
        "  1. first",
        "> wise",
        "```",
        "a = 1",
        "```",
    ]


def test_markdown_block() -> None:
    block = {"type": "markdown", "text": "**Bold** and <@U1> &amp; co"}
    assert render_blocks([block], NAMES).text == "**Bold** and @ana & co"


def test_every_block_type_slack_accepts_has_its_own_rendering() -> None:
    from playground.render import _BLOCKS

    assert BLOCK_TYPES <= set(_BLOCKS)


def test_every_element_slack_accepts_reads_as_more_than_its_type_name() -> None:
    for kind in ELEMENT_TYPES - {"image"}:
        element = {"type": kind, "action_id": "a", "text": _plain("Go"), "options": []}
        shown = input_description(element)
        assert shown and shown != f"[{kind}]", kind


def test_unknown_block_type_is_named_not_dropped() -> None:
    assert render_blocks([{"type": "call", "call_id": "R1"}]).text == "[call block]"


def test_message_without_blocks_shows_its_text() -> None:
    assert render_message({"text": "Hello <@U2>\nbye"}, NAMES).text == "Hello @ben\nbye"


def test_modal_shows_title_inputs_and_buttons() -> None:
    view = {
        "type": "modal",
        "title": _plain("Request intro"),
        "submit": _plain("Send"),
        "close": _plain("Cancel"),
        "blocks": [
            section("To <@U2>"),
            {
                "type": "input",
                "label": _plain("Message"),
                "element": {"type": "plain_text_input", "action_id": "m"},
            },
        ],
    }
    assert render_view(view, NAMES).text.split("\n") == [
        "[modal] Request intro",
        "To @ben",
        "Message: [text]",
        "(Send)   (Cancel)",
    ]


def test_home_view() -> None:
    view = {"type": "home", "blocks": [header("Your mentoring"), actions(button("Find", "f"))]}
    rendered = render_view(view, first_number=2)
    assert rendered.text.split("\n") == ["== App Home ==", "== Your mentoring ==", "[2] Find"]
    assert rendered.controls[0].element["action_id"] == "f"


def test_the_apps_help_message() -> None:
    text = render_message(build_help_message()).text
    assert text.startswith("== Find a mentor, grow with one ==\n")
    assert "`/find-mentor [words]` colleagues who opted in as mentors" in text
    assert DIVIDER in text
    assert "&amp;" not in text and "&lt;" not in text


def test_the_apps_unknown_subcommand_message_unescapes_typed_text() -> None:
    message = build_unknown_subcommand_message("<b>&", ["help"])
    assert render_message(message).text == "I don't know `/mentor <b>&`. Try one of: `help`."
