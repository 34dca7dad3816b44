"""``POST /api/chat``: the public contract, validation, redaction, rate limit and the 503 path."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from knowledge.store.database import events
from knowledge.text.incoming import Incoming
from tests.api.conftest import answer_payload

CONTRACT_KEYS = {"session_id", "language", "messages", "answer", "suggestions", "handoff"}


def test_reply_follows_the_contract(client, fake_rasa):
    answer = answer_payload("exemption-overview")
    fake_rasa.script["免除について"] = [
        {"recipient_id": "s1", "text": "免除とは…"},
        {
            "recipient_id": "s1",
            "text": "役に立ちましたか？",
            "buttons": [{"title": "はい", "payload": "/feedback_helpful"}],
        },
        {"recipient_id": "s1", "custom": {"language": "ja", "answer": answer, "suggestions": [], "handoff": None}},
    ]
    response = client.post("/api/chat", json={"session_id": "s1", "message": "免除について"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONTRACT_KEYS
    assert body["session_id"] == "s1"
    assert body["language"] == "ja"
    assert body["messages"] == [
        {"text": "免除とは…", "buttons": []},
        {"text": "役に立ちましたか？", "buttons": [{"title": "はい", "payload": "/feedback_helpful"}]},
    ]
    assert body["answer"] == answer
    assert body["suggestions"] == []
    assert body["handoff"] is None


def test_suggestions_and_handoff_pass_through(client, fake_rasa):
    suggestion = {"faq_id": "a", "topic": "exemption", "question": "免除の申請方法", "score": 0.9}
    handoff = {"reference": "NK-7K2M9Q", "phone": "0570-05-1165", "hours": "8:30–17:15", "open_now": True,
               "interpreter": True}  # fmt: skip
    fake_rasa.script["person"] = [
        {"text": "call"},
        {"custom": {"language": "en", "answer": None, "suggestions": [suggestion], "handoff": handoff}},
    ]
    body = client.post("/api/chat", json={"session_id": "s1", "message": "person", "language": "en"}).json()
    assert body["suggestions"] == [suggestion]
    assert body["handoff"] == handoff


def test_personal_numbers_are_redacted_before_leaving_the_api(client, fake_rasa, api_engine):
    message = "年金番号は1234-567890、電話は090-1234-5678です"
    client.post("/api/chat", json={"session_id": "s1", "message": message})
    ((_, forwarded, _),) = fake_rasa.sent
    assert "1234-567890" not in forwarded and "090-1234-5678" not in forwarded
    with api_engine.connect() as connection:
        stored = connection.execute(select(events.c.text).where(events.c.kind == "message")).scalars().all()
    assert stored == [forwarded]


def test_the_message_is_prepared_once_and_the_preparation_travels_as_metadata(client, fake_rasa):
    client.post(
        "/api/chat", json={"session_id": "s1", "message": "hola, mi teléfono es 090-1234-5678", "language": "es"}
    )
    client.post("/api/chat", json={"session_id": "s1", "message": "hola"})
    first, second = (metadata for _, _, metadata in fake_rasa.sent)
    assert first["language"] == "es" and "language" not in second
    prepared = Incoming.from_metadata(fake_rasa.sent[0][1], first)
    assert prepared.redacted == ("phone",) and prepared.detection.language == "es"
    assert Incoming.from_metadata("hola", second).detection.language == "es"


def test_a_session_id_holding_a_personal_number_never_leaves_the_api(client, fake_rasa, api_engine):
    body = client.post("/api/chat", json={"session_id": "09012345678", "message": "hello"}).json()
    assert body["session_id"] == "09012345678"  # the client's own id, echoed
    ((sent_as, _, _),) = fake_rasa.sent
    assert sent_as.startswith("h-") and "0901234" not in sent_as
    with api_engine.connect() as connection:
        stored = connection.execute(select(events.c.session_id)).scalars().all()
    assert stored == [sent_as]
    client.post("/api/chat", json={"session_id": "09012345678", "message": "again"})
    assert fake_rasa.sent[1][0] == sent_as


def test_text_without_words_is_forwarded_and_a_lone_ideographic_space_kept(client, fake_rasa):
    for message in ("?", "。", "\u200b", "\u3000"):
        assert client.post("/api/chat", json={"session_id": "s1", "message": message}).status_code == 200
    assert [text for _, text, _ in fake_rasa.sent] == ["?", "。", "\u200b", "\u3000"]


def test_lone_surrogates_and_trailing_newlines_are_422_naming_the_field(client):
    cases = [
        ('{"session_id": "ok", "message": "\\ud800"}', "message"),
        ('{"session_id": "ok", "message": "hi", "language": "\\ud800"}', "language"),
        ('{"session_id": "ok\\n", "message": "hi"}', "session_id"),
        ('{"session_id": "ok", "message": "\\u001c"}', "message"),
    ]
    for raw, field in cases:
        response = client.post("/api/chat", content=raw.encode(), headers={"Content-Type": "application/json"})
        assert response.status_code == 422, raw
        assert field in [error["loc"][-1] for error in response.json()["detail"]], raw


def test_language_null_means_no_choice_and_the_schema_says_so(client, fake_rasa):
    assert client.post("/api/chat", json={"session_id": "s", "message": "hi", "language": None}).status_code == 200
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ChatRequest"]["properties"]["language"]
    assert {"type": "null"} in schema["anyOf"]


def test_control_characters_are_removed(client, fake_rasa):
    client.post("/api/chat", json={"session_id": "s1", "message": "年金\x00\x07の免除\x1b"})
    assert fake_rasa.sent[0][1] == "年金の免除"


def test_invalid_fields_are_named_in_a_422(client):
    cases = [
        ({"session_id": "has space", "message": "hi"}, "session_id"),
        ({"session_id": "x" * 65, "message": "hi"}, "session_id"),
        ({"session_id": "ok", "message": ""}, "message"),
        ({"session_id": "ok", "message": "   \x00 "}, "message"),
        ({"session_id": "ok", "message": "あ" * 1001}, "message"),
        ({"session_id": "ok", "message": "hi", "language": "fr"}, "language"),
        ({"message": "hi"}, "session_id"),
        ({"session_id": "ok", "message": 5}, None),
    ]
    for body, field in cases:
        response = client.post("/api/chat", json=body)
        assert response.status_code == 422, body
        if field:
            assert field in [error["loc"][-1] for error in response.json()["detail"]], body


def test_malformed_json_and_invalid_utf8_are_422(client):
    for raw in (b'{"session_id": "a", "message": ', b'{"session_id": "a", "message": "\xff\xfe"}'):
        response = client.post("/api/chat", content=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 422


def test_oversized_body_is_413(client, fake_rasa):
    response = client.post("/api/chat", json={"session_id": "a", "message": "x" * 20_000})
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "too_large" and body["phone"] == "0570-05-1165"
    assert "16384" in body["message"] and "0570-05-1165" in body["message"]
    assert fake_rasa.sent == []


def test_rate_limit_answers_429_with_retry_after_in_the_residents_language(api_settings, fake_rasa, api_engine):
    settings = api_settings.copy(update={"rate_limit_per_minute": 6, "rate_limit_burst": 2})
    with TestClient(create_app(settings, backend=fake_rasa, engine=api_engine)) as limited:
        statuses = [
            limited.post("/api/chat", json={"session_id": "s", "message": "hello", "language": "en"}).status_code
            for _ in range(3)
        ]
        refused = limited.post("/api/chat", json={"session_id": "s", "message": "hello", "language": "en"})
    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    body = refused.json()
    assert body["error"] == "rate_limited"
    assert body["language"] == "en"
    assert "0570-05-1165" in body["message"] and "seconds" in body["message"]


def test_backend_down_is_503_with_the_phone_number_in_the_detected_language(client, fake_rasa):
    fake_rasa.down = True
    response = client.post("/api/chat", json={"session_id": "s1", "message": "Xin chào, tôi muốn hỏi về lương hưu"})
    assert response.status_code == 503
    body = response.json()
    assert body == {"error": "unavailable", "message": body["message"], "language": "vi", "phone": "0570-05-1165"}
    assert "0570-05-1165" in body["message"]


def test_no_action_payload_with_the_action_server_down_is_503(client, fake_rasa):
    fake_rasa.script["免除"] = [{"text": "Rasa alone, no custom payload"}]
    fake_rasa.actions_down = True
    response = client.post("/api/chat", json={"session_id": "s1", "message": "免除"})
    assert response.status_code == 503
    assert response.json()["language"] == "ja"


def test_rasa_answering_nothing_while_everything_is_up_is_a_request_to_rephrase(client, fake_rasa, caplog):
    fake_rasa.script["?"] = []
    response = client.post("/api/chat", json={"session_id": "s1", "message": "?", "language": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en" and len(body["messages"]) == 1 and body["answer"] is None
    assert body["messages"][0]["text"] == client.app.state.nenkin.knowledge.messages.get("ask_rephrase", "en")
    assert "Rasa answered nothing" in caplog.text


def test_recovers_when_the_backend_comes_back(client, fake_rasa):
    fake_rasa.down = True
    assert client.post("/api/chat", json={"session_id": "s1", "message": "免除"}).status_code == 503
    fake_rasa.down = False
    assert client.post("/api/chat", json={"session_id": "s1", "message": "免除"}).status_code == 200


def test_openapi_documents_the_chat_contract(client):
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/chat"]["post"]
    assert {"200", "422", "413", "429", "503"} <= set(operation["responses"])
    assert client.get("/docs").status_code == 200


def test_a_broken_analytics_store_does_not_break_the_conversation(client, fake_rasa, monkeypatch, caplog):
    from api.routes import chat
    from knowledge.store.database import DatabaseError

    def read_only(*args, **kwargs):
        raise DatabaseError("database write failed: attempt to write a readonly database")

    monkeypatch.setattr(chat, "record_event", read_only)
    response = client.post("/api/chat", json={"session_id": "s1", "message": "免除"})
    assert response.status_code == 200
    assert "could not record a chat message" in caplog.text
