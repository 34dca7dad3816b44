"""The routes' dependencies: state, messages, the admin and console checks, the same-origin check, the reload step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import HTTPException
from fastapi.security import HTTPAuthorizationCredentials
from starlette.requests import Request

from api.core.auth import SESSION_COOKIE
from api.deps import get_messages, get_rebuild, get_state, require_admin, require_console, same_origin
from api.reload import rebuild
from knowledge.store.sessions import open_session


def _request(app, headers: dict[str, str] | None = None, method: str = "GET", scheme: str = "http") -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]
    scope = {
        "type": "http", "app": app, "headers": raw, "client": ("203.0.113.9", 1234), "method": method,
        "path": "/console/logout", "scheme": scheme, "server": ("console.example", 443 if scheme == "https" else 80),
    }  # fmt: skip
    return Request(scope)


def _bearer(token: str) -> HTTPAuthorizationCredentials:
    return HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)


def test_state_and_messages_come_from_the_app(client):
    state = get_state(_request(client.app))
    assert state is client.app.state.nenkin
    assert get_messages(state) is state.knowledge.messages


def _session(state) -> str:
    return open_session(state.engine, key=state.settings.admin_token, lifetime=timedelta(hours=1), now=state.clock())


def test_require_admin_accepts_the_bearer_token_only(client, admin_headers):
    state = client.app.state.nenkin
    token = admin_headers["Authorization"].removeprefix("Bearer ")
    require_admin(_request(client.app), state, _bearer(token))
    require_admin(_request(client.app), state, _bearer(f" {token} "))
    cookie = {"Cookie": f"{SESSION_COOKIE}={_session(state)}"}
    for request, credentials in [
        (_request(client.app), _bearer("nope")),
        (_request(client.app), None),
        (_request(client.app, cookie), None),  # a live console session is not enough
    ]:
        with pytest.raises(HTTPException) as refused:
            require_admin(request, state, credentials)
        assert refused.value.status_code == 401


def test_require_console_takes_a_live_session_or_the_bearer_token(client, admin_headers):
    state = client.app.state.nenkin
    token = admin_headers["Authorization"].removeprefix("Bearer ")
    require_console(_request(client.app, {"Cookie": f"{SESSION_COOKIE}={_session(state)}"}), state, None)
    require_console(_request(client.app), state, _bearer(token))
    for cookie in ("", f"{SESSION_COOKIE}=made-up", f"{SESSION_COOKIE}={'x' * 500}", f"nenkin_admin={token}"):
        with pytest.raises(HTTPException) as refused:
            require_console(_request(client.app, {"Cookie": cookie}), state, None)
        assert refused.value.status_code == 401 and refused.value.detail == "console login required"


@pytest.mark.parametrize(
    ("headers", "scheme", "allowed"),
    [
        ({"Host": "console.example", "Origin": "https://console.example"}, "https", True),
        ({"Host": "console.example", "Origin": "https://CONSOLE.example:443"}, "https", True),
        ({"Host": "console.example:8443", "Origin": "https://console.example:8443"}, "https", True),
        ({"Host": "console.example", "Referer": "https://console.example/console/handoffs?q=1"}, "https", True),
        ({"Host": "console.example"}, "https", False),  # neither header
        ({"Host": "console.example", "Origin": ""}, "https", False),
        ({"Host": "console.example", "Origin": "https://evil.example"}, "https", False),
        ({"Host": "console.example", "Origin": "null"}, "https", False),
        ({"Host": "console.example", "Origin": "http://console.example"}, "https", False),  # downgraded
        ({"Host": "console.example", "Origin": "https://console.example"}, "http", False),  # proxy not trusted
        ({"Host": "console.example:8443", "Origin": "https://console.example"}, "https", False),
        ({"Host": "console.example", "Origin": "https://console.example:99999"}, "https", False),
        ({"Host": "console.example", "Referer": "https://console.example.evil.example/"}, "https", False),
        ({"Host": "console.example", "Referer": "javascript:alert(1)"}, "https", False),
    ],
)
def test_same_origin_on_posts(client, headers, scheme, allowed):
    request = _request(client.app, headers, method="POST", scheme=scheme)
    if allowed:
        same_origin(request)
    else:
        with pytest.raises(HTTPException) as refused:
            same_origin(request)
        assert refused.value.status_code == 403


def test_same_origin_lets_safe_methods_through(client):
    for method in ("GET", "HEAD", "OPTIONS"):
        same_origin(_request(client.app, {"Host": "console.example", "Origin": "https://evil.example"}, method=method))


def test_a_scheme_mismatch_is_logged_with_the_likely_cause(client, caplog):
    request = _request(client.app, {"Host": "console.example", "Origin": "https://console.example"}, method="POST")
    with pytest.raises(HTTPException):
        same_origin(request)
    assert "NENKIN_TRUSTED_PROXIES" in caplog.text


def test_the_reload_step_is_the_real_rebuild():
    assert get_rebuild() is rebuild
