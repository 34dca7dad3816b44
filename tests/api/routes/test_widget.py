"""The resident chat widget as served: page markup, CSP-safe HTML, its texts (GET /api/ui-text), embed script."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from api.core.templates import STATIC_DIR, TEMPLATES_DIR
from knowledge.languages import LANGUAGES

WIDGET_FILES = [
    STATIC_DIR / "chat.js",
    STATIC_DIR / "chat.css",
    TEMPLATES_DIR / "chat.html",
    TEMPLATES_DIR / "embed.js",
]
NATIVE_NAMES = {
    "ja": "日本語",
    "en": "English",
    "zh": "中文",
    "ko": "한국어",
    "es": "Español",
    "pt": "Português",
    "vi": "Tiếng Việt",
    "tl": "Tagalog",
    "th": "ไทย",
    "id": "Bahasa Indonesia",
    "ne": "नेपाली",
}
LABELLABLE = {"input", "textarea", "select"}


class Element:
    """One parsed start tag with the text directly and indirectly inside it."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.text = ""


class PageParser(HTMLParser):
    """Collects every element (with its inner text) and the text of each <script>/<style> body."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data

    def find(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.elements
            if (tag is None or element.tag == tag)
            and all(element.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]


@pytest.fixture
def page(client) -> PageParser:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    parser = PageParser()
    parser.feed(response.text)
    return parser


def test_page_is_japanese_by_default(page):
    (html,) = page.find("html")
    assert html.attrs["lang"] == "ja"
    assert html.attrs["dir"] == "ltr"


def test_page_has_no_inline_script_style_or_handlers(page):
    scripts = page.find("script")
    assert scripts, "the page must load chat.js"
    for script in scripts:
        assert script.attrs.get("src"), "inline <script> blocks are refused by the CSP"
        assert not script.text.strip()
        assert not re.match(r"^(https?:)?//", script.attrs["src"]), "no CDN: scripts come from our own server"
    assert not page.find("style"), "inline <style> blocks are refused by the CSP"
    for element in page.elements:
        assert "style" not in element.attrs, f"<{element.tag} style=...> is refused by the CSP"
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, f"<{element.tag}> has inline handlers {handlers}"
        for name in ("href", "src", "action"):
            assert not element.attrs.get(name, "").lower().startswith("javascript:")
    for link in page.find("link", rel="stylesheet"):
        assert not re.match(r"^(https?:)?//", link.attrs["href"])


def test_page_is_served_with_the_strict_csp(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_page_loads_its_own_script_and_stylesheet(page, client):
    sources = [script.attrs["src"] for script in page.find("script")]
    styles = [link.attrs["href"] for link in page.find("link", rel="stylesheet")]
    assert sources == ["static/chat.js"]
    assert styles == ["static/chat.css"]
    for path in sources + styles:
        assert client.get("/" + path).status_code == 200


def test_conversation_log_is_announced(page):
    (log,) = page.find(role="log")
    assert log.attrs["aria-live"] == "polite"
    assert log.attrs.get("aria-labelledby") or log.attrs.get("aria-label")


def test_every_control_is_labelled(page):
    label_targets = {label.attrs.get("for") for label in page.find("label")}
    controls = [element for element in page.elements if element.tag in LABELLABLE]
    assert controls, "the page needs a text input"
    for control in controls:
        assert control.attrs.get("id") in label_targets or control.attrs.get("aria-label"), control.attrs
    for button in page.find("button"):
        assert button.text.strip() or button.attrs.get("aria-label"), f"unnamed button {button.attrs}"
        assert button.attrs.get("type") in {"button", "submit"}


def test_message_input_is_limited_to_1000_characters(page):
    (textarea,) = page.find("textarea")
    assert textarea.attrs["maxlength"] == "1000"
    (label,) = page.find("label", **{"for": textarea.attrs["id"]})
    assert label.text.strip()


def test_privacy_notice_is_visible_on_the_page(page):
    (notice,) = page.find(id="privacy-notice")
    assert "hidden" not in notice.attrs
    for words in ("基礎年金番号", "マイナンバー", "電話番号", "住所"):
        assert words in notice.text


def test_language_menu_offers_the_eleven_languages_by_native_name(page):
    options = page.find("button", **{"class": "language-option"})
    assert {option.attrs["data-language"]: option.text.strip() for option in options} == NATIVE_NAMES
    assert [option.attrs["data-language"] for option in options] == list(LANGUAGES)
    assert {option.attrs["data-dir"] for option in options} == {"ltr"}
    for option in options:
        assert option.attrs["lang"] == option.attrs["data-language"], "screen readers need each name's language"


def test_talk_to_a_person_button_exists(page):
    (button,) = page.find("button", id="human")
    assert "担当者" in button.text


def test_every_ui_string_the_page_uses_exists(ui_text):
    html = (TEMPLATES_DIR / "chat.html").read_text(encoding="utf-8")
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    used = set(re.findall(r'data-i18n(?:-[a-z-]+)?="(\w+)"', html))
    for arguments in re.findall(r"\bt\(([^)]*)\)", script):  # t("key"), t(flag ? "a" : "b"), t("key", {...})
        used |= set(re.findall(r'"(\w+)"', arguments))
    assert {"personalDataNotice", "networkError", "handoffOpen", "handoffClosed", "waitToSend"} <= used
    missing = used - set(ui_text["ja"])
    assert not missing, f"chat.html/chat.js use keys missing from GET /api/ui-text: {sorted(missing)}"


def test_the_page_is_rendered_with_the_japanese_texts(page, ui_text):
    for key in ("title", "subtitle", "inputLabel", "send", "talkToPerson", "personalDataNotice"):
        (element,) = page.find(data_i18n=key)
        assert element.text.strip() == ui_text["ja"][key], key
    (html,) = page.find("html")
    assert ui_text["ja"]["networkError"] in html.attrs["data-offline-message"]
    assert ui_text["en"]["networkError"] in html.attrs["data-offline-message"]


def _embed_labels(script: str) -> dict[str, dict[str, str]]:
    match = re.search(r"/\* ui-text:begin \*/(.*?)/\* ui-text:end \*/", script, re.DOTALL)
    assert match, "embed.js must keep its labels between the ui-text:begin/end markers"
    return json.loads(match.group(1))


def test_embed_script_labels_match_ui_text(client, ui_text):
    response = client.get("/static/embed.js")
    labels = _embed_labels(response.text)
    assert list(labels) == list(LANGUAGES)
    for language, table in labels.items():
        assert table == {key: ui_text[language][key] for key in table}, language
        assert set(table) == {"launcherLabel", "panelTitle", "closeLabel"}
    assert 'const DEFAULT_LANGUAGE = "ja";' in response.text


def test_embed_script_is_revalidated_by_etag(client):
    first = client.get("/static/embed.js")
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/static/embed.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content
    assert client.get("/static/embed.js", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_no_copy_of_the_language_list_or_the_texts_in_the_widget_files():
    for path in WIDGET_FILES:
        source = path.read_text(encoding="utf-8")
        for code in ("zh", "ko", "vi", "tl", "th", "ne"):
            assert f'"{code}"' not in source and f"'{code}'" not in source, f"{path.name} names {code!r}"
            assert f'data-language="{code}"' not in source and f'lang="{code}"' not in source, path.name
        assert "年金" not in source and "0570" not in source, f"{path.name} carries texts of its own"
    assert not (STATIC_DIR / "ui-text.json").exists()


@pytest.mark.parametrize(
    ("path", "content_types"),
    [
        ("/static/chat.js", {"text/javascript", "application/javascript"}),
        ("/static/embed.js", {"text/javascript", "application/javascript"}),
        ("/static/chat.css", {"text/css"}),
        ("/api/ui-text", {"application/json"}),
        ("/api/languages", {"application/json"}),
    ],
)
def test_widget_files_are_served_with_their_content_type(client, path, content_types):
    response = client.get(path)
    assert response.status_code == 200
    media_type = response.headers["content-type"].split(";")[0].strip()
    assert media_type in content_types
    assert response.headers["x-content-type-options"] == "nosniff"


def test_sites_in_cors_origins_may_frame_the_page(api_settings, fake_rasa, api_engine):
    """embed.js opens ``/?embed=1`` in an iframe: the page's frame-ancestors must list the embedding site."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    settings = api_settings.copy(update={"cors_origins": ["https://www.example.jp"]})
    with TestClient(create_app(settings, backend=fake_rasa, engine=api_engine)) as client:
        page = client.get("/?embed=1")
        assert "frame-ancestors 'self' https://www.example.jp" in page.headers["content-security-policy"]
        script = client.get("/static/embed.js")
        assert script.status_code == 200
        assert "attachShadow" in script.text
