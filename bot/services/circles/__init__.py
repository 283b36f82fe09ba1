"""Mentoring circles (issue 19): a mentor opens a circle (forms), people find it (fit), join,
wait for approval, leave, and the mentor closes it (membership). Plain dataclasses out."""
