"""A real browser on the chat page of the really running assistant (Rasa, action server, API).

Asks in Japanese, clicks a did-you-mean choice, switches to English, asks for a person and sees the
hand-off card; HTML typed by the resident stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from api.i18n import widget_texts
from knowledge.content.loader import load_knowledge_base
from knowledge.settings import PROJECT_ROOT
from tests.support.browser import ChromiumSession

pytestmark = [pytest.mark.model, pytest.mark.stack, pytest.mark.browser]

MESSAGES = load_knowledge_base(PROJECT_ROOT / "knowledge").messages
UI_TEXT = widget_texts(MESSAGES)


@pytest.fixture(scope="module")
def browser() -> Iterator[ChromiumSession]:
    with ChromiumSession() as session:
        yield session


def test_resident_journey_on_the_running_assistant(browser, assistant):
    running, _, _ = assistant
    page, problems = browser.new_page(base_url=running.url)
    page.goto("/")
    log = page.get_by_role("log")
    expect(log).to_contain_text(MESSAGES.get("greeting", "ja"), timeout=30_000)

    box = page.get_by_role("textbox", name=UI_TEXT["ja"]["inputLabel"])
    box.fill("申請したい")
    box.press("Enter")
    expect(log).to_contain_text(MESSAGES.get("did_you_mean", "ja"), timeout=30_000)
    choice = page.locator("#log .message-bot button").first
    title = choice.inner_text()
    answers_before = page.locator("#log .message-bot").count()
    choice.click()
    expect(page.locator("#log .message-user .message-text").last).to_have_text(title)
    expect(log).to_contain_text(MESSAGES.get("did_this_help", "ja"), timeout=30_000)
    assert page.locator("#log .message-bot").count() > answers_before
    expect(page.get_by_role("button", name=title).first).to_be_disabled()

    page.locator("#language-toggle").click()
    page.get_by_role("button", name="English", exact=True).click()
    expect(log).to_contain_text(MESSAGES.get("greeting", "en"), timeout=30_000)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    box = page.get_by_role("textbox", name=UI_TEXT["en"]["inputLabel"])
    box.fill(hostile)
    box.press("Enter")
    expect(page.locator("#log .message-user .message-text").last).to_have_text(hostile)
    assert page.locator("#log img").count() == 0

    page.get_by_role("button", name=UI_TEXT["en"]["talkToPerson"]).click()
    card = page.get_by_role("region", name=UI_TEXT["en"]["handoffTitle"])
    expect(card).to_be_visible(timeout=30_000)
    expect(card.get_by_role("link", name="0570-05-1165")).to_have_attribute("href", "tel:0570051165")
    expect(card.locator(".handoff-reference-code")).to_have_text(re.compile(r"^NK-[0-9A-Z]{6}$"))
    problems.assert_clean()
