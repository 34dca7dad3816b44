"""Settings of the Rasa side: where Rasa and the action server listen and keep the tracker store."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from knowledge.settings import InternalSettings, KnowledgeSettings, PortSettings, StorageSettings

__all__ = ["BotSettings", "get_bot_settings"]


class BotSettings(KnowledgeSettings, StorageSettings, PortSettings, InternalSettings):
    """Everything ``bot/`` reads (``NENKIN_*``): ports, tracker store, and the knowledge the NLU is made from."""

    rasa_host: str = Field(
        "127.0.0.1",
        min_length=1,
        description="Interface the Rasa server listens on; only the web API calls it (0.0.0.0 only on a private "
        "network, e.g. compose's internal one).",
    )
    actions_host: str = Field(
        "127.0.0.1",
        min_length=1,
        description="Interface the action server listens on; only Rasa calls it (0.0.0.0 only on a private network).",
    )


@lru_cache(maxsize=1)
def get_bot_settings() -> BotSettings:
    """The Rasa side's settings, read from the environment on first use."""
    return BotSettings()
