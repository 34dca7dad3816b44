"""Fixtures for API tests: the real app with a scripted fake Rasa backend and a temporary store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from api.core.rasa_client import BackendUnavailableError
from api.main import create_app
from api.settings import ApiSettings
from knowledge.settings import PROJECT_ROOT
from knowledge.store.database import connect

ADMIN_TOKEN = "test-admin-token-0123456789"


class FakeRasa:
    """Answers like Rasa's REST channel: ``script`` maps a message to its replies.

    Unknown messages get a generic answer with our actions' custom payload.
    ``down`` makes every call fail as if Rasa were unreachable.
    """

    def __init__(self) -> None:
        self.script: dict[str, list[dict[str, Any]]] = {}
        self.sent: list[tuple[str, str, dict[str, Any]]] = []
        self.down = False
        self.actions_down = False
        self.closed = False

    async def send(self, session_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Record the call and reply from the script."""
        if self.down:
            raise BackendUnavailableError("fake Rasa is down")
        self.sent.append((session_id, text, metadata))
        language = metadata.get("language", "ja")
        return self.script.get(
            text,
            [
                {"recipient_id": session_id, "text": f"echo: {text}"},
                {"recipient_id": session_id, "custom": {"language": language, "answer": None,
                                                        "suggestions": [], "handoff": None}},
            ],
        )  # fmt: skip

    async def health(self) -> dict[str, str]:
        """Both components up unless ``down`` (and the action server unless ``actions_down``)."""
        state = "unreachable (ConnectError)" if self.down else "ok"
        return {"rasa": state, "actions": "unreachable (ConnectError)" if self.actions_down else state}

    async def close(self) -> None:
        """Remember that the app shut the backend down."""
        self.closed = True


@pytest.fixture
def fake_rasa() -> FakeRasa:
    """A scripted backend."""
    return FakeRasa()


def settings_in(folder: Path, **overrides: Any) -> ApiSettings:
    """Production-mode settings on the shipped knowledge, with database, index and tracker store in ``folder``."""
    values: dict[str, Any] = {
        "admin_token": ADMIN_TOKEN,
        "knowledge_dir": PROJECT_ROOT / "knowledge",
        "index_dir": folder / "index",
        "var_dir": folder,
        "tracker_db": folder / "tracker.db",
        "database_url": f"sqlite:///{folder / 'nenkin.db'}",
        "rate_limit_per_minute": 600,
        "rate_limit_burst": 100,
    }
    return ApiSettings(**{**values, **overrides})


@pytest.fixture
def api_settings(tmp_path: Path) -> ApiSettings:
    """See :func:`settings_in`."""
    return settings_in(tmp_path)


@pytest.fixture
def api_engine(api_settings: ApiSettings) -> Engine:
    """The test store."""
    return connect(api_settings.database_url)


@pytest.fixture
def client(api_settings: ApiSettings, fake_rasa: FakeRasa, api_engine: Engine) -> Iterator[TestClient]:
    """A TestClient on the real app with the fake backend."""
    app = create_app(api_settings, backend=fake_rasa, engine=api_engine, housekeeping=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def admin_headers() -> dict[str, str]:
    """The bearer header admin routes need."""
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def answer_payload(faq_id: str = "x") -> dict[str, Any]:
    """The ``answer`` of a reply payload as the action server sends it (one cited page)."""
    return {
        "faq_id": faq_id,
        "topic": "exemption",
        "score": 0.95,
        "language": "ja",
        "sources": [
            {
                "publisher": "日本年金機構",
                "title": "免除",
                "url": "https://www.nenkin.go.jp/service/kokunen/menjo/index.html",
            }
        ],
    }
