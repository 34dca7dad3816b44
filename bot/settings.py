"""Settings of the Rasa side: where Rasa and the action server listen and keep the tracker store."""

from __future__ import annotations

from functools import lru_cache

from knowledge.settings import KnowledgeSettings, PortSettings, StorageSettings

__all__ = ["BotSettings", "get_bot_settings"]


class BotSettings(KnowledgeSettings, StorageSettings, PortSettings):
    """Everything ``bot/`` reads (``NENKIN_*``): ports, tracker store, and the knowledge the NLU is made from."""


@lru_cache(maxsize=1)
def get_bot_settings() -> BotSettings:
    """The Rasa side's settings, read from the environment on first use."""
    return BotSettings()
