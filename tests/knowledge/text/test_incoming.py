from knowledge.text.incoming import METADATA_KEY, Incoming, prepare_incoming
from knowledge.text.langid import Detection


def test_a_message_is_redacted_and_its_language_detected_once():
    incoming = prepare_incoming("My pension number is 1234-567890, how do I apply for an exemption?")
    assert "1234-567890" not in incoming.text and "[PENSION_NUMBER]" in incoming.text
    assert incoming.redacted == ("pension_number",)
    assert incoming.detection.language == "en" and not incoming.is_payload


def test_masked_placeholders_do_not_count_as_english_words():
    incoming = prepare_incoming("年金番号 1234-567890")
    assert incoming.text == "年金番号 [PENSION_NUMBER]"
    assert incoming.detection.language == "ja"


def test_a_button_payload_has_no_language_evidence():
    incoming = prepare_incoming('/choose_faq{"faq_id": "exemption-overview"}')
    assert incoming.is_payload and incoming.detection is None and incoming.redacted == ()


def test_the_preparation_travels_as_metadata_and_comes_back_unchanged():
    incoming = prepare_incoming("Tôi muốn hoãn nhận lương hưu, số điện thoại 090-1234-5678")
    metadata = {"language": "vi", METADATA_KEY: incoming.metadata()}
    assert Incoming.from_metadata(incoming.text, metadata) == Incoming(
        incoming.text,
        incoming.redacted,
        Detection(
            incoming.detection.language,
            round(incoming.detection.confidence, 4),
            incoming.detection.reason,
            incoming.detection.kana,
        ),
    )
    payload = prepare_incoming('/feedback_helpful{"faq_id": "x"}')
    assert Incoming.from_metadata(payload.text, {METADATA_KEY: payload.metadata()}) == payload


def test_missing_or_malformed_metadata_is_no_preparation():
    good = prepare_incoming("hello").metadata()
    assert Incoming.from_metadata("hello", None) is None
    assert Incoming.from_metadata("hello", {}) is None
    assert Incoming.from_metadata("hello", {METADATA_KEY: "yes"}) is None
    assert Incoming.from_metadata("hello", {METADATA_KEY: {**good, "redacted": "phone"}}) is None
    assert Incoming.from_metadata("hello", {METADATA_KEY: {**good, "redacted": [1]}}) is None
    for bad in ({"language": "fr"}, {"confidence": "high"}, {"reason": None}, {"kana": "no"}):
        forged = {**good, "detected": {**good["detected"], **bad}}
        assert Incoming.from_metadata("hello", {METADATA_KEY: forged}) is None, bad
    assert Incoming.from_metadata("hello", {METADATA_KEY: {**good, "detected": []}}) is None


def test_an_overlong_reason_is_cut():
    good = prepare_incoming("hello").metadata()
    forged = {**good, "detected": {**good["detected"], "reason": "x" * 10_000}}
    assert len(Incoming.from_metadata("hello", {METADATA_KEY: forged}).detection.reason) == 120


def test_a_session_id_holding_a_personal_number_is_stored_as_a_keyed_hash():
    from knowledge.text.incoming import stored_session_id

    assert stored_session_id("widget-Ab3xQ9", "s" * 32) == "widget-Ab3xQ9"
    hashed = stored_session_id("09012345678", "s" * 32)
    assert hashed.startswith("h-") and "0901234" not in hashed and len(hashed) <= 64
    assert stored_session_id("09012345678", "s" * 32) == hashed  # the same session on every message
    assert stored_session_id("09012345678", "other" * 8) != hashed
    assert stored_session_id("id-1234-567890", "s" * 32).startswith("h-")
