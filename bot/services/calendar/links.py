"""Add to Google Calendar and Add to Outlook links carrying what the invite carries."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from bot.clock import zone
from bot.services.calendar.invites import Series, rrule_of

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.office.com/calendar/0/deeplink/compose"
MAX_DETAILS = 800  # a link button's URL holds 3,000 characters, escaped


def _utc(series: Series, moment: datetime) -> datetime:
    tz = zone(series.tz)
    return (moment.replace(tzinfo=tz) if moment.tzinfo is None else moment).astimezone(UTC)


def _rrule_text(series: Series) -> str:
    rule = rrule_of(series.cadence)
    return f"RRULE:FREQ={rule['FREQ']};INTERVAL={rule['INTERVAL']}"


def google_link(series: Series) -> str:
    """Google's event template: the times in the organiser's zone (`ctz`), the recurrence as
    the invite's RRULE."""
    tz = zone(series.tz)
    start = series.start.astimezone(tz) if series.start.tzinfo else series.start
    end = start + series.length
    query = {
        "action": "TEMPLATE",
        "text": series.summary,
        "dates": f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}",
        "ctz": series.tz,
        "details": _details(series),
        "recur": _rrule_text(series),
    }
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_link(series: Series) -> str:
    """Outlook on the web's compose deeplink: it takes the first occurrence (UTC) but no
    recurrence, so the body says how often, and the attached .ics carries the series."""
    start = _utc(series, series.start)
    end = _utc(series, series.start + series.length)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": series.summary,
        "startdt": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": _details(series),
    }
    return f"{OUTLOOK}?{urlencode(query)}"


def _details(series: Series) -> str:
    weeks = rrule_of(series.cadence)["INTERVAL"]
    every = "Every week" if weeks == 1 else f"Every {weeks} weeks"
    lines = [series.description, f"{every}, the same weekday and time."]
    if series.url:
        lines.append(series.url)
    text = "\n\n".join(line for line in lines if line)
    return text if len(text) <= MAX_DETAILS else text[: MAX_DETAILS - 1] + "…"
