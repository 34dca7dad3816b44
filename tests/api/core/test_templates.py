"""The template environment: HTML autoescaped, data put into the embed script only as escaped JSON."""

from __future__ import annotations

import json
import re

import jinja2
import pytest

from api.core.templates import STATIC_DIR, TEMPLATES_DIR, templates

EVIL = '</script><script>alert("x")</script>'


def test_html_templates_are_autoescaped():
    rendered = templates.env.from_string("<p>{{ text }}</p>").render(text=EVIL)
    assert "<script>" not in rendered and "&lt;/script&gt;" in rendered


def test_the_embed_script_gets_its_data_as_escaped_json():
    labels = {"ja": {"launcherLabel": EVIL, "panelTitle": "年金", "closeLabel": "閉じる"}}
    script = templates.get_template("embed.js").render(labels=labels, default="ja", aliases={"fil": "tl"})
    assert EVIL not in script and "\\u003c/script\\u003e" in script
    (data,) = re.findall(r"/\* ui-text:begin \*/(.*?)/\* ui-text:end \*/", script, re.DOTALL)
    assert json.loads(data) == labels  # \u003c escapes read back as the same text
    assert "年金" in script  # not \u-escaped: readable when someone opens the script


def test_undefined_names_are_errors():
    with pytest.raises(jinja2.UndefinedError):
        templates.env.from_string("{{ missing }}").render()


def test_the_folders():
    assert (STATIC_DIR / "chat.js").is_file() and (TEMPLATES_DIR / "chat.html").is_file()
    assert (TEMPLATES_DIR / "console" / "base.html").is_file()
