"""One-line excerpts of provision texts, for lists and tables."""

from __future__ import annotations


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs collapsed), cut at ``limit`` characters with …"""
    flat = " ".join(text.split())
    return flat[:limit] + ("…" if len(flat) > limit else "")
