"""What the API's routes share, kept on ``app.state.nenkin`` and handed to routes by :data:`api.deps.StateDep`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy.engine import Engine

from api.core.auth import AdminGuard
from api.core.rasa_client import ChatBackend, RasaBackend
from api.core.rate_limit import RateLimiter
from api.core.reload_jobs import ReloadJobs
from api.i18n import missing_web_messages
from api.settings import ApiSettings
from knowledge.contact.handoff import choose_line
from knowledge.content.issues import KnowledgeError
from knowledge.content.loader import load_knowledge_base
from knowledge.content.schema import KnowledgeBase
from knowledge.store.database import connect

__all__ = ["ApiState"]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class ApiState:
    """ApiSettings, knowledge (messages and contact lines), store, backend, limiters and knowledge reloads."""

    settings: ApiSettings
    knowledge: KnowledgeBase
    engine: Engine
    backend: ChatBackend
    chat_limiter: RateLimiter
    admin_guard: AdminGuard
    clock: Callable[[], datetime] = _utc_now
    reload_jobs: ReloadJobs = field(default_factory=ReloadJobs)

    @classmethod
    def from_settings(
        cls,
        settings: ApiSettings,
        *,
        backend: ChatBackend | None = None,
        engine: Engine | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> ApiState:
        """Load the knowledge and connect what is not given.

        Args:
            settings: Where the knowledge, store and Rasa are, and the limits.
            backend: The conversation engine (default: Rasa at ``settings.rasa_base_url``).
            engine: The store (default: ``settings.database_url``).
            clock: Current time (default: UTC now).

        Raises:
            KnowledgeError: If the knowledge files have errors, or lack the widget's or console's messages.
        """
        knowledge = load_knowledge_base(settings.knowledge_dir)
        missing = missing_web_messages(knowledge.messages, settings.knowledge_dir)
        if missing:
            raise KnowledgeError(missing)
        return cls(
            settings=settings,
            knowledge=knowledge,
            engine=engine or connect(settings.database_url),
            backend=backend
            or RasaBackend(
                settings.rasa_base_url,
                settings.actions_base_url,
                timeout=settings.rasa_timeout,
                internal_token=settings.internal_token,
            ),
            chat_limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
            admin_guard=AdminGuard(settings.admin_token, settings.admin_failures_per_minute),
            clock=clock or _utc_now,
        )

    @property
    def default_phone(self) -> str:
        """The general line's number, for error messages."""
        return choose_line(self.knowledge, None).phone

    def refusal(self, error: str, key: str, language: str, **values: object) -> dict[str, Any]:
        """The body of a 413/429/503: message ``key`` in ``language`` with the general line's phone number."""
        phone = self.default_phone
        message = self.knowledge.messages.get(key, language, phone=phone, **values)
        return {"error": error, "message": message, "language": language, "phone": phone}
