import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.language_detector import MULTILINGUAL_INTENTS, LanguageDetector
from knowledge.languages import LANGUAGES
from knowledge.text.incoming import METADATA_KEY, Incoming, prepare_incoming
from knowledge.text.langid import detect_language


def make(**config):
    return LanguageDetector.create({**LanguageDetector.get_default_config(), **config}, None, None, None)


def classified(text, *ranking, metadata=None, prepared=True):
    """A message as the classifier and the fallback classifier leave it: ``ranking`` is (intent, confidence).

    Unless ``prepared=False``, the message carries the web API's preparation in its metadata.
    """
    items = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    metadata = dict(metadata or {})
    if prepared:
        metadata[METADATA_KEY] = prepare_incoming(text).metadata()
    message = Message({TEXT: text, "metadata": metadata})
    if items:
        message.set(INTENT, items[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, items, add_to_output=True)
    return message


def run(message, **config):
    (out,) = make(**config).process([message])
    return out


def test_routing_follows_the_language_detected_where_the_message_entered():
    # The stored detection decides, not the text: no second detection here.
    forged = classified(
        "salamat po", ("thank", 0.9), prepared=False, metadata={METADATA_KEY: prepare_incoming("免除").metadata()}
    )
    message = run(forged)
    assert message.get(INTENT)["name"] == "thank"  # Japanese: the classifier's intent stands
    assert message.get(METADATA_KEY) is None  # nothing added: the preparation is in the metadata


def test_a_message_that_bypassed_the_api_is_prepared_here_once():
    message = run(classified("salamat po", ("thank", 0.9), prepared=False))
    output = message.as_dict(only_output_properties=True)
    assert Incoming.from_metadata("salamat po", {METADATA_KEY: output[METADATA_KEY]}).detection.language == "tl"


def test_japanese_keeps_the_classifier_intent():
    message = run(classified("国民年金の免除を申請したい", ("ask_exemption", 0.8), ("ask_faq", 0.1)))
    assert message.get(INTENT)["name"] == "ask_exemption"


def test_kanji_only_japanese_terms_stay_japanese():
    message = run(classified("年金免除", ("ask_exemption", 0.7)))
    assert message.get(INTENT)["name"] == "ask_exemption"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("salamat po", "thank"),
        ("terima kasih", "thank"),
        ("hello", "greet"),
        ("xin chào", "greet"),
        ("gusto kong makausap ang tao", "request_human"),
        ("안녕히 계세요", "goodbye"),
        ("sim, por favor", "affirm"),
        ("ไม่ใช่", "deny"),
    ],
)
def test_other_languages_keep_a_confident_multilingual_intent(text, intent):
    message = run(classified(text, (intent, 0.8), ("ask_faq", 0.1)))
    assert message.get(INTENT) == {"name": intent, "confidence": 0.8}


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        ("How do I apply for an exemption?", [("ask_exemption", 0.7)]),  # a Japanese topic intent
        ("¿Puedo recibir el reembolso?", [("bot_challenge", 0.9)]),  # not in the multilingual set
        ("养老金可以推迟领取吗", [("out_of_scope", 0.6)]),
        ("salamat po", [("thank", 0.3), ("greet", 0.2)]),  # multilingual but unsure
    ],
)
def test_other_languages_otherwise_go_to_the_faq_search(text, ranking):
    message = run(classified(text, *ranking))
    assert message.get(INTENT) == {"name": "ask_faq", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "ask_faq"
    assert [item["name"] for item in message.get(INTENT_RANKING_KEY)[1:]] == [name for name, _ in ranking]


def test_the_fallback_verdict_is_looked_through():
    # The fallback classifier found greet/thank ambiguous; greet is still sure enough for us.
    message = run(classified("hello", ("nlu_fallback", 0.55), ("greet", 0.6), ("thank", 0.52)))
    assert message.get(INTENT)["name"] == "greet"
    assert "nlu_fallback" not in [item["name"] for item in message.get(INTENT_RANKING_KEY)]
    unsure = run(classified("Paano mag-apply?", ("nlu_fallback", 0.55), ("ask_deferral", 0.4)))
    assert unsure.get(INTENT)["name"] == "ask_faq"


def test_the_threshold_is_configurable():
    message = run(classified("thank you", ("thank", 0.5)), intent_threshold=0.4)
    assert message.get(INTENT)["name"] == "thank"
    assert run(classified("thank you", ("thank", 0.5))).get(INTENT)["name"] == "ask_faq"


def test_an_explicit_reply_language_does_not_change_routing():
    message = run(classified("ok", ("affirm", 0.9), metadata={"language": "vi"}))
    assert message.get(INTENT)["name"] == "affirm"
    # Japanese text keeps the Japanese intents even when the resident reads English replies.
    japanese = run(classified("免除の申請をしたい", ("ask_exemption", 0.8), metadata={"language": "en"}))
    assert japanese.get(INTENT)["name"] == "ask_exemption"


def test_button_payloads_are_left_alone():
    message = run(classified('/choose_faq{"faq_id": "exemption-overview"}', ("choose_faq", 1.0), prepared=False))
    assert message.get(INTENT)["name"] == "choose_faq" and message.get(METADATA_KEY) is None


def test_a_message_without_a_classification_goes_to_the_faq_search():
    message = run(classified("pension refund"))
    assert message.get(INTENT)["name"] == "ask_faq"


def test_multilingual_intents_are_in_the_domain_and_the_training_data():
    import yaml

    from tests.conftest import PROJECT_ROOT

    domain = yaml.safe_load((PROJECT_ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    data = yaml.safe_load((PROJECT_ROOT / "bot" / "data" / "nlu" / "multilingual.yml").read_text(encoding="utf-8"))
    intents = {item if isinstance(item, str) else next(iter(item)) for item in domain["intents"]}
    trained = {block["intent"] for block in data["nlu"]}
    assert trained == {*MULTILINGUAL_INTENTS, "ask_faq"} and trained <= intents
    assert "ask_faq" in intents
    # Every one of the ten other languages has examples of every multilingual intent.
    for block in data["nlu"]:
        examples = [line[2:] for line in block["examples"].splitlines()]
        languages = {detect_language(example).language for example in examples}
        assert set(LANGUAGES) - {"ja"} <= languages, (block["intent"], set(LANGUAGES) - languages)


@pytest.mark.parametrize("threshold", [-0.1, 1.5, "high"])
def test_bad_threshold_fails_early(threshold):
    with pytest.raises(ValueError, match="intent_threshold must be between 0 and 1"):
        make(intent_threshold=threshold)


@pytest.mark.parametrize(
    ("text", "intent", "kept"),
    [
        ("không", "deny", True),
        ("oo po", "affirm", True),
        ("Tôi không đóng được nenkin, phải làm sao?", "deny", False),  # a question, not a "no"
        ("Saya tidak bisa bayar iuran bulan ini", "deny", False),
        ("I want to talk to a person", "request_human", True),  # other intents keep the longer limit
    ],
)
def test_yes_and_no_are_only_short_replies(text, intent, kept):
    message = run(classified(text, (intent, 0.9)))
    assert (message.get(INTENT)["name"] == intent) is kept
