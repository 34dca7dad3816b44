"""Console sessions in the store: random ids, keyed hashes only, absolute expiry, closing, purging."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from knowledge.store.database import connect, console_sessions
from knowledge.store.sessions import close_session, open_session, purge_sessions, session_is_open

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
KEY = "an-admin-token-0123456789"
HOUR = timedelta(hours=1)


@pytest.fixture
def engine(tmp_path):
    return connect(f"sqlite:///{tmp_path / 'nenkin.db'}")


def _rows(engine):
    with engine.connect() as connection:
        return list(connection.execute(select(console_sessions)))


def test_ids_are_random_and_only_their_keyed_hash_is_stored(engine, tmp_path):
    ids = {open_session(engine, key=KEY, lifetime=HOUR, now=NOW) for _ in range(20)}
    assert len(ids) == 20 and {len(session_id) for session_id in ids} == {43}
    stored = {row.id_hash for row in _rows(engine)}
    assert len(stored) == 20 and not stored & ids
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("nenkin.db*"))  # with the WAL file
    assert not any(session_id.encode() in raw for session_id in ids) and KEY.encode() not in raw


def test_a_session_is_open_until_its_expiry(engine):
    session_id = open_session(engine, key=KEY, lifetime=HOUR, now=NOW)
    assert session_is_open(engine, session_id, key=KEY, now=NOW)
    assert session_is_open(engine, session_id, key=KEY, now=NOW + HOUR - timedelta(microseconds=1))
    assert not session_is_open(engine, session_id, key=KEY, now=NOW + HOUR)
    local = NOW.astimezone(timezone(timedelta(hours=9)))  # the same moment in Japan time
    assert session_is_open(engine, session_id, key=KEY, now=local + timedelta(minutes=59))


def test_only_the_key_it_was_opened_with_finds_it(engine):
    session_id = open_session(engine, key=KEY, lifetime=HOUR, now=NOW)
    assert not session_is_open(engine, session_id, key="another-admin-token-000", now=NOW)
    assert not session_is_open(engine, session_id, key="", now=NOW)


@pytest.mark.parametrize("presented", [None, "", "made-up", "x" * 129, "\udcff"])
def test_unknown_ids_are_not_open(engine, presented):
    open_session(engine, key=KEY, lifetime=HOUR, now=NOW)
    assert not session_is_open(engine, presented, key=KEY, now=NOW)
    assert not close_session(engine, presented, key=KEY)


def test_closing_ends_a_session_for_good(engine):
    session_id = open_session(engine, key=KEY, lifetime=HOUR, now=NOW)
    other = open_session(engine, key=KEY, lifetime=HOUR, now=NOW)
    assert close_session(engine, session_id, key=KEY)
    assert not session_is_open(engine, session_id, key=KEY, now=NOW)
    assert not close_session(engine, session_id, key=KEY)
    assert session_is_open(engine, other, key=KEY, now=NOW)


def test_expired_sessions_are_deleted_by_the_next_login_or_a_purge(engine):
    for _ in range(3):
        open_session(engine, key=KEY, lifetime=HOUR, now=NOW)
    long = open_session(engine, key=KEY, lifetime=3 * HOUR, now=NOW)
    assert len(_rows(engine)) == 4
    open_session(engine, key=KEY, lifetime=HOUR, now=NOW + HOUR)
    assert len(_rows(engine)) == 2 and session_is_open(engine, long, key=KEY, now=NOW + HOUR)
    assert purge_sessions(engine, now=NOW + 3 * HOUR) == 2
    assert _rows(engine) == []


def test_bad_arguments_are_refused(engine):
    with pytest.raises(ValueError, match="non-empty key"):
        open_session(engine, key="", lifetime=HOUR, now=NOW)
    with pytest.raises(ValueError, match="positive time"):
        open_session(engine, key=KEY, lifetime=timedelta(0), now=NOW)
