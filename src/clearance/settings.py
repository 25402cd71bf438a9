"""Configuration: one pydantic-settings object, read only when asked for.

Environment variables use the ``CLEARANCE_`` prefix (``CLEARANCE_DATA_DIR``,
``CLEARANCE_DATABASE_URL``...). Nothing reads the environment at import time: callers
build :class:`Settings` explicitly (the CLI does it once per command).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("clearance", appauthor=False))


class Settings(BaseSettings):
    """Everything a deployment may tune. Defaults suit one user on one machine."""

    model_config = SettingsConfigDict(env_prefix="CLEARANCE_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Directory holding the SQLite database and downloaded sources.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is a SQLite file 'clearance.db' in data_dir.",
    )
    weight_tolerance_pct: Decimal = Field(
        default=Decimal("2"),
        description="Allowed difference between documents' weights, percent of the larger.",
    )
    weight_tolerance_kg: Decimal = Field(
        default=Decimal("0.5"),
        description="Weight differences up to this many kilograms are always accepted (rounding).",
    )

    classify_in_check: bool = Field(
        default=False,
        description="Cross-check declared HTS numbers with the classifier during 'check' (needs its index). "
        "Off by default: at the classifier's top-1 accuracy (36-40% at 6 digits on the dev sets) its confidence "
        "seldom reaches a useful threshold, and a lower one would raise false warnings on correct declarations.",
    )
    classify_confident: float = Field(
        default=0.8,
        description="Classifier confidence at or above which a disagreeing declared code is flagged.",
    )

    risk_model_dir: Path | None = Field(
        default=None,
        description="Directory of the risk model ('clearance risk train --model DIR'); default: "
        "data_dir/risk-model when it exists. Without a model, 'check' applies the risk profiles alone.",
    )
    risk_profiles: Path | None = Field(
        default=None,
        description="CSV of risk profiles replacing the packaged default set (see 'clearance risk profiles').",
    )

    def risk_model(self) -> Path:
        return self.risk_model_dir or self.data_dir / "risk-model"

    def classifier_cache(self) -> Path:
        return self.data_dir / "classifier"

    def screening_cache(self) -> Path:
        """The screening index over the loaded lists, written by 'data import' (``screening.stored``)."""
        return self.data_dir / "screening-index"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'clearance.db').as_posix()}"
