"""Landscape and interoperability measures computed from the store."""

from govatlas.analytics.landscape import Landscape, landscape

__all__ = ["Landscape", "landscape"]
