"""Programs (issue 18): an admin's cohort. enrolment/ creates a program and lets people join and
leave; rounds/ shows the admin the matching proposal and publishes it; checkpoints/ asks the
midpoint survey and the close-out; report/ gives admins and the program's leads its figures."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.programs import checkpoints, enrolment, report, rounds

    enrolment.register(app)
    rounds.register(app)
    checkpoints.register(app)
    report.register(app)
