"""``create_app``: the URLs it serves, the order of routes and static files, the lifespan, the uvicorn factory."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from api.main import app, create_app

URLS = {
    ("POST", "/api/chat"),
    ("GET", "/api/health"),
    ("GET", "/api/languages"),
    ("GET", "/api/ui-text"),
    ("GET", "/api/admin/handoffs"),
    ("GET", "/api/admin/handoffs/{reference}"),
    ("POST", "/api/admin/handoffs/{reference}/close"),
    ("POST", "/api/admin/knowledge/reload"),
    ("GET", "/api/admin/knowledge/reload/{job_id}"),
    ("GET", "/api/admin/analytics"),
    ("GET", "/"),
    ("GET", "/static/embed.js"),
    ("GET", "/docs"),
    ("GET", "/console"),
    ("GET", "/console/login"),
    ("POST", "/console/login"),
    ("POST", "/console/logout"),
    ("GET", "/console/handoffs"),
    ("GET", "/console/handoffs/{reference}"),
    ("POST", "/console/handoffs/{reference}/close"),
    ("GET", "/console/analytics"),
}
"""Every URL the app answers (besides ``/openapi.json`` and ``/static``): the old ones plus the widget's data."""


def test_the_app_serves_exactly_these_urls(client):
    routes = [route for route in client.app.routes if isinstance(route, APIRoute)]
    assert {(method, route.path) for route in routes for method in route.methods} == URLS


def test_static_files_come_after_the_routes(client):
    """``/static/embed.js`` is rendered by a route; the mount serves everything else under ``/static``."""
    (mount,) = [route for route in client.app.routes if isinstance(route, Mount)]
    assert mount.path == "/static" and client.app.routes[-1] is mount
    assert client.get("/static/chat.js").status_code == 200
    assert client.get("/static/ui-text.json").status_code == 404


def test_every_api_route_declares_its_response_model(client):
    for route in client.app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            assert route.response_model is not None, route.path
            assert route.responses or route.path in {"/api/languages", "/api/ui-text"}, route.path


def test_the_lifespan_closes_the_backend(api_settings, fake_rasa, api_engine):
    with TestClient(create_app(api_settings, backend=fake_rasa, engine=api_engine, housekeeping=False)):
        assert not fake_rasa.closed
    assert fake_rasa.closed


def test_the_clock_is_the_one_given(api_settings, fake_rasa, api_engine):
    moment = object()
    application = create_app(api_settings, backend=fake_rasa, engine=api_engine, clock=lambda: moment)
    assert application.state.nenkin.clock() is moment


def test_uvicorn_builds_the_app_from_the_environment(monkeypatch, api_settings):
    """``api.main:app`` is the factory ``api/serve.py`` hands to uvicorn."""
    monkeypatch.setattr("api.main.get_api_settings", lambda: api_settings)
    assert isinstance(app(), FastAPI)
