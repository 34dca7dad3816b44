import xml.etree.ElementTree as ET

import pytest

from api.core.charts import bar_chart, daily_chart, format_number, rate_gauge, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "quotes"'


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises if the markup is not well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.find(f"{SVG}title").text
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None and root.get("height") is None  # CSS scales it
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag != f"{SVG}script"
    return root


def _visible(text: ET.Element) -> str:
    """A <text>'s own words, without its <title> tooltip."""
    return (text.text or "") + "".join(child.tail or "" for child in text)


def _texts(root: ET.Element) -> list[str]:
    return [_visible(element) for element in root.iter(f"{SVG}text")]


def test_format_number():
    assert format_number(1234) == "1,234"
    assert format_number(2.0) == "2"
    assert format_number(2.5) == "2.5"


def test_bar_chart_bars_are_proportional_and_labelled():
    root = _parse(bar_chart({"日本語 (ja)": 120, "英語 (en)": 30}, title="言語別 / Languages"))
    bars = root.findall(f"{SVG}rect")
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] == pytest.approx(4 * widths[1])
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["日本語 (ja): 120", "英語 (en): 30"]
    assert "日本語 (ja)" in _texts(root) and "120" in _texts(root)
    assert root.find(f"{SVG}desc").text == "日本語 (ja): 120; 英語 (en): 30"
    assert root.get("aria-label") == "言語別 / Languages"


def test_labels_and_titles_are_escaped():
    svg = bar_chart([(EVIL, 1)], title=EVIL)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == EVIL  # the text survives, as text
    assert root.get("aria-label") == EVIL
    daily = daily_chart(["2026-11-30"], {EVIL: [1]}, title=EVIL)
    assert "<script>" not in daily
    assert _parse(daily).find(f"{SVG}title").text == EVIL
    gauge = rate_gauge(0.5, title=EVIL)
    assert "<script>" not in gauge
    _parse(gauge)


def test_long_labels_are_shortened_but_kept_in_full_for_tooltips():
    label = "student_payment_special_rule_application_and_more_words_than_fit_on_one_line"
    root = _parse(bar_chart({label: 3}, title="t"))
    shown = root.find(f"{SVG}text")
    assert shown.find(f"{SVG}title").text == label
    assert _visible(shown).endswith("…") and len(_visible(shown)) < len(label)


def test_stacked_bars_split_by_series_with_a_legend():
    root = _parse(
        stacked_bar_chart(
            [("exemption", (3, 1)), ("nenkin_net", (2, 0))], title="Feedback", series=("helpful", "not helpful")
        )
    )
    titled = {bar.find(f"{SVG}title").text: float(bar.get("width")) for bar in root.iter(f"{SVG}rect") if len(bar)}
    assert titled["exemption: helpful 3"] == pytest.approx(3 * titled["exemption: not helpful 1"])
    assert set(titled) == {"exemption: helpful 3", "exemption: not helpful 1", "nenkin_net: helpful 2"}  # no 0 parts
    assert {"helpful", "not helpful", "3 / 1", "2 / 0"} <= set(_texts(root))
    assert root.find(f"{SVG}desc").text == "exemption: helpful 3, not helpful 1; nenkin_net: helpful 2, not helpful 0"


def test_bad_rows_are_refused():
    with pytest.raises(ValueError, match="exemption"):
        stacked_bar_chart([("exemption", (1,))], title="t", series=("a", "b"))
    with pytest.raises(ValueError, match="non-negative"):
        bar_chart({"ja": -1}, title="t")
    with pytest.raises(ValueError, match="messages"):
        daily_chart(["2026-11-30"], {"messages": [1, 2]}, title="t")


def test_empty_charts_say_so():
    for svg in (bar_chart({}, title="t"), daily_chart([], {}, title="t")):
        assert "No data" in _texts(_parse(svg))[0]


def test_daily_chart_columns_lines_and_axis():
    dates = [f"2026-11-{day:02d}" for day in range(1, 31)]
    messages = [day % 7 for day in range(30)]
    conversations = [day % 3 for day in range(30)]
    root = _parse(daily_chart(dates, {"messages": messages, "conversations": conversations}, title="Daily"))
    columns = [rect for rect in root.iter(f"{SVG}rect") if len(rect)]
    assert len(columns) == 30
    heights = [float(column.get("height")) for column in columns]
    assert heights[6] == pytest.approx(6 * heights[1]) and heights[0] == 0
    assert columns[6].find(f"{SVG}title").text == "2026-11-07 messages: 6"
    dots = root.findall(f"{SVG}circle")
    assert len(dots) == 30 and dots[2].find(f"{SVG}title").text == "2026-11-03 conversations: 2"
    assert len(root.findall(f"{SVG}polyline")) == 1
    labels = _texts(root)
    assert "11-01" in labels and 0 < sum(label.startswith("11-") for label in labels) <= 7
    assert {"0", "8"} <= set(labels)  # gridlines run to a round number above the largest value (6)
    assert root.find(f"{SVG}desc").text.startswith("2026-11-01: messages 0, conversations 0; 2026-11-02:")


def test_rate_gauge_fills_to_the_rate():
    root = _parse(rate_gauge(0.4567, title="Answer rate"))
    track, fill = root.findall(f"{SVG}rect")
    assert float(fill.get("width")) == pytest.approx(0.4567 * float(track.get("width")), abs=0.1)
    assert root.get("aria-label") == "Answer rate: 45.7%"
    assert _texts(root) == ["45.7%"]
    quiet = _parse(rate_gauge(1.5, title="Answer rate", show_value=False))
    assert _texts(quiet) == [] and quiet.get("aria-label") == "Answer rate: 100.0%"
    assert len(_parse(rate_gauge(0, title="x")).findall(f"{SVG}rect")) == 1


def test_colours_contrast_with_white():
    from api.core.charts import COLOURS

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in COLOURS:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour
