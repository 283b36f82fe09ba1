"""Accounts: the workspace and its people as Slack changes them (uninstall, revoked tokens,
user_change). Only events, wired with the others in handlers.events."""
