"""Mentoring programs (issue 18): cohorts that enrol, are matched in one optimal round reviewed
by an admin, and get the next best mentor offered when an introduction is declined or left
unanswered. Plain Python; the Slack surfaces come later."""
