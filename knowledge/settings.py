"""Settings shared by the processes, read from ``NENKIN_*`` variables in sections.

Each process builds its own settings class from the sections it needs and reads
nothing else (the web API: ``api.settings``; the action server:
``actions.settings``; the launcher of Rasa and the action server: ``bot.settings``;
the ``python -m knowledge`` CLI: :class:`RetrievalSettings`). No other module reads
``os.environ`` for a ``NENKIN_*`` value.

Relative paths are resolved against the project root (the folder holding
``pyproject.toml``), so commands behave the same from any working directory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings, Field, validator

from knowledge.retrieval.entry_classifier import DEFAULT_C, DEFAULT_RERANK_WEIGHT

__all__ = [
    "INTERNAL_TOKEN_HEADER",
    "PROJECT_ROOT",
    "InternalSettings",
    "KnowledgeSettings",
    "NenkinSettings",
    "PortSettings",
    "RetrievalSettings",
    "StorageSettings",
    "get_retrieval_settings",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _under_root(value: Path) -> Path:
    return value if value.is_absolute() else PROJECT_ROOT / value


class NenkinSettings(BaseSettings):
    """Base of every section: fields map to ``NENKIN_<FIELD>`` in the environment."""

    class Config:
        """Read ``NENKIN_*`` environment variables."""

        env_prefix = "NENKIN_"


class KnowledgeSettings(NenkinSettings):
    """Where the knowledge files, the embedding model and the index are."""

    embedding_model: str = Field(
        "models/multilingual-e5-small",
        description="sentence-transformers model: a local folder (made by `make model`) or a hub id.",
    )
    knowledge_dir: Path = Field(Path("knowledge"), description="Folder with faq/ and contacts.yml.")
    index_dir: Path = Field(Path("var/index"), description="Where the faiss index and embedding cache live.")

    @validator("knowledge_dir", "index_dir")
    def _resolve_path(cls, value: Path) -> Path:  # noqa: N805 (pydantic validators are classmethods)
        return _under_root(value)

    def resolved_embedding_model(self) -> str:
        """The model setting as a path when it names a local folder, else unchanged (a hub id)."""
        candidate = Path(self.embedding_model)
        if not candidate.is_absolute():
            candidate = PROJECT_ROOT / candidate
        if candidate.exists() or self.embedding_model.startswith((".", "/", "models/")):
            return str(candidate)
        return self.embedding_model


class RetrievalSettings(KnowledgeSettings):
    """How questions are encoded, searched and answered (the action server and the CLI)."""

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
    encoder_threads: int = Field(0, ge=0, description="torch threads for the encoder; 0 keeps torch's default.")
    faiss_threads: int = Field(
        1,
        ge=0,
        description="OpenMP threads faiss uses per search; 0 keeps faiss's default. One query at a time over a flat "
        "index is fastest on one thread (more compete with the encoder's threads).",
    )
    encode_batch_size: int = Field(64, ge=1, description="Sentences per encoder batch when building the index.")

    @validator("suggest_threshold")
    def _suggest_below_answer(cls, value: float, values: dict) -> float:  # noqa: N805
        answer = values.get("answer_threshold")
        if answer is not None and value > answer:
            raise ValueError(f"suggest_threshold ({value}) must not exceed answer_threshold ({answer})")
        return value


class StorageSettings(NenkinSettings):
    """Where conversation data lives and how long it is kept."""

    database_url: str = Field(
        "sqlite:///var/nenkin.db",
        description="Tickets, feedback and events; a relative SQLite path is under the project root.",
    )
    var_dir: Path = Field(Path("var"), description="Runtime files: databases, logs, generated admin token.")
    tracker_db: Path = Field(
        Path("var/rasa_tracker.db"), description="Rasa's SQLite tracker store (purged with the retention setting)."
    )
    retention_days: int = Field(
        90, ge=1, description="Conversations, events and closed tickets older than this are deleted."
    )

    @validator("var_dir", "tracker_db")
    def _resolve_path(cls, value: Path) -> Path:  # noqa: N805
        return _under_root(value)

    @validator("database_url")
    def _resolve_sqlite_path(cls, value: str) -> str:  # noqa: N805
        prefix = "sqlite:///"
        if value.startswith(prefix) and not value.startswith(prefix + "/") and value != prefix + ":memory:":
            return prefix + str(PROJECT_ROOT / value.removeprefix(prefix))
        return value


class PortSettings(NenkinSettings):
    """Where the three servers listen."""

    api_host: str = Field("127.0.0.1", description="Interface the web API listens on.")
    api_port: int = Field(8000, ge=1, le=65535, description="Port of the web API (chat page, /api, consoles).")
    rasa_port: int = Field(5005, ge=1, le=65535, description="Port of the Rasa server (REST channel).")
    actions_port: int = Field(5055, ge=1, le=65535, description="Port of the action server.")


INTERNAL_TOKEN_HEADER = "X-Nenkin-Internal-Token"  # noqa: S105 (a header name, not a secret)
"""The header that carries the internal token (API → Rasa's REST channel, Rasa → the action server)."""


class InternalSettings(NenkinSettings):
    """The secret the three servers share so that only the web API reaches Rasa and only Rasa the actions."""

    internal_token: str = Field(
        "",
        description="Shared secret of the API, Rasa's REST channel and the action server (generated by the "
        "launcher into var/internal-token when not set); empty refuses every internal request.",
    )


@lru_cache(maxsize=1)
def get_retrieval_settings() -> RetrievalSettings:
    """The CLI's settings, read from the environment on first use."""
    return RetrievalSettings()
