"""Matching: ranking mentors for a mentee, and the /find-mentor searches built on it."""
