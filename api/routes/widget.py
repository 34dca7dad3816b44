"""The resident chat page (``GET /``) and the embed script other sites load (``GET /static/embed.js``).

Both are rendered from ``api/templates/`` with the texts and the language list of
``messages.yml``; the widget's other files are served as they are under ``/static``.
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.core.templates import templates
from api.deps import MessagesDep
from api.i18n import DEFAULT_LANGUAGE, LANGUAGE_ALIASES, embed_labels, language_list, offline_notice, widget_texts

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def chat_page(request: Request, messages: MessagesDep) -> Response:
    """The self-contained chat page in Japanese (also what the embed script opens in its iframe)."""
    languages = language_list(messages).languages
    context = {
        "ui": widget_texts(messages)[DEFAULT_LANGUAGE],
        "languages": languages,
        "current": next(language for language in languages if language.code == DEFAULT_LANGUAGE),
        "offline": offline_notice(messages),
    }
    return templates.TemplateResponse(request, "chat.html", context)


@router.get("/static/embed.js")
async def embed_script(request: Request, messages: MessagesDep) -> Response:
    """The launcher script, with its labels in every language (so it needs no request before it is opened).

    Browsers revalidate it (``ETag``) so a knowledge reload that rewords a label reaches them.
    """
    labels = embed_labels(messages)
    script = templates.get_template("embed.js").render(
        labels=labels, default=DEFAULT_LANGUAGE, aliases=LANGUAGE_ALIASES
    )
    etag = f'"{hashlib.sha256(script.encode()).hexdigest()[:20]}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(script, media_type="text/javascript", headers=headers)
