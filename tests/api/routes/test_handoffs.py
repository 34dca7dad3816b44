"""``/api/admin/handoffs``: token checks, the hand-off queue, one ticket, closing it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

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


def _ticket(engine, text="免除の相談をしたい", language="ja", topic="exemption", when=WHEN):
    """A ticket as the actions store it: the resident's lines already redacted where they entered."""
    transcript = [TranscriptLine("user", redact(text).text), TranscriptLine("bot", "ねんきんダイヤルへどうぞ")]
    return create_ticket(
        engine, session_id="s1", language=language, topic=topic, line_id="nenkin_dial",
        transcript=transcript, now=when,
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
    assert ticket["created_at"] == "2026-11-30T01:00:00+00:00" and ticket["closed_at"] is None  # RFC 3339
    assert ticket["transcript"][0] == {"role": "user", "text": "電話は[PHONE]です"}
    assert "090-1234-5678" not in json.dumps(ticket, ensure_ascii=False)

    detail = client.get(f"/api/admin/handoffs/{reference.lower()}", headers=admin_headers)
    assert detail.status_code == 200 and detail.json() == ticket

    closed = client.post(f"/api/admin/handoffs/{reference}/close", headers=admin_headers).json()
    assert closed["status"] == "closed" and closed["closed_at"]
    empty = {"handoffs": [], "total": 0, "limit": 50, "offset": 0}
    assert client.get("/api/admin/handoffs?status=open", headers=admin_headers).json() == empty
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


def test_the_queue_is_paged_with_the_true_total(client, api_engine, admin_headers):
    made = [_ticket(api_engine, when=WHEN + timedelta(minutes=n)) for n in range(213)]
    first = client.get("/api/admin/handoffs", headers=admin_headers).json()
    assert (first["total"], first["limit"], first["offset"], len(first["handoffs"])) == (213, 50, 0, 50)
    seen = []
    for offset in (0, 200):
        page = client.get(f"/api/admin/handoffs?limit=200&offset={offset}", headers=admin_headers).json()
        assert page["total"] == 213 and page["offset"] == offset
        seen += [ticket["reference"] for ticket in page["handoffs"]]
    assert seen == list(reversed(made))  # newest first; the oldest is on the last page


def test_filters_and_partial_reference_search(client, api_engine, admin_headers):
    vi = _ticket(api_engine, language="vi", topic="nenkin_net", when=datetime(2026, 11, 29, 14, 0, tzinfo=timezone.utc))
    ja = _ticket(api_engine, when=datetime(2026, 11, 30, 16, 0, tzinfo=timezone.utc))  # 1 Dec 01:00 in Tokyo
    client.post(f"/api/admin/handoffs/{ja}/close", headers=admin_headers)

    def found(query):
        body = client.get(f"/api/admin/handoffs?{query}", headers=admin_headers).json()
        assert body["total"] == len(body["handoffs"]), query
        return {ticket["reference"] for ticket in body["handoffs"]}

    assert found("status=open") == {vi} and found("status=closed") == {ja}
    assert found("language=vi") == {vi} and found("topic=exemption") == {ja}
    assert found("created_from=2026-11-29&created_to=2026-11-30") == {vi}
    assert found("created_from=2026-12-01") == {ja}
    assert vi in found(f"reference={vi[4:8].lower()}") and found("reference=NK-ZZZZZZ") == set()
    assert found(f"language=vi&status=closed&reference={vi[3:]}") == set()
    assert found("reference=ZZ!") == set()  # well-formed, but no code can contain it
    assert found("created_from=2026-12-02&created_to=2026-12-01") == set()  # a reversed range matches nothing


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=maybe", "status"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999", "offset"),
        ("language=fr", "language"),
        ("topic=%3Cb%3E", "topic"),
        ("topic=" + "a" * 65, "topic"),
        ("reference=" + "7" * 41, "reference"),
        ("created_from=yesterday", "created_from"),
        ("created_to=2026-13-01", "created_to"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_parameter(client, admin_headers, query, parameter):
    response = client.get(f"/api/admin/handoffs?{query}", headers=admin_headers)
    assert response.status_code == 422, query
    assert [error["loc"] for error in response.json()["detail"]] == [["query", parameter]]


def test_openapi_documents_the_queue_parameters_and_limits(client):
    operation = client.get("/openapi.json").json()["paths"]["/api/admin/handoffs"]["get"]
    schemas = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert set(schemas) == {
        "status", "language", "topic", "reference", "created_from", "created_to", "limit", "offset"
    }  # fmt: skip
    assert (schemas["limit"]["minimum"], schemas["limit"]["maximum"], schemas["limit"]["default"]) == (1, 200, 50)
    assert (schemas["offset"]["minimum"], schemas["offset"]["maximum"], schemas["offset"]["default"]) == (0, 10**6, 0)
    assert schemas["status"]["enum"] == ["open", "closed"] and "vi" in schemas["language"]["enum"]
    assert (
        schemas["topic"]["pattern"] and schemas["topic"]["maxLength"] == 64 and schemas["reference"]["maxLength"] == 40
    )
    assert schemas["created_from"]["format"] == schemas["created_to"]["format"] == "date"
    assert "Asia/Tokyo" in schemas["created_from"]["description"]
    assert "422" in operation["responses"]
    body = client.get("/openapi.json").json()["components"]["schemas"]["HandoffsOut"]
    assert set(body["required"]) == {"handoffs", "total", "limit", "offset"}


def test_cookies_are_not_accepted(client, api_engine):
    """Bearer only: neither the old raw-token cookie nor a console session opens the admin API."""
    _ticket(api_engine)
    client.cookies.set("nenkin_admin", "test-admin-token-0123456789")
    assert client.get("/api/admin/handoffs").status_code == 401


def test_openapi_documents_the_admin_responses(client):
    paths = client.get("/openapi.json").json()["paths"]
    operation = paths["/api/admin/handoffs/{reference}"]["get"]
    assert {"200", "401", "404", "429"} <= set(operation["responses"])
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TicketOut"
    }
