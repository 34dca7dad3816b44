"""What the actions need, built once per action-server process and replaceable in tests.

rasa-sdk instantiates actions without arguments, so the actions ask this
module for their dependencies; tests call :func:`set_services` with fakes.

Knowledge reloads: the admin API rebuilds the index and switches the index
folder's ``CURRENT`` file. :func:`get_services` notices the new build (checked
at most every :data:`RELOAD_CHECK_SECONDS`), loads the knowledge and index
again with the same encoder, and swaps them in with one assignment. If the new
build cannot be loaded, the old services keep serving.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sqlalchemy.engine import Engine

from actions.settings import ActionSettings, get_action_settings
from knowledge.content.issues import KnowledgeError
from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.index import IndexUnavailableError, current_build
from knowledge.retrieval.search import FaqSearcher

__all__ = ["Services", "get_services", "set_services"]

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Shared, read-mostly dependencies of the actions."""

    settings: ActionSettings
    knowledge: KnowledgeBase
    searcher: FaqSearcher
    engine: Engine
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    build: str | None = None
    """The index build these services were loaded from (``None``: do not follow reloads)."""


RELOAD_CHECK_SECONDS = 1.0
"""How often (at most) the index's ``CURRENT`` file is checked for a new build."""

_lock = threading.Lock()
_services: Services | None = None
_checked_at = 0.0


def _build() -> Services:
    from knowledge.content.loader import load_knowledge_base
    from knowledge.retrieval_setup import open_searcher
    from knowledge.store.database import connect

    settings = get_action_settings()
    build = current_build(settings.index_dir)
    knowledge = load_knowledge_base(settings.knowledge_dir)
    searcher = open_searcher(settings, knowledge=knowledge)
    log.info("actions ready: %d FAQ entries, index of %d variants", len(knowledge.entries), searcher.index.size)
    return Services(settings, knowledge, searcher, connect(settings.database_url), build=build)


def reloaded(services: Services) -> Services:
    """``services`` with the knowledge and index of the current build, or unchanged if that fails.

    The encoder and database engine are reused; only knowledge and index are loaded.
    """
    from knowledge.content.loader import load_knowledge_base
    from knowledge.retrieval_setup import open_searcher

    build = current_build(services.settings.index_dir)
    if build is None or build == services.build:
        return services
    try:
        knowledge = load_knowledge_base(services.settings.knowledge_dir)
        searcher = open_searcher(services.settings, knowledge=knowledge, embedder=services.searcher.embedder)
    except (KnowledgeError, IndexUnavailableError) as exc:
        log.error("index build %s not loaded, still serving %s: %s", build, services.build, exc)
        return replace(services, build=build)  # do not retry a broken build on every request
    log.info(
        "reloaded knowledge: build %s, %d entries, %d variants", build, len(knowledge.entries), searcher.index.size
    )
    return replace(services, knowledge=knowledge, searcher=searcher, build=build)


def get_services() -> Services:
    """The process-wide services, built on first use and swapped when the index is rebuilt."""
    global _services, _checked_at
    if _services is None:
        with _lock:
            if _services is None:
                _services = _build()
                _checked_at = time.monotonic()
    if _services.build is not None and time.monotonic() - _checked_at >= RELOAD_CHECK_SECONDS:
        with _lock:
            _checked_at = time.monotonic()
            _services = reloaded(_services)
    return _services


def set_services(services: Services | None) -> None:
    """Replace the services (tests, or a knowledge reload); ``None`` rebuilds on next use."""
    global _services
    with _lock:
        _services = services
