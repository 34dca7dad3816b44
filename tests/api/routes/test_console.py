"""``/console/*``: the hand-off queue and ticket pages, the analytics dashboard (sessions: test_console_sessions)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from knowledge.store.records import TranscriptLine, create_ticket, get_ticket, record_event, record_feedback
from knowledge.text.redaction import redact
from tests.api.conftest import ADMIN_TOKEN

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
EVIL = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
SAME_ORIGIN = {"Origin": "http://testserver"}
"""What a browser sends with our own forms (every console POST needs it)."""


@pytest.fixture
def clocked(client):
    """The client with the app's clock stopped at ``NOW``."""
    client.app.state.nenkin.clock = lambda: NOW
    return client


@pytest.fixture
def signed_in(clocked):
    """The client after logging in through the form (the cookie jar keeps the login)."""
    response = clocked.post("/console/login", data={"token": ADMIN_TOKEN}, headers=SAME_ORIGIN, follow_redirects=False)
    assert response.status_code == 303
    return clocked


def _ticket(engine, text="免除の相談をしたい", language="ja", when=NOW - timedelta(hours=1)):
    """A ticket as the actions store it: the resident's lines already redacted where they entered."""
    transcript = [TranscriptLine("user", redact(text).text), TranscriptLine("bot", "ねんきんダイヤルへどうぞ")]
    return create_ticket(
        engine, session_id="s1", language=language, topic="exemption", line_id="nenkin_dial",
        transcript=transcript, now=when,
    )  # fmt: skip


def _is_login_form(response) -> bool:
    return (
        response.headers["content-type"].startswith("text/html")
        and '<form method="post" action="/console/login"' in response.text
        and 'name="token"' in response.text
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/console/handoffs"),
        ("get", "/console/handoffs/NK-000000"),
        ("post", "/console/handoffs/NK-000000/close"),
        ("get", "/console/analytics"),
        ("get", "/console/analytics?days=30"),
    ],
)
def test_pages_without_the_token_answer_401_with_the_login_form(client, method, path):
    response = getattr(client, method)(path, headers=SAME_ORIGIN)
    assert response.status_code == 401
    assert _is_login_form(response)
    wrong = getattr(client, method)(path, headers={"Authorization": "Bearer wrong-token-wrong-token", **SAME_ORIGIN})
    assert wrong.status_code == 401 and _is_login_form(wrong)


def test_bearer_header_works_too(client, admin_headers):
    assert client.get("/console/analytics", headers=admin_headers).status_code == 200


def test_login_page_is_public_and_accessible(client):
    response = client.get("/console/login")
    assert response.status_code == 200 and _is_login_form(response)
    assert '<label for="token">' in response.text and 'id="token"' in response.text
    assert 'lang="ja"' in response.text


def test_queue_lists_tickets_and_filters_by_status(signed_in, api_engine):
    first = _ticket(api_engine, language="vi", when=NOW - timedelta(hours=2))
    second = _ticket(api_engine, when=NOW - timedelta(hours=1))
    signed_in.post(f"/console/handoffs/{first}/close", headers={"Origin": "http://testserver"})
    page = signed_in.get("/console/handoffs")
    assert page.status_code == 200
    assert second in page.text and first not in page.text  # open ones by default
    assert '<th scope="col">受付番号' in page.text and "国民年金保険料の免除" in page.text
    assert "2026-11-30 11:00" in page.text  # created time shown in Japan time
    closed = signed_in.get("/console/handoffs?status=closed").text
    assert first in closed and second not in closed and "ベトナム語 (vi)" in closed
    everything = signed_in.get("/console/handoffs?status=all").text
    assert everything.index(second) < everything.index(first)  # newest first
    assert signed_in.get("/console/handoffs?status=bogus").status_code == 422


def test_search_by_reference_jumps_to_the_ticket(signed_in, api_engine):
    reference = _ticket(api_engine)
    for typed in (reference, reference.lower(), reference[3:], f" nk {reference[3:].lower()} "):
        response = signed_in.get("/console/handoffs", params={"q": typed}, follow_redirects=False)
        assert response.status_code == 303, typed
        assert response.headers["location"] == f"/console/handoffs/{reference}"
    missing = signed_in.get("/console/handoffs", params={"q": "NK-ZZZZZZ"})
    assert missing.status_code == 200 and "No reference matches" in missing.text
    partial = signed_in.get("/console/handoffs", params={"q": reference[3:6]})
    assert partial.status_code == 200 and reference in partial.text


def test_full_width_and_partial_references_work_in_search_and_links(signed_in, api_engine):
    reference = _ticket(api_engine)
    full_width = reference.translate({ord(ch): ord(ch) + 0xFEE0 for ch in reference if ch != "-"}).replace("-", "ー")
    jump = signed_in.get("/console/handoffs", params={"q": full_width}, follow_redirects=False)
    assert jump.headers["location"] == f"/console/handoffs/{reference}"
    assert signed_in.get(f"/console/handoffs/{full_width}").status_code == 200
    partial = signed_in.get("/console/handoffs", params={"q": full_width[3:6]})
    assert reference in partial.text
    for nothing_like_it in ("ZZ!", "NK-ZZZZZZZZ"):
        page = signed_in.get("/console/handoffs", params={"q": nothing_like_it})
        assert page.status_code == 200 and reference not in page.text and "No reference matches" in page.text


def test_ticket_page_shows_the_redacted_transcript_escaped(signed_in, api_engine):
    reference = _ticket(api_engine, text=f"電話は090-1234-5678です {EVIL}")
    page = signed_in.get(f"/console/handoffs/{reference.lower()}")
    assert page.status_code == 200
    assert "<script" not in page.text and "<img" not in page.text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "090-1234-5678" not in page.text and "[PHONE]" in page.text
    assert "相談者" in page.text and "ねんきんダイヤルへどうぞ" in page.text and "ねんきんダイヤル" in page.text
    assert f'action="/console/handoffs/{reference}/close"' in page.text


def test_close_via_the_form(signed_in, api_engine):
    reference = _ticket(api_engine)
    response = signed_in.post(
        f"/console/handoffs/{reference}/close", headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"/console/handoffs/{reference}"
    ticket = get_ticket(api_engine, reference)
    assert ticket.status == "closed" and ticket.closed_at.replace(tzinfo=timezone.utc) == NOW
    page = signed_in.get(f"/console/handoffs/{reference}").text
    assert "対応済み" in page and "/close" not in page  # no close button any more
    assert signed_in.post("/console/handoffs/NK-000000/close", headers=SAME_ORIGIN).status_code == 404


def test_unknown_reference_is_a_404_page(signed_in):
    response = signed_in.get("/console/handoffs/NK-000000")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html") and "Not found" in response.text
    assert signed_in.get("/console/handoffs/%3Cscript%3E").status_code == 404


def _seed_usage(engine):
    for session, language, outcome in [("a", "ja", "answer"), ("b", "en", "none"), ("c", "ja", "suggest")]:
        record_event(
            engine, session_id=session, kind="message", language=language, text="q", now=NOW - timedelta(hours=2)
        )
        record_event(engine, session_id=session, kind=outcome, language=language, text=f"{EVIL} 年金はいつ", now=NOW)
    record_event(engine, session_id="c", kind="handoff", language="ja", now=NOW)
    record_feedback(engine, session_id="a", faq_id="exemption_overview", helpful=False, language="ja", now=NOW)


def test_analytics_dashboard(signed_in, api_engine):
    _seed_usage(api_engine)
    page = signed_in.get("/console/analytics?days=7")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") == 7  # four gauges, daily, languages, feedback
    assert re.search(r'id="conversations">3<', html) and re.search(r'id="messages">3<', html)
    assert 'id="answer_rate">33.3%<' in html and 'id="did_you_mean_rate">33.3%<' in html
    assert 'id="handoff_rate">33.3%<' in html and 'id="deflection_rate">33.3%<' in html
    assert "exemption_overview" in html and "日本語 (ja)" in html
    assert "&lt;script&gt;" in html and "<script" not in html  # unanswered texts are escaped
    assert (
        '<a href="/console/analytics?days=30">' in html
        and 'href="/console/analytics?days=7" aria-current="page"' in html
    )
    assert '<th scope="row"><time datetime="2026-11-30">' in html  # the daily table


def test_analytics_period_is_validated(signed_in):
    assert signed_in.get("/console/analytics?days=366").status_code == 200
    for days in ("0", "367", "seven"):
        response = signed_in.get(f"/console/analytics?days={days}")
        assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")


def test_pages_follow_the_content_security_policy(signed_in, api_engine):
    reference = _ticket(api_engine)
    _seed_usage(api_engine)
    for path in ("/console/login", "/console/handoffs", f"/console/handoffs/{reference}", "/console/analytics"):
        response = signed_in.get(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "same-origin"  # so our own forms send a real Origin
        assert response.headers["cache-control"] == "no-store"
        assert " style=" not in response.text and "<style" not in response.text and "<script" not in response.text
        assert '<link rel="stylesheet" href="/static/console.css">' in response.text
    css = signed_in.get("/static/console.css")
    assert css.status_code == 200 and "@media" in css.text


def test_navigation_marks_the_current_page(signed_in):
    page = signed_in.get("/console/analytics").text
    assert '<a href="/console/analytics" aria-current="page">' in page
    assert '<a href="/console/handoffs">' in page
    assert signed_in.get("/console", follow_redirects=False).headers["location"] == "/console/handoffs"
