"""``govatlas batch``: the heavy jobs (ingest parsing, embedding, provision labelling,
machine crosswalks) on a Dask cluster.

The same work as ``govatlas ingest``, ``govatlas embed``, ``govatlas label --taxonomy …``
and the build's machine crosswalks, cut into
partitions that Dask workers compute: on a local cluster of worker processes by
default, or on the scheduler ``--scheduler`` / ``GOVATLAS_DASK_SCHEDULER`` names (several
machines; ``docs/scale-out.md``). Each partition is written back in one transaction,
so a lost worker costs one retried partition and an interrupted job keeps what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import TaskID

from govatlas.batch import BatchReport, dask_client
from govatlas.batch.embedding import DEFAULT_PARTITION as EMBED_PARTITION
from govatlas.batch.embedding import embed_on_cluster
from govatlas.batch.ingesting import DEFAULT_PARTITION as INGEST_PARTITION
from govatlas.batch.ingesting import ingest_on_cluster
from govatlas.batch.labelling import DEFAULT_PARTITION as LABEL_PARTITION
from govatlas.batch.labelling import label_on_cluster
from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES
from govatlas.commands.common import (
    EmbeddingModelOption,
    announce_search_champions,
    announce_vector_index,
    new_console,
    new_typer,
    open_engine,
)
from govatlas.commands.ingest import (
    ProgressReporter,
    exit_code,
    print_summaries,
    progress_bars,
)
from govatlas.config import load_settings
from govatlas.errors import InvalidInputError
from govatlas.interrupts import Stop, deferred_interrupts
from govatlas.reports.wording import plural
from govatlas.sources import connectors
from govatlas.store.migrate import require_current, upgrade

if TYPE_CHECKING:
    from distributed import Client
    from sqlalchemy import Engine

Done = TypeVar("Done")

app = new_typer(
    "Batch jobs on Dask distributed: ingest parsing, embedding, provision labelling and "
    "machine crosswalks cut into partitions "
    "that worker processes compute, on this machine or on a cluster "
    "(GOVATLAS_DASK_SCHEDULER); each partition is stored in one transaction."
)

SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Address of a running Dask scheduler (tcp://host:8786); default "
        "GOVATLAS_DASK_SCHEDULER, else a local cluster started for the job.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        max=256,
        help="Worker processes of the local cluster (default GOVATLAS_DASK_WORKERS, 2); "
        "ignored with a scheduler.",
    ),
]


Job = Callable[["Engine", "Client", Callable[[int, int], None], Stop], Done]


def _on_cluster(
    label: str, scheduler: str | None, workers: int | None, job: Job[Done]
) -> tuple[Console, Engine, Done]:
    """Open the store (at the current schema), start or reach the cluster and run
    ``job`` with a progress bar named ``label`` and deferred Ctrl-C."""
    engine = open_engine()
    require_current(engine)
    console = new_console()
    with (
        deferred_interrupts() as stop,
        dask_client(scheduler, workers) as client,
        progress_bars(console) as progress,
    ):
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int, task: TaskID = task) -> None:
            progress.update(task, completed=done, total=total)

        return console, engine, job(engine, client, advance, stop)


def _report(console: Console, what: str, report: BatchReport, unit: str) -> None:
    rate = report.items / report.seconds if report.seconds else 0.0
    console.print(
        f"{what}: {plural(report.items, unit)} in {plural(report.partitions, 'partition')}, "
        f"{plural(report.written, 'row')} stored, {report.seconds:.1f} s "
        f"({rate:.1f} {unit}s a second)"
    )


@app.command("embed")
def batch_embed(
    model: EmbeddingModelOption = EmbeddingModel.MINILM,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    partition: Annotated[
        int, typer.Option("--partition", min=1, help="Texts per partition (one task).")
    ] = EMBED_PARTITION,
    limit: Annotated[int | None, typer.Option(min=1, help="Embed at most this many texts.")] = None,
) -> None:
    """Embed the provision texts that have no vector yet (what `govatlas embed` does), on
    Dask workers; run it again to finish an interrupted job.

    Example: [bold]govatlas batch embed --workers 2[/]
    """
    console, engine, report = _on_cluster(
        f"embed ({model})",
        scheduler,
        workers,
        lambda engine, client, advance, stop: embed_on_cluster(
            engine, client, model, partition, limit, advance, stop
        ),
    )
    _report(console, f"Embedded with {model}", report, "text")
    embedder = get_embedder(model)
    announce_vector_index(console, engine, embedder.model_id, embedder.dimension)


@app.command("label")
def batch_label(
    taxonomy: Annotated[
        list[str] | None,
        typer.Option(
            "--taxonomy",
            help="Taxonomy whose provision classifiers to run (repeatable; default: all "
            f"six: {', '.join(PROVISION_TAXONOMIES)}).",
        ),
    ] = None,
    instrument: Annotated[
        list[str] | None,
        typer.Option(help="Only these instruments (repeatable); default: those not yet read."),
    ] = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    partition: Annotated[
        int, typer.Option("--partition", min=1, help="Instruments per partition (one task).")
    ] = LABEL_PARTITION,
) -> None:
    """Label provisions with the shipped classifiers (what `govatlas label --taxonomy …`
    does for the instruments not yet read), on Dask workers; people's decisions stay.

    Example: [bold]govatlas batch label --taxonomy fli-blocks --taxonomy fli-risks[/]
    """
    chosen = list(dict.fromkeys(taxonomy or PROVISION_TAXONOMIES))
    unknown = [t for t in chosen if t not in PROVISION_TAXONOMIES]
    if unknown:
        raise InvalidInputError(
            f"no provision classifier for {', '.join(unknown)}",
            f"taxonomies with one: {', '.join(PROVISION_TAXONOMIES)}",
        )
    console, _engine, report = _on_cluster(
        "label",
        scheduler,
        workers,
        lambda engine, client, advance, stop: label_on_cluster(
            engine, client, chosen, instrument, partition, advance, stop
        ),
    )
    _report(console, f"Labelled ({', '.join(chosen)})", report, "instrument")


@app.command("crosswalks")
def batch_crosswalks(
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Generate the machine crosswalks among the major frameworks (what `govatlas build`
    does after ingest), a pair of frameworks per Dask task: the candidates of each unit
    above the calibrated probability, stored unreviewed; pairs already aligned with their
    current units are skipped, so running it again finishes an interrupted job.

    Example: [bold]govatlas batch crosswalks --workers 2[/]
    """
    from govatlas.batch.crosswalks import crosswalks_on_cluster

    console, _engine, report = _on_cluster(
        "machine crosswalks", scheduler, workers, crosswalks_on_cluster
    )
    _report(console, "Aligned (rows: machine suggestions, unreviewed)", report.batch, "pair")
    for framework, why in report.skipped:
        console.print(f"  left out: {framework} ({why})", highlight=False)


@app.command("ingest")
def batch_ingest(
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", help="A source connector (repeatable); see `govatlas sources`."
        ),
    ] = None,
    all_sources: Annotated[bool, typer.Option("--all", help="Every source found.")] = False,
    mirror: Annotated[
        Path | None,
        typer.Option(
            help="Folder with local copies of the sources (default: GOVATLAS_MIRROR); "
            "every worker must see it at this path."
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many documents per source.")
    ] = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    partition: Annotated[
        int, typer.Option("--partition", min=1, help="Documents per partition (one task).")
    ] = INGEST_PARTITION,
) -> None:
    """Ingest sources from the mirror (what `govatlas ingest --source …` does), the
    documents read and cut into provisions on Dask workers; each stored in its own
    transaction, unchanged ones skipped, so running it again resumes.

    Example: [bold]govatlas batch ingest --source agora --workers 2[/]
    """
    names = list(connectors()) if all_sources else list(dict.fromkeys(source or []))
    if not names:
        raise InvalidInputError(
            "name a source with --source, or --all", "`govatlas sources` lists them"
        )
    root = mirror or load_settings().mirror_dir
    if root is None or not root.is_dir():
        raise InvalidInputError(
            f"no mirror folder found ({root or 'GOVATLAS_MIRROR is not set'})",
            "pass --mirror DIR or set GOVATLAS_MIRROR (e.g. to ../shared/corpus)",
        )
    engine = open_engine(create=True)
    upgrade(engine)
    console = new_console()
    with (
        deferred_interrupts() as stop,
        dask_client(scheduler, workers) as client,
        progress_bars(console) as progress,
    ):
        summaries = ingest_on_cluster(
            engine,
            client,
            names,
            root.resolve(),
            ProgressReporter(progress),
            limit,
            partition,
            stop,
        )
    print_summaries(console, summaries)
    announce_search_champions(console, engine)
    if code := exit_code(summaries):
        raise typer.Exit(code)
