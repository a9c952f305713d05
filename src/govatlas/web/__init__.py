"""The web atlas and the JSON API (FastAPI, Jinja2 templates, htmx as an enhancement)."""

from govatlas.web.app import create_app

__all__ = ["create_app"]
