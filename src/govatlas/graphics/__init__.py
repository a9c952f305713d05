"""Charts and maps drawn as inline SVG, shared by the web atlas and the reports.

Everything is computed in Python (no JavaScript, no CDN, no browser), so pages
and reports render offline, print, and give the same bytes for the same data.
"""
