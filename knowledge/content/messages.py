"""Everything the assistant, the chat widget and the staff console say, outside FAQ answers.

Staff edit ``knowledge/messages.yml``; code only refers to message keys and reads
them through :meth:`knowledge.content.schema.Messages.get`. Every message must
exist in all 11 languages with the same ``{placeholders}``, except the console's
(``console_*``), which need Japanese and English only.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue
from knowledge.content.schema import Messages
from knowledge.content.yaml_source import LocatedDict, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = [
    "ASSISTANT_MESSAGES",
    "CONSOLE_MESSAGES",
    "CONSOLE_PREFIX",
    "REQUIRED_MESSAGES",
    "STAFF_LANGUAGES",
    "WEB_MESSAGES",
    "WIDGET_MESSAGES",
    "load_messages",
    "missing_messages",
]

ASSISTANT_MESSAGES: tuple[str, ...] = (
    "greeting",
    "personal_data_notice",
    "did_you_mean",
    "ask_rephrase",
    "offer_handoff",
    "answer_source",
    "source_citation",
    "line_text",
    "line_alternative",
    "office_text",
    "amount_in_year",
    "amount_fixed",
    "language_fallback",
    "did_this_help",
    "button_helpful",
    "button_not_helpful",
    "button_talk_to_person",
    "feedback_thanks",
    "feedback_sorry",
    "handoff",
    "handoff_office",
    "handoff_alt_phone",
    "handoff_open_now",
    "handoff_closed_now",
    "handoff_reference",
    "interpreter",
    "out_of_scope",
    "bot_challenge",
    "goodbye",
    "you_are_welcome",
    "anything_else",
    "error",
    "rate_limited",
    "too_large",
)
"""Keys the assistant's replies (actions and API refusals) use."""

WIDGET_MESSAGES: tuple[str, ...] = (
    "language_name",
    "language_direction",
    "personal_data_notice",
    "ui_page_title",
    "ui_title",
    "ui_subtitle",
    "ui_skip_to_input",
    "ui_language_label",
    "ui_language_menu_label",
    "ui_log_label",
    "ui_you",
    "ui_assistant",
    "ui_input_label",
    "ui_input_placeholder",
    "ui_input_hint",
    "ui_characters_left",
    "ui_send",
    "ui_talk_to_person",
    "ui_typing",
    "ui_not_sent",
    "ui_network_error",
    "ui_server_error",
    "ui_invalid_message",
    "ui_too_long",
    "ui_wait_to_send",
    "ui_handoff_title",
    "ui_handoff_phone_label",
    "ui_handoff_hours_label",
    "ui_handoff_open",
    "ui_handoff_closed",
    "ui_handoff_reference_label",
    "ui_handoff_reference_hint",
    "ui_handoff_interpreter",
    "ui_launcher_label",
    "ui_panel_title",
    "ui_close_label",
)
"""Keys the chat page and the embed script use: each language's name and direction, and their texts."""

CONSOLE_PREFIX = "console_"
"""Messages of the staff console start with this; they need only :data:`STAFF_LANGUAGES`."""
STAFF_LANGUAGES: tuple[str, ...] = ("ja", "en")
"""The console's languages: Japanese, with English beside it."""

CONSOLE_MESSAGES: tuple[str, ...] = (
    "console_site_title",
    "console_brand",
    "console_skip_to_content",
    "console_pages",
    "console_log_out",
    "console_sign_in",
    "console_login_intro",
    "console_admin_token",
    "console_wrong_token",
    "console_please_log_in",
    "console_cross_origin_form",
    "console_not_found",
    "console_invalid_input",
    "console_too_many_attempts",
    "console_something_went_wrong",
    "console_go_to_queue",
    "console_queue",
    "console_find_reference",
    "console_search",
    "console_filter_by_status",
    "console_status_open",
    "console_status_closed",
    "console_status_all",
    "console_no_match",
    "console_no_handoffs",
    "console_handoff_count",
    "console_handoff_count_one",
    "console_reference",
    "console_created",
    "console_language",
    "console_topic",
    "console_status",
    "console_line",
    "console_closed_at",
    "console_back_to_queue",
    "console_mark_closed",
    "console_transcript",
    "console_transcript_redacted",
    "console_resident",
    "console_bot",
    "console_no_transcript",
    "console_analytics",
    "console_period",
    "console_days",
    "console_days_one",
    "console_days_short",
    "console_overview",
    "console_conversation_count",
    "console_message_count",
    "console_answer_rate",
    "console_answer_rate_hint",
    "console_did_you_mean_rate",
    "console_did_you_mean_rate_hint",
    "console_handoff_rate",
    "console_handoff_rate_hint",
    "console_deflection_rate",
    "console_deflection_rate_hint",
    "console_daily_volume",
    "console_show_table",
    "console_date",
    "console_conversations",
    "console_messages",
    "console_handoffs",
    "console_languages",
    "console_messages_per_language",
    "console_feedback_per_faq",
    "console_helpful",
    "console_not_helpful",
    "console_top_unanswered",
    "console_unanswered_note",
    "console_times",
    "console_times_one",
    "console_examples",
    "console_none_in_period",
    "console_no_data",
    "console_filters",
    "console_any_language",
    "console_any_topic",
    "console_created_from",
    "console_created_to",
    "console_dates_hint",
    "console_apply_filters",
    "console_clear_filters",
    "console_dates_reversed",
    "console_showing",
    "console_page_links",
    "console_page_number",
    "console_previous_page",
    "console_next_page",
    *(f"{CONSOLE_PREFIX}language_{code}" for code in LANGUAGES),
)
"""Keys the staff console uses, with each language's name as the call centre says it."""

REQUIRED_MESSAGES: tuple[str, ...] = ASSISTANT_MESSAGES
"""Keys every knowledge folder must define; ``messages.yml`` may hold more."""
WEB_MESSAGES: tuple[str, ...] = WIDGET_MESSAGES + CONSOLE_MESSAGES
"""Keys the web API needs on top of those: it refuses to start or reload without them (:func:`missing_messages`)."""

_DIRECTIONS = frozenset({"ltr", "rtl"})

_FIELD = re.compile(r"^[a-z][a-z0-9_]*$")


def _placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def load_messages(path: Path) -> tuple[Messages, list[Issue]]:
    """Read and check ``messages.yml``: languages present, same placeholders, required keys, directions."""
    reader = FieldReader(path)
    texts: dict[str, dict[str, str]] = {}
    try:
        document = load_yaml(path) if path.exists() else None
    except YamlSyntaxError as exc:
        return Messages({}), [Issue(path, exc.line, "", exc.message)]
    if document is None:
        reader.report(0, "", "file is missing or empty")
        return Messages({}), reader.issues
    if not isinstance(document, LocatedDict):
        reader.report(line_of(document, default=1), "", "expected a mapping of message keys to texts per language")
        return Messages({}), reader.issues
    for key in document:
        if not isinstance(key, str) or not _FIELD.match(key):
            reader.report(line_of(document, key), str(key), "message keys are lowercase words joined by '_'")
            continue
        required = STAFF_LANGUAGES if key.startswith(CONSOLE_PREFIX) else LANGUAGES
        by_language = reader.language_map(document, key, "", languages=LANGUAGES, required=required)
        if by_language is None:
            continue
        texts[key] = _read_languages(reader, by_language, key)
    _check_directions(reader, document, texts.get("language_direction", {}))
    for key in REQUIRED_MESSAGES:
        if key not in texts and key not in document:
            reader.report(0, key, "required message is missing")
    return Messages(texts), reader.issues


def missing_messages(messages: Messages, keys: Iterable[str], path: Path) -> list[Issue]:
    """An error for each of ``keys`` that ``messages`` (read from ``path``) does not define.

    For a process that says more than the assistant (the web API: :data:`WEB_MESSAGES`).
    """
    return [Issue(path, 0, key, "required message is missing") for key in keys if key not in messages.texts]


def _read_languages(reader: FieldReader, by_language: LocatedDict, key: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for language in LANGUAGES:
        if language not in by_language:
            continue
        text = reader.text(by_language, language, key)
        if text is None:
            continue
        try:
            names = _placeholders(text)
        except ValueError as exc:
            reader.report(line_of(by_language, language), f"{key}.{language}", f"broken {{placeholder}}: {exc}")
            continue
        reference = _placeholders(result["ja"]) if "ja" in result else names
        if names != reference:
            reader.report(
                line_of(by_language, language),
                f"{key}.{language}",
                f"placeholders {names} differ from Japanese {reference}; keep the same {{names}} in every language",
            )
        result[language] = text
    return result


def _check_directions(reader: FieldReader, document: LocatedDict, directions: dict[str, str]) -> None:
    """``language_direction`` is a setting, not prose: each value must be ``ltr`` or ``rtl``."""
    for language, value in directions.items():
        if value not in _DIRECTIONS:
            line = line_of(document["language_direction"], language)
            reader.report(line, f"language_direction.{language}", f"expected ltr or rtl, got {value!r}")
