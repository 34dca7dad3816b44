"""Security headers, CORS, the body size limit and ``Cache-Control: no-store`` on private paths."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from api.core.middleware import NoStore, content_security_policy
from api.main import create_app
from tests.api.conftest import ADMIN_TOKEN


def test_pages_and_api_carry_security_headers(client):
    for path in ("/", "/api/health", "/openapi.json"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer", path
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy, path


def test_csp_allows_framing_only_by_configured_origins():
    assert content_security_policy([]).endswith("frame-ancestors 'self'")
    assert content_security_policy(["https://www.example.jp"]).endswith("frame-ancestors 'self' https://www.example.jp")


def test_cors_is_limited_to_configured_origins(api_settings, fake_rasa, api_engine):
    settings = api_settings.copy(update={"cors_origins": ["https://www.example.jp"]})
    with TestClient(create_app(settings, backend=fake_rasa, engine=api_engine)) as client:
        preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
        allowed = client.options("/api/chat", headers={"Origin": "https://www.example.jp", **preflight})
        refused = client.options("/api/chat", headers={"Origin": "https://evil.example", **preflight})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.example.jp"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_body_limit_applies_to_declared_and_streamed_sizes(client):
    declared = client.post(
        "/api/chat", content=b"{}", headers={"Content-Length": "999999", "Content-Type": "application/json"}
    )
    assert declared.status_code == 413

    def chunks():
        for _ in range(40):
            yield b" " * 1024

    streamed = client.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_no_store_replaces_any_cache_control_under_its_prefixes():
    app = FastAPI()

    @app.get("/{path:path}")
    async def anything(path: str) -> PlainTextResponse:
        return PlainTextResponse(path, headers={"Cache-Control": "public, max-age=600"})

    client = TestClient(NoStore(app, prefixes=("/api/admin", "/console/")))
    for path in ("/api/admin", "/api/admin/handoffs", "/console", "/console/handoffs/NK-1"):
        assert client.get(path).headers.get_list("cache-control") == ["no-store"], path
    for path in ("/", "/api/administrator", "/consoles", "/api/chat", "/static/console.css"):
        assert client.get(path).headers["cache-control"] == "public, max-age=600", path


def test_admin_answers_and_console_pages_are_never_cached(client, admin_headers):
    """Every admin route and console page, answered or refused, signed in or not."""
    origin = {"Origin": "http://testserver"}
    assert client.post("/console/login", data={"token": ADMIN_TOKEN}, headers=origin).status_code == 200
    signed_in = dict(client.cookies)
    client.cookies.clear()
    requests = [
        ("get", "/api/admin/handoffs", admin_headers),
        ("get", "/api/admin/handoffs", {}),  # 401
        ("get", "/api/admin/handoffs?status=maybe", admin_headers),  # 422
        ("get", "/api/admin/handoffs/NK-000000", admin_headers),  # 404
        ("post", "/api/admin/handoffs/NK-000000/close", admin_headers),
        ("get", "/api/admin/analytics?days=7", admin_headers),
        ("get", "/api/admin/knowledge/reload/unknown", admin_headers),  # 404
        ("get", "/api/admin/nothing-here", admin_headers),  # 404 of no route
        ("get", "/console", {}),  # redirect
        ("get", "/console/login", {}),
        ("get", "/console/handoffs", {}),  # 401 page
        ("post", "/console/logout", {}),  # 403 page (no Origin)
        ("post", "/console/logout", origin),  # redirect
        ("get", "/console/handoffs", admin_headers),
        ("get", "/console/handoffs/NK-000000", admin_headers),  # 404 page
        ("get", "/console/analytics", admin_headers),
    ]
    for method, path, headers in requests:
        response = getattr(client, method)(path, headers=headers, follow_redirects=False)
        assert response.headers.get_list("cache-control") == ["no-store"], (method, path, response.status_code)
    client.cookies.update(signed_in)
    assert client.get("/console/analytics").headers["cache-control"] == "no-store"
    too_large = client.post("/api/admin/handoffs/NK-1/close", content=b"x" * 20_000, headers=admin_headers)
    assert too_large.status_code == 413 and too_large.headers["cache-control"] == "no-store"
    for path in ("/api/health", "/api/languages", "/"):
        assert "no-store" not in client.get(path).headers.get("cache-control", ""), path
