"""Embedding backend, classifiers and evaluation (see DESIGN.md)."""
