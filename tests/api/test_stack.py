"""The whole assistant through ``/api/chat``: Rasa, the action server and the API really running.

Covers the Japanese path end to end and, for each of the 10 interpretation languages, a greeting,
a core question (its answer written in that language, with no fallback note) and a request for a
person, each answered in that language.
"""

from __future__ import annotations

import httpx
import pytest

from knowledge.content.loader import load_knowledge_base
from knowledge.settings import PROJECT_ROOT
from knowledge.text.langid import detect_language

pytestmark = [pytest.mark.model, pytest.mark.stack]

MESSAGES = load_knowledge_base(PROJECT_ROOT / "knowledge").messages

# language: (greeting, core question about exemption or deferral, asking for a person)
CONVERSATIONS = {
    "en": ("Hello", "I lost my job and cannot pay the national pension. Can I get an exemption?",
           "I want to talk to a person"),
    "zh": ("你好", "我失业了，交不起国民年金保险费，可以申请免除吗？", "我想和工作人员通话"),
    "ko": ("안녕하세요", "실직해서 국민연금 보험료를 낼 수 없어요. 면제 신청할 수 있나요?", "상담원과 통화하고 싶어요"),
    "es": ("Hola, buenos días", "Perdí mi trabajo y no puedo pagar la pensión nacional. ¿Puedo pedir la exención?",
           "Quiero hablar con una persona"),
    "pt": ("Olá, bom dia", "Perdi meu emprego e não consigo pagar a pensão nacional. Posso pedir isenção?",
           "Quero falar com um atendente"),
    "vi": ("Xin chào", "Tôi bị mất việc, không đóng được lương hưu quốc dân. Tôi có được miễn không?",
           "Tôi muốn nói chuyện với nhân viên"),
    "tl": ("Magandang umaga po", "Nawalan ako ng trabaho at hindi ko mabayaran ang national pension. "
           "Pwede ba akong mag-apply ng exemption?", "Gusto kong makausap ang isang tao"),
    "th": ("สวัสดีครับ", "ผมตกงานและจ่ายเบี้ยบำนาญแห่งชาติไม่ไหว ขอยกเว้นได้ไหม", "ขอคุยกับเจ้าหน้าที่"),
    "id": ("Halo, selamat pagi", "Saya kehilangan pekerjaan dan tidak bisa bayar iuran pensiun nasional. "
           "Bisa minta pembebasan?", "Saya mau bicara dengan petugas"),
    "ne": ("नमस्ते", "मेरो जागिर गयो, राष्ट्रिय पेन्सन तिर्न सक्दिन। छुट पाउन सकिन्छ?", "म कर्मचारीसँग कुरा गर्न चाहन्छु"),
}  # fmt: skip


@pytest.fixture(scope="module")
def chat(assistant):
    running, _, _ = assistant
    with httpx.Client(base_url=running.url, timeout=60) as client:

        def send(session: str, message: str, language: str | None = None) -> dict:
            body = {"session_id": session, "message": message, **({"language": language} if language else {})}
            response = client.post("/api/chat", json=body)
            assert response.status_code == 200, response.text
            return response.json()

        yield send


def _texts(reply: dict) -> str:
    return "\n".join(message["text"] for message in reply["messages"])


def test_health_reports_every_component(assistant):
    running, _, _ = assistant
    body = httpx.get(f"{running.url}/api/health", timeout=10).json()
    assert body["status"] == "ok"
    assert set(body["components"]) >= {"api", "rasa", "actions", "database", "index"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "免除の申請をしたいです。基礎年金番号は1234-567890です"),
        ("en", "How do I apply for an exemption? My phone is 090 1234 5678"),
        ("vi", "Tôi muốn xin miễn đóng lương hưu, số của tôi là ７３１８ ４０２９５７"),
    ],
)
def test_the_personal_data_warning_reaches_the_resident_through_rasa(chat, language, message):
    reply = chat(f"api-pii-{language}", message)
    assert reply["language"] == language
    assert reply["messages"][0]["text"] == MESSAGES.get("personal_data_notice", language)
    clean = chat(f"api-pii-{language}", "ok")
    assert MESSAGES.get("personal_data_notice", language) not in _texts(clean)


@pytest.mark.parametrize("message", ["?", "？", "。", "...", "！！", "・", "「」", "-", "/", "\u200b", "\ufeff"])
def test_text_without_words_gets_a_request_to_rephrase_not_an_outage(chat, message):
    reply = chat("api-no-words", message, "en")
    assert reply["answer"] is None and reply["handoff"] is None
    assert _texts(reply) in {MESSAGES.get("ask_rephrase", "en"), MESSAGES.get("offer_handoff", "en")}


def test_japanese_answer_did_you_mean_and_handoff(chat, assistant):
    _, settings, _ = assistant
    answer = chat("api-ja", "収入が少ないので国民年金保険料の免除を受けたい")
    assert answer["language"] == "ja"
    assert answer["answer"]["topic"] == "exemption"
    assert any(button["payload"].startswith("/feedback_helpful") for m in answer["messages"] for button in m["buttons"])

    handoff = chat("api-ja", "担当者と話したいです。電話番号は090-1234-5678です")
    info = handoff["handoff"]
    assert info["phone"] == "0570-05-1165" and info["reference"].startswith("NK-")
    assert isinstance(info["open_now"], bool) and info["hours"]
    assert "090-1234-5678" not in _texts(handoff)

    ticket = httpx.get(
        f"http://{settings.api_host}:{settings.api_port}/api/admin/handoffs/{info['reference']}",
        headers={"Authorization": f"Bearer {settings.admin_token}"},
        timeout=10,
    ).json()
    assert ticket["reference"] == info["reference"]
    assert "090-1234-5678" not in str(ticket["transcript"])


def test_language_menu_choice_overrides_detection(chat):
    reply = chat("api-menu", "免除を申請したい", language="en")
    assert reply["language"] == "en"


@pytest.mark.parametrize("language", sorted(CONVERSATIONS))
def test_each_language_gets_greeting_answer_and_handoff_in_that_language(chat, language):
    greeting, question, person = CONVERSATIONS[language]
    session = f"api-{language}"

    hello = chat(session, greeting)
    assert hello["language"] == language
    assert MESSAGES.get("greeting", language) in _texts(hello)

    answer = chat(session, question)
    assert answer["language"] == language
    topic = (answer["answer"] or {}).get("topic") or (answer["suggestions"] or [{}])[0].get("topic")
    assert topic in {"exemption", "payment_postponement", "enrollment"}, answer
    if not answer["answer"]:  # did-you-mean: the resident taps the first suggestion
        assert MESSAGES.get("did_you_mean", language) in _texts(answer)
        [choice, *_] = [b["payload"] for m in answer["messages"] for b in m["buttons"] if "choose_faq" in b["payload"]]
        answer = chat(session, choice)
    shown = answer["answer"]
    assert shown is not None and shown["language"] == language, answer
    assert MESSAGES.get("language_fallback", language) not in _texts(answer)
    answer_text = answer["messages"][0]["text"].split("\n\n")[0]
    assert detect_language(answer_text).language == language, answer_text
    assert all(source["title"] for source in shown["sources"])

    handoff = chat(session, person)
    assert handoff["language"] == language
    assert handoff["handoff"] is not None and handoff["handoff"]["interpreter"] is True
    assert MESSAGES.get("interpreter", language) in _texts(handoff)
