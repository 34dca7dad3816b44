"""The API's exception handler for undecodable bodies and the 413 body of the size limit."""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request

from api.core.errors import too_large_refusal, unparsable_body_is_422


def _request() -> Request:
    return Request({"type": "http", "method": "POST", "path": "/api/chat", "headers": []})


def test_a_body_that_cannot_be_parsed_is_a_422_naming_the_body():
    error = HTTPException(400, "There was an error parsing the body")
    response = asyncio.run(unparsable_body_is_422(_request(), error))
    assert response.status_code == 422
    assert b'"loc":["body"]' in response.body


def test_other_http_errors_pass_through():
    response = asyncio.run(unparsable_body_is_422(_request(), HTTPException(404, "no such thing")))
    assert response.status_code == 404 and b"no such thing" in response.body


def test_the_413_body_is_japanese_with_the_limit_and_the_phone(client):
    state = client.app.state.nenkin
    body = too_large_refusal(state)()
    assert body["error"] == "too_large" and body["language"] == "ja" and body["phone"] == "0570-05-1165"
    assert str(state.settings.max_body_bytes) in body["message"]
