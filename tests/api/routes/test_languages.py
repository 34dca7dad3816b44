"""``GET /api/languages``: the one list of codes, each language with its own name and direction."""

from __future__ import annotations

from knowledge.languages import LANGUAGES


def test_every_language_we_serve_with_its_own_name(client):
    response = client.get("/api/languages")
    assert response.status_code == 200
    body = response.json()
    assert body["default"] == "ja"
    assert [language["code"] for language in body["languages"]] == list(LANGUAGES)
    names = {language["code"]: language["name"] for language in body["languages"]}
    assert names["ja"] == "日本語" and names["vi"] == "Tiếng Việt" and names["ne"] == "नेपाली"
    assert {language["dir"] for language in body["languages"]} == {"ltr"}


def test_the_chat_page_menu_is_the_same_list(client):
    page = client.get("/").text
    for language in client.get("/api/languages").json()["languages"]:
        code = language["code"]
        assert f'data-language="{code}" lang="{code}" data-dir="{language["dir"]}"' in page, code
        assert f">{language['name']}</button>" in page, code


def test_openapi_documents_the_codes_as_an_enum(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert schema["LanguageOut"]["properties"]["code"]["enum"] == list(LANGUAGES)
    assert schema["ChatRequest"]["properties"]["language"]["anyOf"][0]["enum"] == list(LANGUAGES)
