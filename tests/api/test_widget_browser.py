"""The chat widget in a real browser (Debian's chromium) against the real app and a scripted fake Rasa.

Every test also asserts the page had no console errors: chromium reports CSP violations there.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from api.core.rate_limit import RateLimiter
from api.i18n import widget_texts
from api.main import create_app
from knowledge.content.loader import load_knowledge_base
from knowledge.settings import PROJECT_ROOT
from tests.api.conftest import answer_payload
from tests.support.browser import ChromiumSession, serve_app

pytestmark = pytest.mark.browser

GREETING_JA = "こんにちは。日本年金機構のご案内アシスタントです。"
GREETING_EN = "Hello. I am the Japan Pension Service's assistant."
NOTICE_JA = "基礎年金番号・マイナンバー・電話番号・住所などの個人情報は入力しないでください。"
PHONE = "0570-05-1165"

UI_TEXT = widget_texts(load_knowledge_base(PROJECT_ROOT / "knowledge").messages)


def payload(language: str = "ja", **fields: Any) -> dict[str, Any]:
    """Our actions' custom payload, as Rasa's REST channel returns it."""
    return {"custom": {"language": language, "answer": None, "suggestions": [], "handoff": None, **fields}}


class GreetingRasa:
    """Makes the fake backend greet in the requested language, like ``action_greet``."""

    def __init__(self, fake_rasa: Any) -> None:
        self.fake = fake_rasa
        self.original_send = fake_rasa.send
        fake_rasa.send = self.send

    async def send(self, session_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        if text == "/greet" and not self.fake.down:
            self.fake.sent.append((session_id, text, metadata))
            if metadata.get("language") == "en":
                return [{"text": GREETING_EN}, {"text": "Please do not type personal information."}, payload("en")]
            return [{"text": GREETING_JA}, {"text": NOTICE_JA}, payload("ja")]
        return await self.original_send(session_id, text, metadata)


@pytest.fixture(scope="module")
def chromium() -> Iterator[ChromiumSession]:
    with ChromiumSession() as session:
        yield session


@pytest.fixture
def browser(chromium: ChromiumSession) -> Iterator[ChromiumSession]:
    """The shared browser; the test's pages are closed afterwards."""
    yield chromium
    chromium.close_pages()


@pytest.fixture
def greeting_rasa(fake_rasa):
    GreetingRasa(fake_rasa)
    return fake_rasa


@pytest.fixture
def app(api_settings, greeting_rasa, api_engine):
    return create_app(api_settings, backend=greeting_rasa, engine=api_engine)


@pytest.fixture
def base_url(app) -> Iterator[str]:
    with serve_app(app) as url:
        yield url


def open_chat(browser: ChromiumSession, base_url: str, **options: Any):
    """The chat page after its greeting arrived."""
    page, problems = browser.new_page(base_url=base_url, **options)
    page.goto("/")
    expect(page.get_by_role("log")).to_contain_text(GREETING_JA)
    return page, problems


def bubbles(page: Page, kind: str):
    return page.locator(f"#log .message-{kind} .message-text")


def send_typed(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name=UI_TEXT[page.evaluate("document.documentElement.lang")]["inputLabel"])
    box.fill(text)
    box.press("Enter")


def test_greets_on_load_in_japanese_with_the_privacy_notice(browser, base_url, fake_rasa):
    page, problems = open_chat(browser, base_url)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("note")).to_contain_text("マイナンバー")
    expect(page.get_by_role("log")).to_contain_text(NOTICE_JA)
    expect(page.get_by_role("textbox", name="ご質問")).to_have_attribute("maxlength", "1000")
    expect(page.get_by_role("button", name="送信")).to_be_visible()
    expect(page.get_by_role("button", name="担当者と話したい")).to_be_visible()
    ((session_id, text, metadata),) = fake_rasa.sent
    assert (text, metadata.get("language")) == ("/greet", None), "no language chosen yet: the server decides"
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", session_id)
    assert page.evaluate("sessionStorage.getItem('nenkin-assistant.session')") == session_id
    page.reload()
    expect(page.get_by_role("log")).to_contain_text(GREETING_JA)
    assert fake_rasa.sent[-1][0] == session_id, "the session survives a reload of the tab"
    problems.assert_clean()


def test_typed_question_shows_the_answer(browser, base_url, fake_rasa):
    fake_rasa.script["免除の申請\n学生です"] = [
        {"text": "国民年金保険料の免除は、\n住所地の市区町村で申請できます。"},
        {"text": "役に立ちましたか？", "buttons": [{"title": "はい", "payload": '/feedback_helpful{"faq_id":"x"}'}]},
        payload(answer=answer_payload()),
    ]
    page, problems = open_chat(browser, base_url)
    box = page.get_by_role("textbox", name="ご質問")
    box.press_sequentially("免除の申請")
    box.press("Shift+Enter")  # a new line, not a send
    box.press_sequentially("学生です")
    box.press("Enter")
    answer = bubbles(page, "bot").filter(has_text="免除は")
    expect(answer).to_have_text("国民年金保険料の免除は、\n住所地の市区町村で申請できます。")
    expect(answer).to_have_css("white-space", "pre-line")
    assert answer.inner_text() == "国民年金保険料の免除は、\n住所地の市区町村で申請できます。"
    expect(bubbles(page, "user")).to_have_text(["免除の申請\n学生です"])
    expect(page.get_by_role("button", name="はい")).to_be_enabled()
    expect(box).to_have_value("")
    expect(page.locator("#typing")).to_be_hidden()
    assert fake_rasa.sent[-1][1] == "免除の申請\n学生です"
    problems.assert_clean()


def test_cited_https_pages_in_an_answer_are_links_and_nothing_else_is(browser, base_url, fake_rasa):
    fake_rasa.script["免除"] = [
        {
            "text": "免除を申請できます。\n\n出典: 日本年金機構「免除」 https://www.nenkin.go.jp/service/menjo.html\n"
            "http://example.com/x javascript:alert(1) <b>bold</b>"
        },
        payload(answer=answer_payload()),
    ]
    page, problems = open_chat(browser, base_url)
    box = page.get_by_role("textbox", name="ご質問")
    box.press_sequentially("免除")
    box.press("Enter")
    answer = bubbles(page, "bot").filter(has_text="免除を申請")
    link = answer.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "https://www.nenkin.go.jp/service/menjo.html")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(answer).to_contain_text("http://example.com/x javascript:alert(1) <b>bold</b>")  # shown as text
    problems.assert_clean()


def test_typing_indicator_shows_while_the_answer_is_on_its_way(browser, base_url, fake_rasa, request):
    gate = threading.Event()
    request.addfinalizer(gate.set)  # never leave the server waiting if an assertion fails
    original_send = fake_rasa.send

    async def slow_send(session_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        if text == "遅い質問":
            await asyncio.get_running_loop().run_in_executor(None, gate.wait, 30)
        return await original_send(session_id, text, metadata)

    fake_rasa.send = slow_send
    page, problems = open_chat(browser, base_url)
    send_typed(page, "遅い質問")
    expect(page.get_by_role("status")).to_have_text(re.compile("回答を準備しています"))
    expect(page.get_by_role("button", name="送信")).to_have_attribute("aria-disabled", "true")
    send_typed(page, "二つ目")  # refused while busy: stays in the box, not sent
    expect(page.get_by_role("textbox", name="ご質問")).to_have_value("二つ目")
    gate.set()
    expect(page.get_by_role("log")).to_contain_text("echo: 遅い質問")
    expect(page.get_by_role("status")).to_be_hidden()
    expect(page.get_by_role("button", name="送信")).to_have_attribute("aria-disabled", "false")
    assert [text for _, text, _ in fake_rasa.sent] == ["/greet", "遅い質問"]
    expect(page.get_by_role("textbox", name="ご質問")).to_have_value("二つ目")
    problems.assert_clean()


def test_did_you_mean_button_sends_its_payload(browser, base_url, fake_rasa):
    choice = '/choose_faq{"faq_id":"exemption-apply"}'
    fake_rasa.script["免除"] = [
        {
            "text": "お探しの内容は次のどれですか？",
            "buttons": [
                {"title": "保険料の免除を申請したい", "payload": choice},
                {"title": "学生納付特例について", "payload": '/choose_faq{"faq_id":"student"}'},
            ],
        },
        payload(),
    ]
    fake_rasa.script[choice] = [{"text": "免除の申請書は市区町村の窓口に出してください。"}, payload()]
    page, problems = open_chat(browser, base_url)
    send_typed(page, "免除")
    page.get_by_role("button", name="保険料の免除を申請したい").click()
    expect(page.get_by_role("log")).to_contain_text("免除の申請書は市区町村の窓口に出してください。")
    assert fake_rasa.sent[-1][1] == choice
    expect(bubbles(page, "user")).to_have_text(["免除", "保険料の免除を申請したい"])
    expect(page.get_by_role("button", name="保険料の免除を申請したい")).to_be_disabled()
    expect(page.get_by_role("button", name="学生納付特例について")).to_be_disabled()
    problems.assert_clean()


def test_choosing_english_by_keyboard_switches_the_ui_and_the_requests(browser, base_url, fake_rasa):
    page, problems = open_chat(browser, base_url)
    toggle = page.locator("#language-toggle")
    toggle.focus()
    page.keyboard.press("ArrowDown")  # opens the menu on its first language
    expect(page.get_by_role("button", name="日本語", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("button", name="English", exact=True)).to_be_focused()
    with page.expect_request("**/api/chat") as greeting:
        page.keyboard.press("Enter")
    assert greeting.value.post_data_json["language"] == "en"
    assert greeting.value.post_data_json["message"] == "/greet"
    expect(page.get_by_role("log")).to_contain_text(GREETING_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Pension information chat")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    expect(page.get_by_role("button", name="Talk to a person")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("My Number")
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()
    with page.expect_request("**/api/chat") as question:
        send_typed(page, "how do I apply")
    assert question.value.post_data_json == {
        "session_id": fake_rasa.sent[0][0],
        "message": "how do I apply",
        "language": "en",
    }
    expect(page.get_by_role("log")).to_contain_text("echo: how do I apply")
    assert fake_rasa.sent[-1][2]["language"] == "en"
    page.reload()  # the choice is remembered for the tab
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    expect(page.get_by_role("log")).to_contain_text(GREETING_EN)
    assert (fake_rasa.sent[-1][1], fake_rasa.sent[-1][2].get("language")) == ("/greet", "en")
    problems.assert_clean()


@pytest.mark.parametrize(("open_now", "badge"), [(False, "ただいま受付時間外"), (True, "ただいま受付中")])
def test_talk_to_a_person_shows_the_handoff_card(browser, base_url, fake_rasa, open_now, badge):
    handoff = {
        "reference": "NK-7K2M9Q",
        "phone": PHONE,
        "hours": "月曜 8:30〜19:00、火〜金曜 8:30〜17:15",
        "open_now": open_now,
        "interpreter": not open_now,
    }
    fake_rasa.script["/request_human"] = [{"text": "ねんきんダイヤルにお電話ください。"}, payload(handoff=handoff)]
    page, problems = open_chat(browser, base_url)
    page.get_by_role("button", name="担当者と話したい").click()
    card = page.get_by_role("region", name="お電話でご相談ください")
    expect(card).to_be_visible()
    assert fake_rasa.sent[-1][1] == "/request_human"
    expect(bubbles(page, "user")).to_have_text(["担当者と話したい"])
    expect(card.get_by_role("link", name=PHONE)).to_have_attribute("href", "tel:0570051165")
    expect(card).to_contain_text("月曜 8:30〜19:00、火〜金曜 8:30〜17:15")
    expect(card.locator(".badge")).to_have_text(badge)
    expect(card.locator(".handoff-reference-code")).to_have_text("NK-7K2M9Q")
    expect(card.locator(".handoff-reference")).to_contain_text("受付番号")
    expect(card.locator(".handoff-reference")).to_contain_text("担当者にお伝えください")
    expect(card.get_by_text(UI_TEXT["ja"]["handoffInterpreter"])).to_have_count(0 if open_now else 1)
    problems.assert_clean()


def test_html_in_messages_is_shown_literally(browser, base_url, fake_rasa):
    attack = '<img src=x onerror=alert(1)><b id="injected">bold</b>'
    fake_rasa.script["<script>"] = [{"text": "<script>alert(2)</script><img src=x onerror=alert(3)>"}, payload()]
    page, problems = open_chat(browser, base_url)
    send_typed(page, attack)
    expect(bubbles(page, "bot").last).to_have_text(f"echo: {attack}")
    send_typed(page, "<script>")
    expect(bubbles(page, "bot").last).to_have_text("<script>alert(2)</script><img src=x onerror=alert(3)>")
    expect(bubbles(page, "user").first).to_have_text(attack)
    assert page.locator("#log img, #log b, #log script, #injected").count() == 0
    problems.assert_clean()  # includes: no alert dialog opened


def test_unavailable_assistant_shows_the_phone_and_keeps_the_typed_text(browser, base_url, fake_rasa):
    page, problems = open_chat(browser, base_url)
    fake_rasa.down = True
    send_typed(page, "免除の申請方法を教えて")
    error = page.locator("#log .message-error")
    expect(error).to_contain_text(PHONE)
    expect(error).to_contain_text("ねんきんダイヤル")
    expect(page.get_by_role("textbox", name="ご質問")).to_have_value("免除の申請方法を教えて")
    expect(page.locator("#log .message-user.is-failed")).to_contain_text("送信できませんでした")
    fake_rasa.down = False
    page.get_by_role("button", name="送信").click()  # try again: the text is still there
    expect(page.get_by_role("log")).to_contain_text("echo: 免除の申請方法を教えて")
    expect(page.get_by_role("textbox", name="ご質問")).to_have_value("")
    problems.assert_clean(allow=["status of 503"])


def test_network_failure_shows_the_local_message_and_keeps_the_text(browser, base_url):
    page, problems = open_chat(browser, base_url)
    page.route("**/api/chat", lambda route: route.abort("internetdisconnected"))
    send_typed(page, "ねんきんネットの登録")
    expect(page.locator("#log .message-error")).to_have_text(UI_TEXT["ja"]["networkError"])
    expect(page.get_by_role("textbox", name="ご質問")).to_have_value("ねんきんネットの登録")
    problems.assert_clean(allow=["net::ERR_INTERNET_DISCONNECTED"])


def test_rate_limit_pauses_sending_until_retry_after(browser, app, fake_rasa):
    now = [1000.0]
    app.state.nenkin.chat_limiter = RateLimiter(60, 1, clock=lambda: now[0])  # one message, then one per second
    with serve_app(app) as base_url:
        page, problems = open_chat(browser, base_url)
        send_typed(page, "繰下げ受給")
        expect(page.locator("#log .message-error")).to_contain_text(PHONE)
        send = page.get_by_role("button", name="送信")
        expect(send).to_have_attribute("aria-disabled", "true")
        expect(page.locator("#message-status")).to_contain_text("秒後に送信できます")
        expect(page.get_by_role("textbox", name="ご質問")).to_have_value("繰下げ受給")
        now[0] += 1  # the server's bucket has refilled; the page waits Retry-After (1 s) on its own clock
        expect(send).to_have_attribute("aria-disabled", "false")
        send.click()
        expect(page.get_by_role("log")).to_contain_text("echo: 繰下げ受給")
        problems.assert_clean(allow=["status of 429"])


def test_phone_width_has_no_horizontal_scroll(browser, base_url, fake_rasa):
    fake_rasa.script["/request_human"] = [
        {"text": "https://www.nenkin.go.jp/service/kokunen/menjo/20150428.html" + "あ" * 80},
        payload(handoff={"reference": "NK-7K2M9Q", "phone": PHONE, "hours": "月〜金 8:30〜17:15", "open_now": True,
                         "interpreter": True}),
    ]  # fmt: skip
    page, problems = open_chat(browser, base_url, viewport={"width": 360, "height": 740})
    send_typed(page, "A" * 300)
    expect(bubbles(page, "bot").last).to_contain_text("echo: AAAA")
    page.get_by_role("button", name="担当者と話したい").click()
    expect(page.locator(".handoff")).to_be_visible()
    page.locator("#language-toggle").click()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    widths = page.evaluate(
        """() => {
            const overflowing = [...document.querySelectorAll("body *")].filter((node) => {
                const box = node.getBoundingClientRect();
                return box.width > 1 && (box.right > innerWidth + 0.5 || box.left < -0.5);
            }).map((node) => node.id || node.className);
            return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                    log: [document.getElementById("log").scrollWidth, document.getElementById("log").clientWidth],
                    overflowing};
        }"""
    )
    assert widths["client"] == 360
    assert widths["scroll"] <= widths["client"], widths
    assert widths["log"][0] <= widths["log"][1], widths
    assert widths["overflowing"] == [], widths
    problems.assert_clean()


def test_keyboard_users_can_reach_the_input_and_see_focus(browser, base_url, fake_rasa):
    fake_rasa.script["/request_human"] = [{"text": "お電話ください。"}, payload()]
    page, problems = open_chat(browser, base_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="質問の入力欄へ移動")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="ご質問")
    expect(box).to_be_focused()
    assert box.evaluate("(node) => getComputedStyle(node).outlineStyle") == "solid"
    page.keyboard.press("Shift+Tab")
    human = page.get_by_role("button", name="担当者と話したい")
    expect(human).to_be_focused()
    assert human.evaluate("(node) => getComputedStyle(node).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("お電話ください。")
    assert fake_rasa.sent[-1][1] == "/request_human"
    problems.assert_clean()


class EmbeddingSite:
    """A municipal website on its own origin (another loopback port) that embeds the widget.

    Its page has a strict CSP of its own: only the chat server's script and frame are allowed.
    """

    def __init__(self) -> None:
        self.chat_url = ""
        self.app = Starlette(routes=[Route("/", self.page)])

    async def page(self, request: Request) -> HTMLResponse:
        chat = self.chat_url
        policy = f"default-src 'none'; script-src {chat}; frame-src {chat}; img-src data:"
        return HTMLResponse(
            f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{policy}">
  <link rel="icon" href="data:,">
  <title>City office</title>
  <script src="{chat}/static/embed.js" defer></script>
</head>
<body><h1>City office</h1><p id="content">Residents' page.</p></body>
</html>"""
        )


@pytest.fixture
def site_and_chat(api_settings, greeting_rasa, api_engine) -> Iterator[tuple[str, str]]:
    """(site URL, chat server URL); the chat server lets the site frame it (``cors_origins``)."""
    site = EmbeddingSite()
    with serve_app(site.app) as site_url:
        settings = api_settings.copy(update={"cors_origins": [site_url]})
        with serve_app(create_app(settings, backend=greeting_rasa, engine=api_engine)) as chat_url:
            site.chat_url = chat_url
            yield site_url, chat_url


def test_embed_script_opens_the_chat_in_an_iframe(browser, site_and_chat, fake_rasa):
    site_url, base_url = site_and_chat
    page, problems = browser.new_page()
    page.goto(site_url)
    launcher = page.get_by_role("button", name="Ask about pensions")  # the host page is in English
    expect(launcher).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert page.locator("iframe").count() == 0, "nothing is loaded from the chat server before the resident asks"
    assert page.evaluate("document.styleSheets.length") == 0, "no stylesheet is added to the host page"
    assert page.evaluate("getComputedStyle(document.body).margin") == "8px"

    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    frame_element = page.locator("iframe")
    expect(frame_element).to_have_attribute("src", f"{base_url}/?embed=1&lang=en")
    expect(frame_element).to_have_attribute("title", "Pension information chat")
    chat = page.frame_locator("iframe")
    expect(chat.get_by_role("log")).to_contain_text(GREETING_EN)
    expect(chat.locator("html")).to_have_class(re.compile(r"\bis-embedded\b"))
    expect(chat.get_by_role("heading", name="Pension information chat")).not_to_be_in_viewport()
    expect(chat.get_by_role("textbox", name="Your question")).to_be_focused()
    assert (fake_rasa.sent[-1][1], fake_rasa.sent[-1][2].get("language")) == ("/greet", "en")

    page.get_by_role("button", name="Close the chat").click()
    expect(frame_element).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")  # reopen from the keyboard: the same conversation is still there
    expect(chat.get_by_role("textbox", name="Your question")).to_be_focused()
    chat.get_by_role("textbox", name="Your question").press("Escape")
    expect(frame_element).to_be_hidden()
    expect(launcher).to_be_focused()
    assert page.locator("iframe").count() == 1
    assert page.evaluate("document.styleSheets.length") == 0
    assert page.locator("body > *").evaluate_all("(nodes) => nodes.map((node) => node.localName)") == [
        "h1",
        "p",
        "nenkin-assistant-widget",
    ]
    problems.assert_clean()
