"""The API's routes, one module per resource.

Public: ``chat`` (``POST /api/chat``), ``health``, ``languages``, ``ui_text``, ``widget`` (the
chat page and the embed script) and ``docs``. Admin token required: ``handoffs``,
``knowledge`` (reload) and ``analytics`` under ``/api/admin``, and ``console`` (``/console``).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import analytics, chat, console, docs, handoffs, health, knowledge, languages, ui_text, widget

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    chat.router,
    health.router,
    languages.router,
    ui_text.router,
    handoffs.router,
    knowledge.router,
    analytics.router,
    widget.router,
    docs.router,
    console.router,
)
"""Every router, in the order the app includes them (before ``/static``, so the embed script's route wins)."""
