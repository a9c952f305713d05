"""The registry's demo scenario in a fresh store, and who sees what in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.registry.signing import SigningKey, save
from govatlas.store.registry_models import RegistryRecord

DEMO_PASSWORD = "govatlas-demo-password"
# the demo's records by title word, in the order the scenario writes them (ids 1-9)
RECORDS = (
    "commitment",  # 1 CLEAR, published (demo-lab)
    "report-clear",  # 2 CLEAR, published (demo-lab)
    "measure-green",  # 3 GREEN, published (demo-ministry)
    "report-amber",  # 4 AMBER, published (demo-lab), names demo-institute
    "report-strict",  # 5 AMBER+STRICT, published (demo-lab)
    "measure-red",  # 6 RED, published (demo-ministry), names its submitter and the officer
    "report-draft",  # 7 CLEAR, draft (demo-ministry)
    "report-submitted",  # 8 GREEN, submitted (demo-lab)
    "measure-returned",  # 9 CLEAR, returned (demo-ministry)
)
# what each viewer may see (record ids); None is the public
SEES: dict[str | None, set[int]] = {
    None: {1, 2},
    "demo-participant": {1, 2, 3},
    "demo-institute-participant": {1, 2, 3, 4},
    "demo-lab-submitter": {1, 2, 3, 4, 5, 8},
    "demo-ministry-submitter": {1, 2, 3, 6, 7, 9},
    "demo-officer": {1, 2, 3, 4, 5, 6, 8, 9},
    "demo-admin": {1, 2, 3, 4, 5, 8, 9},
}


# One key for every registry test, so that a demo store built once per session (the
# ``registry_demo`` stage) is signed with the key each test checks it with
TEST_KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


@pytest.fixture
def signer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SigningKey:
    key = tmp_path / "registry.key"
    monkeypatch.setenv("GOVATLAS_REGISTRY_KEY", str(key))
    return save(TEST_KEY, key)


@pytest.fixture
def demo(registry_demo: Engine, signer: SigningKey) -> Engine:
    """The demo scenario, loaded once per session (``tests/conftest.py``'s stage)."""
    with Session(registry_demo) as session:
        assert session.scalar(select(func.count()).select_from(RegistryRecord)) == len(RECORDS)
    return registry_demo
