"""``GET /api/admin/analytics``: the same figures as the dashboard, as JSON."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from knowledge.store.analytics import compute_analytics
from knowledge.store.records import record_event, record_feedback

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)


def _seed_usage(engine):
    for session, language, outcome in [("a", "ja", "answer"), ("b", "en", "none"), ("c", "ja", "suggest")]:
        record_event(engine, session_id=session, kind="message", language=language, text="q", now=NOW - timedelta(1))
        record_event(engine, session_id=session, kind=outcome, language=language, text="年金はいつ", now=NOW)
    record_event(engine, session_id="c", kind="handoff", language="ja", now=NOW)
    record_feedback(engine, session_id="a", faq_id="exemption_overview", helpful=False, language="ja", now=NOW)


def test_admin_api_serves_the_figures_of_compute_analytics(client, api_engine, admin_headers):
    client.app.state.nenkin.clock = lambda: NOW
    _seed_usage(api_engine)
    response = client.get("/api/admin/analytics?days=7", headers=admin_headers)
    assert response.status_code == 200
    body = response.json()
    assert body == compute_analytics(api_engine, days=7, now=NOW)
    assert body["conversations"] == 3 and body["period"]["days"] == 7 and "from" in body["period"]
    assert body["feedback_per_faq"] == [{"faq_id": "exemption_overview", "helpful": 0, "not_helpful": 1}]
    assert body["top_unanswered"][0]["text"] == "年金はいつ"


def test_the_period_is_validated(client, admin_headers):
    assert client.get("/api/admin/analytics?days=366", headers=admin_headers).status_code == 200
    for days in ("0", "367", "seven"):
        assert client.get(f"/api/admin/analytics?days={days}", headers=admin_headers).status_code == 422
