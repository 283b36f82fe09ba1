"""Summaries for team leads: a channel's figures, the privacy rules on them, the chart and the
weekly digest."""
