"""``GET /api/ui-text``: the widget's texts from messages.yml, in every language, with matching placeholders."""

from __future__ import annotations

import re

from knowledge.languages import LANGUAGES

NENKIN_DIAL = "0570-05-1165"


def test_ui_text_has_every_language_with_the_same_non_empty_keys(ui_text):
    assert list(ui_text) == list(LANGUAGES)
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
        notice = ui_text[language]["personalDataNotice"]
        assert "マイナンバー" in notice if language == "ja" else "My Number" in notice, language


def test_ui_text_comes_from_the_messages(client, ui_text):
    messages = client.app.state.nenkin.knowledge.messages
    assert ui_text["vi"]["inputLabel"] == messages.get("ui_input_label", "vi")
    assert ui_text["ko"]["personalDataNotice"] == messages.get("personal_data_notice", "ko")
    assert "{count}" in ui_text["th"]["charactersLeft"]  # the widget fills placeholders itself
