"""A minimal round-robin HTTP load balancer for tests (production uses nginx or the platform's balancer)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

import httpx
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
            headers={
                "content-type": request.headers.get("content-type", "application/json"),
                **{name: value for name, value in request.headers.items() if name == "x-nenkin-internal-token"},
            },
        )
        self.served[backend] += 1
        return Response(upstream.content, upstream.status_code, media_type=upstream.headers.get("content-type"))
