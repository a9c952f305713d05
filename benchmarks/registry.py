"""Registry benchmark: what writes, reads, verification and exports cost as it grows.

In a fresh SQLite store with the demo scenario, drafts ``RECORDS`` records through the
audited workflow (half of them submitted, reviewed and published, at every TLP
marking), so every write appends to the hash-chained log and re-signs its head; then
times listing what the public, a participant, a submitter and an officer may see (20
rounds each), the compliance view, a signed export, and ``verify`` over the whole log.
With the shared corpus at hand, it also attaches its PDFs (the FMTI scoring sheets: real
company documents of 0.1-0.3 MB) one by one to drafts, each sniffed, read through the
ingest path and stored, and times what changed between two editions whose file differs.
``python -m benchmarks.registry`` prints the figures; ``make bench`` writes
``benchmarks/results/registry.json``.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from benchmarks.trackers import latency_ms
from govatlas.config import Settings
from govatlas.registry.attachments import attach, remove_attachment
from govatlas.registry.audit import verify
from govatlas.registry.compliance import commitment_statuses
from govatlas.registry.demo import load_demo
from govatlas.registry.editions import edition_diff
from govatlas.registry.export import export_document
from govatlas.registry.records import Writer, create_record, records_for, step, viewer_named
from govatlas.registry.revisions import revise_record
from govatlas.registry.signing import SigningKey, load_or_create
from govatlas.registry.visibility import PUBLIC
from govatlas.store.engine import make_engine
from govatlas.store.migrate import upgrade
from govatlas.store.registry_models import TLP_LEVELS, AuditEvent, RegistryAttachment
from govatlas.store.session import transaction

RECORDS = 2000
ROUNDS = 20
PDFS = 10
VIEWERS = (None, "demo-participant", "demo-lab-submitter", "demo-officer")
NAMED = {"AMBER": {"parties": ["demo-institute"]}, "RED": {"people": ["demo-officer"]}}


def bench_registry(records: int = RECORDS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/registry.db", create=True)
        upgrade(engine)
        signer = load_or_create(Path(folder) / "registry.key")
        with transaction(engine) as session:
            load_demo(session, signer)
        started = time.perf_counter()
        for n in range(records):
            tlp = TLP_LEVELS[n % len(TLP_LEVELS)]
            with transaction(engine) as session:
                lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
                record = create_record(
                    lab,
                    "report",
                    f"Report {n}",
                    "demo-lab",
                    tlp,
                    body="x " * 200,
                    parties=NAMED.get(tlp, {}).get("parties", ()),
                    people=NAMED.get(tlp, {}).get("people", ()),
                )
                if n % 2 == 0:
                    officer = Writer(session, signer, viewer_named(session, "demo-officer"))
                    step(lab, record.id, "submit")
                    step(officer, record.id, "review")
                    step(officer, record.id, "publish")
        writing = time.perf_counter() - started
        with Session(engine) as session:
            entries = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
            listing: dict[str, Any] = {}
            for name in VIEWERS:
                viewer = viewer_named(session, name) if name else PUBLIC
                times, seen = [], 0
                for _ in range(ROUNDS):
                    began = time.perf_counter()
                    seen = len(records_for(session, viewer))
                    times.append(time.perf_counter() - began)
                listing[name or "public"] = {"records_seen": seen, **latency_ms(times)}
            began = time.perf_counter()
            statuses = commitment_statuses(session, viewer_named(session, "demo-officer"))
            compliance = time.perf_counter() - began
            began = time.perf_counter()
            document = export_document(session, viewer_named(session, "demo-officer"), signer)
            exporting = time.perf_counter() - began
            began = time.perf_counter()
            verdict = verify(session, signer.public)
            verifying = time.perf_counter() - began
        files = bench_attachments(engine, signer)
        engine.dispose()
    return {
        "attachments": files,
        "records": records,
        "audit_entries": entries,
        "write_s": round(writing, 2),
        "audited_writes_per_s": round(entries / writing, 1),
        "list_visible": listing,
        "compliance_ms": round(compliance * 1000, 1),
        "commitments": len(statuses),
        "export_ms": round(exporting * 1000, 1),
        "export_records": len(document["records"]),
        "export_bytes": len(json.dumps(document)),
        "verify_s": round(verifying, 3),
        "verify_entries_per_s": round(entries / verifying) if verifying else None,
        "verify_ok": verdict.ok,
    }


def corpus_pdfs() -> list[Path]:
    mirror = Settings().mirror_dir
    if mirror is None or not mirror.is_dir():
        return []
    return sorted(mirror.rglob("*.pdf"))[:PDFS]


def bench_attachments(engine: Engine, signer: SigningKey) -> dict[str, Any] | str:
    """Attaching real PDFs, and the diff between two editions whose file differs."""
    pdfs = corpus_pdfs()
    if len(pdfs) < 2:
        return "skipped: the shared corpus's PDFs were not found (GOVATLAS_MIRROR)"
    times, sizes, pages_read = [], [], 0
    record_ids = []
    for pdf in pdfs:
        data = pdf.read_bytes()
        with transaction(engine) as session:
            lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
            record = create_record(lab, "report", f"With {pdf.name}", "demo-lab", "CLEAR")
            began = time.perf_counter()
            made = attach(lab, record.id, "report.pdf", data)
            times.append(time.perf_counter() - began)
            sizes.append(len(data))
            pages_read += bool(made.text)
            record_ids.append(record.id)
    with transaction(engine) as session:  # publish the first, revise it with the second's file
        lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
        officer = Writer(session, signer, viewer_named(session, "demo-officer"))
        step(lab, record_ids[0], "submit")
        step(officer, record_ids[0], "review")
        step(officer, record_ids[0], "publish")
        revision = revise_record(lab, record_ids[0])
        for old in session.scalars(
            select(RegistryAttachment).where(RegistryAttachment.record_id == revision.id)
        ):
            remove_attachment(lab, old.id)
        attach(lab, revision.id, "report.pdf", pdfs[1].read_bytes())
        revision_id = revision.id
    diff_times, provisions = [], 0
    with Session(engine) as session:
        author = viewer_named(session, "demo-lab-submitter")
        for _ in range(5):
            began = time.perf_counter()
            changes = edition_diff(session, author, revision_id)
            diff_times.append(time.perf_counter() - began)
            provisions = sum(len(a.changes) for a in changes.attachments)
    return {
        "files": len(pdfs),
        "bytes_mean": round(sum(sizes) / len(sizes)),
        "with_text": pages_read,
        "attach": latency_ms(times),
        "attach_mb_per_s": round(sum(sizes) / 1e6 / sum(times), 2),
        "edition_diff": {"provisions_compared": provisions, **latency_ms(diff_times)},
    }


if __name__ == "__main__":
    print(json.dumps(bench_registry(), indent=2))
