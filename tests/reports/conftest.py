"""What the report tests share: the crosswalked fixture store with a dataset release."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from govatlas.store.releases import create_release
from govatlas.store.session import transaction


@pytest.fixture
def released(crosswalked: Engine) -> Engine:
    """The crosswalked fixture store with a release cut, as every report cites one."""
    with transaction(crosswalked) as session:
        create_release(session)
    return crosswalked
