"""Clearance: a customs and trade-compliance engine that explains every answer.

The public surface is small: build a :class:`~clearance.model.Shipment`, call
:func:`clearance.pipeline.check` with an explicit ``as_of`` date, and read the
:class:`~clearance.model.Report`. Everything else is reachable through the CLI
(``clearance --help``) or the engine packages.
"""

__version__ = "0.1.0"
