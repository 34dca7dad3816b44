"""Fixtures shared by the route tests (the app, client and fake Rasa come from ``tests/api/conftest.py``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def ui_text(client) -> dict[str, dict[str, str]]:
    """What ``GET /api/ui-text`` serves: language → widget text key → text."""
    response = client.get("/api/ui-text")
    assert response.status_code == 200
    return response.json()
