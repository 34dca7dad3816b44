"""``GET /api/health``."""

from __future__ import annotations


def test_degraded_without_an_index_or_backend(client, fake_rasa):
    body = client.get("/api/health")
    assert body.status_code == 503
    components = body.json()["components"]
    assert components["api"] == components["rasa"] == components["database"] == "ok"
    assert components["index"].startswith("missing")
    fake_rasa.down = True
    assert client.get("/api/health").json()["components"]["actions"].startswith("unreachable")


def test_healthy_when_every_component_is_up(client, api_settings):
    from knowledge.content.loader import load_knowledge_base

    shipped_entries = len(load_knowledge_base(api_settings.knowledge_dir).entries)
    api_settings.index_dir.mkdir(parents=True)
    (api_settings.index_dir / "CURRENT").write_text("b1", encoding="utf-8")
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["knowledge"] == {"entries": shipped_entries, "build": "b1"}
