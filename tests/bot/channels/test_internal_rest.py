"""The REST channel behind the internal token: what it refuses before Rasa sees a message."""

import asyncio
import json

import pytest

from bot.channels.internal_rest import MAX_MESSAGE_CHARS, InternalRestInput, refusal
from knowledge.settings import INTERNAL_TOKEN_HEADER
from knowledge.text.incoming import METADATA_KEY, prepare_incoming

TOKEN = "t" * 40


class FakeRequest:
    def __init__(self, body, token=TOKEN):
        self.headers = {INTERNAL_TOKEN_HEADER: token} if token is not None else {}
        self._body = body

    @property
    def json(self):
        if isinstance(self._body, bytes):
            raise ValueError("not JSON")
        return self._body


def body(text="hello", sender="abc_123", **metadata):
    return {
        "sender": sender,
        "message": text,
        "metadata": {METADATA_KEY: prepare_incoming(text).metadata(), **metadata},
    }


def test_a_message_prepared_by_the_api_passes():
    assert refusal(FakeRequest(body()), TOKEN) is None
    assert refusal(FakeRequest(body(language="vi")), TOKEN) is None


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x"])
def test_without_the_internal_token_nothing_passes(token):
    assert refusal(FakeRequest(body(), token=token), TOKEN) == (401, "missing or wrong internal token")


def test_an_unconfigured_token_refuses_everything():
    assert refusal(FakeRequest(body(), token=""), "")[0] == 401


@pytest.mark.parametrize(
    ("request_body", "reason"),
    [
        (b"{", "body is not JSON"),
        ([1, 2], "body must be a JSON object"),
        (body(sender="x" * 65), "sender must be"),
        (body(sender="abc\n"), "sender must be"),
        (body(sender="a b"), "sender must be"),
        ({**body(), "sender": 7}, "sender must be"),
        ({**body(), "message": ""}, "message must be"),
        ({**body(), "message": "x" * (MAX_MESSAGE_CHARS + 1)}, "message must be"),
        ({**body(), "metadata": {"language": "en"}}, "must hold the message as prepared"),
        ({**body(), "metadata": None}, "metadata may hold only"),
        (body(role="admin"), "metadata may hold only"),
        (body(language="fr"), "metadata.language"),
    ],
)
def test_malformed_or_unprepared_requests_are_refused(request_body, reason):
    status, said = refusal(FakeRequest(request_body), TOKEN)
    assert status == 400 and reason in said


def test_the_webhook_middleware_answers_a_refusal_and_lets_good_requests_through():
    async def on_new_message(message):  # pragma: no cover - the middleware runs before the route
        raise AssertionError("not reached")

    blueprint = InternalRestInput(token=TOKEN).blueprint(on_new_message)
    (middleware,) = [future.middleware for future in blueprint._future_middleware]
    refused = FakeRequest(body(), token="wrong")
    refused.method = "POST"
    answer = asyncio.run(middleware(refused))
    assert answer.status == 401 and json.loads(answer.body) == {"error": "missing or wrong internal token"}
    good = FakeRequest(body())
    good.method = "POST"
    assert asyncio.run(middleware(good)) is None
    health = FakeRequest(None, token=None)
    health.method = "GET"
    assert asyncio.run(middleware(health)) is None


def test_the_token_comes_from_the_settings(monkeypatch):
    from bot.settings import get_bot_settings

    monkeypatch.setenv("NENKIN_INTERNAL_TOKEN", TOKEN)
    get_bot_settings.cache_clear()
    try:
        assert InternalRestInput.from_credentials(None).token == TOKEN
    finally:
        get_bot_settings.cache_clear()
