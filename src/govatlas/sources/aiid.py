"""AI Incident Database snapshot: incidents and their CSET, GMF and MIT-domain
classifications (including three annotators' files), kept as records."""

from __future__ import annotations

from govatlas.sources.record_files import RecordFile, RecordFilesConnector


class AiidConnector(RecordFilesConnector):
    name = "aiid"
    description = "AI Incident Database: incidents and classifications"
    folder = "aiid"
    files = (
        RecordFile("incidents.csv", "incident", ("incident_id",)),
        RecordFile("duplicates.csv", "duplicate", ("duplicate_incident_number",)),
        RecordFile("classifications_*.csv", "{stem}", ("Incident ID",)),
    )
