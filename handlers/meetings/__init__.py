"""Meetings on Slack: the pair's scheduled messages, check-ins, pulse, thanks, pause and end."""
