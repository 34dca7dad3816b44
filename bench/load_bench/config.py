"""Sizes of one load benchmark run: the default, ``--quick`` and a copy with another duration."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Config:
    """Sizes of one benchmark run.

    Attributes:
        levels: Concurrent sessions per level, in order.
        duration: Measured seconds per level.
        warmup: Unmeasured seconds at the start of each level (sessions already running).
        first_warmup: Extra unmeasured seconds before the first level (first requests load lazy state).
        idle_below: Wait until the 1-minute load average is below this before measuring.
        idle_wait: At most this many seconds of waiting for that (0: do not wait).
        seed: Seed of every random choice.
    """

    levels: tuple[int, ...] = (1, 5, 10, 25, 50)
    duration: float = 30.0
    warmup: float = 5.0
    first_warmup: float = 15.0
    idle_below: float = 0.7
    idle_wait: float = 300.0
    seed: int = 20240601


QUICK = Config(levels=(1, 10, 50), duration=8.0, warmup=3.0, first_warmup=8.0, idle_wait=0.0)
"""The ``--quick`` smoke run (< 2 min): 1, 10 and 50 sessions × 8 s, no idle wait."""


def with_duration(config: Config, duration: float) -> Config:
    """``config`` with ``duration`` measured seconds per level (for the warm-up and profile rounds)."""
    return Config(**{**asdict(config), "duration": duration})
