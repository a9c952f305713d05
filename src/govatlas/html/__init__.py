"""HTML that the web atlas and the pages the CLI writes share.

The version diff and the weekly digest exist twice: as web pages (``web``) and as
standalone files (``govatlas diff --html``, ``govatlas digest``). Their templates,
the helpers those templates call and the stylesheet live here, below both, so that
the CLI writes them without loading the web stack and the web reads them without
owning them.
"""

from govatlas.html.rendering import STATIC, TEMPLATES, name_of, standalone_page, stylesheet

__all__ = ["STATIC", "TEMPLATES", "name_of", "standalone_page", "stylesheet"]
