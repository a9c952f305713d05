"""The command line starts quickly: loading it pulls in no library that only some
commands need (scikit-learn and SciPy, rdflib, pypdfium2, feedparser, the embedding
runtimes). Each of those takes from a tenth of a second to a second and a half to load,
and every command, ``--help`` included, would pay for all of them."""

from __future__ import annotations

import json
import subprocess
import sys

SLOW_TO_LOAD = ("sklearn", "scipy", "joblib", "rdflib", "pypdfium2", "feedparser", "onnxruntime")


def test_loading_the_command_line_loads_no_library_only_some_commands_need() -> None:
    probe = (
        "import json, sys; import govatlas.cli; "
        f"print(json.dumps(sorted(m for m in {SLOW_TO_LOAD!r} if m in sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(loaded.stdout) == []


def test_the_account_check_costs_the_same_for_unknown_names_without_hashing_at_import() -> None:
    probe = (
        "import sys; import govatlas.accounts.users as users; "
        "print(users._dummy_hash.cache_info().currsize)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert loaded.stdout.strip() == "0"  # nothing hashed until an unknown name is checked
