"""Horizon scanning: what changed between versions of an instrument."""
