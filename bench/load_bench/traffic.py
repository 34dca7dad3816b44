"""The residents' traffic: closed-loop virtual sessions playing scripted conversations against ``POST /api/chat``.

Every session has its own ``random.Random(seed)``, so a seed gives the same conversations (languages,
questions, clicks) on every run as long as the replies are the same.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import httpx
from measure import Report

from api.settings import ApiSettings
from knowledge.content.loader import load_knowledge_base
from knowledge.languages import LANGUAGES
from load_bench.phrases import GREETINGS, THANKS

JAPANESE_SHARE = 0.6
"""Share of sessions in Japanese; the other languages share the rest equally."""


def question_pool(settings: ApiSettings) -> dict[str, list[str]]:
    """The shipped FAQ question variants by language."""
    pool: dict[str, list[str]] = defaultdict(list)
    for entry in load_knowledge_base(settings.knowledge_dir).entries:
        for language, texts in entry.questions.items():
            pool[language].extend(texts)
    return dict(pool)


def perturb(text: str, language: str, rng: random.Random) -> str:
    """A lightly changed copy of a question variant, as residents type it (typo, politeness, case)."""
    roll = rng.random()
    if roll < 0.35 and len(text) >= 4:
        position = rng.randrange(1, len(text))
        return text[:position] + text[position + 1 :]
    if roll < 0.55:
        if language == "ja":
            stripped = text.rstrip("？?。 ")
            return stripped + ("？" if stripped.endswith("ですか") else "ですか")
        return text.lower()
    if roll < 0.65:
        return text + ("？" if language in ("ja", "zh") else "?")
    return text


def pick_language(rng: random.Random) -> str:
    """Japanese 60 % of the time, each other language equally often."""
    if rng.random() < JAPANESE_SHARE:
        return "ja"
    return rng.choice([code for code in LANGUAGES if code != "ja"])


@dataclass(frozen=True)
class Sample:
    """One request: when it started and ended (monotonic seconds), what it was and how it went."""

    started: float
    ended: float
    kind: str
    language: str
    outcome: str
    """``"200"``, another status code, or an exception name."""
    repeated: bool = False
    """A question whose exact text was already asked in this run (the action server's query cache has it)."""


@dataclass
class Traffic:
    """Closed-loop virtual sessions against ``POST /api/chat``."""

    client: httpx.AsyncClient
    url: str
    pool: dict[str, list[str]]
    asked: set[str] = field(default_factory=set)
    """Question texts sent so far (shared by the levels of a run, like the server's cache)."""
    samples: list[Sample] = field(default_factory=list)
    failures: list[Report] = field(default_factory=list)
    """The first few failed requests (what was sent, what came back), to find out why."""
    stop_at: float = float("inf")

    async def send(self, session: str, message: str, language: str, kind: str, explicit: bool) -> dict | None:
        """One chat turn; records its latency and outcome; returns the reply body when it is a 200."""
        body = {"session_id": session, "message": message, **({"language": language} if explicit else {})}
        repeated = kind == "question" and message in self.asked
        if kind == "question":
            self.asked.add(message)
        started = time.monotonic()
        answer = ""
        try:
            response = await self.client.post(f"{self.url}/api/chat", json=body)
            outcome, reply = str(response.status_code), None
            if response.status_code == 200:
                reply = response.json()
            else:
                answer = response.text[:300]
        except (httpx.HTTPError, ValueError) as exc:
            outcome, reply, answer = type(exc).__name__, None, str(exc)[:300]
        self.samples.append(Sample(started, time.monotonic(), kind, language, outcome, repeated))
        if outcome != "200" and len(self.failures) < 20:
            self.failures.append({"kind": kind, "sent": body, "outcome": outcome, "answer": answer})
        return reply

    async def conversation(self, rng: random.Random) -> None:
        """One scripted conversation of a resident (stops early once the level is over)."""
        language = pick_language(rng)
        session = uuid.UUID(int=rng.getrandbits(128)).hex
        explicit = rng.random() < 0.5  # the chat page's language menu, else detection
        steps = [("greeting", rng.choice(GREETINGS[language]))]
        steps += [("question", None)] * rng.randint(1, 3)
        for kind, text in steps:
            if time.monotonic() >= self.stop_at:
                return
            if kind == "greeting":
                await self.send(session, text, language, kind, explicit)
                continue
            question = perturb(rng.choice(self.pool[language]), language, rng)
            reply = await self.send(session, question, language, kind, explicit) or {}
            if reply.get("suggestions") and rng.random() < 0.7 and time.monotonic() < self.stop_at:
                chosen = rng.choice(reply["suggestions"])["faq_id"]
                payload = f"/choose_faq{json.dumps({'faq_id': chosen})}"
                reply = await self.send(session, payload, language, "did_you_mean_click", explicit) or {}
            if reply.get("answer") and rng.random() < 0.4 and time.monotonic() < self.stop_at:
                payload = f"/feedback_helpful{json.dumps({'faq_id': reply['answer']['faq_id']})}"
                await self.send(session, payload, language, "helpful_click", explicit)
        if time.monotonic() >= self.stop_at:
            return
        ending = rng.random()
        if ending < 0.15:
            await self.send(session, "/request_human", language, "handoff", explicit)
        elif ending < 0.45:
            await self.send(session, THANKS[language], language, "thanks", explicit)

    async def session(self, seed: int) -> None:
        """Conversations one after another until the level is over."""
        rng = random.Random(seed)
        while time.monotonic() < self.stop_at:
            await self.conversation(rng)
