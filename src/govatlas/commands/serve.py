"""``govatlas serve``: the web atlas and the JSON API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

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

    Example: [bold]govatlas serve --port 8000[/]
    """
    import uvicorn

    settings = load_settings()
    engine = open_engine()
    require_current(engine)
    chosen_host, chosen_port = host or settings.host, port or settings.port
    new_console().print(
        f"Serving {escape(describe(engine))} at [bold]http://{chosen_host}:{chosen_port}/[/] "
        "(Ctrl+C stops)"
    )
    engine.dispose()
    if pid_file is not None:
        _write_pid_file(pid_file)
    try:
        _run(uvicorn, chosen_host, chosen_port, workers)
    finally:
        if pid_file is not None:
            pid_file.unlink(missing_ok=True)


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
