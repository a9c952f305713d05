"""A lock held in the store, so that two scans never overlap, even on two machines.

Taking the lock inserts a row under a primary key; a second taker hits the key
and gets a ``BusyError`` naming the holder. A crashed holder cannot block scans
forever: the lock expires after ``ttl`` and the next taker clears it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError

from govatlas.errors import BusyError
from govatlas.store.models import HorizonLock, utcnow
from govatlas.store.session import transaction

DEFAULT_TTL = timedelta(hours=6)


@contextmanager
def store_lock(engine: Engine, name: str, ttl: timedelta = DEFAULT_TTL) -> Iterator[str]:
    """Hold the lock ``name`` for the duration of the block; yields the holder id."""
    holder = f"{socket.gethostname()} pid {os.getpid()}"
    now = utcnow()
    with transaction(engine) as session:
        session.execute(
            delete(HorizonLock).where(HorizonLock.name == name, HorizonLock.expires_at < now)
        )
    try:
        with transaction(engine) as session:
            session.add(HorizonLock(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError as exc:
        with transaction(engine) as session:
            current = session.get(HorizonLock, name)
        who = f"{current.holder}, until {current.expires_at:%Y-%m-%d %H:%M} UTC" if current else "?"
        raise BusyError(
            f"another {name} is running ({who})",
            "wait for it to finish; a crashed run's lock expires by itself",
        ) from exc
    try:
        yield holder
    finally:
        with transaction(engine) as session:
            session.execute(
                delete(HorizonLock).where(HorizonLock.name == name, HorizonLock.holder == holder)
            )
