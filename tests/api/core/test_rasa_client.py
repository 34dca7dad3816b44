"""The Rasa REST channel client, against ``httpx.MockTransport`` (no network)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from api.core.rasa_client import BackendUnavailableError, RasaBackend

Handler = Callable[[httpx.Request], httpx.Response]


def _backend(handler: Handler) -> tuple[RasaBackend, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    backend = RasaBackend("http://rasa:5005/", "http://actions:5055/", timeout=5, transport=httpx.MockTransport(record))
    return backend, seen


def _run(backend: RasaBackend, call: Callable[[RasaBackend], Awaitable[Any]]) -> Any:
    """``call(backend)`` on an event loop, closing the backend afterwards as the app's lifespan does."""

    async def go() -> Any:
        try:
            return await call(backend)
        finally:
            await backend.close()

    return asyncio.run(go())


def _send(backend: RasaBackend, text: str = "免除", metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return _run(backend, lambda rasa: rasa.send("s1", text, metadata or {}))


def test_send_posts_to_the_rest_webhook_and_returns_the_replies():
    replies = [{"recipient_id": "s1", "text": "免除とは…"}, {"recipient_id": "s1", "custom": {"language": "ja"}}]
    backend, seen = _backend(lambda request: httpx.Response(200, json=replies))
    assert _send(backend, "免除", {"language": "ja"}) == replies
    (request,) = seen
    assert request.method == "POST" and str(request.url) == "http://rasa:5005/webhooks/rest/webhook"
    assert json.loads(request.content) == {"sender": "s1", "message": "免除", "metadata": {"language": "ja"}}


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(500, text="boom"), "HTTP 500"),
        (httpx.Response(200, text="<html>not json"), "invalid JSON"),
        (httpx.Response(200, json={"text": "a dict"}), "non-list body"),
    ],
)
def test_unusable_answers_are_backend_unavailable(response, reason):
    backend, _ = _backend(lambda request: response)
    with pytest.raises(BackendUnavailableError, match=reason):
        _send(backend)


def test_connection_errors_and_timeouts_are_backend_unavailable():
    for error in (httpx.ConnectError("refused"), httpx.ReadTimeout("slow")):

        def fail(request: httpx.Request, error: Exception = error) -> httpx.Response:
            raise error

        backend, _ = _backend(fail)
        with pytest.raises(BackendUnavailableError, match="Rasa at http://rasa:5005 unreachable"):
            _send(backend)


def test_health_probes_rasa_and_the_action_server():
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions":
            raise httpx.ConnectError("refused")
        return httpx.Response(200, text="Hello from Rasa")

    backend, seen = _backend(answer)
    assert _run(backend, RasaBackend.health) == {"rasa": "ok", "actions": "unreachable (ConnectError)"}
    assert [str(request.url) for request in seen] == ["http://rasa:5005/", "http://actions:5055/health"]


def test_health_names_a_bad_status():
    backend, _ = _backend(lambda request: httpx.Response(503))
    assert _run(backend, RasaBackend.health) == {"rasa": "HTTP 503", "actions": "HTTP 503"}
