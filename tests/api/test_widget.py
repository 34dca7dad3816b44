"""The resident chat widget's files as served: page markup, CSP-safe HTML, UI strings, embed script."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from api.pages import STATIC_DIR

LANGUAGES = ["ja", "en", "zh", "ko", "es", "pt", "vi", "tl", "th", "id", "ne"]
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
NENKIN_DIAL = "0570-05-1165"
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


@pytest.fixture(scope="module")
def ui_text() -> dict[str, dict[str, str]]:
    return json.loads((STATIC_DIR / "ui-text.json").read_text(encoding="utf-8"))


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
    assert [option.attrs["data-language"] for option in options] == LANGUAGES
    for option in options:
        assert option.attrs["lang"] == option.attrs["data-language"], "screen readers need each name's language"


def test_talk_to_a_person_button_exists(page):
    (button,) = page.find("button", id="human")
    assert "担当者" in button.text


def test_ui_text_has_every_language_with_the_same_non_empty_keys(ui_text):
    assert list(ui_text) == LANGUAGES
    keys = set(ui_text["ja"])
    for language, table in ui_text.items():
        assert set(table) == keys, f"{language}: missing {keys - set(table)}, extra {set(table) - keys}"
        for key, value in table.items():
            assert isinstance(value, str) and value.strip(), f"{language}.{key} is empty"


def test_ui_text_placeholders_match_across_languages(ui_text):
    def placeholders(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    for key, reference in ui_text["ja"].items():
        for language in LANGUAGES:
            assert placeholders(ui_text[language][key]) == placeholders(reference), f"{language}.{key}"


def test_ui_text_error_messages_give_the_nenkin_dial_number(ui_text):
    for language in LANGUAGES:
        for key in ("networkError", "serverError", "tooLong"):
            assert NENKIN_DIAL in ui_text[language][key], f"{language}.{key}"


def test_ui_text_privacy_notice_names_my_number_in_every_language(ui_text):
    for language in LANGUAGES:
        notice = ui_text[language]["privacyNotice"]
        assert "マイナンバー" in notice if language == "ja" else "My Number" in notice, language


def test_every_ui_string_the_page_uses_exists(ui_text):
    html = (STATIC_DIR / "chat.html").read_text(encoding="utf-8")
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    used = set(re.findall(r'data-i18n(?:-[a-z-]+)?="(\w+)"', html))
    for arguments in re.findall(r"\bt\(([^)]*)\)", script):  # t("key"), t(flag ? "a" : "b"), t("key", {...})
        used |= set(re.findall(r'"(\w+)"', arguments))
    assert {"privacyNotice", "networkError", "handoffOpen", "handoffClosed", "waitToSend"} <= used
    missing = used - set(ui_text["ja"])
    assert not missing, f"chat.html/chat.js use keys missing from ui-text.json: {sorted(missing)}"


def test_embed_script_labels_match_ui_text(ui_text):
    script = (STATIC_DIR / "embed.js").read_text(encoding="utf-8")
    match = re.search(r"/\* ui-text:begin \*/(.*?)/\* ui-text:end \*/", script, re.DOTALL)
    assert match, "embed.js must keep its labels between the ui-text:begin/end markers"
    labels = json.loads(match.group(1))
    assert list(labels) == LANGUAGES
    for language, table in labels.items():
        assert table == {key: ui_text[language][key] for key in table}, language
        assert set(table) == {"launcherLabel", "panelTitle", "closeLabel"}


@pytest.mark.parametrize(
    ("path", "content_types"),
    [
        ("/static/chat.js", {"text/javascript", "application/javascript"}),
        ("/static/embed.js", {"text/javascript", "application/javascript"}),
        ("/static/chat.css", {"text/css"}),
        ("/static/ui-text.json", {"application/json"}),
    ],
)
def test_widget_files_are_served_with_their_content_type(client, path, content_types):
    response = client.get(path)
    assert response.status_code == 200
    media_type = response.headers["content-type"].split(";")[0].strip()
    assert media_type in content_types
    assert response.headers["x-content-type-options"] == "nosniff"


def test_ui_text_is_valid_utf8_json_when_served(client, ui_text):
    assert client.get("/static/ui-text.json").json() == ui_text


def test_sites_in_cors_origins_may_frame_the_page(api_settings, fake_rasa, api_engine):
    """embed.js opens ``/?embed=1`` in an iframe: the page's frame-ancestors must list the embedding site."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = api_settings.copy(update={"cors_origins": ["https://www.example.jp"]})
    with TestClient(create_app(settings, backend=fake_rasa, engine=api_engine)) as client:
        page = client.get("/?embed=1")
        assert "frame-ancestors 'self' https://www.example.jp" in page.headers["content-security-policy"]
        script = client.get("/static/embed.js")
        assert script.status_code == 200
        assert "attachShadow" in script.text
