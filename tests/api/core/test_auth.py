"""The admin token: refused when guessable, compared in constant time, throttled."""

from __future__ import annotations

import pytest

from api.core.auth import AdminGuard, InsecureTokenError, check_admin_token
from api.main import create_app


@pytest.mark.parametrize("token", ["", "changeme", "admin", "short-token"])
def test_production_refuses_guessable_tokens(token):
    with pytest.raises(InsecureTokenError, match="NENKIN_ADMIN_TOKEN"):
        check_admin_token(token, "production")


def test_development_mode_allows_an_empty_token():
    check_admin_token("", "development")


def test_the_server_refuses_to_start_with_an_empty_token(api_settings, fake_rasa, api_engine):
    with pytest.raises(InsecureTokenError):
        create_app(api_settings.copy(update={"admin_token": ""}), backend=fake_rasa, engine=api_engine)


def test_guard_accepts_only_the_exact_token():
    guard = AdminGuard("a-long-enough-admin-token", failures_per_minute=5)
    assert guard.accepts("a-long-enough-admin-token")
    assert not guard.accepts("a-long-enough-admin-token ")
    assert not guard.accepts("A-LONG-ENOUGH-ADMIN-TOKEN")
    assert not guard.accepts(None)
    assert not guard.accepts("")


def test_an_unset_token_accepts_nothing():
    assert not AdminGuard("", failures_per_minute=5).accepts("")
