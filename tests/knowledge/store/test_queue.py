"""The hand-off queue query: paging with the true total, filters and search done in the database."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, inspect, text

from knowledge.store.database import connect
from knowledge.store.queue import MAX_PAGE_SIZE, search_tickets
from knowledge.store.records import TranscriptLine, close_ticket, create_ticket

START = datetime(2026, 11, 1, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def engine(tmp_path):
    return connect(f"sqlite:///{tmp_path / 'nenkin.db'}")


def _ticket(engine, *, when, language="ja", topic="exemption", session="s1"):
    return create_ticket(
        engine, session_id=session, language=language, topic=topic, line_id="nenkin_dial",
        transcript=[TranscriptLine("user", "免除の相談")], now=when,
    )  # fmt: skip


def _statements(engine):
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_513_open_tickets_are_all_reachable_page_by_page_with_the_true_total(engine):
    made = [_ticket(engine, when=START + timedelta(minutes=n)) for n in range(513)]
    first = search_tickets(engine, status="open")
    assert (first.total, first.limit, first.offset, len(first.items)) == (513, 50, 0, 50)
    seen = []
    for offset in range(0, 513, MAX_PAGE_SIZE):
        seen += [t.reference for t in search_tickets(engine, status="open", limit=MAX_PAGE_SIZE, offset=offset).items]
    assert seen == list(reversed(made))  # newest first, nothing lost or repeated
    assert made[0] in [t.reference for t in search_tickets(engine, reference=made[0][3:7]).items]  # the oldest


def test_one_count_and_one_page_query(engine):
    reference = _ticket(engine, when=START)
    statements = _statements(engine)
    page = search_tickets(engine, status="open", language="ja", topic="exemption", reference=reference[4:], limit=10)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2 and "count(*)" in selects[0].lower() and "LIMIT" in selects[1]
    assert page.total == 1


def test_same_moment_is_ordered_by_reference(engine):
    made = [_ticket(engine, when=START) for _ in range(7)]
    pages = [search_tickets(engine, limit=3, offset=offset).items for offset in (0, 3, 6)]
    assert [t.reference for page in pages for t in page] == sorted(made, reverse=True)


def test_filters_combine(engine):
    vi = _ticket(engine, when=START, language="vi", topic="nenkin_net")
    ja = _ticket(engine, when=START + timedelta(hours=1))
    no_topic = _ticket(engine, when=START + timedelta(hours=2), topic=None)
    close_ticket(engine, ja)

    def refs(**filters):
        return {t.reference for t in search_tickets(engine, **filters).items}

    assert refs(status="open") == {vi, no_topic} and refs(status="closed") == {ja}
    assert refs(language="vi") == {vi} and refs(language="ja") == {ja, no_topic}
    assert refs(topic="nenkin_net") == {vi} and refs(topic="exemption", status="open") == set()
    assert refs(language="ja", status="open") == {no_topic}


def test_created_dates_are_japan_calendar_days_inclusive(engine):
    before = _ticket(engine, when=datetime(2026, 11, 29, 14, 59, tzinfo=timezone.utc))  # 29 Nov 23:59 in Tokyo
    first = _ticket(engine, when=datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc))  # 30 Nov 00:00 in Tokyo
    last = _ticket(engine, when=datetime(2026, 11, 30, 14, 59, tzinfo=timezone.utc))  # 30 Nov 23:59 in Tokyo
    after = _ticket(engine, when=datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc))  # 1 Dec 00:00 in Tokyo
    day = date(2026, 11, 30)
    assert {t.reference for t in search_tickets(engine, created_from=day, created_to=day).items} == {first, last}
    assert {t.reference for t in search_tickets(engine, created_from=day).items} == {first, last, after}
    assert {t.reference for t in search_tickets(engine, created_to=day).items} == {before, first, last}


def test_partial_reference_search(engine):
    reference = _ticket(engine, when=START)
    other = _ticket(engine, when=START)
    for typed in (reference[3:6], reference[6:].lower(), reference, f"nk {reference[3:5]}", "ＮＫ－" + reference[3:5]):
        found = {t.reference for t in search_tickets(engine, reference=typed).items}
        assert reference in found, typed
    if other[3:] != reference[3:]:
        assert other not in {t.reference for t in search_tickets(engine, reference=reference).items}
    nothing = search_tickets(engine, reference="ZZ!")
    assert nothing.total == 0 and nothing.items == ()
    assert search_tickets(engine, reference="  ").total == 2  # blank: no search


def test_list_pages_can_leave_the_transcripts_out(engine):
    _ticket(engine, when=START)
    assert search_tickets(engine).items[0].transcript == (TranscriptLine("user", "免除の相談"),)
    assert search_tickets(engine, transcripts=False).items[0].transcript == ()


def test_a_page_past_the_end_is_empty_with_the_total(engine):
    _ticket(engine, when=START)
    page = search_tickets(engine, offset=50)
    assert page.items == () and page.total == 1


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": MAX_PAGE_SIZE + 1}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "maybe"}, "status"),
        ({"language": "fr"}, "language"),
        ({"topic": "<b>"}, "topic"),
    ],
)
def test_bad_filters_name_the_field(engine, filters, field):
    with pytest.raises(ValueError, match=f"^{field}: "):
        search_tickets(engine, **filters)


def test_the_queue_indexes_serve_the_default_page(engine):
    with engine.connect() as connection:
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT reference FROM handoff_tickets WHERE status = 'open' "
                "ORDER BY created_at DESC, reference DESC LIMIT 50"
            )
        ).all()
    details = " ".join(row[-1] for row in plan)
    assert "ix_handoff_tickets_status_created" in details and "TEMP B-TREE" not in details


def test_indexes_are_added_to_an_existing_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    connect(url).dispose()
    engine = connect(url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_handoff_tickets_status_created"))  # as a database made before them
    engine.dispose()
    names = {index["name"] for index in inspect(connect(url)).get_indexes("handoff_tickets")}
    assert {"ix_handoff_tickets_status_created", "ix_handoff_tickets_language_created"} <= names


def test_a_reversed_date_range_matches_nothing(engine):
    _ticket(engine, when=START)
    assert search_tickets(engine, created_from=date(2026, 11, 2), created_to=date(2026, 11, 1)).total == 0


def test_the_ends_of_the_calendar_are_no_bound(engine):
    _ticket(engine, when=START)
    assert search_tickets(engine, created_from=date.min, created_to=date.max).total == 1
