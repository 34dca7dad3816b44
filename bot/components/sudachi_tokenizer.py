"""A Rasa 3 tokenizer for Japanese backed by SudachiPy (core dictionary bundled from PyPI)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from knowledge.text.japanese import segment

__all__ = ["NO_WORDS", "SudachiTokenizer"]

NO_WORDS = "__no_words__"
"""Lemma of the single token given to a message without words (punctuation or symbols only)."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class SudachiTokenizer(Tokenizer):
    """Splits text into words with Sudachi; each token's lemma is Sudachi's normalised form.

    Config:
        split_mode: ``A``, ``B`` or ``C`` (default ``C``: longest units, keeps terms like
            国民年金保険料 whole, which suits intent classification).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults (see the parent class)."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            "split_mode": "C",
        }

    @staticmethod
    def supported_languages() -> list[str] | None:
        """Japanese, but other languages pass through as whole words."""
        return None

    @staticmethod
    def required_packages() -> list[str]:
        """Python packages this component needs."""
        return ["sudachipy", "sudachidict_core"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SudachiTokenizer:
        """Create the component; fails early on a bad split mode."""
        if config.get("split_mode") not in ("A", "B", "C"):
            raise ValueError(f"SudachiTokenizer split_mode must be A, B or C, got {config.get('split_mode')!r}")
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokens of ``message``'s ``attribute`` with offsets and normalised lemmas."""
        text = message.get(attribute) or ""
        tokens = [
            Token(word.text, word.start, word.end, lemma=word.normalized)
            for word in segment(text, mode=self._config["split_mode"])
        ]
        tokens = self._apply_token_pattern(tokens)
        if not tokens and text:
            # Punctuation or symbols only ("?", "。", a zero-width space): one token for the whole text, so
            # the featurizers give the classifier a (word-less) vector instead of nothing to crash on.
            tokens = [Token(text, 0, len(text), lemma=NO_WORDS)]
        return tokens
