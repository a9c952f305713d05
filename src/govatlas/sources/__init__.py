"""Source connectors: each turns one public source into ``SourceDocument`` records.

Built-in connectors (AGORA, EU AI Act, NIST, laws, US laws, ethics guidelines,
FMTI, MIT AI Risk Repository, AI Incident Database) are registered through the
``govatlas.sources`` entry-point group, like any plug-in.
"""

from govatlas.records import (
    Connector,
    InstrumentDraft,
    LabelDraft,
    ProvisionDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
)
from govatlas.sources.discovery import connectors, get_connector

__all__ = [
    "Connector",
    "InstrumentDraft",
    "LabelDraft",
    "ProvisionDraft",
    "RecordDraft",
    "SourceDocument",
    "TaxonomyDraft",
    "connectors",
    "get_connector",
]
