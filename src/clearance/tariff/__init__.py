"""Tariff schedule and classification: the HTS tree, revisions in force, legal notes,
declared-code validation (the tariff engine), search and diff."""

from clearance.tariff.engine import TariffEngine

__all__ = ["TariffEngine"]
