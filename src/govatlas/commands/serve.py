"""``govatlas serve``: the web atlas and the JSON API."""

from __future__ import annotations

import importlib
import os
import signal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from sqlalchemy import Engine

from govatlas.commands.common import new_console, open_engine
from govatlas.config import load_settings
from govatlas.store.engine import describe
from govatlas.store.migrate import require_current

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (GOVATLAS_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (GOVATLAS_PORT).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
    pages: Annotated[
        bool,
        typer.Option(
            "--pages/--no-pages",
            help="Keep rendered pages in a page store every worker shares (beside an SQLite "
            "database: atlas.db keeps them in atlas-pages.db), and render every instrument "
            "and jurisdiction page into it before listening: once per change of the store, "
            "about a minute on a full build. --no-pages renders each page on demand.",
        ),
    ] = True,
    pid_file: Annotated[
        Path | None,
        typer.Option(
            "--pid-file",
            envvar="GOVATLAS_PID_FILE",
            help="Write the server's process id here (removed on exit), so a script can "
            "stop exactly this server (GOVATLAS_PID_FILE).",
        ),
    ] = None,
) -> None:
    """Serve the web atlas and the JSON API (/api/v1, docs at /api/v1/docs).

    Reads the database given by GOVATLAS_DB (run `govatlas build` first). Writes through
    the API need GOVATLAS_API_TOKEN.

    Example: [bold]govatlas serve --port 8000 --workers 2[/]
    """
    import uvicorn

    settings = load_settings()
    engine = open_engine()
    require_current(engine)
    chosen_host, chosen_port = host or settings.host, port or settings.port
    console = new_console()
    # the workers keep templates compiled and run two requests at a time (web/app.py)
    os.environ.setdefault("GOVATLAS_TEMPLATE_RELOAD", "0")
    os.environ.setdefault("GOVATLAS_WORKER_THREADS", "2")
    if pages:
        os.environ["GOVATLAS_PAGE_STORE"] = "1"  # read by the workers' apps
        os.environ["GOVATLAS_DB"] = settings.db_url
        _prerender(console, engine, settings.cpu_threads)
    console.print(
        f"Serving {escape(describe(engine))} at [bold]http://{chosen_host}:{chosen_port}/[/] "
        "(Ctrl+C stops)"
    )
    engine.dispose()
    # uvicorn shuts down on SIGTERM, then raises it again once its own handler is gone:
    # with the default handler the process would die there, before ``finally`` removes
    # the pid file; this one makes that second signal a normal exit
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    try:
        # written inside ``try``: a stop that arrives as soon as the file appears (a script
        # polls for it, then kills the pid) still removes it (CI saw Ctrl-C land between
        # the two)
        if pid_file is not None:
            _write_pid_file(pid_file)
        _run(uvicorn, chosen_host, chosen_port, workers)
    finally:
        if pid_file is not None:
            pid_file.unlink(missing_ok=True)


def _exit_on_terminate(signum: int, frame: object) -> None:
    """A SIGTERM after the server stopped: leave through ``finally`` blocks."""
    raise SystemExit(0)


def _prerender(console: Console, engine: Engine, threads: int) -> None:
    """Render the pages the store lacks for this revision, with a progress bar."""
    # named by a string, as uvicorn names the app: nothing imports the web (DESIGN.md)
    prerender = importlib.import_module("govatlas.web.prerender").prerender
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Rendering instrument and jurisdiction pages", total=None)
        result = prerender(
            engine,
            min(threads, 4),
            lambda done, total: bar.update(task, completed=done, total=total),
        )
    if not result.available:
        console.print(
            "[yellow]No page store[/] (in-memory database, or its file cannot be written "
            "beside the database): every page is rendered on demand"
        )
        return
    failed = (
        f"; [yellow]{len(result.failed)} failed[/] (first: {escape(result.failed[0])})"
        if result.failed
        else ""
    )
    console.print(
        f"Pages: {result.pages:,} instrument and jurisdiction pages, {result.kept:,} already "
        f"rendered for this revision, {result.rendered:,} rendered in {result.seconds:.0f} s"
        + failed
    )


def _write_pid_file(pid_file: Path) -> None:
    """Write this process's id whole: a script polling for the file never reads it empty."""
    partial = pid_file.with_name(f".{pid_file.name}.{os.getpid()}.partial")
    partial.write_text(f"{os.getpid()}\n", encoding="ascii")
    os.replace(partial, pid_file)


def _run(uvicorn: Any, host: str, port: int, workers: int) -> None:
    uvicorn.run(
        "govatlas.web.asgi:app",
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
        server_header=False,  # no server name and version in every answer
    )
