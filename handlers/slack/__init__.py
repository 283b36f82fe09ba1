"""The shared Slack edge: what every listener and the scheduler's pass use to talk to Slack."""
