"""Registry benchmark: what writes, reads, verification and exports cost as it grows.

In a fresh SQLite store with the demo scenario, drafts ``RECORDS`` records through the
audited workflow (half of them submitted, reviewed and published, at every TLP
marking), so every write appends to the hash-chained log and re-signs its head; then
times listing what the public, a participant, a submitter and an officer may see (20
rounds each), the compliance view, a signed export, and ``verify`` over the whole log.
``python -m benchmarks.registry`` prints the figures; ``make bench`` writes
``benchmarks/results/registry.json``.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.trackers import latency_ms
from govatlas.registry.audit import verify
from govatlas.registry.compliance import commitment_statuses
from govatlas.registry.demo import load_demo
from govatlas.registry.export import export_document
from govatlas.registry.records import Writer, create_record, records_for, step, viewer_named
from govatlas.registry.signing import load_or_create
from govatlas.registry.visibility import PUBLIC
from govatlas.store.engine import make_engine
from govatlas.store.migrate import upgrade
from govatlas.store.registry_models import TLP_LEVELS, AuditEvent
from govatlas.store.session import transaction

RECORDS = 2000
ROUNDS = 20
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
                    **NAMED.get(tlp, {}),
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
        engine.dispose()
    return {
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


if __name__ == "__main__":
    print(json.dumps(bench_registry(), indent=2))
