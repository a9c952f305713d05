"""The README documents every command and setting (docs are checked, not hoped for)."""

from __future__ import annotations

import re
from pathlib import Path

from govatlas.cli import app
from govatlas.config import Settings

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    paths: list[str] = []

    def walk(command: object, prefix: str) -> None:
        sub = getattr(command, "commands", None)
        if not sub:
            paths.append(prefix.strip())
            return
        for name, child in sub.items():
            walk(child, f"{prefix} {name}")

    walk(group, "")
    return paths


def test_every_command_is_in_the_readme() -> None:
    missing = [p for p in _command_paths() if f"govatlas {p}" not in README]
    assert missing == []


def test_every_setting_is_in_the_readme() -> None:
    for name in Settings.model_fields:
        assert f"GOVATLAS_{name.upper()}" in README


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"^make (\w+)$", README, flags=re.M)
    assert "test" in commands and "atlas" in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\s*make test\b", ci, flags=re.M)
