"""A lock held in the store, so that two scans never overlap, even on two machines.

Taking the lock inserts a row under a primary key; a second taker hits the key
and gets a ``BusyError`` naming the holder. The row names the holder's host and
process id, and a heartbeat thread refreshes it every ``HEARTBEAT`` while the
work runs. A lock is stale, and the next taker takes it over, when its holder's
process is gone on this host (a scan killed with SIGKILL or by the OOM killer
never runs its clean-up), or when its heartbeat has stopped for ``STALE_AFTER``
(a holder on another machine that died, or lost the store). ``lock_states``
tells ``govatlas doctor`` which locks are held and which are stale.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from govatlas.errors import BusyError
from govatlas.store.horizon import horizon_locks
from govatlas.store.models import HorizonLock, utcnow
from govatlas.store.session import transaction

HEARTBEAT = timedelta(seconds=60)
STALE_AFTER = timedelta(minutes=10)
log = logging.getLogger("govatlas.horizon")


@dataclass(frozen=True)
class LockState:
    """A held lock, and why it is stale (None while its holder is alive)."""

    name: str
    holder: str
    heartbeat_at: datetime | None
    stale: str | None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def process_running(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def stale_reason(lock: HorizonLock, now: datetime, host: str) -> str | None:
    """Why ``lock`` no longer protects anything, or None if its holder may be alive."""
    if lock.host == host and lock.pid is not None and not process_running(lock.pid):
        return f"its process {lock.pid} is no longer running on {host}"
    if _aware(lock.expires_at) < now:
        since = lock.heartbeat_at or lock.expires_at
        return f"no heartbeat since {_aware(since):%Y-%m-%d %H:%M:%S} UTC"
    return None


def lock_states(engine: Engine) -> list[LockState]:
    now, host = utcnow(), socket.gethostname()
    with transaction(engine) as session:
        return [
            LockState(lock.name, lock.holder, lock.heartbeat_at, stale_reason(lock, now, host))
            for lock in horizon_locks(session)
        ]


def _take_over_stale(engine: Engine, name: str, host: str) -> None:
    with transaction(engine) as session:
        current = session.get(HorizonLock, name)
        if current is None:
            return
        reason = stale_reason(current, utcnow(), host)
        if reason is None:
            return
        log.warning("taking over the stale %s lock of %s: %s", name, current.holder, reason)
        session.execute(  # only that row: another taker may have replaced it meanwhile
            delete(HorizonLock).where(
                HorizonLock.name == name,
                HorizonLock.holder == current.holder,
                HorizonLock.expires_at == current.expires_at,
            )
        )


class _Heartbeat(threading.Thread):
    """Moves the lock's heartbeat (and expiry) forward until stopped."""

    def __init__(self, engine: Engine, name: str, holder: str, every: timedelta) -> None:
        super().__init__(name=f"govatlas-{name}-heartbeat", daemon=True)
        self.engine, self.lock_name, self.holder, self.every = engine, name, holder, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every.total_seconds()):
            now = utcnow()
            try:
                with transaction(self.engine) as session:
                    session.execute(
                        update(HorizonLock)
                        .where(
                            HorizonLock.name == self.lock_name, HorizonLock.holder == self.holder
                        )
                        .values(heartbeat_at=now, expires_at=now + STALE_AFTER)
                    )
            except SQLAlchemyError as exc:  # a busy store: the next beat tries again
                log.warning("could not refresh the %s lock: %s", self.lock_name, exc)


@contextmanager
def store_lock(engine: Engine, name: str, heartbeat: timedelta = HEARTBEAT) -> Iterator[str]:
    """Hold the lock ``name`` for the duration of the block; yields the holder id."""
    host, pid = socket.gethostname(), os.getpid()
    holder = f"{host} pid {pid}"
    _take_over_stale(engine, name, host)
    now = utcnow()
    try:
        with transaction(engine) as session:
            session.add(
                HorizonLock(
                    name=name,
                    holder=holder,
                    host=host,
                    pid=pid,
                    heartbeat_at=now,
                    expires_at=now + STALE_AFTER,
                )
            )
    except IntegrityError as exc:
        with transaction(engine) as session:
            current = session.get(HorizonLock, name)
            beat = current.heartbeat_at if current else None
            who = current.holder if current else "?"
        when = f", last heartbeat {_aware(beat):%Y-%m-%d %H:%M:%S} UTC" if beat else ""
        raise BusyError(
            f"another {name} is running ({who}{when})",
            f"wait for it to finish; if it died, its lock is taken over once its heartbeat "
            f"has stopped for {STALE_AFTER.total_seconds() / 60:.0f} minutes",
        ) from exc
    beating = _Heartbeat(engine, name, holder, heartbeat)
    beating.start()
    try:
        yield holder
    finally:
        beating.stopped.set()
        beating.join()
        with transaction(engine) as session:
            session.execute(
                delete(HorizonLock).where(HorizonLock.name == name, HorizonLock.holder == holder)
            )
