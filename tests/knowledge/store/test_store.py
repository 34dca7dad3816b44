import sqlite3
import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from knowledge.store.database import DatabaseError, connect, events, feedback, transaction
from knowledge.store.queue import search_tickets
from knowledge.store.records import (
    TranscriptLine,
    close_ticket,
    create_ticket,
    get_ticket,
    record_event,
    record_feedback,
)
from knowledge.store.references import REFERENCE_ALPHABET, new_reference, normalize_reference


@pytest.fixture
def engine(tmp_path):
    return connect(f"sqlite:///{tmp_path / 'db' / 'nenkin.db'}")


def test_sqlite_uses_wal_and_creates_its_folder(engine, tmp_path):
    assert (tmp_path / "db" / "nenkin.db").exists()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_reference_codes_are_readable():
    codes = {new_reference() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code.startswith("NK-") and len(code) == 9 and set(code[3:]) <= set(REFERENCE_ALPHABET)


@pytest.mark.parametrize(
    "typed",
    ["NK-7F3KQ9", "nk-7f3kq9", " nk 7f3kq9 ", "7F3KQ9", "7f3 kq9", "ＮＫ－７Ｆ３ＫＱ９", "NK‐7F3KQ9", "NK−7F3KQ9",
     "NKー7F3KQ9", "NK_7F3KQ9", "NK\u30007F3KQ9"],
)  # fmt: skip
def test_normalize_reference_accepts_what_people_type(typed):
    assert normalize_reference(typed) == "NK-7F3KQ9"


def test_normalize_reference_reads_lookalike_letters_as_digits():
    assert normalize_reference("NK-7F3KO9") == "NK-7F3K09"
    assert normalize_reference("nk-il0000") == "NK-110000"


@pytest.mark.parametrize("typed", ["", "   ", "NK-", "NK-7F3KQ", "NK-7F3KQ99", "NK-7F3KU9", "<script>", "XX-7F3KQ9"])
def test_normalize_reference_refuses_what_cannot_be_a_reference(typed):
    assert normalize_reference(typed) is None


def test_normalize_reference_without_the_prefix_keeps_codes_starting_with_nk():
    assert normalize_reference("NK1234") == "NK-NK1234"
    assert normalize_reference("NK-NK1234") == "NK-NK1234"


def test_normalize_reference_partial_accepts_part_of_a_code():
    assert normalize_reference("7f3", partial=True) == "NK-7F3"
    assert normalize_reference("ｎｋ－７ｆ", partial=True) == "NK-7F"
    assert normalize_reference("NK-7F3KQ9", partial=True) == "NK-7F3KQ9"
    for typed in ("", "nk", "NK-7F3KQ9X", "ZZ!"):
        assert normalize_reference(typed, partial=True) is None, typed


def test_a_normalized_reference_finds_the_ticket(engine):
    reference = create_ticket(engine, session_id="s", language="ja", topic=None, line_id="nenkin_dial", transcript=[])
    typed = reference.lower().replace("-", "ー")
    assert get_ticket(engine, normalize_reference(typed)).reference == reference


def test_ticket_round_trip_keeps_the_lines_as_given(engine):
    transcript = [
        TranscriptLine("user", "基礎年金番号は[PENSION_NUMBER]です。免除について"),  # redacted where it entered
        TranscriptLine("bot", "ねんきんダイヤル 0570-05-1165 にお電話ください"),
    ]
    now = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
    reference = create_ticket(
        engine, session_id="s1", language="ja", topic="exemption", line_id="nenkin_dial", transcript=transcript, now=now
    )
    ticket = get_ticket(engine, reference.lower())
    assert ticket.reference == reference and ticket.status == "open" and ticket.topic == "exemption"
    assert ticket.transcript[0].text == "基礎年金番号は[PENSION_NUMBER]です。免除について"
    assert ticket.transcript[1].text.endswith("0570-05-1165 にお電話ください")  # bot lines are kept as said
    assert ticket.created_at.replace(tzinfo=timezone.utc) == now


def test_list_and_close(engine):
    refs = [
        create_ticket(engine, session_id=f"s{i}", language="en", topic=None, line_id="nenkin_dial", transcript=[])
        for i in range(3)
    ]
    assert {t.reference for t in search_tickets(engine).items} == set(refs)
    closed = close_ticket(engine, refs[0])
    assert closed.status == "closed" and closed.closed_at is not None
    assert {t.reference for t in search_tickets(engine, status="open").items} == set(refs[1:])
    assert close_ticket(engine, "NK-NOPE00") is None
    assert get_ticket(engine, "NK-NOPE00") is None


def test_feedback_and_events_are_stored_as_given(engine):
    # Text arrives redacted (knowledge.text.incoming at the edge); the store writes it as it is.
    record_feedback(engine, session_id="s1", faq_id="exemption-overview", helpful=False, language="ja")
    record_event(engine, session_id="s1", kind="none", language="ja", text="電話は[PHONE]です", score=0.5)
    with engine.connect() as connection:
        (vote,) = connection.execute(select(feedback)).all()
        (event,) = connection.execute(select(events)).all()
    assert (vote.faq_id, vote.helpful) == ("exemption-overview", False)
    assert (event.kind, event.text, event.score) == ("none", "電話は[PHONE]です", 0.5)


def test_busy_database_is_retried(engine, tmp_path):
    path = tmp_path / "db" / "nenkin.db"
    blocker = sqlite3.connect(path, timeout=0, check_same_thread=False)
    blocker.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, blocker.rollback)
    release.start()
    try:
        record_feedback(engine, session_id="s", faq_id="f", helpful=True, language="en")
    finally:
        release.join()
        blocker.close()
    with engine.connect() as connection:
        assert len(connection.execute(select(feedback)).all()) == 1


def test_read_only_database_gives_a_clear_error(engine, tmp_path):
    from sqlalchemy.exc import OperationalError

    def fail(_connection):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database"))

    with pytest.raises(DatabaseError, match="readonly"):
        transaction(engine, fail)


def test_locked_forever_gives_up_after_retries(engine):
    from sqlalchemy.exc import OperationalError

    calls = []

    def locked(_connection):
        calls.append(1)
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(DatabaseError, match="locked"):
        transaction(engine, locked, attempts=3, delay=0.001)
    assert len(calls) == 3


def test_unopenable_database(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(DatabaseError, match="cannot open the database"):
        connect(f"sqlite:///{tmp_path / 'file' / 'db.sqlite'}")
