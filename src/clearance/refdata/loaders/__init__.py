"""Loaders for official reference-data formats, one module per source family."""
