"""Console sessions: login, cookie flags, expiry, logout, the Origin/Referer rule, the lockout, replicas."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.core.auth import LEGACY_COOKIE, SESSION_COOKIE
from api.main import create_app
from knowledge.store.database import console_sessions
from knowledge.store.records import TranscriptLine, create_ticket, get_ticket
from tests.api.conftest import ADMIN_TOKEN

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
SAME_ORIGIN = {"Origin": "http://testserver"}
SHIFT = timedelta(minutes=480)


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(client) -> Clock:
    """The app's clock, stopped at ``NOW`` until moved."""
    clock = Clock()
    client.app.state.nenkin.clock = clock
    return clock


def _login(client, **headers: str):
    return client.post(
        "/console/login", data={"token": ADMIN_TOKEN}, headers={**SAME_ORIGIN, **headers}, follow_redirects=False
    )


def _is_login_form(response) -> bool:
    return response.headers["content-type"].startswith("text/html") and 'action="/console/login"' in response.text


def _ticket(engine) -> str:
    transcript = [TranscriptLine("user", "免除の相談をしたい")]
    return create_ticket(
        engine, session_id="s1", language="ja", topic="exemption", line_id="nenkin_dial", transcript=transcript
    )


def _stored(engine) -> list:
    with engine.connect() as connection:
        return list(connection.execute(select(console_sessions)))


def test_login_sets_a_random_session_id_never_the_token(client, clock, api_engine):
    response = _login(client)
    assert response.status_code == 303 and response.headers["location"] == "/console/handoffs"
    cookie = response.headers["set-cookie"]
    session_id = client.cookies[SESSION_COOKIE]
    assert cookie.startswith(f"{SESSION_COOKIE}={session_id};") and len(session_id) == 43
    assert ADMIN_TOKEN not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/;" in cookie
    assert "Max-Age=28800" in cookie  # NENKIN_CONSOLE_SESSION_MINUTES=480
    assert "Secure" not in cookie  # plain http (tests, localhost)
    (row,) = _stored(api_engine)
    assert session_id not in str(tuple(row)) and ADMIN_TOKEN not in str(tuple(row))  # only a keyed hash
    assert row.expires_at.replace(tzinfo=timezone.utc) == NOW + SHIFT
    assert client.get("/console/handoffs").status_code == 200
    client.cookies.clear()
    assert _login(client).status_code == 303 and client.cookies[SESSION_COOKIE] != session_id


def test_login_over_https_marks_the_cookie_secure(client):
    response = client.post(
        "https://testserver/console/login",
        data={"token": ADMIN_TOKEN},
        headers={"Origin": "https://testserver"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]
    logout = client.post(
        "https://testserver/console/logout", headers={"Origin": "https://testserver"}, follow_redirects=False
    )
    assert logout.status_code == 303 and "Secure" in logout.headers["set-cookie"]


def test_the_session_cookie_never_opens_the_admin_api(client, clock, api_engine):
    reference = _ticket(api_engine)
    assert _login(client).status_code == 303
    for method, path in [
        ("get", "/api/admin/handoffs"),
        ("get", f"/api/admin/handoffs/{reference}"),
        ("post", f"/api/admin/handoffs/{reference}/close"),
        ("post", "/api/admin/knowledge/reload"),
        ("get", "/api/admin/analytics"),
    ]:
        refused = getattr(client, method)(path, headers=SAME_ORIGIN)
        assert refused.status_code == 401, path
        assert refused.json() == {"detail": "admin token required"}, path
    assert get_ticket(api_engine, reference).status == "open"
    client.cookies.set(SESSION_COOKIE, ADMIN_TOKEN)  # nor does the token itself as a cookie
    assert client.get("/api/admin/handoffs").status_code == 401


def test_a_session_ends_at_its_expiry_however_busy(client, clock):
    assert _login(client).status_code == 303
    clock.now = NOW + SHIFT - timedelta(minutes=80)
    assert client.get("/console/handoffs").status_code == 200  # use does not extend it (absolute expiry)
    clock.now = NOW + SHIFT - timedelta(seconds=1)
    assert client.get("/console/analytics").status_code == 200
    clock.now = NOW + SHIFT
    expired = client.get("/console/handoffs")
    assert expired.status_code == 401 and _is_login_form(expired)
    assert _login(client).status_code == 303 and client.get("/console/handoffs").status_code == 200


def test_the_lifetime_is_a_setting(api_settings, fake_rasa, api_engine):
    settings = api_settings.copy(update={"console_session_minutes": 5})
    with TestClient(create_app(settings, backend=fake_rasa, engine=api_engine, housekeeping=False)) as client:
        clock = Clock()
        client.app.state.nenkin.clock = clock
        assert "Max-Age=300;" in _login(client).headers["set-cookie"]
        clock.now = NOW + timedelta(minutes=4, seconds=59)
        assert client.get("/console/handoffs").status_code == 200
        clock.now = NOW + timedelta(minutes=5)
        assert client.get("/console/handoffs").status_code == 401


def test_logout_revokes_the_session_on_the_server(client, clock, api_engine):
    assert _login(client).status_code == 303
    session_id = client.cookies[SESSION_COOKIE]
    response = client.post("/console/logout", headers=SAME_ORIGIN, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/login"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f'{SESSION_COOKIE}="";') and "Max-Age=0" in cookie and "Path=/" in cookie
    assert _stored(api_engine) == []
    client.cookies.set(SESSION_COOKIE, session_id)  # a copy of the cookie kept from before
    assert client.get("/console/handoffs").status_code == 401
    again = client.post("/console/logout", headers=SAME_ORIGIN, follow_redirects=False)
    assert again.status_code == 303  # logging out twice is harmless


def test_a_new_login_ends_the_browsers_previous_session(client, clock, api_engine):
    assert _login(client).status_code == 303
    first = client.cookies[SESSION_COOKIE]
    assert _login(client).status_code == 303
    assert client.cookies[SESSION_COOKIE] != first and len(_stored(api_engine)) == 1
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, first)
    assert client.get("/console/handoffs").status_code == 401


def test_expired_sessions_are_deleted_at_the_next_login(api_settings, fake_rasa, api_engine):
    with TestClient(create_app(api_settings, backend=fake_rasa, engine=api_engine, housekeeping=False)) as one:
        clock = Clock()
        one.app.state.nenkin.clock = clock
        for _ in range(3):
            one.cookies.clear()
            assert _login(one).status_code == 303
        assert len(_stored(api_engine)) == 3
        clock.now = NOW + SHIFT
        one.cookies.clear()
        assert _login(one).status_code == 303
        assert len(_stored(api_engine)) == 1


def test_replicas_share_sessions_and_a_new_admin_token_ends_them(api_settings, fake_rasa, api_engine):
    def replica(settings):
        return TestClient(create_app(settings, backend=fake_rasa, engine=api_engine, housekeeping=False))

    with replica(api_settings) as first, replica(api_settings) as second:
        assert _login(first).status_code == 303
        second.cookies.set(SESSION_COOKIE, first.cookies[SESSION_COOKIE])
        assert second.get("/console/handoffs").status_code == 200  # a login counts on every replica
        assert second.post("/console/logout", headers=SAME_ORIGIN, follow_redirects=False).status_code == 303
        assert first.get("/console/handoffs").status_code == 401  # and so does a logout
        assert _login(first).status_code == 303
    rotated = api_settings.copy(update={"admin_token": "a-brand-new-admin-token-9876543210"})
    with replica(rotated) as after:
        after.cookies.set(SESSION_COOKIE, first.cookies[SESSION_COOKIE])
        assert after.get("/console/handoffs").status_code == 401


def test_an_old_raw_token_cookie_opens_nothing_and_is_deleted(client):
    client.cookies.set(LEGACY_COOKIE, ADMIN_TOKEN)
    page = client.get("/console/handoffs")
    assert page.status_code == 401 and _is_login_form(page)
    assert page.headers["set-cookie"].startswith(f'{LEGACY_COOKIE}="";') and "Max-Age=0" in page.headers["set-cookie"]
    assert client.get("/api/admin/handoffs").status_code == 401


def test_wrong_token_is_401_with_the_form_and_an_error(client):
    response = client.post("/console/login", data={"token": "not-the-token"}, headers=SAME_ORIGIN)
    assert response.status_code == 401
    assert _is_login_form(response)
    assert 'role="alert"' in response.text and "Wrong token" in response.text
    assert "set-cookie" not in response.headers


def test_repeated_wrong_logins_are_throttled_and_the_right_token_still_works(client):
    def guess(n):
        return client.post("/console/login", data={"token": f"guess-{n}"}, headers=SAME_ORIGIN)

    statuses = [guess(n).status_code for n in range(13)]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    throttled = guess("again")
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) >= 1
    assert _is_login_form(throttled) and "Too many failed attempts" in throttled.text
    wrong_bearer = client.get("/console/handoffs", headers={"Authorization": "Bearer guess-guess-guess"})
    assert wrong_bearer.status_code == 429  # the console's bearer header shares the lockout
    assert _login(client).status_code == 303


def test_stale_session_cookies_are_not_counted_as_guesses(client, clock):
    client.cookies.set(SESSION_COOKIE, "a-session-that-ended-long-ago")
    assert {client.get("/console/handoffs").status_code for _ in range(15)} == {401}
    assert client.post("/console/login", data={"token": "typo"}, headers=SAME_ORIGIN).status_code == 401  # not 429


def test_login_returns_to_the_page_asked_for_but_never_off_site(client):
    refused = client.get("/console/analytics?days=30")
    assert '<input type="hidden" name="next" value="/console/analytics?days=30">' in refused.text
    back = client.post(
        "/console/login",
        data={"token": ADMIN_TOKEN, "next": "/console/analytics?days=30"},
        headers=SAME_ORIGIN,
        follow_redirects=False,
    )
    assert back.headers["location"] == "/console/analytics?days=30"
    for target in ("https://evil.example/", "//evil.example/console/", "/api/admin/handoffs", "javascript:alert(1)"):
        data = {"token": ADMIN_TOKEN, "next": target}
        response = client.post("/console/login", data=data, headers=SAME_ORIGIN, follow_redirects=False)
        assert response.headers["location"] == "/console/handoffs", target


REFUSED = [
    {},  # neither Origin nor Referer
    {"Origin": "https://evil.example"},
    {"Origin": "http://testserver.evil.example"},
    {"Origin": "null"},
    {"Origin": "null", "Referer": "http://testserver/console/handoffs"},  # an opaque Origin is not "absent"
    {"Origin": "https://testserver"},  # another scheme
    {"Origin": "http://testserver:8080"},  # another port
    {"Origin": "not a url"},
    {"Referer": "https://evil.example/console/handoffs"},
    {"Referer": "http://testserver.evil.example/"},
]
ACCEPTED = [
    {"Origin": "http://testserver"},
    {"Origin": "http://TestServer:80"},
    {"Referer": "http://testserver/console/handoffs/NK-000000"},  # no Origin: the Referer's origin counts
]


@pytest.mark.parametrize("headers", REFUSED)
def test_console_posts_need_this_origin(client, clock, api_engine, headers):
    reference = _ticket(api_engine)
    assert _login(client).status_code == 303
    closing = client.post(f"/console/handoffs/{reference}/close", headers=headers, follow_redirects=False)
    assert closing.status_code == 403 and "This action must come from this site" in closing.text
    assert get_ticket(api_engine, reference).status == "open"
    assert client.post("/console/logout", headers=headers).status_code == 403
    assert client.get("/console/handoffs").status_code == 200  # still signed in
    login = client.post("/console/login", data={"token": ADMIN_TOKEN}, headers=headers, follow_redirects=False)
    assert login.status_code == 403 and "set-cookie" not in login.headers


@pytest.mark.parametrize("headers", ACCEPTED)
def test_console_posts_from_this_origin_pass(client, clock, api_engine, headers):
    reference = _ticket(api_engine)
    login = client.post("/console/login", data={"token": ADMIN_TOKEN}, headers=headers, follow_redirects=False)
    assert login.status_code == 303
    closing = client.post(f"/console/handoffs/{reference}/close", headers=headers, follow_redirects=False)
    assert closing.status_code == 303 and get_ticket(api_engine, reference).status == "closed"
    assert client.post("/console/logout", headers=headers, follow_redirects=False).status_code == 303


def test_pages_and_their_forms_keep_origin_and_referer(client, clock):
    """Console pages send ``Referrer-Policy: same-origin`` so browsers give our forms both headers."""
    assert client.get("/console/login").headers["referrer-policy"] == "same-origin"
    assert _login(client).status_code == 303
    page = client.get("/console/handoffs")
    assert page.headers["referrer-policy"] == "same-origin"
    assert '<form class="logout" method="post" action="/console/logout">' in page.text


@pytest.mark.parametrize("trusted", [True, False])
def test_behind_a_proxy_only_a_trusted_one_makes_the_cookie_secure(api_settings, fake_rasa, api_engine, trusted):
    """uvicorn believes ``X-Forwarded-Proto`` only from ``NENKIN_TRUSTED_PROXIES``; the scheme it gives decides."""
    app = create_app(api_settings, backend=fake_rasa, engine=api_engine, housekeeping=False)
    proxied = ProxyHeadersMiddleware(app, trusted_hosts="testclient" if trusted else "10.0.0.2")
    with TestClient(proxied) as client:
        headers = {"X-Forwarded-Proto": "https", "Origin": "https://testserver"}
        response = client.post("/console/login", data={"token": ADMIN_TOKEN}, headers=headers, follow_redirects=False)
        if trusted:
            assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]
        else:  # the API sees plain http, so the browser's https Origin is not its own
            assert response.status_code == 403 and "set-cookie" not in response.headers
