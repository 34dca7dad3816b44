"""Per-client token buckets: a burst allowance refilled at a steady rate (pure, clock injectable)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimiter", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go ahead, and if not, when to retry."""

    allowed: bool
    retry_after: int = 0
    """Whole seconds until one more request would be allowed (0 when allowed)."""


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token-bucket limiter keyed by client.

    Each client starts with ``burst`` tokens; one request costs one token;
    tokens come back at ``per_minute / 60`` per second up to ``burst``.
    At most ``max_clients`` buckets are kept (least recently used dropped), so
    a flood of addresses cannot exhaust memory.

    Args:
        per_minute: Sustained requests per minute.
        burst: Requests allowed at once.
        clock: Monotonic seconds (injectable for tests).
        max_clients: Buckets kept in memory.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 100_000,
    ) -> None:
        if per_minute < 1 or burst < 1:
            raise ValueError(f"per_minute and burst must be at least 1, got {per_minute} and {burst}")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> Verdict:
        """Spend one token of ``client`` if it has one."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(client, None) or _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets[client] = bucket
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return Verdict(True)
            return Verdict(False, max(1, math.ceil((1 - bucket.tokens) / self.rate)))

    def penalize(self, client: str) -> Verdict:
        """Like :meth:`check`, for counting failures (e.g. wrong admin tokens)."""
        return self.check(client)
