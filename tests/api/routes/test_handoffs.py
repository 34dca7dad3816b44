"""``/api/admin/handoffs``: token checks, the hand-off queue, one ticket, closing it."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from knowledge.store.records import TranscriptLine, create_ticket
from knowledge.text.redaction import redact

WHEN = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
ADMIN_ROUTES = [
    ("get", "/api/admin/handoffs"),
    ("get", "/api/admin/handoffs/NK-000000"),
    ("post", "/api/admin/handoffs/NK-000000/close"),
    ("post", "/api/admin/knowledge/reload"),
    ("get", "/api/admin/analytics?days=7"),
]


def _ticket(engine, text="免除の相談をしたい", language="ja"):
    """A ticket as the actions store it: the resident's lines already redacted where they entered."""
    transcript = [TranscriptLine("user", redact(text).text), TranscriptLine("bot", "ねんきんダイヤルへどうぞ")]
    return create_ticket(
        engine, session_id="s1", language=language, topic="exemption", line_id="nenkin_dial",
        transcript=transcript, now=WHEN,
    )  # fmt: skip


def test_admin_routes_need_the_token(client):
    assert client.get("/api/admin/handoffs").headers["WWW-Authenticate"] == "Bearer"
    for method, path in ADMIN_ROUTES[1:]:  # two failures each: ten in a minute would be throttled
        refused = getattr(client, method)(path)
        assert refused.status_code == 401, path
        assert refused.json() == {"detail": "admin token required"}, path
        wrong = getattr(client, method)(path, headers={"Authorization": "Bearer wrong-token-wrong-token"})
        assert wrong.status_code == 401, path


def test_token_brute_force_is_throttled(client):
    statuses = [
        client.get("/api/admin/handoffs", headers={"Authorization": f"Bearer guess-{n}"}).status_code for n in range(15)
    ]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    throttled = client.get("/api/admin/handoffs", headers={"Authorization": "Bearer guess"})
    assert int(throttled.headers["Retry-After"]) >= 1


def test_handoff_queue_detail_and_close(client, api_engine, admin_headers):
    reference = _ticket(api_engine, text="電話は090-1234-5678です")
    listed = client.get("/api/admin/handoffs", headers=admin_headers).json()["handoffs"]
    assert [t["reference"] for t in listed] == [reference]
    ticket = listed[0]
    assert set(ticket) == {
        "reference", "created_at", "language", "topic", "status", "line_id", "closed_at", "transcript"
    }  # fmt: skip
    assert ticket["status"] == "open" and ticket["topic"] == "exemption" and ticket["language"] == "ja"
    assert ticket["created_at"] == "2026-11-30T01:00:00" and ticket["closed_at"] is None
    assert ticket["transcript"][0] == {"role": "user", "text": "電話は[PHONE]です"}
    assert "090-1234-5678" not in json.dumps(ticket, ensure_ascii=False)

    detail = client.get(f"/api/admin/handoffs/{reference.lower()}", headers=admin_headers)
    assert detail.status_code == 200 and detail.json() == ticket

    closed = client.post(f"/api/admin/handoffs/{reference}/close", headers=admin_headers).json()
    assert closed["status"] == "closed" and closed["closed_at"]
    assert client.get("/api/admin/handoffs?status=open", headers=admin_headers).json() == {"handoffs": []}
    assert len(client.get("/api/admin/handoffs?status=closed", headers=admin_headers).json()["handoffs"]) == 1


def test_references_are_read_like_the_console_reads_them(client, api_engine, admin_headers):
    reference = _ticket(api_engine)
    full_width = reference.translate({ord(ch): ord(ch) + 0xFEE0 for ch in reference if ch != "-"}).replace("-", "－")
    for typed in (full_width, reference[3:].lower(), f"NK ー {reference[3:]}"):
        response = client.get(f"/api/admin/handoffs/{typed}", headers=admin_headers)
        assert response.status_code == 200, typed
        assert response.json()["reference"] == reference
    closed = client.post(f"/api/admin/handoffs/{full_width}/close", headers=admin_headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_unknown_or_malformed_reference_is_404(client, admin_headers):
    for reference in ("NK-ZZZZZZ", "NK-12345", "%3Cscript%3E"):
        missing = client.get(f"/api/admin/handoffs/{reference}", headers=admin_headers)
        assert missing.status_code == 404, reference
        assert "no hand-off with reference" in missing.json()["detail"]
        assert client.post(f"/api/admin/handoffs/{reference}/close", headers=admin_headers).status_code == 404


def test_bad_query_parameters_are_422(client, admin_headers):
    assert client.get("/api/admin/handoffs?status=maybe", headers=admin_headers).status_code == 422
    assert client.get("/api/admin/handoffs?limit=0", headers=admin_headers).status_code == 422


def test_cookie_token_is_accepted(client, api_engine):
    _ticket(api_engine)
    client.cookies.set("nenkin_admin", "test-admin-token-0123456789")
    assert client.get("/api/admin/handoffs").status_code == 200


def test_openapi_documents_the_admin_responses(client):
    paths = client.get("/openapi.json").json()["paths"]
    operation = paths["/api/admin/handoffs/{reference}"]["get"]
    assert {"200", "401", "404", "429"} <= set(operation["responses"])
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TicketOut"
    }
