"""Repositories: keyword-only functions that take the session; they add and flush, never commit."""
