"""What any service raises to refuse a person, whatever the feature; the click and form guards
(handlers/slack/clicks.py, forms.py) answer it with the one "This button isn't for you"."""

from __future__ import annotations


class NotYours(Exception):
    """The clicker is not the person this button, form, pair or answer is for."""
