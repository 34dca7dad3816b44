"""The console's hand-off queue: its filters from the query string, one page of tickets, links to the others.

Everything is in the URL (``/console/handoffs?status=open&language=vi&page=2``), so a page can be
bookmarked, reloaded and shared between operators; the filter form is a plain GET form and every
page link is rendered by the server (the CSP allows no inline script).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from math import ceil
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from sqlalchemy.engine import Engine

from knowledge.languages import LANGUAGES
from knowledge.store.queue import search_tickets
from knowledge.store.records import Ticket

__all__ = ["PAGE_SIZE", "QueueFilters", "QueuePage", "queue_filters", "queue_page"]

PAGE_SIZE = 50
MAX_PAGE = 20_000
"""Deepest page accepted (a million tickets at 50 a page)."""
_WINDOW = 2
"""Page numbers linked on each side of the current one."""
_DAY = r"^(|\d{4}-\d{2}-\d{2})$"
_DEFAULTS = {"status": "open", "language": "", "topic": "", "q": "", "created_from": "", "created_to": "", "page": 1}


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows, as the query string says (empty text: no filter)."""

    status: str = "open"
    """``open``, ``closed`` or ``all``."""
    language: str = ""
    topic: str = ""
    q: str = ""
    """A reference or part of one, as typed."""
    created_from: str = ""
    """First Japan calendar day, ``YYYY-MM-DD``."""
    created_to: str = ""
    page: int = 1

    def href(self, **changes: Any) -> str:
        """The queue's URL with these filters and ``changes`` (defaults left out, so URLs stay short)."""
        values = asdict(replace(self, **changes))
        shown = {name: value for name, value in values.items() if value != _DEFAULTS[name]}
        return "/console/handoffs" + (f"?{urlencode(shown)}" if shown else "")

    @property
    def filtered(self) -> bool:
        """Whether anything besides the status narrows the list."""
        return any((self.language, self.topic, self.q.strip(), self.created_from, self.created_to))


def _day(name: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RequestValidationError(
            [{"loc": ("query", name), "msg": "not a calendar date (YYYY-MM-DD)", "type": "value_error.date"}]
        ) from None


def queue_filters(
    status: Annotated[str, Query(pattern="^(open|closed|all)$")] = "open",
    language: Annotated[str, Query(pattern=f"^(|{'|'.join(LANGUAGES)})$")] = "",
    topic: Annotated[str, Query(pattern=r"^(|[a-z0-9][a-z0-9_-]{0,63})$")] = "",
    q: Annotated[str, Query(max_length=40)] = "",
    created_from: Annotated[str, Query(pattern=_DAY)] = "",
    created_to: Annotated[str, Query(pattern=_DAY)] = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> QueueFilters:
    """The queue's query parameters (a dependency: a bad value is a 422 page)."""
    _day("created_from", created_from)
    _day("created_to", created_to)
    return QueueFilters(status, language, topic, q, created_from, created_to, page)


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue, ready for the template."""

    tickets: tuple[Ticket, ...]
    total: int
    page: int
    pages: int
    first: int
    """Position of the first ticket shown, counting from 1 (0 when none)."""
    last: int
    numbers: tuple[int, ...]
    """The page numbers to link: the first, the last and a few around this one."""
    reversed_dates: bool
    """The end day is before the start day (nothing can match)."""


def _numbers(page: int, pages: int) -> tuple[int, ...]:
    near = range(max(1, page - _WINDOW), min(pages, page + _WINDOW) + 1)
    return tuple(sorted({1, pages, *near}))


def queue_page(engine: Engine, filters: QueueFilters) -> QueuePage:
    """The tickets of ``filters.page``, newest first, with the total and the pages to link."""
    since, until = _day("created_from", filters.created_from), _day("created_to", filters.created_to)
    if since is not None and until is not None and until < since:
        return QueuePage((), 0, 1, 1, 0, 0, (1,), reversed_dates=True)
    offset = (filters.page - 1) * PAGE_SIZE
    found = search_tickets(
        engine,
        status=None if filters.status == "all" else filters.status,
        language=filters.language or None,
        topic=filters.topic or None,
        reference=filters.q,
        created_from=since,
        created_to=until,
        limit=PAGE_SIZE,
        offset=offset,
        transcripts=False,
    )
    pages = max(1, ceil(found.total / PAGE_SIZE))
    first = offset + 1 if found.items else 0
    last = offset + len(found.items)
    return QueuePage(found.items, found.total, filters.page, pages, first, last, _numbers(filters.page, pages), False)
