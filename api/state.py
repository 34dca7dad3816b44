"""What the API's routes share, kept on ``app.state.nenkin``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from fastapi import Request
from sqlalchemy.engine import Engine

from api.auth import AdminGuard
from api.rasa_client import ChatBackend
from api.rate_limit import RateLimiter
from knowledge.schema import KnowledgeBase
from knowledge.settings import Settings

__all__ = ["ApiState", "state_of"]


@dataclass
class ApiState:
    """Settings, knowledge (messages and contact lines), store, backend and limiters."""

    settings: Settings
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
        return self.knowledge.contact_lines[self.knowledge.default_line].phone


def state_of(request: Request) -> ApiState:
    """The shared state of the app serving ``request``."""
    return request.app.state.nenkin
