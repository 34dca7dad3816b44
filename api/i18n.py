"""What the chat widget and the staff console say, read from ``knowledge/messages.yml``.

Texts come from :class:`knowledge.content.schema.Messages`, with its one fallback rule (the
language asked for, then English, then Japanese). The widget gets its texts as JSON, keyed
the way its script names them: the message key without its ``ui_`` prefix, in camelCase
(``ui_input_label`` → ``inputLabel``, ``personal_data_notice`` → ``personalDataNotice``); it
fills their ``{placeholders}`` itself. The console shows Japanese with English beside it
(:class:`ConsoleText`).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from api.schemas import LanguageOut, LanguagesOut, UiTextOut
from knowledge.content.issues import Issue
from knowledge.content.messages import CONSOLE_PREFIX, WEB_MESSAGES, WIDGET_MESSAGES, missing_messages
from knowledge.content.schema import Messages
from knowledge.languages import LANGUAGES, in_language

__all__ = [
    "DEFAULT_LANGUAGE",
    "EMBED_KEYS",
    "LANGUAGE_ALIASES",
    "ConsoleText",
    "embed_labels",
    "language_list",
    "missing_web_messages",
    "offline_notice",
    "widget_key",
    "widget_texts",
]

DEFAULT_LANGUAGE = "ja"
"""The site's language: pages start in it, and refusals use it when the resident's is unknown."""
EMBED_KEYS = ("launcherLabel", "panelTitle", "closeLabel")
"""The widget texts the embed script shows on the host page, before the chat is opened."""
LANGUAGE_ALIASES = {"fil": "tl", "in": "id"}
"""Other BCP 47 primary tags a host page may declare for our languages: Filipino, and Indonesian's old code."""
_LANGUAGE_KEYS = frozenset({"language_name", "language_direction"})
"""Widget messages that describe a language rather than say something (served by ``GET /api/languages``)."""


def missing_web_messages(messages: Messages, knowledge_dir: Path) -> list[Issue]:
    """An error for each widget or console message that ``knowledge_dir/messages.yml`` lacks.

    The assistant needs fewer messages than the web API, so the knowledge validator only
    requires the assistant's; the API refuses to start (or to reload) without its own.
    """
    return missing_messages(messages, WEB_MESSAGES, knowledge_dir / "messages.yml")


def widget_key(message_key: str) -> str:
    """The name the widget's script uses for a message: ``ui_handoff_title`` → ``handoffTitle``."""
    first, *rest = message_key.removeprefix("ui_").split("_")
    return first + "".join(word.capitalize() for word in rest)


def widget_texts(messages: Messages) -> UiTextOut:
    """Every widget text in every language, ``{placeholders}`` left for the widget to fill."""
    keys = [key for key in WIDGET_MESSAGES if key not in _LANGUAGE_KEYS]
    return {
        language: {widget_key(key): in_language(messages.texts[key], language) for key in keys}
        for language in LANGUAGES
    }


def embed_labels(messages: Messages) -> UiTextOut:
    """The embed script's launcher, panel title and close button in every language."""
    return {language: {key: texts[key] for key in EMBED_KEYS} for language, texts in widget_texts(messages).items()}


def offline_notice(messages: Messages) -> str:
    """What the chat page shows if even its texts cannot be loaded: the network error in Japanese and English."""
    return " / ".join(messages.get("ui_network_error", language) for language in (DEFAULT_LANGUAGE, "en"))


def language_list(messages: Messages) -> LanguagesOut:
    """The languages the assistant serves, each with its own name and writing direction."""
    languages = [
        LanguageOut(code=code, name=messages.get("language_name", code), dir=messages.get("language_direction", code))
        for code in LANGUAGES
    ]
    return LanguagesOut(default=DEFAULT_LANGUAGE, languages=languages)


class ConsoleText:
    """What the staff console says (``console_*`` messages): Japanese first, English beside it.

    Args:
        messages: The loaded messages.
    """

    def __init__(self, messages: Messages) -> None:
        self._messages = messages

    def ja(self, key: str, **values: object) -> str:
        """Message ``key`` in Japanese."""
        return self._messages.get(key, "ja", **values)

    def en(self, key: str, **values: object) -> str:
        """Message ``key`` in English."""
        return self._messages.get(key, "en", **values)

    def both(self, key: str, **values: object) -> Markup:
        """``ja <span lang="en">en</span>``, escaped: headings, labels, buttons."""
        return Markup('{} <span lang="en">{}</span>').format(self.ja(key, **values), self.en(key, **values))

    def slash(self, key: str, **values: object) -> str:
        """``ja / en`` as plain text: page titles, ``aria-label`` values, chart labels."""
        return f"{self.ja(key, **values)} / {self.en(key, **values)}"

    def language(self, code: str) -> str:
        """The Japanese name of language ``code`` (the code itself for a language we do not serve)."""
        key = f"{CONSOLE_PREFIX}language_{code}"
        return self.ja(key) if key in self._messages.texts else code
