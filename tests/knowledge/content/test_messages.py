from pathlib import Path

import pytest

from knowledge.content.messages import REQUIRED_MESSAGES, load_messages
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
    for key in REQUIRED_MESSAGES:
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
