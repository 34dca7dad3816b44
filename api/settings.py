"""The web API's settings: its own section plus the shared ones it needs.

The API finds Rasa and the action server, guards the admin routes, limits
clients, keeps the store and purges old data; it rebuilds the index in a child
process, so it knows where the knowledge and index are but never loads the model.
"""

from __future__ import annotations

import ipaddress
import json
from functools import lru_cache
from typing import Literal

from pydantic import Field, validator

from knowledge.settings import InternalSettings, KnowledgeSettings, PortSettings, StorageSettings

__all__ = ["ApiSettings", "get_api_settings"]


class ApiSettings(KnowledgeSettings, StorageSettings, PortSettings, InternalSettings):
    """Everything ``api/`` reads (``NENKIN_*``); also what ``python -m api.serve`` starts the stack with."""

    mode: Literal["production", "development"] = Field(
        "production", description="`development` allows an empty admin token; never use it on a public server."
    )
    rasa_url: str = Field("", description="Rasa server URL the API forwards to (default: loopback on rasa_port).")
    action_server_url: str = Field(
        "",
        description="Action server base URL the API checks for health (default: loopback on actions_port). "
        "Not NENKIN_ACTIONS_URL: that one is Rasa's action webhook in bot/endpoints.yml.",
    )
    rasa_timeout: float = Field(15.0, gt=0, description="Seconds the API waits for Rasa before answering 503.")
    admin_token: str = Field("", description="Bearer token of /api/admin/* and the consoles (required in production).")
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call /api/chat and embed the widget (JSON list)."
    )
    rate_limit_per_minute: int = Field(30, ge=1, description="Chat messages per minute per client address.")
    rate_limit_burst: int = Field(10, ge=1, description="Chat messages a client may send at once before pacing.")
    admin_failures_per_minute: int = Field(
        10, ge=1, description="Failed admin logins per minute per client before 429."
    )
    max_body_bytes: int = Field(16_384, ge=1024, description="Largest accepted request body; larger gets 413.")
    console_session_minutes: int = Field(
        480,
        ge=1,
        le=7 * 24 * 60,
        description="How long a console login lasts, counted from signing in (absolute, not extended by use); "
        "then the login form again. Logging out ends it at once.",
    )
    trusted_proxies: str = Field(
        "",
        description="Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the API believes: addresses or "
        "networks, comma-separated or a JSON list (e.g. `127.0.0.1` for nginx on this machine). Empty: none; the "
        "client address (rate limits, admin lockout) is the connection's peer.",
    )

    @validator("trusted_proxies", pre=True)
    def _proxy_addresses(cls, value: object) -> str:  # noqa: N805 (pydantic validators are classmethods)
        items = json.loads(value) if isinstance(value, str) and value.strip().startswith("[") else value
        if isinstance(items, str):
            items = items.split(",")
        addresses = [str(item).strip() for item in items if str(item).strip()]
        for address in addresses:
            try:
                ipaddress.ip_network(address, strict=False)
            except ValueError:
                raise ValueError(f"{address!r} is not an IP address or network (e.g. 10.0.0.2, 10.0.0.0/24)") from None
        return ",".join(addresses)

    @property
    def rasa_base_url(self) -> str:
        """Where the API reaches Rasa."""
        return (self.rasa_url or f"http://127.0.0.1:{self.rasa_port}").rstrip("/")

    @property
    def actions_base_url(self) -> str:
        """Where the API checks the action server's health."""
        return (self.action_server_url or f"http://127.0.0.1:{self.actions_port}").rstrip("/")


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    """The API process's settings, read from the environment on first use."""
    return ApiSettings()
