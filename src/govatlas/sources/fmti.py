"""Foundation Model Transparency Index (Stanford CRFM): indicators, scores and
per-company reports for the 2023, 2024 and 2025 editions, kept as raw records
for the industry-insights features; the indicators also form a taxonomy."""

from __future__ import annotations

from pathlib import Path

from govatlas.ingest.formats import parse_file
from govatlas.records import ConceptDraft, RecordDraft, SourceDocument, TaxonomyDraft
from govatlas.sources.mirror import source_folder
from govatlas.sources.record_files import RecordFile, RecordFilesConnector
from govatlas.sources.tables import read_csv

INDICATOR_COLUMNS = frozenset({"Domain", "Subdomain", "Indicator"})


class FmtiConnector(RecordFilesConnector):
    name = "fmti"
    description = "Foundation Model Transparency Index 2023-2025 (Stanford CRFM)"
    folder = "fmti"
    files = (
        RecordFile("fmti-indicators.csv", "indicator-2023-2024", ("Indicator",)),
        RecordFile("2023/October2023_scores.csv", "scores-2023", ("Indicator",)),
        RecordFile("2023/fmti-keywords.csv", "keywords-2023", ("Indicator",)),
        RecordFile("2024/May2024_scores.csv", "scores-2024", ("Indicator",)),
        RecordFile("2024/May2024_disclosures.csv", "disclosures-2024", ("Indicator",)),
        RecordFile(
            # one 2024 report names its first column differently (an upstream quirk)
            "2024/reports/*.csv",
            "report-2024",
            key_with_stem=True,
            first_column_is_key=True,
        ),
        RecordFile("2025/Dec2025_indicators.csv", "indicator-2025", ("Indicator",)),
        RecordFile("2025/Dec2025_scores.csv", "scores-2025", ("Indicator",)),
        RecordFile("2025/reports/*.csv", "report-2025", ("Indicator",), key_with_stem=True),
    )

    def scan(self, root: Path) -> list[str]:
        pdfs = sorted(source_folder(root, self.folder).glob("2023/scoring_pdfs/*.pdf"))
        return super().scan(root) + [f"2023/scoring_pdfs/{p.name}" for p in pdfs]

    def load(self, root: Path, key: str) -> SourceDocument:
        if not key.endswith(".pdf"):
            return super().load(root, key)
        parsed = parse_file(source_folder(root, self.folder) / key)
        record = RecordDraft("scoring-pdf-2023", Path(key).stem, {"file": key, "text": parsed.text})
        return SourceDocument(self.name, key, f"fmti {key}", records=(record,))

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        drafts = []
        for edition, path in (
            ("2023-2024", "fmti-indicators.csv"),
            ("2025", "2025/Dec2025_indicators.csv"),
        ):
            rows = read_csv(source_folder(root, self.folder) / path, INDICATOR_COLUMNS)
            concepts: dict[str, ConceptDraft] = {}
            for row in rows:
                domain, sub, indicator = (
                    row[c].strip() for c in ("Domain", "Subdomain", "Indicator")
                )
                concepts.setdefault(domain, ConceptDraft(domain, domain))
                concepts.setdefault(
                    f"{domain}/{sub}", ConceptDraft(f"{domain}/{sub}", sub, parent=domain)
                )
                concepts.setdefault(
                    f"{domain}/{sub}/{indicator}",
                    ConceptDraft(
                        f"{domain}/{sub}/{indicator}",
                        indicator,
                        definition=row.get("Definition") or None,
                        parent=f"{domain}/{sub}",
                    ),
                )
            drafts.append(
                TaxonomyDraft(
                    f"fmti-{edition}",
                    f"FMTI indicators ({edition})",
                    "Foundation Model Transparency Index domains, subdomains and indicators.",
                    tuple(concepts.values()),
                    version=edition,
                )
            )
        return drafts
