"""A Rasa 3 NLU component: FAQ routing for messages not in Japanese, by the language found where they entered.

The message's language was detected once, where it entered (the web API, by
:func:`knowledge.text.incoming.prepare_incoming`), and travels in its metadata;
this component reads it. Only a message that reached Rasa without passing the API
(``rasa test``, ``rasa shell``) is prepared here, and the preparation is put in the
parse data (key ``nenkin``) so the actions find it the same way.

The intent classifier is trained on Japanese (the FAQ intents come from the
Japanese question variants) plus a small multilingual set: greet, goodbye,
thank, request_human, affirm and deny in the ten other languages. So a message
in another language keeps its intent only when it is one of those and the
classifier is sure; anything else becomes ``ask_faq`` and goes straight to the
multilingual FAQ search, instead of being forced into a Japanese intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME, INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.text.incoming import METADATA_KEY, Incoming, prepare_incoming

__all__ = ["MULTILINGUAL_INTENTS", "REPLY_INTENTS", "LanguageDetector", "prepared"]
MULTILINGUAL_INTENTS = ("greet", "goodbye", "thank", "request_human", "affirm", "deny")
"""Intents the classifier is trained on in every language."""
REPLY_INTENTS = ("affirm", "deny")
"""Typed yes/no: only a short reply is one ("không" inside a Vietnamese question is not a "no")."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageDetector(GraphComponent, IntentClassifier):
    """Sets ``language`` on each message and routes messages not in Japanese.

    Place it last in the pipeline (after the ``FallbackClassifier``), so it has the final word.

    Config:
        intent_threshold: Confidence a multilingual intent needs to be kept for a message not in
            Japanese (default 0.55, like the fallback threshold).
        max_words: Longest message (in words; three characters count as one in scripts written
            without spaces) that keeps a multilingual intent (default 8): "hello", "thank you" and
            "I want to talk to a person" are short, a longer message carries a question.
        max_reply_words: Longest message that keeps ``affirm`` / ``deny`` (default 3).
        faq_intent: The intent other non-Japanese messages get (default ``ask_faq``).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults (see the class docstring)."""
        return {"intent_threshold": 0.55, "max_words": 8, "max_reply_words": 3, "faq_intent": "ask_faq"}

    @staticmethod
    def required_packages() -> list[str]:
        """Python packages this component needs."""
        return ["langdetect"]

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Create the component; fails early on a threshold outside 0–1."""
        threshold = config.get("intent_threshold")
        if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise ValueError(f"LanguageDetector intent_threshold must be between 0 and 1, got {threshold!r}")
        max_words = config.get("max_words")
        if not isinstance(max_words, int) or max_words < 1:
            raise ValueError(f"LanguageDetector max_words must be a positive whole number, got {max_words!r}")
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Route each message by its language (button payloads such as ``/choose_faq`` are left alone)."""
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith(INTENT_MESSAGE_PREFIX):
                continue
            incoming = prepared(message)
            # Routing follows the language of the text: Japanese text suits the Japanese intents
            # even when the resident chose to be answered in English.
            if incoming.detection is not None and incoming.detection.language != "ja":
                self._route(message)
        return messages

    def _route(self, message: Message) -> None:
        """Keep a confident multilingual intent; send anything else to the FAQ search."""
        # The classifier's own ranking, without the fallback classifier's verdict on it.
        ranking = [
            item
            for item in message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
            if item.get(INTENT_NAME_KEY) not in (None, DEFAULT_NLU_FALLBACK_INTENT_NAME)
        ]
        best = ranking[0] if ranking else {}
        confidence = best.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        sure = confidence >= self.component_config["intent_threshold"]
        name = best.get(INTENT_NAME_KEY)
        limit = self.component_config["max_reply_words" if name in REPLY_INTENTS else "max_words"]
        short = _word_count(message.get(TEXT) or "") <= limit
        if name in MULTILINGUAL_INTENTS and sure and short:
            intent = {INTENT_NAME_KEY: best[INTENT_NAME_KEY], PREDICTED_CONFIDENCE_KEY: confidence}
        else:
            faq = self.component_config["faq_intent"]
            intent = {INTENT_NAME_KEY: faq, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [intent, *(item for item in ranking if item.get(INTENT_NAME_KEY) != faq)]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _word_count(text: str) -> int:
    """Words in ``text``; in Chinese, Japanese and Thai, written without spaces, three characters count as one."""
    count = 0
    for chunk in text.split():
        unspaced = sum(1 for ch in chunk if "\u0e00" <= ch <= "\u0e7f" or "\u3040" <= ch <= "\u9fff")
        count += max(1, round(unspaced / 3)) if unspaced > 3 else 1
    return count


def prepared(message: Message) -> Incoming:
    """The message as prepared where it entered; prepared here (and put in the parse data) if it was not."""
    text = message.get(TEXT) or ""
    incoming = Incoming.from_metadata(text, message.get("metadata"))
    if incoming is None:
        incoming = prepare_incoming(text)
        message.set(METADATA_KEY, incoming.metadata(), add_to_output=True)
    return incoming
