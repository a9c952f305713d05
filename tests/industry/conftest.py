"""The fixture store with the miniature FMTI mirror imported (three editions, acme)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.industry.editions import map_editions
from govatlas.industry.fmti import import_fmti
from govatlas.store.session import transaction

MIRROR = Path(__file__).parents[1] / "fixtures" / "fmti_mirror"


@pytest.fixture
def fmti(ingested: Engine) -> Engine:
    with transaction(ingested) as session:
        import_fmti(session, MIRROR)
        map_editions(session)
    return ingested
