"""What the API's routes share, kept on ``app.state.nenkin``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from fastapi import Request
from sqlalchemy.engine import Engine

from api.auth import AdminGuard
from api.rasa_client import ChatBackend
from api.rate_limit import RateLimiter
from api.settings import ApiSettings
from knowledge.contact.handoff import choose_line
from knowledge.content.schema import KnowledgeBase

__all__ = ["ApiState", "state_of"]


@dataclass
class ApiState:
    """ApiSettings, knowledge (messages and contact lines), store, backend and limiters."""

    settings: ApiSettings
    knowledge: KnowledgeBase
    engine: Engine
    backend: ChatBackend
    chat_limiter: RateLimiter
    admin_guard: AdminGuard
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    reload_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def default_phone(self) -> str:
        """The general line's number, for error messages."""
        return choose_line(self.knowledge, None).phone

    def refusal(self, error: str, key: str, language: str, **values: object) -> dict[str, Any]:
        """The body of a 413/429/503: message ``key`` in ``language`` with the general line's phone number."""
        phone = self.default_phone
        message = self.knowledge.content.messages.get(key, language, phone=phone, **values)
        return {"error": error, "message": message, "language": language, "phone": phone}


def state_of(request: Request) -> ApiState:
    """The shared state of the app serving ``request``."""
    return request.app.state.nenkin
