"""The template environment of everything the server renders: the chat page, the embed script, the console.

Templates live in ``api/templates/``; HTML ones are autoescaped. The embed script
(``embed.js``) is a template too: data goes into it only through ``tojson``, which escapes
``<``, ``>``, ``&`` and ``'``. Undefined names are errors, not empty strings.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates

from api.core.charts import format_number

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "templates"]

API_DIR = Path(__file__).resolve().parents[1]
STATIC_DIR = API_DIR / "static"
"""Served as they are under ``/static``: the widget's script and styles, the console's styles, the docs."""
TEMPLATES_DIR = API_DIR / "templates"


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    environment.filters["number"] = format_number
    environment.filters["percent"] = _percent
    return environment


templates = Jinja2Templates(env=_environment())
