from rasa_sdk import Tracker

from actions.conversation import chosen_language, incoming, language_of, language_slots, latest_text
from actions.slots import SLOT_LANGUAGE, SLOT_LANGUAGE_CHOICE
from knowledge.text.incoming import METADATA_KEY, prepare_incoming
from tests.actions.conftest import tracker


def user(text, language=None):
    metadata = {"language": language} if language else {}
    return {"event": "user", "text": text, "metadata": metadata, "parse_data": {"text": text, "metadata": metadata}}


def test_detects_the_latest_message():
    assert language_of(tracker("salamat po")) == "tl"
    assert language_of(tracker("年金免除")) == "ja"
    assert language_of(tracker("谢谢")) == "zh"


def test_the_session_language_carries_over_messages_without_evidence():
    assert language_of(tracker("ok", slots={SLOT_LANGUAGE: "tl"})) == "tl"
    assert language_of(tracker("1", slots={SLOT_LANGUAGE: "ko"})) == "ko"
    assert language_of(tracker('/choose_faq{"faq_id": "x"}', slots={SLOT_LANGUAGE: "vi"})) == "vi"
    assert language_of(tracker('/choose_faq{"faq_id": "x"}')) == "ja"
    # A Japanese term quoted in an English conversation is not a switch to Japanese.
    assert language_of(tracker("控除証明書", slots={SLOT_LANGUAGE: "en"})) == "en"
    # A clear message in another language is.
    assert language_of(tracker("terima kasih", slots={SLOT_LANGUAGE: "en"})) == "id"


def test_an_explicit_language_wins_over_detection():
    assert language_of(tracker("salamat po", metadata={"language": "en"})) == "en"
    assert language_of(tracker("ok", metadata={"language": "th"}, slots={SLOT_LANGUAGE: "tl"})) == "th"


def test_an_unknown_explicit_language_is_ignored():
    assert chosen_language(tracker("salamat po", metadata={"language": "fr"})) is None
    assert language_of(tracker("salamat po", metadata={"language": "fr"})) == "tl"


def test_the_choice_holds_for_later_messages_without_metadata():
    # The website sent the choice once; the next message (clearly Tagalog) comes without it.
    history = [user("hello", "en"), {"event": "bot", "text": "en:greeting"}]
    later = tracker("salamat po", events=history)
    assert chosen_language(later) == "en"
    assert language_of(later) == "en"


def test_the_choice_slot_holds_too():
    assert language_of(tracker("salamat po", slots={SLOT_LANGUAGE_CHOICE: "pt"})) == "pt"
    assert language_of(tracker("salamat po", slots={SLOT_LANGUAGE_CHOICE: "xx"})) == "tl"


def test_a_new_session_forgets_an_old_choice_from_the_events():
    history = [user("hello", "en"), {"event": "session_started"}, user("hi")]
    assert chosen_language(tracker("salamat po", events=history)) is None
    assert language_of(tracker("salamat po", events=history)) == "tl"


def test_the_latest_choice_wins():
    history = [user("hello", "en"), user("olá", "pt")]
    assert chosen_language(tracker("ok", events=history)) == "pt"
    assert chosen_language(tracker("ok", events=history, metadata={"language": "vi"})) == "vi"


def test_language_slots_remember_language_and_choice():
    assert language_slots(tracker("salamat po"), "tl") == [
        {"event": "slot", "timestamp": None, "name": SLOT_LANGUAGE, "value": "tl"}
    ]
    chosen = language_slots(tracker("ok", metadata={"language": "en"}), "en")
    assert [(e["name"], e["value"]) for e in chosen] == [(SLOT_LANGUAGE, "en"), (SLOT_LANGUAGE_CHOICE, "en")]
    # Already remembered: no event to repeat.
    kept = language_slots(tracker("ok", slots={SLOT_LANGUAGE_CHOICE: "en"}), "en")
    assert [e["name"] for e in kept] == [SLOT_LANGUAGE]


def test_tracker_without_events_or_slots():
    empty = Tracker("s", {}, {"text": "hello"}, [], False, None, None, "action_listen")
    assert chosen_language(empty) is None and incoming(empty) is None
    # Not prepared where it entered: nothing is detected here, the session's language (none: Japanese) holds.
    assert language_of(empty) == "ja"
    assert language_of(tracker("hello", slots={SLOT_LANGUAGE: "ko"}, prepared=False)) == "ko"


def test_the_detection_travels_with_the_message_and_is_not_repeated():
    prepared = tracker("salamat po")
    assert incoming(prepared).detection.language == "tl"
    # The stored detection is what counts, whatever the text says.
    forged = tracker("salamat po", metadata={METADATA_KEY: prepare_incoming("谢谢").metadata()}, prepared=False)
    assert language_of(forged) == "zh"


def test_the_nlu_components_preparation_is_read_when_the_message_bypassed_the_api():
    parse_data = {"text": "terima kasih", "metadata": {}, METADATA_KEY: prepare_incoming("terima kasih").metadata()}
    bypassed = Tracker("s", {}, parse_data, [], False, None, None, "action_listen")
    assert language_of(bypassed) == "id"


def test_latest_text_is_the_stored_redacted_text():
    assert latest_text(tracker("番号は1234-567890です")) == "番号は[PENSION_NUMBER]です"
    assert incoming(tracker("番号は1234-567890です")).redacted == ("pension_number",)


def test_actions_remember_an_explicit_choice_in_the_language_choice_slot(services):
    from actions.smalltalk import ActionGreet
    from tests.actions.conftest import run, slots, tracker

    _, events = run(ActionGreet(), tracker("hello", metadata={"language": "vi"}))
    assert slots(events)["language"] == "vi"
    assert slots(events)["language_choice"] == "vi"
