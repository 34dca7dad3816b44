"""Personal numbers typed by a resident appear in no store, log or admin view of the running assistant."""

from __future__ import annotations

import httpx
import pytest

pytestmark = [pytest.mark.model, pytest.mark.stack]

SECRETS = {
    "pension number": "4567-891234",
    "My Number": "2345 6789 0123",
    "mobile phone": "080-9876-5432",
    "e-mail": "taro.yamada@example.jp",
    "postal code": "〒160-0023",
}
CONVERSATION = [
    f"基礎年金番号は{SECRETS['pension number']}です。免除の申請をしたい",
    f"マイナンバーは{SECRETS['My Number']}、電話は{SECRETS['mobile phone']}です",
    f"My email is {SECRETS['e-mail']}, can I get an exemption?",
    f"住所は{SECRETS['postal code']} 東京都新宿区西新宿2-8-1です",
    "/request_human",
]


def _raw_forms(secret: str) -> set[bytes]:
    digits = "".join(ch for ch in secret if ch.isdigit())
    forms = {secret.encode(), secret.encode("utf-16-le")}
    if len(digits) >= 7:
        forms.add(digits.encode())
    return forms


def test_no_store_log_or_admin_view_holds_a_raw_number(assistant):
    running, settings, folder = assistant
    admin = {"Authorization": f"Bearer {settings.admin_token}"}
    with httpx.Client(base_url=running.url, timeout=60) as client:
        replies = [client.post("/api/chat", json={"session_id": "privacy-1", "message": m}) for m in CONVERSATION]
        assert [r.status_code for r in replies] == [200] * len(CONVERSATION)
        reference = replies[-1].json()["handoff"]["reference"]
        views = [
            client.get("/api/admin/handoffs", headers=admin).content,
            client.get(f"/api/admin/handoffs/{reference}", headers=admin).content,
            client.get("/api/admin/analytics?days=1", headers=admin).content,
            *(reply.content for reply in replies),
        ]
    stores = [path for path in folder.iterdir() if path.is_file()]
    assert {"nenkin.db", "tracker.db"} <= {path.name for path in stores}
    assert {"api.log", "actions.log", "rasa.log"} <= {path.name for path in stores}
    for label, secret in SECRETS.items():
        for form in _raw_forms(secret):
            for path in stores:
                assert form not in path.read_bytes(), f"{label} found in {path.name}"
            for view in views:
                assert form not in view, f"{label} shown by the API"
