"""``govatlas serve --pid-file``: scripts (and CI) stop exactly the server they started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stderr(server: subprocess.Popen[bytes]) -> str:
    if server.poll() is None:
        return "(still running)"
    assert server.stderr is not None
    return server.stderr.read().decode(errors="replace")[-2000:]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_serve_writes_and_removes_its_pid_file(
    migrated: Engine, env_db: str, tmp_path: Path, stop: signal.Signals
) -> None:
    pid_file = tmp_path / "serve.pid"
    env = os.environ | {"GOVATLAS_PORT": str(_free_port()), "GOVATLAS_PID_FILE": str(pid_file)}
    command = [sys.executable, "-c", "from govatlas.cli import main; main()", "serve"]
    # A script's background job starts with Ctrl-C ignored and its children inherit that
    # (CI runs this pass beside the build): the server gets the default handler back.
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 90  # a loaded CI machine imports the CLI slowly
        while time.monotonic() < deadline:
            if pid_file.exists() or server.poll() is not None:
                break
            time.sleep(0.05)
        assert pid_file.exists(), f"no pid file; server said: {_stderr(server)}"
        assert pid_file.read_text().strip() == str(server.pid)  # the server itself, by pid
        os.kill(int(pid_file.read_text()), stop)  # Ctrl-C, or `kill PID` as CI does
        server.wait(timeout=90)
    finally:
        if server.poll() is None:
            server.kill()
    assert not pid_file.exists()
