"""Repositories, one module per aggregate (or per feature's read model, like summaries):
keyword-only functions that take the session; they add and flush, never commit.

The one rule for data access: every query lives here. A service owns the unit of work (a
session from `db.begin()`), reads rows through these functions (or `session.get` by primary
key), changes them and adds them; it never builds or runs a query (tests/test_data_access.py).
"""
