from pathlib import Path

import pytest

from knowledge.content.messages import (
    ASSISTANT_MESSAGES,
    CONSOLE_MESSAGES,
    REQUIRED_MESSAGES,
    STAFF_LANGUAGES,
    WEB_MESSAGES,
    WIDGET_MESSAGES,
    load_messages,
    missing_messages,
)
from knowledge.languages import LANGUAGES

SHIPPED = Path(__file__).resolve().parents[3] / "knowledge" / "messages.yml"


def write(tmp_path, text):
    path = tmp_path / "messages.yml"
    path.write_text(text, encoding="utf-8")
    return path


def all_languages(key, text):
    return f"{key}:\n" + "".join(f'  {lang}: "{text}"\n' for lang in LANGUAGES)


def test_shipped_messages_cover_every_key_and_language():
    messages, issues = load_messages(SHIPPED)
    assert issues == []
    for key in ASSISTANT_MESSAGES:
        assert set(messages.texts[key]) == set(LANGUAGES), key


def test_get_formats_and_falls_back(tmp_path):
    messages, issues = load_messages(write(tmp_path, all_languages("handoff", "call {phone}")))
    assert messages.get("handoff", "ko", phone="0570") == "call 0570"
    assert messages.get("handoff", "xx", phone="1") == "call 1"
    with pytest.raises(KeyError, match="needs a value for 'phone'"):
        messages.get("handoff", "ja")
    with pytest.raises(KeyError, match="no message 'nope'"):
        messages.get("nope", "ja")
    assert {i.field for i in issues} == set(REQUIRED_MESSAGES) - {"handoff"}


def test_missing_language_is_an_error_with_line(tmp_path):
    text = all_languages("greeting", "hi").replace('  th: "hi"\n', "")
    _, issues = load_messages(write(tmp_path, text))
    (issue,) = [i for i in issues if i.field == "greeting"]
    assert issue.line == 1 and issue.message == "missing required language 'th'"


def test_placeholders_must_match_japanese(tmp_path):
    text = all_languages("handoff", "{phone}").replace('  vi: "{phone}"', '  vi: "{phon}"')
    _, issues = load_messages(write(tmp_path, text))
    (issue,) = [i for i in issues if i.field == "handoff.vi"]
    assert issue.line == 8 and "placeholders ['phon'] differ from Japanese ['phone']" in issue.message


def test_broken_placeholder_is_reported(tmp_path):
    _, issues = load_messages(write(tmp_path, all_languages("handoff", "{phone")))
    assert any("broken {placeholder}" in i.message for i in issues)


def test_bad_key_and_missing_file(tmp_path):
    _, issues = load_messages(write(tmp_path, all_languages("Greeting!", "hi")))
    assert any(i.field == "Greeting!" and "lowercase" in i.message for i in issues)
    _, issues = load_messages(tmp_path / "none.yml")
    assert issues[0].message == "file is missing or empty"


def test_shipped_widget_and_console_messages():
    messages, _ = load_messages(SHIPPED)
    for key in WIDGET_MESSAGES:
        assert set(messages.texts[key]) == set(LANGUAGES), key
    for key in CONSOLE_MESSAGES:
        assert set(STAFF_LANGUAGES) <= set(messages.texts[key]), key
    assert {messages.get(f"console_language_{code}", "ja") for code in LANGUAGES} >= {"日本語", "ベトナム語"}
    assert {messages.get("language_direction", code) for code in LANGUAGES} == {"ltr"}


def test_console_messages_need_only_japanese_and_english(tmp_path):
    text = 'console_sign_in:\n  ja: "ログイン"\n  en: "Sign in"\nconsole_search:\n  ja: "検索"\n'
    messages, issues = load_messages(write(tmp_path, text))
    assert not [i for i in issues if i.field == "console_sign_in"]
    assert messages.get("console_sign_in", "vi") == "Sign in"  # the usual fallback: English, then Japanese
    (missing,) = [i for i in issues if i.field == "console_search"]
    assert missing.message == "missing required language 'en'"


def test_widget_messages_need_every_language(tmp_path):
    text = all_languages("ui_send", "Send").replace('  ne: "Send"\n', "")
    _, issues = load_messages(write(tmp_path, text))
    (issue,) = [i for i in issues if i.field == "ui_send"]
    assert issue.message == "missing required language 'ne'"


def test_the_web_messages_are_required_only_by_those_who_ask(tmp_path):
    path = write(tmp_path, all_languages("ui_send", "Send"))
    messages, issues = load_messages(path)
    assert not {i.field for i in issues} & (set(WEB_MESSAGES) - set(REQUIRED_MESSAGES))  # the assistant's need not
    missing = missing_messages(messages, WEB_MESSAGES, path)
    assert {i.field for i in missing} == set(WEB_MESSAGES) - {"ui_send"}
    assert all(i.path == path and i.message == "required message is missing" for i in missing)
    shipped, _ = load_messages(SHIPPED)
    assert missing_messages(shipped, WEB_MESSAGES, SHIPPED) == []


def test_console_placeholders_must_match_japanese(tmp_path):
    text = 'console_no_match:\n  ja: "「{query}」はありません"\n  en: "No match for {q}"\n'
    _, issues = load_messages(write(tmp_path, text))
    (issue,) = [i for i in issues if i.field == "console_no_match.en"]
    assert issue.line == 3 and "placeholders ['q'] differ from Japanese ['query']" in issue.message


def test_language_direction_is_ltr_or_rtl(tmp_path):
    text = all_languages("language_direction", "ltr").replace('  ko: "ltr"', '  ko: "left"')
    _, issues = load_messages(write(tmp_path, text))
    (issue,) = [i for i in issues if i.field == "language_direction.ko"]
    assert issue.line == 5 and issue.message == "expected ltr or rtl, got 'left'"


def test_every_console_text_in_the_shipped_messages_is_required_by_the_api():
    """A console key added to messages.yml but not to CONSOLE_MESSAGES would not be checked at start-up."""
    import yaml

    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert {key for key in shipped if key.startswith("console_")} == set(CONSOLE_MESSAGES)
