"""The action server's settings: retrieval (model, index, thresholds) and the store."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from knowledge.settings import InternalSettings, RetrievalSettings, StorageSettings

__all__ = ["ActionSettings", "get_action_settings"]


class ActionSettings(RetrievalSettings, StorageSettings, InternalSettings):
    """Everything ``actions/`` reads (``NENKIN_*``)."""

    preload_services: bool = Field(
        False,
        description="Load knowledge, index and encoder when the action server starts (set by the launcher), "
        "so its /health answers only once it can answer residents.",
    )
    actions_host: str = Field(
        "127.0.0.1",
        min_length=1,
        description="Interface `python -m actions.server` listens on; only Rasa calls it (0.0.0.0 only on a private "
        "network, e.g. compose's internal one).",
    )
    max_handoffs_per_session: int = Field(
        3,
        ge=1,
        le=100,
        description="Open hand-off tickets one conversation may have; past it a hand-off still gives the line and "
        "hours, with the reference of the conversation's newest open ticket (its transcript updated) instead of a "
        "new ticket.",
    )


@lru_cache(maxsize=1)
def get_action_settings() -> ActionSettings:
    """The action server's settings, read from the environment on first use."""
    return ActionSettings()
