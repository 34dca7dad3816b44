"""Personal numbers a resident types, in any written form, leave no trace in the running assistant.

Through ``POST /api/chat`` of the whole stack (the session-wide ``assistant`` fixture), the
conversations below carry personal numbers in every form of issue #13: a fixed table of
hand-written forms (:data:`TABLE`) and :data:`GENERATED` conversations Hypothesis writes with
the strategies of ``tests/knowledge/text/test_redaction_properties.py`` (derandomized, so
every run sends the same ones). Every conversation ends in a hand-off, so a ticket with its
transcript exists; the generated ones use a personal number as their ``session_id``.

Once all of them are sent, :func:`traces` reads, once, what the assistant kept and showed:

- every file in its folder as raw bytes: ``nenkin.db`` and ``tracker.db`` with their ``-wal``
  and ``-shm`` files, ``api.log``, ``actions.log`` and ``rasa.log``;
- the admin API with the admin token: the hand-off list, each ticket, analytics;
- the console, signed in through its login form: the queue, each ticket page, analytics;
- every chat reply (without the ``session_id`` field, which echoes the client's own id back to it);
- row by row, the stored text of every message: the ``events`` of ``nenkin.db``, the user
  events of Rasa's tracker (text, parsed text, entity values), the ticket transcripts, and
  the ``faq_id`` of every feedback.

Each number is looked for in all of them in every form it may have been kept in
(:mod:`tests.support.leaks`: the digit run, the written form, UTF-8, UTF-16, JSON-escaped).
The messages hold no digit but the personal numbers, so every stored line of a message must
hold no digit at all, which also catches a number masked only in part; and every reply to a
message with a number must carry the personal-data notice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from knowledge.store import database
from tests.conftest import PROJECT_ROOT
from tests.knowledge.text.test_redaction_properties import (
    FRAMES,
    digit_strings,
    emails,
    my_numbers,
    pension_numbers,
    phone_numbers,
    postal_codes,
    written,
)
from tests.support.leaks import Haystack, Secret, digits_of

GENERATED = 25
"""Conversations Hypothesis writes: 8 personal numbers each (one split over two messages), and a numeric session id."""
MESSAGES_PER_SESSION = 6
"""Table cases share sessions of at most this many messages (before the hand-off)."""
HANDOFF = "/request_human"
NOTICES = frozenset(
    yaml.safe_load((PROJECT_ROOT / "knowledge" / "messages.yml").read_text())["personal_data_notice"].values()
)


@dataclass(frozen=True)
class Message:
    """One chat message and the personal numbers in it."""

    text: str
    secrets: tuple[Secret, ...] = ()


@dataclass(frozen=True)
class Case:
    """Messages sent one after the other in one session; ``session_id`` gives the case its own session."""

    label: str
    messages: tuple[Message, ...]
    session_id: str | None = None

    @property
    def session_secret(self) -> Secret | None:
        return Secret(f"{self.label}: session id", self.session_id) if self.session_id else None


def typed(label: str, number: str, before: str = "基礎年金番号は", after: str = "です", runs=()) -> Case:
    return Case(label, (Message(before + number + after, (Secret(label, number, before, after, runs),)),))


def payload(label: str, intent: str, number: str, *, quoted: bool = True) -> Case:
    """A button payload ``/intent{"faq_id": "number"}`` (or with a bare JSON number)."""
    quote = '"' if quoted else ""
    before, after = f'/{intent}{{"faq_id": {quote}', f"{quote}}}"
    return Case(label, (Message(before + number + after, (Secret(label, number, before, after),)),))


def split(label: str, head: str, tail: str) -> Case:
    """A number sent in two messages, 4 digits and then 6."""
    first = Secret(f"{label}, first part", head, "番号の前半は", "です")
    second = Secret(f"{label}, second part", tail, "後半は", "です")
    whole = Secret(f"{label}, joined", head + tail)
    return Case(label, (Message(f"番号の前半は{head}です", (first,)), Message(f"後半は{tail}です", (second, whole))))


def own_session(label: str, session_id: str) -> Case:
    return Case(label, (Message("免除の申請をしたい"),), session_id=session_id)


EXISTING = Case(
    "existing conversation",
    (
        Message(
            "基礎年金番号は4567-891234です。免除の申請をしたい",
            (Secret("pension number", "4567-891234", "基礎年金番号は", "です"),),
        ),
        Message(
            "マイナンバーは2345 6789 0123、電話は080-9876-5432です",
            (
                Secret("My Number", "2345 6789 0123", "マイナンバーは", "、"),
                Secret("mobile", "080-9876-5432", "電話は", "です"),
            ),
        ),
        Message(
            "My email is taro.yamada@example.jp, can I get an exemption?",
            (Secret("e-mail", "taro.yamada@example.jp", "My email is ", ", can"),),
        ),
        Message(
            "住所は〒160-0023 東京都新宿区西新宿2-8-1です",
            (Secret("postal code", "〒160-0023", "住所は", " 東京都"),),
        ),
    ),
)


TABLE = [
    EXISTING,
    typed("grouped 4-3-3", "7318 402 951"),
    typed("grouped 2-4-4", "73 1840 2952"),
    typed("double spaces", "7318  402953"),
    typed("spaced digits", "7 3 1 8 4 0 2 9 5 4"),
    typed("dots", "7318.402955"),
    typed("dots inside a URL", "7318.402956", "照会ページ https://nenkin.example.jp/check?no=", "&lang=ja を見ました"),
    typed("phone with dots", "090.7318.4061", "電話番号は"),
    typed("phone inside a URL", "090.7318.4062", "https://example.jp/call/", "/ から電話しました"),
    typed("kanji numerals", "七三一八四〇二九五七"),
    typed("kanji phone", "〇九〇-七三一八-四〇六三", "電話は"),
    typed("devanagari", "७३१८४०२९५८", "मेरो नम्बर ", " हो"),
    typed("thai", "๗๓๑๘๔๐๒๙๕๙", "หมายเลขของฉันคือ ", " ครับ"),
    typed("mathematical bold", "𝟕𝟑𝟏𝟖𝟒𝟎𝟐𝟗𝟔𝟎"),
    typed("circled", "⑦③①⑧④⓪②⑨⑥①"),
    typed("full-width", "７３１８－４０２９６２"),
    typed("zero-width space", "7318\u200b402963"),
    typed("soft hyphen", "7318\u00ad402964"),
    typed("U+2012 figure dash", "090\u20127318\u20124064", "電話は"),
    typed("U+2015 horizontal bar", "090\u20157318\u20154065", "電話は"),
    typed("underscore", "7318_402965"),
    typed("slash", "090/7318/4066", "電話は"),
    typed("comma", "7318,402966"),
    typed("+81 full-width digits", "+８１ ９０ ７３１８ ４０６７", "電話は", runs=("09073184067",)),
    typed("full-width plus and dashes", "＋８１－９０－７３１８－４０６８", "電話は", runs=("09073184068",)),
    typed("(090) area code in brackets", "(090) 7318 4069", "電話は"),
    typed("+81 (90)", "+81 (90) 7318 4070", "phone ", " please", runs=("09073184070",)),
    typed("81-90- without plus", "81-90-7318-4071", "電話は", runs=("09073184071",)),
    typed("full-width at sign", "jiro.suzuki＠example.jp", "メールは ", " です", runs=("jiro.suzuki@example.jp",)),
    typed(
        "full-width e-mail",
        "ｈａｎａｋｏ．ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        "メールは ",
        " です",
        runs=("hanako.sato@example.jp",),
    ),
    typed("My Number 2-4-6", "23 4567 890124", "マイナンバーは"),
    typed("My Number in kanji", "二三四五 六七八九 〇一二五", "マイナンバーは"),
    typed("postal code full-width", "〒１６０－００２４", "住所は", " 東京都新宿区です"),
    split("split over two messages", "7318", "402972"),
    split("split, first part like a year", "2019", "402973"),
    payload("choose_faq payload", "choose_faq", "7318402974"),
    payload("choose_faq payload, bare JSON number", "choose_faq", "7318402975", quoted=False),
    payload("choose_faq payload, phone", "choose_faq", "090-7318-4072"),
    payload("feedback payload", "feedback_helpful", "7318402976"),
    payload("feedback payload, kanji phone", "feedback_not_helpful", "〇九〇七三一八四〇七三"),
    own_session("session id: phone", "090-7318-4074"),
    own_session("session id: pension number", "7318402977"),
    own_session("session id: pension number with underscore", "nenkin_7318_402978"),
]
CASES = [item.values[0] if hasattr(item, "values") else item for item in TABLE]

BOT_PHONE = Secret("the phone number the assistant gives", "0570-05-1165")
"""Kept everywhere a bot line is (tracker, ticket transcripts, replies): shows the search by digits is not blind."""

# --- generated conversations -------------------------------------------------------------------------------------

AROUND = [frame for frame in FRAMES if frame[0] and frame[1]]
"""The property tests' frames (words before and after a number, no digits) that have words on both sides."""


def national(digits: str) -> tuple[str, ...]:
    """The domestic digits of a ``+81`` phone number as :func:`phone_numbers` gives its digits."""
    if digits.startswith("810"):
        return ("0" + digits[3:],)
    return ("0" + digits[2:],) if digits.startswith("81") else ()


@st.composite
def numeric_session_ids(draw) -> str:
    """A session id that is a pension number, My Number or phone, in the id alphabet: ``tel-090_7318_4061``."""
    digits, _written = draw(st.one_of(pension_numbers(), my_numbers(), phone_numbers()))
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=3)))
    groups = [digits[start:end] for start, end in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    prefix = draw(st.sampled_from(["", "tel-", "nenkin_", "s-", "ID_"]))
    return prefix + draw(st.sampled_from(["-", "_"])).join(groups)


@st.composite
def conversations(draw) -> Case:
    """A resident's conversation: five numbers in one message, a number split over two, a payload, a feedback."""
    parts, secrets = [], []

    def put(label: str, number: str, before: str, after: str, runs: tuple[str, ...] = ()) -> None:
        parts.append(before + number + after)
        secrets.append(Secret(label, number, before, after, runs))

    for label, strategy in (("pension number", pension_numbers()), ("My Number", my_numbers())):
        _digits, number = draw(strategy)
        put(label, number, *draw(st.sampled_from(AROUND)))
    digits, number = draw(phone_numbers())
    put("phone", number, *draw(st.sampled_from(AROUND)), national(digits))
    _digits, number, words = draw(postal_codes())
    before, after = draw(st.sampled_from(AROUND))
    put("postal code", number, before + words, after)
    address, number = draw(emails())
    before, after = draw(st.sampled_from(AROUND))
    if not before.endswith(" ") and before[-1:].isascii():
        before += " "
    put("e-mail", number, before, " " + after, (address,))
    messages = [Message("。".join(parts), tuple(secrets))]

    whole = draw(digit_strings(10, first="123456789").filter(lambda d: not 1900 <= int(d[:4]) <= 2099))  # see TABLE
    head, tail = draw(written(whole[:4], [(4,)])), draw(written(whole[4:], [(6,)]))
    (head_before, head_after), (tail_before, tail_after) = draw(st.sampled_from(AROUND)), draw(st.sampled_from(AROUND))
    messages.append(Message(head_before + head + head_after, (Secret("first part", head, head_before, head_after),)))
    joined = Secret("split number, joined", whole)
    messages.append(
        Message(tail_before + tail + tail_after, (Secret("second part", tail, tail_before, tail_after), joined))
    )

    for intent in ("choose_faq", draw(st.sampled_from(["feedback_helpful", "feedback_not_helpful"]))):
        digits, number = draw(st.one_of(pension_numbers(), my_numbers(), phone_numbers()))
        before, after = f'/{intent}{{"faq_id": "', '"}'
        messages.append(
            Message(before + number + after, (Secret(f"{intent} payload", number, before, after, national(digits)),))
        )
    return Case("generated", tuple(messages), session_id=draw(numeric_session_ids()))


def generated_conversations(count: int) -> list[Case]:
    """``count`` conversations, the same on every run (Hypothesis derandomized, no example database).

    Hypothesis derives many examples from earlier ones, so it writes three times as many as
    are sent; those whose typed message or session id is new come first.
    """
    found: list[Case] = []

    @settings(
        max_examples=3 * count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.large_base_example],
    )
    @given(conversations())
    def collect(case: Case) -> None:
        found.append(case)

    collect()
    seen: set[str] = set()
    novel = []
    for case in found:
        if not {case.messages[0].text, case.session_id} & seen:
            novel.append(case)
            seen |= {case.messages[0].text, case.session_id}
    chosen = (novel + [case for case in found if case not in novel])[:count]
    cases, ids = [], set()
    for index, case in enumerate(chosen, 1):
        session_id = case.session_id
        while session_id in ids:  # a near-copy may share its id: tell them apart, with letters only
            session_id = f"x{chr(ord('a') + len(ids) % 26)}-{session_id}"
        ids.add(session_id)
        cases.append(Case(f"generated #{index}", case.messages, session_id))
    return cases


# --- sending and reading back -------------------------------------------------------------------------------------


@dataclass
class Session:
    """A session's turns (the case each message belongs to) and what came back."""

    id: str
    turns: list[tuple[Case | None, Message]]
    replies: list[httpx.Response] = field(default_factory=list)
    stored_id: str | None = None
    ticket: dict[str, Any] | None = None


def sessions_of(cases: Iterable[Case]) -> list[Session]:
    """Cases with their own session id alone, the others together in a few sessions; each ends in a hand-off."""
    sessions: list[Session] = []
    shared: list[tuple[Case | None, Message]] = []

    def close(session_id: str, turns: list[tuple[Case | None, Message]]) -> None:
        sessions.append(Session(session_id, [*turns, (None, Message(HANDOFF))]))

    for case in cases:
        if case.session_id:
            close(case.session_id, [(case, message) for message in case.messages])
            continue
        if len(shared) + len(case.messages) > MESSAGES_PER_SESSION:
            close(f"privacy-{len(sessions)}", shared)
            shared = []
        shared += [(case, message) for message in case.messages]
    if shared:
        close(f"privacy-{len(sessions)}", shared)
    return sessions


def chat(client: httpx.Client, session_id: str, text: str) -> httpx.Response:
    """``POST /api/chat``, waiting out the rate limit if other tests used it up."""
    for _ in range(10):
        response = client.post("/api/chat", json={"session_id": session_id, "message": text})
        if response.status_code != 429:
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))
    return response


def sign_in(client: httpx.Client, token: str) -> httpx.Response:
    """Log in through the console's form, as ``tests/api/routes/test_console.py`` does (the cookie jar keeps it)."""
    return client.post("/console/login", data={"token": token}, headers={"Origin": str(client.base_url).rstrip("/")})


def reply_page(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text
    if isinstance(body, dict):
        body.pop("session_id", None)
    return json.dumps(body, ensure_ascii=False)


def rows(path: Path, query: str, *parameters: str) -> list[tuple]:
    """Rows of a store read while the servers keep it open (read-only, WAL included)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(query, parameters).fetchall()
    finally:
        connection.close()


def user_texts(event: dict[str, Any]) -> list[str]:
    """The strings of a tracker user event that come from the message: text, parsed text, entity values."""
    parse = event.get("parse_data") or {}
    values = [entity.get("value") for entity in parse.get("entities") or []]
    return [
        value if isinstance(value, str) else json.dumps(value)
        for value in [event.get("text"), parse.get("text"), *values]
        if value is not None
    ]


@dataclass
class Traces:
    """Everything read back, and what is wrong for each case (empty when nothing survived)."""

    sessions: list[Session]
    views: dict[str, httpx.Response]
    files: dict[str, int]
    problems: dict[str, list[str]]
    probes: dict[str, list[str]]
    timings: dict[str, float]


def _stored_lines(session: Session, folder: Path) -> tuple[list[list[tuple[str, str]]], list[str]]:
    """For each turn the (store, text) pairs kept of its message; and problems of the session as a whole."""
    lines: list[list[tuple[str, str]]] = [[] for _ in session.turns]
    trouble = []
    stored = session.stored_id or session.id
    events = rows(
        folder / "nenkin.db",
        f"SELECT text FROM {database.events.name} WHERE session_id = ? AND kind = 'message' ORDER BY id",
        stored,
    )
    tracker = rows(
        folder / "tracker.db",
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
        stored,
    )
    for store, kept in (
        ("nenkin.db events", [[text or ""] for (text,) in events]),
        ("tracker.db", [user_texts(json.loads(data)) for (data,) in tracker]),
    ):
        if len(kept) != len(session.turns):
            trouble.append(
                f"{store} holds {len(kept)} messages of session {session.id!r}, {len(session.turns)} were sent"
            )
        for index, texts in enumerate(kept[: len(session.turns)]):
            lines[index] += [(store, text) for text in texts]
    typed_turns = [index for index, (_case, message) in enumerate(session.turns) if not message.text.startswith("/")]
    transcript = [line["text"] for line in (session.ticket or {}).get("transcript", []) if line["role"] == "user"]
    for index, text in zip(reversed(typed_turns), reversed(transcript), strict=False):
        lines[index].append(("ticket transcript", text))
    return lines, trouble


def _problems(sessions: list[Session], haystack: Haystack, folder: Path) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for session in sessions:
        lines, trouble = _stored_lines(session, folder)
        stored = session.stored_id or session.id
        feedback = rows(
            folder / "nenkin.db", f"SELECT faq_id FROM {database.feedback.name} WHERE session_id = ?", stored
        )
        feedback += rows(
            folder / "nenkin.db",
            f"SELECT faq_id FROM {database.events.name} WHERE session_id = ? AND kind = 'feedback'",
            stored,
        )
        for index, (case, message) in enumerate(session.turns):
            if case is None:
                continue
            found = problems.setdefault(case.label, [*trouble])
            reply = session.replies[index]
            if reply.status_code != 200:
                found.append(f"{message.text!r} got {reply.status_code}: {reply.text[:200]}")
            elif message.secrets and not any(
                notice in (item.get("text") or "") for notice in NOTICES for item in reply.json().get("messages", [])
            ):
                found.append(f"no personal-data notice in the reply to {message.text!r}")
            found += [
                f"{store} keeps digits of {message.text!r}: {text!r}" for store, text in lines[index] if digits_of(text)
            ]
            for secret in message.secrets:
                found += haystack.where(secret)
            if message.text.startswith("/feedback"):
                found += [
                    f"feedback faq_id {faq_id!r} keeps digits" for (faq_id,) in feedback if digits_of(faq_id or "")
                ]
        for case in {case for case, _message in session.turns if case is not None and case.session_secret}:
            problems[case.label] += haystack.where(case.session_secret)
            if session.stored_id in (None, session.id):
                problems[case.label].append(f"session {session.id!r} is stored as {session.stored_id!r}")
    return {label: sorted(set(found)) for label, found in problems.items()}


def _handoff_reference(reply: httpx.Response) -> str | None:
    return (reply.json().get("handoff") or {}).get("reference") if reply.status_code == 200 else None


def _read_views(url: str, token: str, references: set[str]) -> dict[str, httpx.Response]:
    """The admin API (bearer token) and the console (signed in through its form) for these tickets."""
    admin = {"Authorization": f"Bearer {token}"}
    views: dict[str, httpx.Response] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        views["GET /api/admin/handoffs"] = queue = client.get("/api/admin/handoffs", headers=admin)
        listed = queue.json().get("handoffs", []) if queue.status_code == 200 else []
        for reference in sorted(references | {ticket["reference"] for ticket in listed}):
            views[f"GET /api/admin/handoffs/{reference}"] = client.get(
                f"/api/admin/handoffs/{reference}", headers=admin
            )
        views["GET /api/admin/analytics?days=1"] = client.get("/api/admin/analytics?days=1", headers=admin)
    with httpx.Client(base_url=url, timeout=60) as console:
        views["POST /console/login"] = sign_in(console, token)
        pages = ["/console/handoffs?status=all", *(f"/console/handoffs/{r}" for r in sorted(references))]
        for path in [*pages, "/console/analytics?days=1"]:
            views[f"GET {path}"] = console.get(path)
    return views


@pytest.fixture(scope="module")
def traces(assistant) -> Traces:
    """Send every conversation, then read back every store, log, view and reply once."""
    running, config, folder = assistant
    clock = [time.monotonic()]
    timings: dict[str, float] = {}

    def lap(phase: str) -> None:
        clock.append(time.monotonic())
        timings[phase] = round(clock[-1] - clock[-2], 2)

    sessions = sessions_of([*CASES, *generated_conversations(GENERATED)])
    lap("generate")
    with httpx.Client(base_url=running.url, timeout=60) as client:
        for session in sessions:
            session.replies = [chat(client, session.id, message.text) for _case, message in session.turns]
    lap("converse")
    references = {_handoff_reference(reply) for session in sessions for reply in session.replies} - {None}
    views = _read_views(running.url, config.admin_token, references)
    lap("views")
    files = {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}
    for session in sessions:
        reference = _handoff_reference(session.replies[-1])
        ticket = views.get(f"GET /api/admin/handoffs/{reference}")
        if ticket is not None and ticket.status_code == 200:
            session.ticket = ticket.json()
            query = f"SELECT session_id FROM {database.tickets.name} WHERE reference = ?"
            session.stored_id = next(iter(rows(folder / "nenkin.db", query, reference)), (None,))[0]
    pages = {name: content.decode("utf-8", "replace") for name, content in files.items() if name.endswith(".log")}
    pages |= {name: response.text for name, response in views.items()}
    for session in sessions:
        pages |= {f"reply {session.id}#{index}": reply_page(reply) for index, reply in enumerate(session.replies)}
    haystack = Haystack(files, pages)
    lap("index")
    problems = _problems(sessions, haystack, folder)
    lap("search")
    probes = {
        "redacted message": haystack.places_of("基礎年金番号は[PENSION_NUMBER]です"),
        "bot phone number": [place.split(" found in ")[1] for place in haystack.where(BOT_PHONE)],
    }
    sizes = {name: len(content) for name, content in files.items()}
    return Traces(sessions, views, sizes, problems, probes, timings)


@pytest.mark.model
@pytest.mark.stack
@pytest.mark.parametrize("case", TABLE, ids=lambda case: case.label)
def test_no_store_log_view_or_reply_keeps_a_number_written_as(traces, case):
    problems = traces.problems[case.label]
    assert not problems, "\n".join(problems)


@pytest.mark.model
@pytest.mark.stack
def test_no_store_log_view_or_reply_keeps_a_generated_number(traces):
    generated = [label for label in traces.problems if label.startswith("generated #")]
    assert len(generated) == GENERATED
    problems = [f"{label}: {problem}" for label in generated for problem in traces.problems[label]]
    assert not problems, f"{len(problems)} traces:\n" + "\n".join(problems[:40])


@pytest.mark.model
@pytest.mark.stack
def test_every_conversation_reached_a_ticket_and_every_view_was_read(traces):
    assert {"nenkin.db", "tracker.db", "api.log", "actions.log", "rasa.log"} <= set(traces.files)
    assert traces.views["POST /console/login"].status_code == 303, "console login failed"
    failed = {
        name: response.status_code
        for name, response in traces.views.items()
        if name.startswith("GET") and response.status_code != 200
    }
    assert not failed
    for session in traces.sessions:
        assert session.ticket is not None, f"no ticket for session {session.id!r}"
        typed_lines = [line for line in session.ticket["transcript"] if line["role"] == "user"]
        assert typed_lines or all(message.text.startswith("/") for _case, message in session.turns)
        if session.id.startswith("privacy-"):
            assert session.stored_id == session.id
        assert f"GET /console/handoffs/{session.ticket['reference']}" in traces.views


@pytest.mark.model
@pytest.mark.stack
def test_the_search_finds_what_the_assistant_does_keep(traces):
    """A masked message and the phone number the bot gives are found where they are kept: the search is not blind."""
    masked = traces.probes["redacted message"]
    for kept in ("nenkin.db", "tracker.db", "GET /api/admin/handoffs/NK-", "GET /console/handoffs/NK-"):
        assert any(place.startswith(kept) for place in masked), (kept, masked)
    assert any(place.startswith("tracker.db") and "(unescaped)" in place for place in masked), masked  # \u escapes
    phone = traces.probes["bot phone number"]
    for kept in ("nenkin.db", "tracker.db", "GET /api/admin/handoffs/NK-", "reply privacy-0#"):
        assert any(place.startswith(kept) for place in phone), (kept, phone)


# --- the search itself, without the stack -------------------------------------------------------------------------

KANJI = Secret("pension number in kanji", "七三一八四〇二九五七", "番号は", "です")
MESSAGE = "番号は七三一八四〇二九五七です"
CLEAN = json.dumps({"text": "番号は[PENSION_NUMBER]です", "timestamp": 1796193944.8662798, "id": 731840295}).encode()


@pytest.mark.parametrize(
    "content",
    [
        MESSAGE.encode(),
        json.dumps({"text": MESSAGE}).encode(),  # \u4e03… as Rasa's tracker store keeps it
        b"\x01" + MESSAGE.encode("utf-16-le"),  # at an odd byte offset
        MESSAGE.encode("utf-16-be"),
        b"phone=7318402957;",  # the digit run
        "番号は７３１８４０２９５７".encode(),  # the folded form, in full-width
    ],
    ids=["utf-8", "json", "utf-16-le", "utf-16-be", "digits", "full-width"],
)
def test_the_search_finds_a_number_kept_in_any_encoding(content):
    assert Haystack({"kept": content, "clean": CLEAN}, {}).where(KANJI)
    assert not Haystack({"clean": CLEAN}, {"page": "番号は[PENSION_NUMBER]です"}).where(KANJI)


def test_the_search_finds_short_numbers_by_their_words_and_e_mails_in_full_width():
    fragment = Secret("first part", "７３１８", "前半は", "です")
    kept = json.dumps({"text": "前半は７３１８です", "timestamp": 1796197318.1}).encode()
    assert Haystack({"tracker.db": kept}, {}).where(fragment)
    assert not Haystack({"tracker.db": b'{"timestamp": 1796197318.7318}'}, {"log": "7318 7318"}).where(fragment)
    email = Secret("e-mail", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", runs=("taro@example.jp",))
    assert Haystack({"nenkin.db": json.dumps(["mail ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"]).encode()}, {}).where(email)
    assert Haystack({"nenkin.db": b"to: taro@example.jp"}, {}).where(email)
    assert not Haystack({"nenkin.db": b"to: [EMAIL] @ 10:00"}, {}).where(email)


def test_the_search_reads_pages_unescaped_and_folded():
    assert Haystack({}, {"console": "<td>番号は&#19971;三一八四〇二九五七です</td>"}).where(KANJI)
    assert Haystack({}, {"api": json.dumps({"text": MESSAGE})}).where(KANJI)
    assert Haystack({}, {"api": "7318 402957"}).where(Secret("grouped", "7318 402957")) == [
        "grouped '7318 402957' found in api (folded): '7318 402957'",
        "grouped '7318 402957' found in api: '7318 402957'",
    ]
