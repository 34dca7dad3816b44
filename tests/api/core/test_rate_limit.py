"""Token-bucket rate limiting."""

import pytest

from api.core.rate_limit import RateLimiter


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_burst_then_refused_with_retry_after():
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)
    assert [limiter.check("a").allowed for _ in range(3)] == [True, True, True]
    refused = limiter.check("a")
    assert not refused.allowed
    assert refused.retry_after == 10  # one token every 10 s


def test_tokens_come_back_over_time_up_to_the_burst():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    limiter.check("a"), limiter.check("a")
    assert not limiter.check("a").allowed
    clock.now += 1.0
    assert limiter.check("a").allowed
    clock.now += 3600
    assert [limiter.check("a").allowed for _ in range(3)] == [True, True, False]


def test_clients_are_independent():
    limiter = RateLimiter(per_minute=1, burst=1, clock=Clock())
    assert limiter.check("a").allowed
    assert not limiter.check("a").allowed
    assert limiter.check("b").allowed


def test_memory_is_bounded():
    limiter = RateLimiter(per_minute=1, burst=1, clock=Clock(), max_clients=10)
    for n in range(100):
        limiter.check(f"client-{n}")
    assert len(limiter._buckets) == 10


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError, match="per_minute"):
        RateLimiter(per_minute=0, burst=1)
