"""Introductions: the mentee's request and its draft, the mentor's answer, and the new pair's
rhythm and group DM."""
