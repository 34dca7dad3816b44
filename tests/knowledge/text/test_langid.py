import pytest

from knowledge.languages import LANGUAGES
from knowledge.text.langid import CONFIDENT, detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ねんきん", "ja"),
        ("ﾈﾝｷﾝ", "ja"),
        ("Nenkin Netのパスワードを忘れた", "ja"),
        ("谢谢", "zh"),
        ("养老金可以推迟领取吗", "zh"),
        ("用My Number卡把Mynaportal和年金网关联的方法", "zh"),
        ("연금 면제", "ko"),
        ("年金 면제", "ko"),
        ("ขอบคุณ", "th"),
        ("धन्यवाद", "ne"),
        ("Xin chào", "vi"),
        ("Tôi muốn hỏi về lương hưu", "vi"),
        ("salamat po", "tl"),
        ("Paano mag-apply ng exemption?", "tl"),
        ("terima kasih", "id"),
        ("Bagaimana cara mengajukan pembebasan iuran?", "id"),
        ("hola", "es"),
        ("¿Cómo solicito la exención?", "es"),
        ("obrigado", "pt"),
        ("Como faço para pedir isenção?", "pt"),
        ("hello", "en"),
        ("How do I apply for an exemption?", "en"),
    ],
)
def test_detects_short_messages(text, language):
    assert detect_language(text).language == language


@pytest.mark.parametrize(
    "term", ["年金免除", "控除証明書", "追納", "学特", "繰下げ受給", "納付猶予", "脱退一時金", "源泉徴収票", "還付金"]
)
def test_kanji_only_japanese_pension_terms_are_japanese(term):
    assert detect_language(term).language == "ja"


@pytest.mark.parametrize(
    "text",
    [
        "地址变更",  # 变: a simplified form no Japanese keyboard types
        "你好",
        "退休金",  # every character is Japanese too, but 退休 is a Chinese word
        "謝謝",  # traditional characters that Japanese shares, in a Chinese word
        "退休金怎麼領",
        "脱退一时金",  # a Japanese term written with a simplified character
        "好",  # a whole one-character reply
        "ok 谢谢",
    ],
)
def test_chinese_by_characters_and_words(text):
    assert detect_language(text).language == "zh"


@pytest.mark.parametrize(
    ("tagalog", "indonesian"),
    [
        ("salamat po", "terima kasih"),
        ("paano mag apply", "bagaimana cara daftar"),
        ("magandang umaga", "selamat pagi"),
        ("hindi po", "tidak"),
        ("gusto kong makausap ang tao", "saya ingin bicara dengan orang"),
        ("magkano po", "berapa"),
        ("kailan po", "kapan"),
    ],
)
def test_tagalog_and_indonesian_are_told_apart(tagalog, indonesian):
    assert detect_language(tagalog).language == "tl"
    assert detect_language(indonesian).language == "id"


@pytest.mark.parametrize(
    ("spanish", "portuguese"),
    [
        ("muchas gracias", "muito obrigado"),
        ("necesito ayuda", "preciso de ajuda"),
        ("no puedo pagar", "não consigo pagar"),
        ("quiero hablar con alguien", "quero falar com alguém"),
        ("buenas tardes", "boa tarde"),
    ],
)
def test_spanish_and_portuguese_are_told_apart(spanish, portuguese):
    assert detect_language(spanish).language == "es"
    assert detect_language(portuguese).language == "pt"


@pytest.mark.parametrize(
    ("with_accents", "without"),
    [("cảm ơn", "cam on"), ("tạm biệt", "tam biet"), ("số điện thoại", "so dien thoai"), ("lương hưu", "luong huu")],
)
def test_vietnamese_with_and_without_accents(with_accents, without):
    assert detect_language(with_accents).language == "vi"
    assert detect_language(without).language == "vi"


def test_loanwords_do_not_make_a_message_english():
    assert detect_language("refund ng pensyon").language == "tl"
    assert detect_language("ok cảm ơn").language == "vi"


def test_only_our_languages_are_ever_returned():
    for text in ("bonjour merci", "danke schön", "спасибо", "شكرا", "xyzzy", "", "   ", "!!!"):
        assert detect_language(text).language in LANGUAGES


def test_is_deterministic():
    texts = ["pembebasan iuran pensiun", "no", "ok", "cam on", "年金免除", "como solicitar"]
    first = [detect_language(text) for text in texts]
    again = [detect_language(text) for text in reversed(texts)][::-1]
    assert first == again
    assert {detect_language("pembebasan iuran pensiun").language for _ in range(20)} == {"id"}


def test_confidence_reflects_the_evidence():
    assert detect_language("salamat po").confidence >= CONFIDENT
    assert detect_language("terima kasih").confidence >= CONFIDENT
    for vague in ("ok", "no", "1", "👍", "nenkin"):
        assert detect_language(vague).confidence < CONFIDENT, vague


def test_prior_carries_over_messages_without_evidence():
    assert detect_language("ok", prior="tl").language == "tl"
    assert detect_language("1", prior="ko").language == "ko"
    assert detect_language("👍", prior="th").language == "th"
    assert detect_language("no", prior="es").language == "es"
    assert detect_language("nenkin menjo", prior="vi").language == "vi"  # Japanese terms in Latin letters
    assert detect_language("ok").confidence < CONFIDENT


def test_strong_evidence_beats_the_prior():
    assert detect_language("ありがとう", prior="en").language == "ja"
    assert detect_language("salamat po", prior="en").language == "tl"
    assert detect_language("谢谢", prior="ja").language == "zh"


def test_a_quoted_kanji_term_keeps_a_foreign_session_language():
    assert detect_language("控除証明書", prior="en").language == "en"
    assert detect_language("年金免除", prior="zh").language == "zh"
    assert detect_language("控除証明書", prior="ja").language == "ja"
    # With kana it is a Japanese sentence, not a quoted term.
    assert detect_language("控除証明書をなくしました", prior="en").language == "ja"


def test_latin_letters_beside_kanji():
    assert detect_language("nenkin 免除").language == "ja"  # the romaji says nothing, the kanji do
    assert detect_language("exemption po 年金").language == "tl"


def test_unknown_prior_is_rejected():
    with pytest.raises(ValueError, match="unknown prior"):
        detect_language("hi", prior="fr")


def test_the_session_rule_applies_to_a_detection_without_detecting_again():
    from knowledge.text.langid import NO_LETTERS, Detection, with_session_language

    assert with_session_language(Detection("en", 0.3, "weak"), "tl").language == "tl"
    assert with_session_language(Detection("id", 0.95, "lexicon"), "en").language == "id"
    assert with_session_language(Detection("ja", 0.9, "han", kana=False), "en").language == "en"
    assert with_session_language(Detection("ja", 0.9, "kana", kana=True), "en").language == "ja"
    assert with_session_language(Detection("ja", 0.0, NO_LETTERS), "ko").language == "ko"
    assert with_session_language(Detection("vi", 0.2, "weak"), None).language == "vi"
    with pytest.raises(ValueError, match="unknown prior language 'fr'"):
        with_session_language(Detection("en", 1.0, "x"), "fr")


def test_detect_language_with_a_prior_equals_the_session_rule_on_the_plain_detection():
    from knowledge.text.langid import detect_language, with_session_language

    for text in ("ok", "1", "控除証明書", "terima kasih", "年金の免除", "salamat po", "?"):
        for prior in (None, "en", "tl", "ja"):
            assert detect_language(text, prior=prior) == with_session_language(detect_language(text), prior)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "If you receive a pension and move abroad, submit the registration form for pensioners "
            "living abroad (外国居住年金受給権者 住所・受取金融機関 登録届) at your pension office.",
            "en",
        ),
        (
            "Puede solicitar la exención (免除 menjo) en la oficina de su municipio; "
            "lleve su tarjeta de número personal y su libreta de pensiones.",
            "es",
        ),
    ],
)
def test_prose_quoting_japanese_terms_is_the_language_of_the_prose(text, language):
    assert detect_language(text).language == language


def test_a_short_latin_phrase_beside_kana_stays_japanese():
    assert detect_language("nenkin net のログイン方法").language == "ja"


@pytest.mark.parametrize(
    "text",
    [
        "推迟领取年金（繰下げ受給）每个月能增加多少？",
        "ねんきん定期便上的金额怎么看？",
        "这个ねんきん定期便上写的是什么意思",
    ],
)
def test_chinese_quoting_a_japanese_term_with_kana_is_chinese(text):
    assert detect_language(text).language == "zh"


@pytest.mark.parametrize(
    "text", ["繰下げ受給の増額率は？", "年金受給者の確定申告書", "国民年金第3号被保険者関係届の書き方"]
)
def test_japanese_with_few_kana_stays_japanese(text):
    assert detect_language(text).language == "ja"
