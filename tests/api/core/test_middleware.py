"""Security headers, CORS and the body size limit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.core.middleware import content_security_policy
from api.main import create_app


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
