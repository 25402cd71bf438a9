"""Driving the project's Alembic migrations on a given connection (migration tests)."""

from __future__ import annotations

from importlib import resources

import sqlalchemy as sa
from alembic.config import Config


def alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("clearance.store").joinpath("migrations")))
    config.attributes["connection"] = connection
    return config
