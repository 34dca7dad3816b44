"""What the actions need, built once per action-server process and replaceable in tests.

rasa-sdk instantiates actions without arguments, so the actions ask this
module for their dependencies; tests call :func:`set_services` with fakes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.engine import Engine

from knowledge.schema import KnowledgeBase
from knowledge.search import FaqSearcher
from knowledge.settings import Settings, get_settings

__all__ = ["Services", "get_services", "set_services"]

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Shared, read-mostly dependencies of the actions."""

    settings: Settings
    knowledge: KnowledgeBase
    searcher: FaqSearcher
    engine: Engine
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


_lock = threading.Lock()
_services: Services | None = None


def _build() -> Services:
    from knowledge.loader import load_knowledge_base
    from knowledge.service import open_searcher
    from knowledge.store.database import connect

    settings = get_settings()
    knowledge = load_knowledge_base(settings.knowledge_dir)
    searcher = open_searcher(settings, knowledge=knowledge)
    log.info("actions ready: %d FAQ entries, index of %d variants", len(knowledge.entries), searcher.index.size)
    return Services(settings, knowledge, searcher, connect(settings.database_url))


def get_services() -> Services:
    """The process-wide services, built on first use."""
    global _services
    if _services is None:
        with _lock:
            if _services is None:
                _services = _build()
    return _services


def set_services(services: Services | None) -> None:
    """Replace the services (tests, or a knowledge reload); ``None`` rebuilds on next use."""
    global _services
    with _lock:
        _services = services
