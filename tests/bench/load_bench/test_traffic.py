import asyncio
import json
import random

import httpx
import pytest
from load_bench import traffic
from load_bench.phrases import GREETINGS, THANKS
from load_bench.traffic import Traffic, perturb, pick_language

from knowledge.languages import LANGUAGES

POOL = {language: [f"{language} question {i}" for i in range(5)] for language in LANGUAGES}
POOL["ja"] = ["保険料を払えません", "免除の申請をしたい", "学生納付特例とは", "年金の通知が届きません"]


def reply(request: httpx.Request) -> httpx.Response:
    """A fake assistant: questions get an answer, and every other one did-you-mean suggestions."""
    message = json.loads(request.content)["message"]
    body: dict = {"messages": [{"text": "…"}]}
    if not message.startswith("/") and len(message) % 2:
        body["suggestions"] = [{"faq_id": "exemption-overview"}, {"faq_id": "student-special"}]
    body["answer"] = {"faq_id": "exemption-overview"}
    return httpx.Response(200, json=body)


async def play(handler, seed: int, conversations: int = 30) -> Traffic:
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        sent = Traffic(client, "http://assistant", POOL)
        rng = random.Random(seed)
        for _ in range(conversations):
            await sent.conversation(rng)
        return sent


def sent_messages(handler, seed):
    bodies = []

    def recording(request):
        bodies.append(json.loads(request.content))
        return handler(request)

    asyncio.run(play(recording, seed))
    return bodies


def test_the_phrases_cover_every_language():
    assert set(GREETINGS) == set(THANKS) == set(LANGUAGES)
    assert all(GREETINGS[language] for language in LANGUAGES)


def test_a_seed_gives_the_same_conversations():
    first = sent_messages(reply, 7)
    assert sent_messages(reply, 7) == first
    assert sent_messages(reply, 8) != first


def test_conversations_start_with_a_greeting_and_use_the_sessions_language():
    bodies = sent_messages(reply, 3)
    sessions = {}
    for body in bodies:
        sessions.setdefault(body["session_id"], []).append(body)
    assert len(sessions) == 30
    for turns in sessions.values():
        language = next(
            code for code, greetings in GREETINGS.items() if turns[0]["message"] in greetings
        )  # a greeting of exactly one language in this data
        assert all(turn.get("language", language) == language for turn in turns)
        assert len({"language" in turn for turn in turns}) == 1  # the menu is used for the whole session or not


def test_clicks_and_endings_are_payloads_the_assistant_understands():
    kinds = {}
    for body in sent_messages(reply, 11):
        message = body["message"]
        if message.startswith("/"):
            name, _, payload = message[1:].partition("{")
            kinds[name] = kinds.get(name, 0) + 1
            if payload:
                assert json.loads("{" + payload)["faq_id"]
    assert set(kinds) <= {"choose_faq", "feedback_helpful", "request_human"}
    assert kinds.get("choose_faq") and kinds.get("feedback_helpful")


def test_samples_record_kind_outcome_and_repeats():
    sent = asyncio.run(play(reply, 5, conversations=60))
    assert {sample.kind for sample in sent.samples} >= {"greeting", "question", "helpful_click"}
    assert all(sample.outcome == "200" and sample.ended >= sample.started for sample in sent.samples)
    questions = [sample for sample in sent.samples if sample.kind == "question"]
    assert any(sample.repeated for sample in questions)  # the pool is small: questions come back
    assert not questions[0].repeated
    assert sent.failures == []


def test_failures_are_recorded_with_what_was_sent_and_capped():
    def broken(request):
        if json.loads(request.content)["message"].startswith("/"):
            raise httpx.ConnectError("refused")
        return httpx.Response(502, text="bad gateway")

    sent = asyncio.run(play(broken, 1, conversations=40))
    outcomes = {sample.outcome for sample in sent.samples}
    assert "502" in outcomes
    assert len(sent.failures) == 20
    assert sent.failures[0]["outcome"] == "502" and sent.failures[0]["answer"] == "bad gateway"
    assert set(sent.failures[0]) == {"kind", "sent", "outcome", "answer"}


def test_a_conversation_stops_once_the_level_is_over():
    async def late():
        async with httpx.AsyncClient(transport=httpx.MockTransport(reply)) as client:
            sent = Traffic(client, "http://assistant", POOL, stop_at=0.0)
            await sent.session(seed=1)
            return sent

    assert asyncio.run(late()).samples == []


def test_perturb_is_seeded_and_stays_close_to_the_variant():
    texts = [perturb("保険料を払えません", "ja", random.Random(seed)) for seed in range(200)]
    assert texts == [perturb("保険料を払えません", "ja", random.Random(seed)) for seed in range(200)]
    assert {"保険料を払えません", "保険料を払えませんですか", "保険料を払えません？"} <= set(texts)
    assert all(abs(len(text) - len("保険料を払えません")) <= 3 for text in texts)
    assert "i cannot pay" in {perturb("I cannot pay", "en", random.Random(seed)) for seed in range(50)}


def test_pick_language_is_mostly_japanese():
    rng = random.Random(1)
    picks = [pick_language(rng) for _ in range(5000)]
    assert picks.count("ja") / len(picks) == pytest.approx(traffic.JAPANESE_SHARE, abs=0.03)
    assert set(picks) == set(LANGUAGES)
