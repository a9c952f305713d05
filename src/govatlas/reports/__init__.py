"""Knowledge products: the interoperability white paper, country and comparison briefs.

Figures are computed from the store (``landscape``, ``coverage``, ``frameworks``,
``methodology``), policy options come from rules kept as data (``policy``), every
claim gets a citation key (``citations``), and ``render`` writes HTML, PDF and the
citation register.
"""
