"""The routes' dependencies: state, messages, the admin check, the same-origin check, the reload step."""

from __future__ import annotations

import pytest
from fastapi import HTTPException
from starlette.requests import Request

from api.deps import get_messages, get_rebuild, get_state, require_admin, same_origin
from api.reload import rebuild


def _request(app, headers: dict[str, str] | None = None) -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]
    scope = {"type": "http", "app": app, "headers": raw, "client": ("203.0.113.9", 1234), "method": "GET", "path": "/"}
    return Request(scope)


def test_state_and_messages_come_from_the_app(client):
    state = get_state(_request(client.app))
    assert state is client.app.state.nenkin
    assert get_messages(state) is state.knowledge.messages


def test_require_admin_accepts_the_bearer_token_only(client, admin_headers):
    state = client.app.state.nenkin
    require_admin(_request(client.app, admin_headers), state)
    with pytest.raises(HTTPException) as refused:
        require_admin(_request(client.app, {"Authorization": "Bearer nope"}), state)
    assert refused.value.status_code == 401


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Host": "console.example"}, True),  # no Origin: same-site navigation, older browsers
        ({"Host": "console.example", "Origin": "https://console.example"}, True),
        ({"Host": "console.example", "Origin": "https://evil.example"}, False),
        ({"Host": "console.example", "Origin": "null"}, False),
    ],
)
def test_same_origin(client, headers, allowed):
    request = _request(client.app, headers)
    if allowed:
        same_origin(request)
    else:
        with pytest.raises(HTTPException, match="cross-origin"):
            same_origin(request)


def test_the_reload_step_is_the_real_rebuild():
    assert get_rebuild() is rebuild
