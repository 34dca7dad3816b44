"""What the widget and console say, read from messages.yml: widget keys, texts, the console's two languages."""

from __future__ import annotations

import pytest

from api.i18n import ConsoleText, embed_labels, language_list, offline_notice, widget_key, widget_texts
from knowledge.content.loader import load_knowledge_base
from knowledge.content.messages import WIDGET_MESSAGES
from knowledge.content.schema import Messages
from knowledge.languages import LANGUAGES
from knowledge.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def messages() -> Messages:
    """The shipped messages."""
    return load_knowledge_base(PROJECT_ROOT / "knowledge").messages


def test_widget_keys_are_the_message_keys_in_camel_case():
    assert widget_key("ui_input_label") == "inputLabel"
    assert widget_key("ui_send") == "send"
    assert widget_key("ui_handoff_reference_hint") == "handoffReferenceHint"
    assert widget_key("personal_data_notice") == "personalDataNotice"


def test_widget_texts_cover_every_widget_message_in_every_language(messages):
    texts = widget_texts(messages)
    assert list(texts) == list(LANGUAGES)
    expected = {widget_key(key) for key in WIDGET_MESSAGES} - {"languageName", "languageDirection"}
    for language, table in texts.items():
        assert set(table) == expected, language
    assert texts["es"]["send"] == messages.get("ui_send", "es")
    assert texts["ja"]["waitToSend"] == "{seconds}秒後に送信できます"  # unformatted: the widget fills it in


def test_a_missing_translation_falls_back_like_every_other_message():
    only = {"ui_send": {"ja": "送信", "en": "Send"}}
    texts = {key: {"ja": "x", "en": "x"} for key in WIDGET_MESSAGES} | only
    assert widget_texts(Messages(texts))["vi"]["send"] == "Send"


def test_embed_labels_and_offline_notice(messages):
    labels = embed_labels(messages)
    assert labels["en"] == {
        "launcherLabel": "Ask about pensions", "panelTitle": "Pension information chat", "closeLabel": "Close the chat"
    }  # fmt: skip
    notice = offline_notice(messages)
    assert notice.startswith(messages.get("ui_network_error", "ja")) and notice.endswith(
        messages.get("ui_network_error", "en")
    )


def test_language_list(messages):
    languages = language_list(messages)
    assert languages.default == "ja"
    assert [language.code for language in languages.languages] == list(LANGUAGES)
    assert languages.languages[1].name == "English" and languages.languages[1].dir == "ltr"


def test_console_text_shows_japanese_with_english_beside_it_escaped(messages):
    text = ConsoleText(messages)
    assert text.both("console_sign_in") == 'ログイン <span lang="en">Sign in</span>'
    assert text.slash("console_sign_in") == "ログイン / Sign in"
    evil = '<script>alert("x")</script>'
    shown = text.both("console_no_match", query=evil)
    assert "<script>" not in shown and "&lt;script&gt;" in shown and shown.count('<span lang="en">') == 1
    assert text.ja("console_days", days=7) == "7 日間" and text.en("console_days_one", days=1) == "1 day"


def test_console_text_names_languages_in_japanese(messages):
    text = ConsoleText(messages)
    assert [text.language(code) for code in ("ja", "en", "vi")] == ["日本語", "英語", "ベトナム語"]
    assert text.language("fr") == "fr"
