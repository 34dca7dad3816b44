import pytest

from knowledge.langid import CONFIDENT, detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ねんきん", "ja"),
        ("ﾈﾝｷﾝ", "ja"),
        ("年金免除", "ja"),
        ("控除証明書", "ja"),
        ("繰下げ受給", "ja"),
        ("谢谢", "zh"),
        ("养老金可以推迟领取吗", "zh"),
        ("用My Number卡把Mynaportal和年金网关联的方法", "zh"),
        ("Nenkin Netのパスワードを忘れた", "ja"),
        ("연금 면제", "ko"),
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


def test_is_deterministic():
    results = {detect_language("pembebasan iuran pensiun").language for _ in range(20)}
    assert results == {"id"}


def test_prior_carries_over_messages_without_evidence():
    assert detect_language("ok", prior="tl").language == "tl"
    assert detect_language("1", prior="ko").language == "ko"
    assert detect_language("👍", prior="th").language == "th"
    assert detect_language("ok").confidence < CONFIDENT


def test_strong_evidence_beats_the_prior():
    assert detect_language("ありがとう", prior="en").language == "ja"


def test_unknown_prior_is_rejected():
    with pytest.raises(ValueError, match="unknown prior"):
        detect_language("hi", prior="fr")
