"""Write throttling: at most ``WRITES_PER_MINUTE`` writes per account (or the machine
token) in any minute, so a stolen session or a runaway script cannot flood the store.

The window is kept in memory per server process; with several workers each counts
its own share. Sign-in throttling, which must hold across processes, lives in the
store (``accounts.throttle``).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from threading import Lock

from govatlas.errors import TooManyRequestsError

WRITES_PER_MINUTE = 120
WINDOW = 60.0


class WriteLimiter:
    def __init__(self, per_minute: int = WRITES_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = Lock()

    def check(self, key: str) -> None:
        """Count one write for ``key``, or refuse it with how long to wait."""
        now = time.monotonic()
        with self._lock:
            seen = self._seen[key]
            while seen and seen[0] <= now - WINDOW:
                seen.popleft()
            if len(seen) >= self.per_minute:
                wait = math.ceil(seen[0] + WINDOW - now)
                raise TooManyRequestsError(
                    f"more than {self.per_minute} writes in a minute",
                    f"wait {wait} s and try again",
                    retry_after=max(1, wait),
                )
            seen.append(now)
