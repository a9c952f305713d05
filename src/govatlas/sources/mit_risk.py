"""MIT AI Risk Repository (V3): the domain taxonomy (7 domains, 24 subdomains) as a
taxonomy, and the coded risks, causal taxonomy and included documents as records."""

from __future__ import annotations

from pathlib import Path

from govatlas.records import ConceptDraft, TaxonomyDraft
from govatlas.sources.mirror import source_folder
from govatlas.sources.record_files import RecordFile, RecordFilesConnector
from govatlas.sources.tables import read_csv

DOMAIN_COLUMNS = frozenset({"domain_id", "domain", "subdomain_id", "subdomain"})


class MitRiskConnector(RecordFilesConnector):
    name = "mit-risk"
    description = "MIT AI Risk Repository V3: coded risks and domain taxonomy"
    folder = "mit_risk"
    files = (
        RecordFile("ai_risk_database.csv", "risk", ("Ev_ID",)),
        RecordFile("domain_taxonomy.csv", "domain", ("subdomain_id",)),
        RecordFile("causal_taxonomy.csv", "causal", ("Category", "Level")),
        RecordFile("included_resources.csv", "resource", ("Paper_ID",)),
        RecordFile("change_log.csv", "change", ()),
    )

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        rows = read_csv(source_folder(root, self.folder) / "domain_taxonomy.csv", DOMAIN_COLUMNS)
        concepts: dict[str, ConceptDraft] = {}
        for row in rows:
            domain_id = row["domain_id"].strip()
            concepts.setdefault(domain_id, ConceptDraft(domain_id, row["domain"].strip()))
            sub_id = row["subdomain_id"].strip()
            concepts[sub_id] = ConceptDraft(
                sub_id,
                row["subdomain"].strip(),
                definition=row.get("description") or None,
                parent=domain_id,
            )
        return [
            TaxonomyDraft(
                "mit-risk",
                "MIT AI risk domains",
                "Domains and subdomains of the MIT AI Risk Repository's domain taxonomy.",
                tuple(concepts.values()),
                version="V3",
            )
        ]
