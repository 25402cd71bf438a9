"""Denied-party and sanctions screening: list entities, name preparation, index, matcher, workflow."""
