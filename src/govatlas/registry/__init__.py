"""The transparency and confidence-building registry.

States, agencies, AI safety institutes, companies and others share commitments,
measures and reports with each other, each marked with who may see it (TLP 2.0,
``visibility``), moved through a review workflow (``records``), and recorded in an
append-only, hash-chained audit log with a signed head (``audit``, ``signing``).
``demo`` loads an invented scenario for trying it. See ``docs/registry.md``.
"""
