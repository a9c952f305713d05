"""The ASGI entry point that ``govatlas serve`` (or any ASGI server) loads."""

from govatlas.web.app import create_app

app = create_app()
