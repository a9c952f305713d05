"""Measured quality of the shipped models, and which machine-labelled concepts are experimental."""
