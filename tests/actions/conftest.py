"""Action tests: real knowledge fixture, fake embedder, temporary SQLite, fixed clock; no servers."""

import asyncio
from datetime import datetime, timezone

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.services import Services, set_services
from actions.settings import ActionSettings
from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.index import build_index, load_index
from knowledge.retrieval.search import FaqSearcher, Thresholds
from knowledge.store.database import connect
from knowledge.text.incoming import METADATA_KEY, prepare_incoming

MONDAY_MORNING = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)  # 10:00 in Tokyo


@pytest.fixture
def services(knowledge_dir, fake_embedder, tmp_path):
    kb = load_knowledge_base(knowledge_dir)
    build_index(kb, fake_embedder, tmp_path / "index")
    searcher = FaqSearcher(load_index(tmp_path / "index", kb, "fake-trigram"), fake_embedder, Thresholds(0.9, 0.5))
    settings = ActionSettings(
        knowledge_dir=knowledge_dir,
        index_dir=tmp_path / "index",
        answer_threshold=0.9,
        suggest_threshold=0.5,
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
    )
    built = Services(settings, kb, searcher, connect(settings.database_url), clock=lambda: MONDAY_MORNING)
    set_services(built)
    yield built
    set_services(None)


def tracker(text="", intent=None, entities=(), slots=None, events=None, metadata=None, sender="s1", prepared=True):
    """A tracker whose latest message is ``text``, prepared as the web API prepares it (unless ``prepared=False``)."""
    metadata = dict(metadata or {})
    if prepared:
        incoming = prepare_incoming(text)
        text = incoming.text
        metadata[METADATA_KEY] = incoming.metadata()
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9} if intent else {},
        "entities": [{"entity": k, "value": v} for k, v in entities],
        "metadata": metadata,
    }
    history = [*list(events or []), {"event": "user", "text": text, "parse_data": latest}]
    return Tracker(sender, slots or {}, latest, history, False, None, None, "action_listen")


def run(action, tr):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tr, {}))
    return dispatcher.messages, events


def payloads(messages):
    return [m["custom"] for m in messages if m.get("custom")]


def slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
