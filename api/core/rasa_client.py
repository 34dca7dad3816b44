"""Talking to the Rasa server's REST channel (and checking the action server) over pooled HTTP."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from knowledge.settings import INTERNAL_TOKEN_HEADER

__all__ = ["BackendUnavailableError", "ChatBackend", "RasaBackend"]


class BackendUnavailableError(RuntimeError):
    """Rasa (or the action server behind it) did not answer usably."""


class ChatBackend(Protocol):
    """What the API needs from the conversation engine (a fake in tests)."""

    async def send(self, session_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Deliver one user message; return the bot's replies.

        Raises:
            BackendUnavailableError: If the engine cannot be reached or fails.
        """
        ...

    async def health(self) -> dict[str, str]:
        """Component name → ``"ok"`` or a short error."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


class RasaBackend:
    """Rasa's ``/webhooks/rest/webhook`` with one pooled HTTP client.

    Args:
        rasa_url: Base URL of the Rasa server.
        actions_url: Base URL of the action server (health only).
        timeout: Seconds to wait for a reply.
        internal_token: The secret Rasa's REST channel requires (header ``X-Nenkin-Internal-Token``).
        transport: How requests are sent (default: the network; tests pass an ``httpx.MockTransport``).
    """

    def __init__(
        self,
        rasa_url: str,
        actions_url: str,
        *,
        timeout: float,
        internal_token: str = "",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.actions_url = actions_url.rstrip("/")
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=2.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
            transport=transport,
            headers={INTERNAL_TOKEN_HEADER: internal_token} if internal_token else None,
        )

    async def send(self, session_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """POST the message to the REST channel.

        Raises:
            BackendUnavailableError: On connection errors, timeouts, non-200 or non-list bodies.
        """
        body = {"sender": session_id, "message": text, "metadata": metadata}
        try:
            response = await self._client.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body)
        except httpx.HTTPError as exc:
            raise BackendUnavailableError(f"Rasa at {self.rasa_url} unreachable: {exc!r}") from exc
        if response.status_code != 200:
            raise BackendUnavailableError(f"Rasa answered HTTP {response.status_code}")
        try:
            replies = response.json()
        except ValueError as exc:
            raise BackendUnavailableError("Rasa answered with invalid JSON") from exc
        if not isinstance(replies, list):
            raise BackendUnavailableError("Rasa answered with a non-list body")
        return replies

    async def _probe(self, url: str) -> str:
        try:
            response = await self._client.get(url, timeout=3.0)
        except httpx.HTTPError as exc:
            return f"unreachable ({type(exc).__name__})"
        return "ok" if response.status_code == 200 else f"HTTP {response.status_code}"

    async def health(self) -> dict[str, str]:
        """Rasa's ``/`` and the action server's ``/health``."""
        return {
            "rasa": await self._probe(f"{self.rasa_url}/"),
            "actions": await self._probe(f"{self.actions_url}/health"),
        }

    async def close(self) -> None:
        """Close the pooled client."""
        await self._client.aclose()
