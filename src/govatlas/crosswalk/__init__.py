"""Relationships between provisions of different instruments.

Import published crosswalks, suggest and align new ones, review, evaluate, export.
"""
