"""The real Rasa server and action server on free loopback ports, talking over the REST webhook.

The test plays the web API's part: it prepares each message (redaction, language) once and
sends it with the internal token, as ``api/routes/chat.py`` does.
"""

import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, select

from knowledge.settings import INTERNAL_TOKEN_HEADER
from knowledge.store.database import tickets
from knowledge.text.incoming import METADATA_KEY, prepare_incoming

TOKEN: dict[str, str] = {}


def post(url: str, body: dict, token: str | None) -> list[dict]:
    headers = {"Content-Type": "application/json", **({INTERNAL_TOKEN_HEADER: token} if token else {})}
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def say(url: str, sender: str, text: str) -> list[dict]:
    incoming = prepare_incoming(text)
    body = {"sender": sender, "message": incoming.text, "metadata": {METADATA_KEY: incoming.metadata()}}
    return post(url, body, TOKEN["value"])


def custom(messages: list[dict]) -> dict:
    return next(m["custom"] for m in messages if "custom" in m)


@pytest.fixture(scope="module")
def stack(assistant):
    """Rasa and the action server of the session's running assistant, and its data folder."""
    running, _, folder = assistant
    TOKEN["value"] = (folder / "internal-token").read_text(encoding="utf-8").strip()
    return running.stack, folder


@pytest.mark.model
def test_the_webhook_refuses_callers_without_the_token_or_an_unprepared_message(stack):
    running, _ = stack
    for body, token, status in (
        ({"sender": "e2e-x", "message": "こんにちは", "metadata": {}}, None, 401),
        ({"sender": "e2e-x", "message": "こんにちは", "metadata": {}}, "wrong", 401),
        ({"sender": "e2e-x", "message": "こんにちは", "metadata": {}}, TOKEN["value"], 400),
        ({"sender": "e2e-x" * 20, "message": "hi", "metadata": {}}, TOKEN["value"], 400),
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            post(running.rasa_url, body, token)
        assert refused.value.code == status, body


@pytest.mark.model
def test_japanese_conversation_answer_did_you_mean_and_handoff(stack):
    running, folder = stack
    url = running.rasa_url
    greeting = say(url, "e2e-1", "こんにちは")
    assert custom(greeting)["language"] == "ja" and greeting[0]["text"].startswith("こんにちは")

    answer = custom(say(url, "e2e-1", "収入が少ないので国民年金保険料の免除を受けたい"))
    assert answer["answer"] is not None and answer["answer"]["topic"] == "exemption"

    vague = say(url, "e2e-1", "申請したい")
    payload = custom(vague)
    assert payload["answer"] is None and 1 <= len(payload["suggestions"]) <= 3, payload
    button = next(m["buttons"][0] for m in vague if m.get("buttons"))
    chosen = custom(say(url, "e2e-1", button["payload"]))
    assert chosen["answer"]["faq_id"] == payload["suggestions"][0]["faq_id"]

    handoff = say(url, "e2e-1", "担当者と話したいです。基礎年金番号は1234-567890、電話は090-1234-5678です")
    info = custom(handoff)["handoff"]
    assert info["phone"] == "0570-05-1165" and info["reference"].startswith("NK-")
    engine = create_engine(f"sqlite:///{folder / 'nenkin.db'}")
    with engine.connect() as connection:
        (transcript,) = connection.execute(
            select(tickets.c.transcript).where(tickets.c.reference == info["reference"])
        ).one()
    stored = json.dumps(transcript, ensure_ascii=False)
    assert "1234-567890" not in stored and "090-1234-5678" not in stored
    assert "[PENSION_NUMBER]" in stored and "[PHONE]" in stored
    tracker_db = (folder / "tracker.db").read_bytes()
    assert b"1234-567890" not in tracker_db and b"090-1234-5678" not in tracker_db
