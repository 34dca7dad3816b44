"""All runtime settings of nenkin-assistant, read once from ``NENKIN_*`` variables.

Relative paths are resolved against the project root (the folder holding
``pyproject.toml``), so commands behave the same from any working directory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseSettings, Field, validator

from knowledge.entry_classifier import DEFAULT_C, DEFAULT_RERANK_WEIGHT

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Typed settings; every field maps to ``NENKIN_<FIELD>`` in the environment."""

    embedding_model: str = Field(
        "models/multilingual-e5-small",
        description="sentence-transformers model: a local folder (made by `make model`) or a hub id.",
    )
    knowledge_dir: Path = Field(Path("knowledge"), description="Folder with faq/ and contacts.yml.")
    index_dir: Path = Field(Path("var/index"), description="Where the faiss index and embedding cache live.")
    answer_threshold: float = Field(0.93, ge=0, le=1, description="Score at or above which the top hit is answered.")
    suggest_threshold: float = Field(
        0.88, ge=0, le=1, description="Score at or above which hits are offered as did-you-mean."
    )
    rerank_weight: float = Field(
        DEFAULT_RERANK_WEIGHT,
        ge=0,
        le=5,
        description="Weight of the entry classifier's probability added to the similarity when ranking hits; "
        "0 ranks by similarity alone.",
    )
    classifier_c: float = Field(
        DEFAULT_C,
        gt=0,
        description="Inverse regularisation strength of the entry classifier trained by `knowledge build`.",
    )
    max_suggestions: int = Field(3, ge=1, le=10, description="How many did-you-mean suggestions at most.")
    duplicate_threshold: float = Field(
        0.95,
        ge=0,
        le=1,
        description="Validator: questions of different entries this similar are reported as ambiguous.",
    )
    database_url: str = Field(
        "sqlite:///var/nenkin.db",
        description="Tickets, feedback and events; a relative SQLite path is under the project root.",
    )
    encoder_threads: int = Field(0, ge=0, description="torch threads for the encoder; 0 keeps torch's default.")
    faiss_threads: int = Field(
        1,
        ge=0,
        description="OpenMP threads faiss uses per search; 0 keeps faiss's default. One query at a time over a flat "
        "index is fastest on one thread (more compete with the encoder's threads).",
    )
    encode_batch_size: int = Field(64, ge=1, description="Sentences per encoder batch when building the index.")

    mode: Literal["production", "development"] = Field(
        "production", description="`development` allows an empty admin token; never use it on a public server."
    )
    api_host: str = Field("127.0.0.1", description="Interface the web API listens on.")
    api_port: int = Field(8000, ge=1, le=65535, description="Port of the web API (chat page, /api, consoles).")
    rasa_port: int = Field(5005, ge=1, le=65535, description="Port of the Rasa server (REST channel).")
    actions_port: int = Field(5055, ge=1, le=65535, description="Port of the action server.")
    rasa_url: str = Field("", description="Rasa server URL the API forwards to (default: loopback on rasa_port).")
    action_server_url: str = Field(
        "",
        description="Action server base URL the API checks for health (default: loopback on actions_port). "
        "Not NENKIN_ACTIONS_URL: that one is Rasa's action webhook in bot/endpoints.yml.",
    )
    rasa_timeout: float = Field(15.0, gt=0, description="Seconds the API waits for Rasa before answering 503.")
    admin_token: str = Field("", description="Bearer token of /api/admin/* and the consoles (required in production).")
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call /api/chat and embed the widget (JSON list)."
    )
    rate_limit_per_minute: int = Field(30, ge=1, description="Chat messages per minute per client address.")
    rate_limit_burst: int = Field(10, ge=1, description="Chat messages a client may send at once before pacing.")
    admin_failures_per_minute: int = Field(
        10, ge=1, description="Failed admin logins per minute per client before 429."
    )
    max_body_bytes: int = Field(16_384, ge=1024, description="Largest accepted request body; larger gets 413.")
    retention_days: int = Field(
        90, ge=1, description="Conversations, events and closed tickets older than this are deleted."
    )
    var_dir: Path = Field(Path("var"), description="Runtime files: databases, logs, generated admin token.")
    tracker_db: Path = Field(
        Path("var/rasa_tracker.db"), description="Rasa's SQLite tracker store (purged with the retention setting)."
    )

    class Config:
        """Read ``NENKIN_*`` environment variables."""

        env_prefix = "NENKIN_"

    @validator("knowledge_dir", "index_dir", "var_dir", "tracker_db")
    def _resolve_path(cls, value: Path) -> Path:  # noqa: N805 (pydantic validators are classmethods)
        return value if value.is_absolute() else PROJECT_ROOT / value

    @validator("database_url")
    def _resolve_sqlite_path(cls, value: str) -> str:  # noqa: N805
        prefix = "sqlite:///"
        if value.startswith(prefix) and not value.startswith(prefix + "/") and value != prefix + ":memory:":
            return prefix + str(PROJECT_ROOT / value.removeprefix(prefix))
        return value

    @validator("suggest_threshold")
    def _suggest_below_answer(cls, value: float, values: dict) -> float:  # noqa: N805
        answer = values.get("answer_threshold")
        if answer is not None and value > answer:
            raise ValueError(f"suggest_threshold ({value}) must not exceed answer_threshold ({answer})")
        return value

    @property
    def rasa_base_url(self) -> str:
        """Where the API reaches Rasa."""
        return (self.rasa_url or f"http://127.0.0.1:{self.rasa_port}").rstrip("/")

    @property
    def actions_base_url(self) -> str:
        """Where the API checks the action server's health."""
        return (self.action_server_url or f"http://127.0.0.1:{self.actions_port}").rstrip("/")

    @property
    def faq_dir(self) -> Path:
        """Folder of FAQ YAML files."""
        return self.knowledge_dir / "faq"

    @property
    def contacts_file(self) -> Path:
        """The contact lines file."""
        return self.knowledge_dir / "contacts.yml"

    def resolved_embedding_model(self) -> str:
        """The model setting as a path when it names a local folder, else unchanged (a hub id)."""
        candidate = Path(self.embedding_model)
        if not candidate.is_absolute():
            candidate = PROJECT_ROOT / candidate
        if candidate.exists() or self.embedding_model.startswith((".", "/", "models/")):
            return str(candidate)
        return self.embedding_model


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
