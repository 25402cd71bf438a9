"""Persistence: the database (SQLite by default, PostgreSQL by URL) and its migrations."""

from clearance.store.db import open_database

__all__ = ["open_database"]
