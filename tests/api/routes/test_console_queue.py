"""``/console/handoffs`` for real volumes: pages with the true total, filters and search, all in the URL."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import pytest

from knowledge.store.records import TranscriptLine, close_ticket, create_ticket

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def console(client, admin_headers):
    """The client with the app's clock stopped at ``NOW`` and the admin token on every request."""
    client.app.state.nenkin.clock = lambda: NOW
    client.headers.update(admin_headers)
    return client


def _ticket(engine, *, when, language="ja", topic="exemption"):
    return create_ticket(
        engine, session_id="s1", language=language, topic=topic, line_id="nenkin_dial",
        transcript=[TranscriptLine("user", "免除の相談")], now=when,
    )  # fmt: skip


def _rows(page) -> list[str]:
    return re.findall(r'<a class="ref" href="/console/handoffs/(NK-[0-9A-Z]{6})">', page.text)


def _links(page) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a href="(/console/handoffs\?[^"]*)"', page.text)]


def test_513_open_tickets_are_paged_with_the_true_total_and_the_oldest_is_reachable(console, api_engine):
    made = [_ticket(api_engine, when=NOW - timedelta(minutes=513 - n)) for n in range(513)]  # made[-1] is newest
    first = console.get("/console/handoffs")
    assert first.status_code == 200
    assert "513 件" in first.text and "513 hand-offs" in first.text and "1–50 件目を表示" in first.text
    assert _rows(first) == list(reversed(made))[:50]
    assert "/console/handoffs?page=11" in _links(first) and 'rel="next"' in first.text
    last = console.get("/console/handoffs?page=11")
    assert _rows(last) == list(reversed(made))[500:] and made[0] in _rows(last)
    assert "501–513 件目を表示" in last.text and 'aria-current="page">11<' in last.text
    assert 'rel="prev"' in last.text and 'rel="next"' not in last.text
    oldest = console.get("/console/handoffs", params={"q": made[0][3:8]})
    assert made[0] in _rows(oldest)  # partial search covers every ticket, not only a first batch


def test_filters_are_applied_and_kept_in_the_form_and_the_links(console, api_engine):
    for n in range(60):
        _ticket(api_engine, when=NOW - timedelta(minutes=n), language="vi", topic="nenkin_net")
    japanese = _ticket(api_engine, when=NOW - timedelta(days=3))
    closed = _ticket(api_engine, when=NOW - timedelta(days=3), language="vi", topic="nenkin_net")
    close_ticket(api_engine, closed)
    page = console.get("/console/handoffs", params={"language": "vi", "topic": "nenkin_net"})
    assert "60 件" in page.text and japanese not in page.text and closed not in page.text
    assert '<option value="vi" selected>' in page.text and '<option value="nenkin_net" selected>' in page.text
    assert "/console/handoffs?language=vi&topic=nenkin_net&page=2" in _links(page)
    assert "/console/handoffs?status=closed&language=vi&topic=nenkin_net" in _links(page)  # status pills keep them
    day = (NOW - timedelta(days=3)).date().isoformat()
    dated = console.get("/console/handoffs", params={"status": "all", "created_from": day, "created_to": day})
    assert set(_rows(dated)) == {japanese, closed} and f'value="{day}"' in dated.text
    assert set(_rows(console.get("/console/handoffs", params={"status": "closed"}))) == {closed}


def test_page_links_show_the_first_last_and_nearby_pages(console, api_engine):
    for n in range(400):
        _ticket(api_engine, when=NOW - timedelta(minutes=n))
    page = console.get("/console/handoffs?page=5")
    numbers = [int(n) for n in re.findall(r'aria-label="(\d+) ページ目 / Page \d+"', page.text)]
    assert numbers == [1, 3, 4, 5, 6, 7, 8]
    assert page.text.count('class="gap"') == 1 and 'aria-current="page">5<' in page.text


def test_a_page_past_the_end_says_so_and_links_back(console, api_engine):
    _ticket(api_engine, when=NOW)
    page = console.get("/console/handoffs?page=3")
    assert page.status_code == 200 and _rows(page) == [] and "該当する引き継ぎはありません" in page.text
    assert "/console/handoffs" in page.text and 'rel="prev"' in page.text


def test_reversed_dates_are_explained(console, api_engine):
    _ticket(api_engine, when=NOW)
    page = console.get("/console/handoffs", params={"created_from": "2026-12-02", "created_to": "2026-12-01"})
    assert page.status_code == 200 and _rows(page) == [] and "before the “from” date" in page.text


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "language=fr",
        "topic=%3Cb%3E",
        "created_from=2026-13-01",
        "created_to=yesterday",
        "page=0",
        "page=abc",
        "page=99999999",
        "q=" + "x" * 41,
    ],
)
def test_bad_values_are_a_422_page(console, query):
    response = console.get(f"/console/handoffs?{query}")
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")


def test_the_filter_form_is_plain_html(console, api_engine):
    _ticket(api_engine, when=NOW)
    page = console.get("/console/handoffs", params={"language": "ja", "q": "<script>"})
    assert "<script" not in page.text and " style=" not in page.text and "&lt;script&gt;" in page.text
    assert '<form class="search queue-filters" method="get" action="/console/handoffs"' in page.text
    for field in ("q", "status", "language", "topic", "created_from", "created_to"):
        assert f'<label for="{field}">' in page.text and f'name="{field}"' in page.text, field
