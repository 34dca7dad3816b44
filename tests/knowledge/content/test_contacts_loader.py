from datetime import time
from pathlib import Path

import pytest

from knowledge.content.contacts_loader import load_contacts, load_topics
from knowledge.content.schema import REQUIRED_TOPICS
from knowledge.content.sources_loader import load_official_sites

DATA = Path(__file__).resolve().parents[2] / "data" / "knowledge"


@pytest.fixture
def topics():
    loaded, issues = load_topics(DATA / "topics.yml")
    assert issues == []
    return loaded


def test_fixture_contacts_parse_fully(topics):
    contacts, issues = load_contacts(DATA / "contacts.yml", topics)
    assert issues == []
    line = contacts.lines["main_line"]
    assert contacts.default_line == "main_line" and contacts.timezone == "Asia/Tokyo"
    assert line.phone == "0570-00-0000" and line.interpreter is True
    assert line.alt_phones[0].phone == "03-0000-0000"
    assert line.hours.weekly == {0: (time(8, 30), time(19, 0)), 1: (time(8, 30), time(17, 15))}
    assert line.hours.second_saturday == (time(9, 30), time(16, 0))
    assert line.hours.closed_dates == ((12, 29), (1, 3))
    assert line.hours.after_monday_holiday_close == time(19, 0)
    assert line.hours.second_saturday_open_on_holidays is True
    assert contacts.interpretation["languages"] == ("en", "zh")


def test_shipped_contacts_and_topics_are_valid():
    root = Path(__file__).resolve().parents[3] / "knowledge"
    topics, topic_issues = load_topics(root / "topics.yml")
    contacts, contact_issues = load_contacts(
        root / "contacts.yml", topics, load_official_sites(root / "official_sites.yml")[0]
    )
    assert topic_issues == [] and contact_issues == []
    assert set(REQUIRED_TOPICS) <= set(topics)
    dial = contacts.lines["nenkin_dial"]
    assert dial.phone == "0570-05-1165"
    assert dial.alt_phones[0].phone == "03-6700-1165"
    assert dial.hours.weekly[0] == (time(8, 30), time(19, 0))
    assert dial.hours.weekly[4] == (time(8, 30), time(17, 15))
    assert 5 not in dial.hours.weekly and 6 not in dial.hours.weekly
    assert len(contacts.interpretation["languages"]) == 10


def edit(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "contacts.yml"
    text = (DATA / "contacts.yml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "line", "fragment"),
    [
        ('mon: "08:30-19:00"', 'mon: "19:00-08:30"', "lines.main_line.hours.weekly.mon", 14, "08:30-17:15"),
        ('mon: "08:30-19:00"', "mon: 9:30", "lines.main_line.hours.weekly.mon", 14, "got 570"),
        ('mon: "08:30-19:00"', 'monday: "08:30-19:00"', "lines.main_line.hours.weekly.monday", 14, "unknown day"),
        ('"0570-00-0000"', '"call us"', "lines.main_line.phone", 6, "not a Japanese phone number"),
        ('"12-29"', '"12-32"', "lines.main_line.hours.closed_dates[0]", 19, "month-day"),
        (
            'after_monday_holiday_close: "19:00"',
            'after_monday_holiday_close: "7pm"',
            "lines.main_line.hours.after_monday_holiday_close",
            20,
            "19:00",
        ),
        ("topics: [exemption]", "topics: [exemptions]", "lines.main_line.topics[0]", 10, "unknown topic"),
        ("default_line: main_line", "default_line: other_line", "default_line", 2, "no contact line"),
        ("interpreter: true", "interpreter: maybe", "lines.main_line.interpreter", 11, "true or false"),
        ("languages: [en, zh]", "languages: [en, ja]", "interpretation.languages[1]", 35, "interpretation languages"),
    ],
)
def test_contact_errors_name_line_and_field(tmp_path, topics, old, new, field, line, fragment):
    _, issues = load_contacts(edit(tmp_path, old, new), topics)
    matching = [issue for issue in issues if issue.field == field]
    assert matching, [i.format() for i in issues]
    assert matching[0].line == line
    assert fragment in matching[0].message


def test_missing_contacts_file(tmp_path, topics):
    contacts, issues = load_contacts(tmp_path / "nope.yml", topics)
    assert contacts.lines == {} and issues[0].message == "file is missing"


def test_required_topics_must_exist(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("- id: exemption\n  label: {ja: 免除, en: Exemption}\n", encoding="utf-8")
    topics, issues = load_topics(path)
    assert list(topics) == ["exemption"]
    missing = {issue.message for issue in issues}
    assert "required topic 'nenkin_net' is missing" in missing
    assert len(issues) == len(REQUIRED_TOPICS) - 1


def test_duplicate_topic_is_reported(tmp_path):
    text = (DATA / "topics.yml").read_text(encoding="utf-8") + "- id: exemption\n  label: {ja: 免除, en: Exemption}\n"
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    _, issues = load_topics(path)
    assert [(i.line, i.message) for i in issues] == [(55, "topic 'exemption' is defined twice")]
