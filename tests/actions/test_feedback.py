import pytest
from sqlalchemy import func, select

from actions.feedback import ActionAffirmDeny, ActionFeedback
from knowledge.store.database import events, feedback
from tests.actions.conftest import payloads, run, tracker

ASKED = [{"event": "user", "text": "学特の申請方法"}]


def votes(services):
    with services.engine.connect() as connection:
        return [(row.faq_id, row.helpful) for row in connection.execute(select(feedback))]


def test_helpful_is_stored_and_thanked(services):
    messages, _ = run(
        ActionFeedback(),
        tracker(
            '/feedback_helpful{"faq_id":"student-special"}',
            "feedback_helpful",
            [("faq_id", "student-special")],
            slots={"language": "ja"},
        ),
    )
    assert messages[0]["text"] == "ja:feedback_thanks" and votes(services) == [("student-special", True)]


def test_not_helpful_offers_other_entries_and_a_person(services):
    messages, _ = run(
        ActionFeedback(),
        tracker(
            '/feedback_not_helpful{"faq_id":"student-special"}',
            "feedback_not_helpful",
            [("faq_id", "student-special")],
            events=ASKED,
            slots={"language": "ja"},
        ),
    )
    assert votes(services) == [("student-special", False)]
    assert messages[0]["text"] == "ja:feedback_sorry"
    suggested = [s["faq_id"] for s in payloads(messages)[0]["suggestions"]]
    assert suggested and "student-special" not in suggested
    assert messages[-1]["buttons"][0]["payload"] == "/request_human"


def test_typed_no_rates_the_last_answer(services):
    run(ActionAffirmDeny(), tracker("いいえ", "deny", events=ASKED, slots={"last_faq_id": "exemption-overview"}))
    assert votes(services) == [("exemption-overview", False)]


def test_typed_no_without_context_asks_for_more(services):
    messages, _ = run(ActionAffirmDeny(), tracker("いいえ", "deny"))
    assert messages[0]["text"] == "ja:anything_else" and votes(services) == []
    assert payloads(messages) == [{"language": "ja", "answer": None, "suggestions": [], "handoff": None}]


def test_feedback_without_an_answer(services):
    messages, _ = run(ActionFeedback(), tracker("/feedback_helpful", "feedback_helpful"))
    assert messages[0]["text"] == "ja:you_are_welcome" and votes(services) == []
    assert len(payloads(messages)) == 1  # every turn carries the payload the web API merges


def _events(services):
    with services.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(events)).scalar_one()


@pytest.mark.parametrize("faq_id", ["[PENSION_NUMBER]", "x" * 10_000, "no-such-entry", "<script>", ["a", "b"], 7])
def test_votes_for_unknown_or_malformed_ids_are_not_stored_but_answered(services, faq_id):
    typed = '/feedback_helpful{"faq_id":"[PENSION_NUMBER]"}'
    messages, _ = run(
        ActionFeedback(), tracker(typed, "feedback_helpful", [("faq_id", faq_id)], slots={"language": "ja"})
    )
    assert messages[0]["text"] == "ja:feedback_thanks"
    assert votes(services) == [] and _events(services) == 0


def test_not_helpful_for_an_unknown_id_still_offers_a_person(services):
    messages, _ = run(
        ActionFeedback(),
        tracker("/feedback_not_helpful", "feedback_not_helpful", [("faq_id", "gone")], events=ASKED),
    )
    assert votes(services) == [] and messages[0]["text"] == "ja:feedback_sorry"
    assert messages[-1]["buttons"][0]["payload"] == "/request_human"


def test_a_typed_no_after_an_entry_removed_by_a_reload_is_not_stored(services):
    messages, _ = run(
        ActionAffirmDeny(), tracker("いいえ", "deny", events=ASKED, slots={"last_faq_id": "removed-entry"})
    )
    assert votes(services) == [] and messages[0]["text"] == "ja:feedback_sorry"
