"""A minimal round-robin HTTP load balancer for tests (production uses nginx or the platform's balancer)."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


class RoundRobin:
    """Forwards each request to the next backend in turn and counts what each one served.

    Args:
        backends: Base URLs, e.g. ``http://127.0.0.1:5055``.
    """

    def __init__(self, backends: Sequence[str]) -> None:
        self.backends = list(backends)
        self.served: Counter[str] = Counter()
        self._next = itertools.cycle(self.backends)
        self._client = httpx.AsyncClient(timeout=60)
        self.app = Starlette(routes=[Route("/{path:path}", self._forward, methods=["GET", "POST"])])

    async def _forward(self, request: Request) -> Response:
        backend = next(self._next)
        upstream = await self._client.request(
            request.method,
            f"{backend}/{request.path_params['path']}",
            content=await request.body(),
            headers={"content-type": request.headers.get("content-type", "application/json")},
        )
        self.served[backend] += 1
        return Response(upstream.content, upstream.status_code, media_type=upstream.headers.get("content-type"))


@contextmanager
def serving(balancer: RoundRobin, port: int) -> Iterator[str]:
    """Serve ``balancer`` on loopback ``port`` in a background thread; yields its URL."""
    server = uvicorn.Server(uvicorn.Config(balancer.app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
